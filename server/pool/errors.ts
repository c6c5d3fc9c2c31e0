// The verify pool's codes. Its errors are catalogue rows (bindings/errors/catalogue.ts, area "service",
// 800–803: E_POOL_SATURATED 429, E_POOL_CLOSED 503, E_POOL_WORKER_FAILED 500, E_POOL_TASK_MALFORMED 500),
// thrown as QfsError by qfsError(); the per-packet codes a task reports are the catalogue's numbers too.
import { ERROR_CATALOGUE } from "../../bindings/errors/index.js";

/** The names of the errors the pool itself throws. */
export type PoolErrorName = "E_POOL_SATURATED" | "E_POOL_CLOSED" | "E_POOL_WORKER_FAILED" | "E_POOL_TASK_MALFORMED";

/** Per-packet codes the pool reports beyond the decoder's 100–112 (numbers of docs/errors.md). */
export const PoolCode = {
  E_KEY_UNKNOWN: ERROR_CATALOGUE.E_KEY_UNKNOWN.number,
  E_KEY_LEVEL_MISMATCH: ERROR_CATALOGUE.E_KEY_LEVEL_MISMATCH.number,
  E_SIG_INVALID: ERROR_CATALOGUE.E_SIG_INVALID.number,
  E_CHAIN_ID: ERROR_CATALOGUE.E_CHAIN_ID.number,
} as const;
