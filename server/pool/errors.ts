// The verify pool's errors. Numbers: the block 30–39 of the general/service range (docs/errors.md);
// they are meant for the one catalogue (bindings/errors, issue 7) when the branches meet; until then the
// pool throws only PoolError, with a stable name, number and HTTP status.

export const POOL_ERRORS = {
  /** The queue holds pool_queue_tasks_max tasks: shed load (HTTP 429 with Retry-After). */
  E_POOL_SATURATED: { number: 30, httpStatus: 429, message: "the verify pool's task queue is full; retry later" },
  /** verify() after close(). */
  E_POOL_CLOSED: { number: 31, httpStatus: 503, message: "the verify pool is closed" },
  /** A worker failed while running a task (a thrown error, a trap, a thread that exited); the pool goes on. */
  E_POOL_WORKER_FAILED: { number: 32, httpStatus: 500, message: "a verify worker failed while running a task" },
  /** A task buffer or pool option out of its bounds (a bug in the caller or the pool, never client input). */
  E_POOL_TASK_MALFORMED: { number: 33, httpStatus: 500, message: "a verify task or pool option is malformed" },
} as const;

export type PoolErrorName = keyof typeof POOL_ERRORS;

export class PoolError extends Error {
  readonly code: PoolErrorName;
  readonly number: number;
  readonly httpStatus: number;

  constructor(code: PoolErrorName, detail?: string, options?: { cause?: unknown }) {
    super(detail === undefined ? `${code}: ${POOL_ERRORS[code].message}` : `${code}: ${detail}`, options);
    this.name = "PoolError";
    this.code = code;
    this.number = POOL_ERRORS[code].number;
    this.httpStatus = POOL_ERRORS[code].httpStatus;
  }
}

/** Per-packet codes the pool reports beyond the decoder's 100–112 (numbers of docs/errors.md). */
export const PoolCode = {
  E_KEY_UNKNOWN: 200,
  E_KEY_LEVEL_MISMATCH: 201,
  E_SIG_INVALID: 202,
  E_CHAIN_ID: 302,
} as const;
