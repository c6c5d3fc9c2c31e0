// Ledger result codes, mirrored from assembly/ledger/errors.ts (test/ledger.codes.test.ts keeps
// the two in step). The table with meanings is docs/errors.md.

export const LedgerCode = {
  OK: 0,
  E_NOT_INITIALIZED: 600,
  E_BATCH_SEQ: 601,
  E_BATCH_TIME: 602,
  E_BATCH_MALFORMED: 603,
  E_BATCH_TOO_LARGE: 604,
  E_GENESIS: 605,
  E_INIT_CAPACITY: 606,
  E_MALFORMED: 610,
  E_CHAIN_ID: 611,
  E_HALTED: 612,
  E_KEY_UNKNOWN: 613,
  E_KEY_REVOKED: 614,
  E_KEY_ROTATED: 615,
  E_KEY_EXPIRED: 616,
  E_KEY_NOT_YET_VALID: 617,
  E_ROLE_MISSING: 618,
  E_MULTISIG_THRESHOLD: 619,
  E_SIG_VERIFY_UNAVAILABLE: 620,
  E_SIG_INVALID: 621,
  E_NONCE: 622,
  E_TIMESTAMP_WINDOW: 623,
  E_SIGNER_NOT_ACCOUNT: 624,
  E_OP_UNKNOWN: 630,
  E_TOKEN_UNKNOWN: 631,
  E_TOKEN_NOT_TRANSFERABLE: 632,
  E_TOKEN_MINT_STAKING_ONLY: 633,
  E_AMOUNT_ZERO: 634,
  E_INSUFFICIENT_FUNDS: 635,
  E_SUPPLY_OVERFLOW: 636,
  E_BALANCE_OVERFLOW: 637,
  E_ACCOUNTS_FULL: 638,
  E_KEYS_FULL: 639,
  E_KEY_EXISTS: 640,
  E_KEY_LEVEL: 641,
  E_ROLE_INVALID: 642,
  E_PARAM_UNKNOWN: 643,
  E_PARAM_IMMUTABLE: 644,
  E_PARAM_INVALID: 645,
  E_NOT_HALTED: 646,
  E_HALT_RECORD_MISMATCH: 647,
  E_JOURNAL_FULL: 648,
  E_EVENTS_FULL: 649,
  E_INVARIANT_VIOLATED: 650,
  E_RESERVED_NONZERO: 651,
  E_OP_NOT_IMPLEMENTED: 652,
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
