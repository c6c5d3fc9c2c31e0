// Typed errors of the audit log, checkpoints and state proofs. `code` is stable (part of the API);
// the message is for humans and may change.

export type AuditErrorCode =
  | "E_AUDIT_PROOF_LENGTH" // a proof has the wrong number of hashes for its (index, size) or (m, n)
  | "E_AUDIT_INDEX_RANGE" // leaf index not below tree size, or m > n
  | "E_AUDIT_SIZE_RANGE" // a tree size outside [0, 2^53) or beyond the log
  | "E_AUDIT_HASH_LENGTH" // a hash that is not 32 bytes
  | "E_AUDIT_ROOT_MISMATCH" // a proof that recomputes to a different root
  | "E_AUDIT_LOG_FULL" // the log reached its documented capacity
  | "E_AUDIT_ENTRY_MALFORMED" // an entry that does not decode canonically
  | "E_AUDIT_ENTRY_TOO_LARGE" // an entry above the size limits
  | "E_CHECKPOINT_MALFORMED" // a checkpoint that does not decode canonically
  | "E_CHECKPOINT_SIG_INVALID" // CIR-302: a checkpoint signature that does not verify
  | "E_AUDIT_CHAIN_BROKEN" // CIR-302: previous-hash, seq, time or chain id break between checkpoints
  | "E_AUDIT_INCONSISTENT" // CIR-302: a shrinking log or a consistency proof that fails
  | "E_STATE_PROOF_MALFORMED" // a state proof that does not decode
  | "E_STATE_PROOF_INVALID" // a state proof that does not match the root or the claim
  | "E_STATE_TREE_FULL" // the WASM state tree's node store is exhausted
  | "E_STATE_TREE_NOT_INIT";

export class AuditError extends Error {
  readonly code: AuditErrorCode;
  constructor(code: AuditErrorCode, message?: string) {
    super(message === undefined ? code : `${code}: ${message}`);
    this.name = "AuditError";
    this.code = code;
  }
}

export function isAuditError(e: unknown): e is AuditError {
  return e instanceof AuditError;
}
