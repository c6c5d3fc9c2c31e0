// The one catalogue of QFS error codes: data only. Every error the bindings, the CLI and (next) the
// server raise is made from a row here by qfsError() (./index.ts); docs/errors.md is generated from this
// file (`npm run gen:errors`) and test/errors/catalogue.test.ts checks the rules below.
//
// Rules: names and numbers are unique and stable — never renumber or reuse one, append. A number lies
// in its area's range. The WASM core returns the numbers of the ledger (assembly/ledger/errors.ts) and
// math (assembly/math/errors.ts) codes itself, so those rows must equal the core's constants; the packet
// numbers are the WASM decoder's too (assembly/ledger/packet.ts). `httpStatus` is the status the HTTP
// API answers with `{ "error": NAME, "code": NUMBER, ... }`; `message` is the meaning, for people.

export interface ErrorArea {
  /** First and last number of the area, inclusive. */
  readonly first: number;
  readonly last: number;
  /** What the area covers (the ranges table of docs/errors.md). */
  readonly owner: string;
}

export const ERROR_AREAS = {
  general: { first: 0, last: 99, owner: "success, general / service (input limits, halt), internal (90–99)" },
  packet: { first: 100, last: 199, owner: "DRV packet structure (wire format, `docs/wire-format.md`)" },
  keys: { first: 200, last: 299, owner: "keys and signatures (lookup, status, roles, ML-DSA)" },
  time: { first: 300, last: 399, owner: "replay protection and time (nonce, timestamp window, batch order)" },
  ledger: { first: 400, last: 499, owner: "ledger operations (balances, supply, parameters, ledger input)" },
  math: { first: 500, last: 599, owner: "CertifiedMath" },
  audit: { first: 600, last: 699, owner: "audit trail, checkpoints, state proofs, replay logs, CIR-302 halt" },
  hash: { first: 700, last: 799, owner: "hash functions (SHA-3, SHAKE, Keccak-f API)" },
  service: {
    first: 800,
    last: 899,
    owner:
      "server: verify pool (800–809), write sets (810–829), 2PC participants and stores (830–849), decision log (850–859), stores config (860–869), HTTP API and sequencer (870–889)",
  },
} as const satisfies Record<string, ErrorArea>;

export type ErrorAreaName = keyof typeof ERROR_AREAS;

export interface ErrorSpec {
  readonly number: number;
  readonly httpStatus: number;
  readonly area: ErrorAreaName;
  readonly message: string;
}

// prettier-ignore
export const ERROR_CATALOGUE = {
  // general (0–99)
  E_OK: { number: 0, httpStatus: 200, area: "general", message: "success" },
  E_INPUT_TOO_LARGE: { number: 10, httpStatus: 413, area: "general", message: "an input (file, stdin, request body, log) is above its documented size cap; nothing was read past the cap" },
  E_INTEGER_RANGE: { number: 12, httpStatus: 400, area: "general", message: "a typed-API number that is not a bigint or a safe non-negative integer, or outside its field's range (the message names the field)" },
  E_USAGE: { number: 11, httpStatus: 400, area: "general", message: "a command line usage error: an unknown option, a missing or malformed value (the message names the argument)" },
  E_HALTED: { number: 20, httpStatus: 503, area: "general", message: "the ledger is halted (operator or CIR-302 halt record): only a RESUME packet is accepted" },
  E_NOT_HALTED: { number: 21, httpStatus: 409, area: "general", message: "RESUME while the ledger is not halted" },
  E_HALT_RECORD_MISMATCH: { number: 22, httpStatus: 409, area: "general", message: "RESUME names a hash other than SHA3-256 of the current halt record" },
  E_WASM_NOT_LOADED: { number: 90, httpStatus: 500, area: "general", message: "internal: the API was called before core.wasm was instantiated (import the package entry, not an inner module)" },
  E_WASM_ABORT: { number: 91, httpStatus: 500, area: "general", message: "internal: an assertion inside core.wasm failed (a bug in the core, never the caller's input)" },
  E_INTERNAL: { number: 92, httpStatus: 500, area: "general", message: "internal: an invariant of the bindings failed, or the core returned a code they do not know (a bug)" },

  // DRV packet structure (100–199)
  E_PACKET_TOO_SHORT: { number: 100, httpStatus: 400, area: "packet", message: "the input ends inside a field" },
  E_PACKET_TOO_LONG: { number: 101, httpStatus: 413, area: "packet", message: "the input is longer than 65,536 bytes (or an encoding would be)" },
  E_PACKET_MAGIC: { number: 102, httpStatus: 400, area: "packet", message: "the first 4 bytes are not `QDRV`" },
  E_PACKET_VERSION: { number: 103, httpStatus: 400, area: "packet", message: "unsupported version byte (only 1)" },
  E_PACKET_TRAILING_BYTES: { number: 104, httpStatus: 400, area: "packet", message: "bytes after the last signature" },
  E_PACKET_OP_UNKNOWN: { number: 105, httpStatus: 400, area: "packet", message: "unknown operation type byte" },
  E_PACKET_OP_COUNT: { number: 106, httpStatus: 400, area: "packet", message: "operation count outside 1..16" },
  E_PACKET_SIG_COUNT: { number: 107, httpStatus: 400, area: "packet", message: "signer count outside 1..8 (encoder: signature count ≠ signer count)" },
  E_PACKET_SIG_ORDER: { number: 108, httpStatus: 400, area: "packet", message: "signer key ids not strictly increasing (duplicate or out of order)" },
  E_PACKET_SIG_LEVEL: { number: 109, httpStatus: 400, area: "packet", message: "signature level byte not 44, 65 or 87" },
  E_PACKET_RESERVED_NONZERO: { number: 110, httpStatus: 400, area: "packet", message: "a reserved byte or field is not 0" },
  E_PACKET_FIELD_RANGE: { number: 111, httpStatus: 400, area: "packet", message: "a field is out of range: token, role, level, bool, bit set, slash share > 1, halt reason 0; TS: wrong type or length" },
  E_PACKET_AMOUNT_ZERO: { number: 112, httpStatus: 400, area: "packet", message: "an amount that must be non-zero is 0 (transfer, mint, burn, stake, unstake; an empty penalty)" },

  // keys and signatures (200–299)
  E_KEY_UNKNOWN: { number: 200, httpStatus: 401, area: "keys", message: "a signer key id is not registered (or its registered public key does not hash to it)" },
  E_KEY_LEVEL_MISMATCH: { number: 201, httpStatus: 401, area: "keys", message: "a signature's level differs from the registered key's level" },
  E_SIG_INVALID: { number: 202, httpStatus: 401, area: "keys", message: "an ML-DSA signature does not verify over the body with context `QFS-V13/tx`" },
  E_KEY_REVOKED: { number: 203, httpStatus: 401, area: "keys", message: "a signer key (or the key an operation names) is revoked; revocation is immediate" },
  E_KEY_ROTATED: { number: 204, httpStatus: 401, area: "keys", message: "a signer key was rotated out in an earlier batch (or a rotate/grant names a rotated key)" },
  E_KEY_EXPIRED: { number: 205, httpStatus: 401, area: "keys", message: "a signer key is past valid-from + max-age epochs" },
  E_KEY_NOT_YET_VALID: { number: 206, httpStatus: 401, area: "keys", message: "a signer key's valid-from epoch is after the batch's epoch" },
  E_ROLE_MISSING: { number: 207, httpStatus: 403, area: "keys", message: "no signer holds the role an operation needs (MINTER of the token, KEY_ADMIN, ADMIN, COUNCIL)" },
  E_MULTISIG_THRESHOLD: { number: 208, httpStatus: 403, area: "keys", message: "fewer distinct COUNCIL signers than the COUNCIL_THRESHOLD parameter (M of N)" },
  E_SIGNER_NOT_ACCOUNT: { number: 209, httpStatus: 403, area: "keys", message: "no signer key acts for the packet's account" },
  E_KEY_EXISTS: { number: 211, httpStatus: 409, area: "keys", message: "KEY_REGISTER / KEY_ROTATE of a public key already registered" },
  E_KEY_LEVEL: { number: 212, httpStatus: 400, area: "keys", message: "public key length does not match its ML-DSA level" },
  E_KEYS_FULL: { number: 213, httpStatus: 507, area: "keys", message: "key registry or public key arena at capacity" },
  E_ROLE_INVALID: { number: 214, httpStatus: 400, area: "keys", message: "role mask empty (grant/revoke) or with undefined bits" },
  E_GENESIS_ROLES: { number: 216, httpStatus: 400, area: "keys", message: "genesis key roles: an unknown role name, or a number that is not a valid LedgerRole bitmask" },
  E_MLDSA_LEVEL: { number: 215, httpStatus: 400, area: "keys", message: "ML-DSA API: a parameter set (level) other than 44, 65 or 87" },
  E_MLDSA_SECRET_KEY: { number: 217, httpStatus: 400, area: "keys", message: "ML-DSA sign: a secret key that is not bytes, not of its level's length (2560, 4032 or 4896), or whose s1/s2 coefficients are out of range" },
  E_MLDSA_SIGN_INPUT: { number: 218, httpStatus: 400, area: "keys", message: "ML-DSA sign: a message, mu or rnd that is not bytes or not of its length, or a context string over 255 bytes" },
  E_MLDSA_SIGN_FAILED: { number: 219, httpStatus: 500, area: "keys", message: "internal: ML-DSA signing ran past its rejection-loop cap (814 iterations) or the core had no memory for its scratch" },

  // replay protection and time (300–399)
  E_NONCE: { number: 300, httpStatus: 409, area: "time", message: "nonce is not exactly the account's last nonce + 1" },
  E_TIMESTAMP_WINDOW: { number: 301, httpStatus: 400, area: "time", message: "client timestamp outside ± TIMESTAMP_WINDOW_MS of the batch's logical time" },
  E_CHAIN_ID: { number: 302, httpStatus: 400, area: "time", message: "packet chain id differs from the ledger's" },
  E_BATCH_SEQ: { number: 303, httpStatus: 500, area: "time", message: "batch seq is not the last applied seq + 1 (batch rejected, nothing applied)" },
  E_BATCH_TIME: { number: 304, httpStatus: 500, area: "time", message: "batch logical time below the previous batch's (batch rejected)" },

  // ledger operations (400–499)
  E_MALFORMED: { number: 400, httpStatus: 400, area: "ledger", message: "ledger input record malformed (counts, lengths, reserved fields)" },
  E_OP_UNKNOWN: { number: 401, httpStatus: 400, area: "ledger", message: "ledger input operation code undefined" },
  E_TOKEN_UNKNOWN: { number: 402, httpStatus: 400, area: "ledger", message: "token index not in 0..4" },
  E_TOKEN_NOT_TRANSFERABLE: { number: 403, httpStatus: 422, area: "ledger", message: "transfer of RES (non-transferable)" },
  E_TOKEN_MINT_STAKING_ONLY: { number: 404, httpStatus: 422, area: "ledger", message: "direct mint of PSY (minted only as staking rewards)" },
  E_AMOUNT_ZERO: { number: 405, httpStatus: 400, area: "ledger", message: "transfer/mint/burn of 0" },
  E_INSUFFICIENT_FUNDS: { number: 406, httpStatus: 422, area: "ledger", message: "balance below the amount of a transfer or burn" },
  E_SUPPLY_OVERFLOW: { number: 407, httpStatus: 422, area: "ledger", message: "mint would take the token's total supply above 2^128 − 1" },
  E_BALANCE_OVERFLOW: { number: 408, httpStatus: 422, area: "ledger", message: "credit would take a balance above 2^128 − 1 (unreachable while supply is bounded)" },
  E_ACCOUNTS_FULL: { number: 409, httpStatus: 507, area: "ledger", message: "accounts table at capacity (7/8 of its slots)" },
  E_PARAM_UNKNOWN: { number: 410, httpStatus: 400, area: "ledger", message: "parameter id not defined" },
  E_PARAM_IMMUTABLE: { number: 411, httpStatus: 403, area: "ledger", message: "parameter fixed at genesis (EPOCH_LENGTH_MS)" },
  E_PARAM_INVALID: { number: 412, httpStatus: 400, area: "ledger", message: "parameter value out of its documented range" },
  E_JOURNAL_FULL: { number: 413, httpStatus: 413, area: "ledger", message: "packet's undo journal exceeded (packet rolled back)" },
  E_EVENTS_FULL: { number: 414, httpStatus: 503, area: "ledger", message: "batch event buffer full (packet rolled back; resubmit in a later batch)" },
  E_RESERVED_NONZERO: { number: 415, httpStatus: 400, area: "ledger", message: "reserved ledger input field not 0" },
  E_OP_NOT_IMPLEMENTED: { number: 416, httpStatus: 501, area: "ledger", message: "no longer produced (stake, unstake, claim and penalty are implemented); kept: numbers are stable" },
  E_NOT_INITIALIZED: { number: 417, httpStatus: 500, area: "ledger", message: "ledger not initialised (ledgerInit, then genesis)" },
  E_BATCH_MALFORMED: { number: 418, httpStatus: 500, area: "ledger", message: "batch input framing wrong (lengths, mode)" },
  E_BATCH_TOO_LARGE: { number: 419, httpStatus: 413, area: "ledger", message: "batch above the input buffer or 8,192 packets" },
  E_GENESIS: { number: 420, httpStatus: 500, area: "ledger", message: "genesis batch refused (not seq 0, repeated, an operation not allowed in genesis, or a failing record)" },
  E_INIT_CAPACITY: { number: 421, httpStatus: 500, area: "ledger", message: "table capacity not a power of two within limits" },
  E_INVARIANT_VIOLATED: { number: 422, httpStatus: 503, area: "ledger", message: "a supply invariant failed (sum of balances ≠ supply): the packet is rolled back and CIR-302 halts the ledger" },
  E_ACCOUNT_ZERO: { number: 423, httpStatus: 400, area: "ledger", message: "transfer or mint to the all-zero account id" },
  E_LEDGER_INPUT: { number: 424, httpStatus: 400, area: "ledger", message: "TS ledger input out of range before encoding (a 32-byte id or hash of another length, an amount outside u128, a u8/u32 field out of range, too many signers, ops or bytes)" },
  E_LEDGER_STALE: { number: 425, httpStatus: 500, area: "ledger", message: "a Ledger handle used after another ledger was created on the same core" },
  E_BATCH_UNDO_FULL: { number: 430, httpStatus: 503, area: "ledger", message: "the batch undo log (4 MiB) is full: the packet is rolled back; a smaller batch fits" },
  E_WRITE_SET_FULL: { number: 431, httpStatus: 503, area: "ledger", message: "the batch's write sets exceed 8 MiB: the whole batch is undone (batch-level)" },
  E_BATCH_PENDING: { number: 432, httpStatus: 409, area: "ledger", message: "a prepared batch awaits commit() or abort(): nothing else may run on the ledger" },
  E_NO_PENDING_BATCH: { number: 433, httpStatus: 409, area: "ledger", message: "commit or abort without a prepared batch (or a second commit/abort)" },
  E_ABORT_MISMATCH: { number: 434, httpStatus: 500, area: "ledger", message: "abort restored a state root that differs from the saved one (a core bug: halt the node)" },
  E_SNAPSHOT_MAGIC: { number: 440, httpStatus: 400, area: "ledger", message: "snapshot bytes do not start with `QSNP`" },
  E_SNAPSHOT_VERSION: { number: 441, httpStatus: 400, area: "ledger", message: "snapshot version other than 1, or a reserved header field not 0" },
  E_SNAPSHOT_LENGTH: { number: 442, httpStatus: 400, area: "ledger", message: "snapshot length outside its limits or other than its header's counts make it; a section ends inside a record" },
  E_SNAPSHOT_HASH: { number: 443, httpStatus: 400, area: "ledger", message: "SHA3-256 of the snapshot differs from its last 32 bytes (any changed byte)" },
  E_RESTORE_GLOBALS: { number: 444, httpStatus: 400, area: "ledger", message: "restored globals block refused: not initialised, no genesis, capacities or counts out of range, or disagreeing with the snapshot header" },
  E_RESTORE_RECORD: { number: 445, httpStatus: 400, area: "ledger", message: "a restored account or key record is malformed: not occupied, bad status, level or public key length, key id ≠ SHA3-256(public key), arena range overlap, duplicate" },
  E_RESTORE_ORDER: { number: 446, httpStatus: 400, area: "ledger", message: "snapshot records not in strictly increasing id order" },
  E_RESTORE_COUNT: { number: 447, httpStatus: 400, area: "ledger", message: "records or public key bytes loaded differ from the counts in the globals block" },
  E_RESTORE_ROOT: { number: 448, httpStatus: 409, area: "ledger", message: "the state root rebuilt from the loaded state differs from the recorded (or expected) root" },
  E_RESTORE_AUDIT: { number: 449, httpStatus: 400, area: "ledger", message: "audit tree state refused: size out of range, frontier length wrong, or root recomputed from the frontier differs" },
  E_ROWS_MALFORMED: { number: 450, httpStatus: 400, area: "ledger", message: "store rows refused: kind, participant, key or value length wrong, a row repeated, a balance of an unknown account, a SUPPLY row disagreeing with the globals" },
  E_STAKE_TOKEN: { number: 451, httpStatus: 422, area: "ledger", message: "only CHR can be staked, unstaked or claimed against" },
  E_STAKE_SAME_EPOCH: { number: 452, httpStatus: 409, area: "ledger", message: "stake and unstake of one account cannot both happen in one epoch" },
  E_STAKE_LOCKED: { number: 453, httpStatus: 409, area: "ledger", message: "stake still locked (MIN_STAKE_EPOCHS after the last stake); an emergency withdrawal is not" },
  E_INSUFFICIENT_STAKE: { number: 454, httpStatus: 409, area: "ledger", message: "unstake amount above the account's staked principal" },
  E_STAKE_TOO_SMALL: { number: 455, httpStatus: 422, area: "ledger", message: "the position would be non-zero and below MIN_STAKE" },
  E_NOTHING_TO_CLAIM: { number: 456, httpStatus: 409, area: "ledger", message: "no settled PSY reward to claim" },
  E_STAKING_POOL: { number: 457, httpStatus: 422, area: "ledger", message: "the staking pool account moves only by staking operations (no transfer, mint or key to or from it)" },
  E_GENESIS_TOO_LARGE: { number: 427, httpStatus: 413, area: "ledger", message: "genesis names more keys, allocations or roles than its caps allow (docs/limits.md)" },
  E_LEDGER_EVENT: { number: 426, httpStatus: 500, area: "ledger", message: "internal: the core wrote an event of an unknown type" },

  // CertifiedMath (500–599); the core returns 500–504 as the status of every math export
  E_MATH_OVERFLOW: { number: 500, httpStatus: 422, area: "math", message: "the result does not fit its type (u128/UD above 2^128 − 1), including a rounding increment that overflows" },
  E_MATH_UNDERFLOW: { number: 501, httpStatus: 422, area: "math", message: "an unsigned result would be negative (sub)" },
  E_MATH_DIV_BY_ZERO: { number: 502, httpStatus: 422, area: "math", message: "divisor is zero: div, mod, mulDiv (c = 0), fpDiv (b = 0), fpPow(0, y < 0)" },
  E_MATH_DOMAIN: { number: 503, httpStatus: 422, area: "math", message: "input outside the function's domain: ln(0), log2(0)" },
  E_MATH_INVALID_ROUNDING: { number: 504, httpStatus: 400, area: "math", message: "rounding mode not floor, ceil or halfEven" },
  E_MATH_INPUT_RANGE: { number: 505, httpStatus: 400, area: "math", message: "bindings: an argument is not a bigint in its type's range (u128/UD [0, 2^128), SD [−2^127, 2^127), pow exponent an integer in [0, 2^32))" },
  E_MATH_UNKNOWN: { number: 506, httpStatus: 500, area: "math", message: "internal: the core returned a math status the bindings do not know" },

  // audit trail, checkpoints, state proofs, replay logs (600–699)
  E_CHECKPOINT_SIG_INVALID: { number: 600, httpStatus: 503, area: "audit", message: "CIR-302: a checkpoint or batch-header signature of our own node does not verify (ML-DSA-87, `QFS-V13/checkpoint`)" },
  E_AUDIT_CHAIN_BROKEN: { number: 601, httpStatus: 503, area: "audit", message: "CIR-302: the checkpoint/header chain breaks (seq, previous hash, time, batch root) or the recomputed audit log differs" },
  E_AUDIT_INCONSISTENT: { number: 602, httpStatus: 503, area: "audit", message: "CIR-302: the audit log shrank, or a consistency proof between checkpoints fails" },
  E_STATE_ROOT_MISMATCH: { number: 603, httpStatus: 503, area: "audit", message: "CIR-302: the state root recomputed on replay or recovery differs from the signed checkpoint's" },
  E_REPLAY_LOG_MALFORMED: { number: 604, httpStatus: 400, area: "audit", message: "a replay log that cannot be read (JSON, format version, field shapes, genesis refused); not a halt" },
  E_AUDIT_PROOF_LENGTH: { number: 605, httpStatus: 400, area: "audit", message: "a proof has the wrong number of hashes for its (index, size) or (m, n), or its encoding is truncated or of an unknown version" },
  E_AUDIT_INDEX_RANGE: { number: 606, httpStatus: 400, area: "audit", message: "leaf index not below the tree size, or m > n" },
  E_AUDIT_SIZE_RANGE: { number: 607, httpStatus: 400, area: "audit", message: "a tree size outside [0, 2^53) or beyond the log" },
  E_AUDIT_HASH_LENGTH: { number: 608, httpStatus: 400, area: "audit", message: "a hash that is not 32 bytes" },
  E_AUDIT_ROOT_MISMATCH: { number: 609, httpStatus: 400, area: "audit", message: "a proof that recomputes to a different root" },
  E_AUDIT_LOG_FULL: { number: 610, httpStatus: 507, area: "audit", message: "the audit log reached its documented capacity" },
  E_AUDIT_ENTRY_MALFORMED: { number: 611, httpStatus: 400, area: "audit", message: "an audit entry that does not decode canonically" },
  E_AUDIT_ENTRY_TOO_LARGE: { number: 612, httpStatus: 413, area: "audit", message: "an audit entry above the size limits" },
  E_CHECKPOINT_MALFORMED: { number: 613, httpStatus: 400, area: "audit", message: "a checkpoint that does not decode canonically" },
  E_STATE_PROOF_MALFORMED: { number: 614, httpStatus: 400, area: "audit", message: "a state proof (or a state tree call) that does not decode or has bad arguments" },
  E_STATE_PROOF_INVALID: { number: 615, httpStatus: 400, area: "audit", message: "a state proof that does not match the root or the claim" },
  E_STATE_TREE_FULL: { number: 616, httpStatus: 507, area: "audit", message: "the WASM state tree's leaf or node store is exhausted" },
  E_STATE_TREE_NOT_INIT: { number: 617, httpStatus: 500, area: "audit", message: "the WASM state tree was used before stateTree.init" },
  E_BATCH_HEADER_RANGE: { number: 618, httpStatus: 400, area: "audit", message: "a batch header field out of range (chain id or packet count not u32, seq or time above 2^53 − 1, a hash not 32 bytes)" },

  // hash functions (700–799)
  E_HASH_FINALIZED: { number: 700, httpStatus: 400, area: "hash", message: "update() after digest()/xof(), digest() twice, or clone() after digest()" },
  E_HASH_LENGTH: { number: 701, httpStatus: 400, area: "hash", message: "an output length, security level or Keccak state length that is not an integer in the allowed range" },
  E_HASH_INPUT: { number: 702, httpStatus: 400, area: "hash", message: "data that is not a Uint8Array" },
  E_HASH_INTERNAL: { number: 703, httpStatus: 500, area: "hash", message: "internal: the core rejected arguments the binding had checked (a bug, never the caller's fault)" },
  // server (800–899): verify pool 800–809
  E_POOL_SATURATED: { number: 800, httpStatus: 429, area: "service", message: "the verify pool's task queue is full (pool_queue_tasks_max); retry later" },
  E_POOL_CLOSED: { number: 801, httpStatus: 503, area: "service", message: "the verify pool is closed" },
  E_POOL_WORKER_FAILED: { number: 802, httpStatus: 500, area: "service", message: "a verify worker failed while running a task (a thrown error, a trap, a thread that exited); the pool goes on" },
  E_POOL_TASK_MALFORMED: { number: 803, httpStatus: 500, area: "service", message: "a verify task or pool option is malformed (a bug in the caller or the pool, never client input)" },
  // write sets (contracts.md A), 810–829: a participant votes no with these, never throws them
  E_WS_TOO_LARGE: { number: 810, httpStatus: 500, area: "service", message: "write set: longer than its byte cap" },
  E_WS_SHORT: { number: 811, httpStatus: 500, area: "service", message: "write set: shorter than its header" },
  E_WS_MAGIC: { number: 812, httpStatus: 500, area: "service", message: "write set: magic is not QWS1" },
  E_WS_VERSION: { number: 813, httpStatus: 500, area: "service", message: "write set: unsupported version" },
  E_WS_PARTICIPANT: { number: 814, httpStatus: 500, area: "service", message: "write set: made for another participant" },
  E_WS_RESERVED: { number: 815, httpStatus: 500, area: "service", message: "write set: a reserved header or row byte is not 0" },
  E_WS_ROW_COUNT: { number: 816, httpStatus: 500, area: "service", message: "write set: row count above its cap or more than the bytes can hold" },
  E_WS_ROW_TRUNCATED: { number: 817, httpStatus: 500, area: "service", message: "write set: a row header or value runs past the end" },
  E_WS_KIND: { number: 818, httpStatus: 500, area: "service", message: "write set: a row kind this participant does not hold" },
  E_WS_FLAGS: { number: 819, httpStatus: 500, area: "service", message: "write set: unknown row flags" },
  E_WS_VALUE_LENGTH: { number: 820, httpStatus: 500, area: "service", message: "write set: a row value length wrong for its kind (or a delete with a value)" },
  E_WS_KEY: { number: 821, httpStatus: 500, area: "service", message: "write set: a row with the all-zero key" },
  E_WS_ORDER: { number: 822, httpStatus: 500, area: "service", message: "write set: rows not sorted by (kind, key) or not unique" },
  E_WS_TRAILING: { number: 823, httpStatus: 500, area: "service", message: "write set: bytes after the last row" },
  // 2PC participants and stores, 830–849
  E_FENCED: { number: 830, httpStatus: 409, area: "service", message: "a coordinator term lower than the highest seen: a newer coordinator has taken over" },
  E_ROUND_STALE: { number: 831, httpStatus: 409, area: "service", message: "a round not above the participant's last committed round" },
  E_ROUND_PENDING: { number: 832, httpStatus: 409, area: "service", message: "another round is still prepared on the participant: recovery must settle it first" },
  E_ROUND_CONFLICT: { number: 833, httpStatus: 409, area: "service", message: "the round is already prepared (or decided) with other bytes" },
  E_ROUND_RANGE: { number: 834, httpStatus: 500, area: "service", message: "a round or term outside 1..2^63 − 1 (or the term space is exhausted)" },
  E_ROUND_ORDER: { number: 835, httpStatus: 409, area: "service", message: "a round not above the coordinator's (or the decision log's) last round" },
  E_NOT_PREPARED: { number: 836, httpStatus: 409, area: "service", message: "commit of a round that was never prepared on the participant" },
  E_STORAGE: { number: 837, httpStatus: 503, area: "service", message: "a store failed (I/O, worker gone, lock timeout, connection lost, corrupt row)" },
  E_STORE_BUSY: { number: 838, httpStatus: 503, area: "service", message: "too many requests in flight to one store worker" },
  E_STORE_TIMEOUT: { number: 839, httpStatus: 503, area: "service", message: "a store worker did not answer in time" },
  E_STORE_IDENTITY: { number: 840, httpStatus: 500, area: "service", message: "a store belongs to another participant (or the participant id is out of range)" },
  E_READ_LIMIT: { number: 841, httpStatus: 400, area: "service", message: "a page size outside its range (readRows, decision-log pages)" },
  E_READ_CURSOR: { number: 842, httpStatus: 400, area: "service", message: "a paging cursor that is malformed (key not 32 bytes, kind and key not given together)" },
  E_PG_PREPARED_TRANSACTIONS_DISABLED: { number: 843, httpStatus: 500, area: "service", message: "the PostgreSQL server has max_prepared_transactions = 0: two-phase commit needs it above 0" },
  E_COORDINATOR_CONFIG: { number: 844, httpStatus: 500, area: "service", message: "the coordinator was given the wrong participants or write sets (count or ids)" },
  // decision log, 850–859
  E_DECISION_INVALID: { number: 850, httpStatus: 500, area: "service", message: "a decision other than commit or abort" },
  E_DECISION_CONFLICT: { number: 851, httpStatus: 409, area: "service", message: "the round already has another decision in the log" },
  E_DECISION_UNKNOWN: { number: 852, httpStatus: 503, area: "service", message: "the decision log failed and the round's outcome is unknown until recovery reads it" },
  E_DECISION_PAYLOAD: { number: 853, httpStatus: 413, area: "service", message: "a decision payload above its byte cap" },
  // stores config, 860–869
  E_CONFIG_TYPE: { number: 860, httpStatus: 500, area: "service", message: "stores config: an option of the wrong type (or a missing stores object)" },
  E_CONFIG_LIMIT: { number: 861, httpStatus: 500, area: "service", message: "stores config: a file or string above its cap" },
  E_CONFIG_UNKNOWN: { number: 862, httpStatus: 500, area: "service", message: "stores config: an unknown option" },
  E_CONFIG_URL: { number: 863, httpStatus: 500, area: "service", message: "stores config: a malformed PostgreSQL URL or database name" },
  E_CONFIG_PARTICIPANTS: { number: 864, httpStatus: 500, area: "service", message: "stores config: not six participants, or two sharing a database" },
  E_CONFIG_KIND: { number: 865, httpStatus: 500, area: "service", message: "stores config: a kind other than sqlite or postgres" },
  E_CONFIG_READ: { number: 866, httpStatus: 500, area: "service", message: "stores config: the file cannot be read" },
  E_CONFIG_JSON: { number: 867, httpStatus: 500, area: "service", message: "stores config: the file is not JSON" },
  // HTTP API and sequencer, 870–889
  E_HTTP_BODY: { number: 870, httpStatus: 400, area: "service", message: "a request body, parameter or query that does not match the route's schema (not a packet, bad JSON, bad base64, bad hex id)" },
  E_HTTP_CONTENT_TYPE: { number: 871, httpStatus: 415, area: "service", message: "a request body of a content type the route does not accept (application/octet-stream or application/json)" },
  E_HTTP_NOT_FOUND: { number: 872, httpStatus: 404, area: "service", message: "no such route" },
  E_ACCOUNT_UNKNOWN: { number: 873, httpStatus: 404, area: "service", message: "no account with this id in the ledger" },
  E_SEQUENCER_CLOSED: { number: 874, httpStatus: 503, area: "service", message: "the sequencer is closed or stopped after a store failure; restart the node (recovery settles the round)" },
  E_DATA_DIR: { number: 875, httpStatus: 500, area: "service", message: "the data directory holds stores without a genesis file, or a genesis file that cannot be read" },
  E_TX_UNKNOWN: { number: 876, httpStatus: 404, area: "service", message: "no transaction with this id in the log" },
  E_KEY_NOT_FOUND: { number: 877, httpStatus: 404, area: "service", message: "no key with this id in the registry" },
  E_RATE_LIMITED: { number: 878, httpStatus: 429, area: "service", message: "a signer key sent more packets than its per-key rate allows; retry after the Retry-After seconds" },
  E_HTTP_RANGE: { number: 879, httpStatus: 400, area: "service", message: "a page, index, range or tree size outside what the log holds or the route allows" },
  E_NODE_KEY: { number: 880, httpStatus: 500, area: "service", message: "the node key file is missing, unreadable or not an ML-DSA-87 key pair" },
  E_ARCHIVE: { number: 881, httpStatus: 500, area: "service", message: "the archive (the index of receipts, entries and checkpoints derived from the decision log) is corrupt or cannot catch up" },
  E_RESUME_INVALID: { number: 882, httpStatus: 403, area: "service", message: "a resume of a node halt that is not a COUNCIL M-of-N packet naming the current halt record's hash" },
  E_NODE_REQUEST: { number: 883, httpStatus: 503, area: "service", message: "a client (the qfs CLI) could not reach the node, or the node answered an error or an answer past its cap (the message carries the node's error)" },
  E_RECEIPT_INVALID: { number: 884, httpStatus: 400, area: "service", message: "a receipt that does not verify: a field of the wrong shape, a checkpoint signature, an inclusion proof or an outcome entry that does not match" },
  E_SERVED_LOG_INVALID: { number: 885, httpStatus: 400, area: "service", message: "a served log that does not verify: its entries do not rebuild a checkpoint's audit root, or the node's state disagrees with the log" },
} as const satisfies Record<string, ErrorSpec>;

export type QfsErrorName = keyof typeof ERROR_CATALOGUE;
