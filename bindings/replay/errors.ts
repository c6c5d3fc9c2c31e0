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

// An input past one of its caps (bindings/replay/limits.ts, bindings/ledger/limits.ts): refused
// before it is read further or allocated. Not a halt: nothing was verified.
export class InputTooLargeError extends Error {
  readonly code = "E_INPUT_TOO_LARGE" as const;
  constructor(
    readonly what: string,
    readonly limit: number,
    readonly unit: string = "bytes",
  ) {
    super(`E_INPUT_TOO_LARGE: ${what} is above its cap of ${limit} ${unit}`);
    this.name = "InputTooLargeError";
  }
}
