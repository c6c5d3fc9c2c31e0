// Ledger result codes (u32). 0 = OK. The numbers are the ones in docs/errors.md (the one table of
// error codes, by range: 1-99 service/halt, 200s keys and signatures, 300s replay and time, 400s
// ledger operations); bindings/ledger/codes.ts mirrors this file for the host. E_KEY_UNKNOWN and
// E_SIG_INVALID are the SDK's codes of the same meaning.

export const OK: u32 = 0;

// Batch-level (applyBatch returns these; nothing of the batch is applied).
export const E_NOT_INITIALIZED: u32 = 417;
export const E_BATCH_SEQ: u32 = 303;
export const E_BATCH_TIME: u32 = 304;
export const E_BATCH_MALFORMED: u32 = 418;
export const E_BATCH_TOO_LARGE: u32 = 419;
export const E_GENESIS: u32 = 420;
export const E_INIT_CAPACITY: u32 = 421;
export const E_WRITE_SET_FULL: u32 = 431; // the batch's write sets exceed WRITE_SET_BYTES (batch undone)
export const E_BATCH_PENDING: u32 = 432; // a prepared batch awaits commit or abort
export const E_NO_PENDING_BATCH: u32 = 433; // commit/abort without a prepared batch
export const E_ABORT_MISMATCH: u32 = 434; // the undone state root differs from the saved one (core bug)

// Packet-level, in validation order (SPEC §5).
export const E_MALFORMED: u32 = 400;
export const E_CHAIN_ID: u32 = 302;
export const E_HALTED: u32 = 20;
export const E_KEY_UNKNOWN: u32 = 200;
export const E_KEY_REVOKED: u32 = 203;
export const E_KEY_ROTATED: u32 = 204;
export const E_KEY_EXPIRED: u32 = 205;
export const E_KEY_NOT_YET_VALID: u32 = 206;
export const E_ROLE_MISSING: u32 = 207;
export const E_MULTISIG_THRESHOLD: u32 = 208;
export const E_KEY_LEVEL_MISMATCH: u32 = 201;
export const E_SIG_INVALID: u32 = 202;
export const E_NONCE: u32 = 300;
export const E_TIMESTAMP_WINDOW: u32 = 301;
export const E_SIGNER_NOT_ACCOUNT: u32 = 209;

// Operation-level (the packet is rolled back as a whole).
export const E_OP_UNKNOWN: u32 = 401;
export const E_TOKEN_UNKNOWN: u32 = 402;
export const E_TOKEN_NOT_TRANSFERABLE: u32 = 403;
export const E_TOKEN_MINT_STAKING_ONLY: u32 = 404;
export const E_AMOUNT_ZERO: u32 = 405;
export const E_INSUFFICIENT_FUNDS: u32 = 406;
export const E_SUPPLY_OVERFLOW: u32 = 407;
export const E_BALANCE_OVERFLOW: u32 = 408;
export const E_ACCOUNTS_FULL: u32 = 409;
export const E_KEYS_FULL: u32 = 213;
export const E_KEY_EXISTS: u32 = 211;
export const E_KEY_LEVEL: u32 = 212;
export const E_ROLE_INVALID: u32 = 214;
export const E_PARAM_UNKNOWN: u32 = 410;
export const E_PARAM_IMMUTABLE: u32 = 411;
export const E_PARAM_INVALID: u32 = 412;
export const E_NOT_HALTED: u32 = 21;
export const E_HALT_RECORD_MISMATCH: u32 = 22;
export const E_JOURNAL_FULL: u32 = 413;
export const E_EVENTS_FULL: u32 = 414;
export const E_BATCH_UNDO_FULL: u32 = 430; // the batch undo log (BATCH_UNDO_BYTES) is full
export const E_INVARIANT_VIOLATED: u32 = 422;
export const E_ACCOUNT_ZERO: u32 = 423;
export const E_RESERVED_NONZERO: u32 = 415;
export const E_OP_NOT_IMPLEMENTED: u32 = 416; // no longer produced (numbers are stable)
// Token mechanics (staking.ts, penalty.ts).
export const E_STAKE_TOKEN: u32 = 451;
export const E_STAKE_SAME_EPOCH: u32 = 452;
export const E_STAKE_LOCKED: u32 = 453;
export const E_INSUFFICIENT_STAKE: u32 = 454;
export const E_STAKE_TOO_SMALL: u32 = 455;
export const E_NOTHING_TO_CLAIM: u32 = 456;
export const E_STAKING_POOL: u32 = 457;
export const E_ACCOUNT_UNKNOWN: u32 = 873; // the service's code of the same meaning (a penalty's target)

// Loading a ledger from a snapshot or from a store's rows (snapshot.ts; nothing is usable until
// ledgerLoadFinish has checked the state root).
export const E_SNAPSHOT_MAGIC: u32 = 440;
export const E_SNAPSHOT_VERSION: u32 = 441;
export const E_SNAPSHOT_LENGTH: u32 = 442;
export const E_SNAPSHOT_HASH: u32 = 443;
export const E_RESTORE_GLOBALS: u32 = 444;
export const E_RESTORE_RECORD: u32 = 445;
export const E_RESTORE_ORDER: u32 = 446;
export const E_RESTORE_COUNT: u32 = 447;
export const E_RESTORE_ROOT: u32 = 448;
export const E_RESTORE_AUDIT: u32 = 449;
export const E_ROWS_MALFORMED: u32 = 450;

// Halt record codes (field `code` of a halt record).
export const HALT_OPERATOR: u32 = 1;
export const HALT_CIR_302: u32 = 302;
