// Codes of the replay module (docs/replay.md, numbers in docs/errors.md). The CIR-302 codes are
// the audit log's (bindings/audit/errors.ts) plus E_STATE_ROOT_MISMATCH; E_REPLAY_LOG_MALFORMED is
// a log that cannot be read at all (not a halt: nothing was verified). The numbers are the catalogue's
// (bindings/errors/catalogue.ts; a test checks they agree).
import { qfsError, type QfsError } from "../errors/index.js";

export const ReplayCode = {
  E_CHECKPOINT_SIG_INVALID: 600,
  E_AUDIT_CHAIN_BROKEN: 601,
  E_AUDIT_INCONSISTENT: 602,
  E_STATE_ROOT_MISMATCH: 603,
  E_REPLAY_LOG_MALFORMED: 604,
} as const;

export type ReplayCodeName = keyof typeof ReplayCode;
export type ReplayHaltCode = Exclude<ReplayCodeName, "E_REPLAY_LOG_MALFORMED">;

// A log that does not parse (JSON, version, field shapes, genesis refused by the ledger): a QfsError
// E_REPLAY_LOG_MALFORMED whose `details.path` is the JSON path of the bad field.
export function replayLogMalformed(path: string, why: string): QfsError {
  return qfsError("E_REPLAY_LOG_MALFORMED", `${path}: ${why}`, { path });
}

// An input past one of its caps (bindings/replay/limits.ts, bindings/ledger/limits.ts): refused
// before it is read further or allocated. Not a halt: nothing was verified. `details` names the
// input, its cap and the cap's unit.
export function inputTooLarge(what: string, limit: number, unit = "bytes"): QfsError {
  return qfsError("E_INPUT_TOO_LARGE", `${what} is above its cap of ${limit} ${unit}`, { what, limit, unit });
}
