// The exit codes of every qfs command: the one table (docs/cli.md lists the same; a test checks).
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  HALT: 3,
  EXPECTATION: 4,
  INVALID: 5,
  NODE: 6,
  REJECTED: 7,
};

export const EXIT_MEANING = {
  [EXIT.OK]: "success",
  [EXIT.INTERNAL]: "internal error (a bug: the stack trace is on stderr)",
  [EXIT.USAGE]:
    "usage error, or input that cannot be read: missing, unreadable, malformed, or past a size cap (E_INPUT_TOO_LARGE)",
  [EXIT.HALT]: "CIR-302 halt: a check of the trusted path failed (the halt record is the last line of stdout)",
  [EXIT.EXPECTATION]: "replayed, but the final state root differs from the log's (unsigned) expectedStateRoot",
  [EXIT.INVALID]: "not verified: a receipt or a served log failed a check (the field or step is on stderr)",
  [EXIT.NODE]: "the node could not be reached, or answered an error (its code and message are on stderr)",
  [EXIT.REJECTED]: "the node sequenced the packet but did not apply it (the receipt, with its outcome, is on stdout)",
};

export function exitCodeLines() {
  return Object.entries(EXIT_MEANING).map(([code, text]) => `  ${code}  ${text}`);
}
