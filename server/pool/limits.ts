// Every bound of the verify pool, with its unit, in one place (STYLE: TigerBeetle's limits).
// The defaults come from `npm run bench:pool` on the 2-core reference machine (docs/pool.md).
import { MAX_PACKET_BYTES, MAX_SIGNERS } from "../../bindings/packet/types.js";

/** Worker threads by default: one per core of the reference machine; the sequencer's thread shares them. */
export const POOL_THREADS_DEFAULT = 2;
/** Upper bound on threads: each holds its own core.wasm instance (a few MiB of WASM memory). */
export const POOL_THREADS_MAX = 64;

/** Packets per task by default: Piscina's ~40 µs per task is ~1 % of 32 packets' work, and latency grows with size (docs/pool.md). */
export const TASK_PACKETS_DEFAULT = 32;
/** Largest task: mldsaVerifyBatch takes up to 1,024 items per WASM call and a task has up to 8 signers a packet. */
export const TASK_PACKETS_MAX = 1_024;
/**
 * Largest task buffer: packets (each up to MAX_PACKET_BYTES) plus keys plus results. A task is cut
 * before it would exceed this, so one task never makes a worker allocate without a bound.
 */
export const TASK_BYTES_MAX = 16 * 1024 * 1024;

/** Tasks waiting or running, by default, before verify() refuses with E_POOL_SATURATED. */
export const POOL_QUEUE_TASKS_DEFAULT = 256;
/** Upper bound on the configurable queue. */
export const POOL_QUEUE_TASKS_MAX = 65_536;

/** Packets in one verify() call: beyond this the caller must split (the HTTP batch limit is far below). */
export const VERIFY_PACKETS_MAX = 65_536;

/** Largest packet the pool copies; a longer input is copied only up to this + 1 byte, enough to say E_PACKET_TOO_LONG. */
export const PACKET_BYTES_MAX = MAX_PACKET_BYTES;
/** Signers per packet (wire format): the verified-signer bitmap is one u8. */
export const SIGNERS_MAX = MAX_SIGNERS;

/** Public keys a worker remembers as hash-checked (about 2.6 KiB each at ML-DSA-87: ~10 MiB per worker). */
export const KEY_CACHE_ENTRIES_MAX = 4_096;
