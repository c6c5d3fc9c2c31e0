// Codes of the replay module (docs/replay.md, numbers in docs/errors.md). The CIR-302 codes are
// the audit log's (bindings/audit/errors.ts) plus E_STATE_ROOT_MISMATCH; E_REPLAY_LOG_MALFORMED is
// a log that cannot be read at all (not a halt: nothing was verified).

export const ReplayCode = {
  E_CHECKPOINT_SIG_INVALID: 600,
  E_AUDIT_CHAIN_BROKEN: 601,
  E_AUDIT_INCONSISTENT: 602,
  E_STATE_ROOT_MISMATCH: 603,
  E_REPLAY_LOG_MALFORMED: 604,
} as const;

export type ReplayCodeName = keyof typeof ReplayCode;
export type ReplayHaltCode = Exclude<ReplayCodeName, "E_REPLAY_LOG_MALFORMED">;

// A log that does not parse (JSON, version, field shapes, genesis refused by the ledger).
export class ReplayFormatError extends Error {
  readonly code = "E_REPLAY_LOG_MALFORMED" as const;
  readonly number = ReplayCode.E_REPLAY_LOG_MALFORMED;
  constructor(
    readonly path: string,
    why: string,
  ) {
    super(`E_REPLAY_LOG_MALFORMED: ${path}: ${why}`);
    this.name = "ReplayFormatError";
  }
}
