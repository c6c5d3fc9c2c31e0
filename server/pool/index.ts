// The verify pool (SPEC §2): decode + stateless checks + ML-DSA verify on worker threads, batched.
export { VerifyPool, type VerifyPoolOptions, type PoolHooks, type PoolMetrics, type TaskDone } from "./pool.js";
export type { CoalescedResult } from "./coalesce.js";
export { VerifyResults, type PacketVerifyResult } from "./results.js";
export { PoolCode, type PoolErrorName } from "./errors.js";
export type { PoolKey, PoolKeyLookup } from "./task-format.js";
export * from "./limits.js";
