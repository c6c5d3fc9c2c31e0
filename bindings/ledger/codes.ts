// Ledger result codes, mirrored from assembly/ledger/errors.ts (test/ledger.codes.test.ts keeps
// the two in step). The table with meanings is docs/errors.md.

export const LedgerCode = {
  OK: 0,
  E_NOT_INITIALIZED: 417,
  E_BATCH_SEQ: 303,
  E_BATCH_TIME: 304,
  E_BATCH_MALFORMED: 418,
  E_BATCH_TOO_LARGE: 419,
  E_GENESIS: 420,
  E_INIT_CAPACITY: 421,
  E_WRITE_SET_FULL: 425,
  E_BATCH_PENDING: 426,
  E_NO_PENDING_BATCH: 427,
  E_ABORT_MISMATCH: 428,
  E_MALFORMED: 400,
  E_CHAIN_ID: 302,
  E_HALTED: 20,
  E_KEY_UNKNOWN: 200,
  E_KEY_REVOKED: 203,
  E_KEY_ROTATED: 204,
  E_KEY_EXPIRED: 205,
  E_KEY_NOT_YET_VALID: 206,
  E_ROLE_MISSING: 207,
  E_MULTISIG_THRESHOLD: 208,
  E_KEY_LEVEL_MISMATCH: 201,
  E_SIG_INVALID: 202,
  E_NONCE: 300,
  E_TIMESTAMP_WINDOW: 301,
  E_SIGNER_NOT_ACCOUNT: 209,
  E_OP_UNKNOWN: 401,
  E_TOKEN_UNKNOWN: 402,
  E_TOKEN_NOT_TRANSFERABLE: 403,
  E_TOKEN_MINT_STAKING_ONLY: 404,
  E_AMOUNT_ZERO: 405,
  E_INSUFFICIENT_FUNDS: 406,
  E_SUPPLY_OVERFLOW: 407,
  E_BALANCE_OVERFLOW: 408,
  E_ACCOUNTS_FULL: 409,
  E_KEYS_FULL: 213,
  E_KEY_EXISTS: 211,
  E_KEY_LEVEL: 212,
  E_ROLE_INVALID: 214,
  E_PARAM_UNKNOWN: 410,
  E_PARAM_IMMUTABLE: 411,
  E_PARAM_INVALID: 412,
  E_NOT_HALTED: 21,
  E_HALT_RECORD_MISMATCH: 22,
  E_JOURNAL_FULL: 413,
  E_EVENTS_FULL: 414,
  E_BATCH_UNDO_FULL: 424,
  E_INVARIANT_VIOLATED: 422,
  E_ACCOUNT_ZERO: 423,
  E_RESERVED_NONZERO: 415,
  E_OP_NOT_IMPLEMENTED: 416,
  HALT_OPERATOR: 1,
  HALT_CIR_302: 302,
} as const;

export type LedgerCodeName = keyof typeof LedgerCode;

const NAMES = new Map<number, string>(
  Object.entries(LedgerCode)
    .filter(([n]) => !n.startsWith("HALT_"))
    .map(([n, v]) => [v, n]),
);

// Name of a result code ("OK", "E_NONCE", ...), or "E_UNKNOWN_<n>".
export function ledgerCodeName(code: number): string {
  return NAMES.get(code) ?? `E_UNKNOWN_${code}`;
}
