// Every bound of the commit layer, in one place, each with its unit (STYLE.md: a limit on everything).

/** Participants: ids 0..4 are the tokens CHR, FLX, PSY, ATR, RES (layout.ts order), id 5 is the registry. */
export const PARTICIPANT_COUNT = 6;
export const REGISTRY_PARTICIPANT_ID = 5;
export const PARTICIPANT_NAMES = ["chr", "flx", "psy", "atr", "res", "registry"] as const;

/** Largest write set a participant accepts (header + rows). A batch's write set is far smaller; this stops a
 *  runaway batch from filling the store's memory. */
export const WRITE_SET_BYTES_MAX = 64 * 1024 * 1024;
/** Most rows in one write set. */
export const WRITE_SET_ROWS_MAX = 1_000_000;
/** Largest value of one row: an ACCOUNT record is 232 bytes (layout v2: the staking fields), a KEY row 144 + an
 *  ML-DSA-87 public key (2592), the GLOBALS row 704 (the hashed globals, staking block included). 16 KiB leaves
 *  room without letting one row be huge. */
export const ROW_VALUE_BYTES_MAX = 16 * 1024;
/** Most rows one readRows page returns. */
export const READ_ROWS_LIMIT_MAX = 10_000;
/** Most requests in flight between the main thread and one store worker; more are refused (E_STORE_BUSY). */
export const WORKER_IN_FLIGHT_MAX = 64;
/** How long the main thread waits for one store worker reply before it gives up on it. */
export const WORKER_REPLY_TIMEOUT_MS = 30_000;
/** Largest round or term: both are stored in SQLite INTEGER and PostgreSQL bigint, which are signed 64-bit. */
export const ROUND_MAX = (1n << 63n) - 1n;
/** Most decision-log records one page returns. */
export const DECISION_PAGE_MAX = 10_000;
/** Largest coordinator payload stored beside a decision (the batch's packets / audit entries for recovery). */
export const DECISION_PAYLOAD_BYTES_MAX = 64 * 1024 * 1024;
/** Phase-2 retries of one participant's commit before the round is left to recovery. */
export const COMMIT_RETRIES_MAX = 5;
/** Pause between phase-2 retries. */
export const COMMIT_RETRY_PAUSE_MS = 50;
/** PostgreSQL: how long a statement waits for a row lock before the prepare votes no (a held lock means an
 *  unresolved prepared round, which recovery must settle first). */
export const PG_LOCK_TIMEOUT_MS = 5_000;
/** PostgreSQL: connections per participant pool. */
export const PG_POOL_CONNECTIONS_MAX = 4;
