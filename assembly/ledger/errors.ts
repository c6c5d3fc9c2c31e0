// Ledger result codes (u32). 0 = OK. The numbers are the ones in docs/errors.md (the one table of
// error codes); bindings/ledger/codes.ts mirrors this file for the host.

export const OK: u32 = 0;

// Batch-level (applyBatch returns these; nothing of the batch is applied).
export const E_NOT_INITIALIZED: u32 = 600;
export const E_BATCH_SEQ: u32 = 601;
export const E_BATCH_TIME: u32 = 602;
export const E_BATCH_MALFORMED: u32 = 603;
export const E_BATCH_TOO_LARGE: u32 = 604;
export const E_GENESIS: u32 = 605;
export const E_INIT_CAPACITY: u32 = 606;

// Packet-level, in validation order (SPEC §5).
export const E_MALFORMED: u32 = 610;
export const E_CHAIN_ID: u32 = 611;
export const E_HALTED: u32 = 612;
export const E_KEY_UNKNOWN: u32 = 613;
export const E_KEY_REVOKED: u32 = 614;
export const E_KEY_ROTATED: u32 = 615;
export const E_KEY_EXPIRED: u32 = 616;
export const E_KEY_NOT_YET_VALID: u32 = 617;
export const E_ROLE_MISSING: u32 = 618;
export const E_MULTISIG_THRESHOLD: u32 = 619;
export const E_SIG_VERIFY_UNAVAILABLE: u32 = 620;
export const E_SIG_INVALID: u32 = 621;
export const E_NONCE: u32 = 622;
export const E_TIMESTAMP_WINDOW: u32 = 623;
export const E_SIGNER_NOT_ACCOUNT: u32 = 624;

// Operation-level (the packet is rolled back as a whole).
export const E_OP_UNKNOWN: u32 = 630;
export const E_TOKEN_UNKNOWN: u32 = 631;
export const E_TOKEN_NOT_TRANSFERABLE: u32 = 632;
export const E_TOKEN_MINT_STAKING_ONLY: u32 = 633;
export const E_AMOUNT_ZERO: u32 = 634;
export const E_INSUFFICIENT_FUNDS: u32 = 635;
export const E_SUPPLY_OVERFLOW: u32 = 636;
export const E_BALANCE_OVERFLOW: u32 = 637;
export const E_ACCOUNTS_FULL: u32 = 638;
export const E_KEYS_FULL: u32 = 639;
export const E_KEY_EXISTS: u32 = 640;
export const E_KEY_LEVEL: u32 = 641;
export const E_ROLE_INVALID: u32 = 642;
export const E_PARAM_UNKNOWN: u32 = 643;
export const E_PARAM_IMMUTABLE: u32 = 644;
export const E_PARAM_INVALID: u32 = 645;
export const E_NOT_HALTED: u32 = 646;
export const E_HALT_RECORD_MISMATCH: u32 = 647;
export const E_JOURNAL_FULL: u32 = 648;
export const E_EVENTS_FULL: u32 = 649;
export const E_INVARIANT_VIOLATED: u32 = 650;
export const E_RESERVED_NONZERO: u32 = 651;
export const E_OP_NOT_IMPLEMENTED: u32 = 652;

// Halt record codes (field `code` of a halt record).
export const HALT_OPERATOR: u32 = 1;
export const HALT_CIR_302: u32 = 302;
