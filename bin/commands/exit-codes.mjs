// The exit codes of every qfs command: the one table (docs/cli.md lists the same; a test checks).
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  HALT: 3,
  EXPECTATION: 4,
};

export const EXIT_MEANING = {
  [EXIT.OK]: "success",
  [EXIT.INTERNAL]: "internal error (a bug: the stack trace is on stderr)",
  [EXIT.USAGE]:
    "usage error, or input that cannot be read: missing, unreadable, malformed, or past a size cap (E_INPUT_TOO_LARGE)",
  [EXIT.HALT]: "CIR-302 halt: a check of the trusted path failed (the halt record is the last line of stdout)",
  [EXIT.EXPECTATION]: "replayed, but the final state root differs from the log's (unsigned) expectedStateRoot",
};

export function exitCodeLines() {
  return Object.entries(EXIT_MEANING).map(([code, text]) => `  ${code}  ${text}`);
}
