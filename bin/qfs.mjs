#!/usr/bin/env node
// qfs — the QFS V13 command line (SPEC §11). Plain Node, over the built package (dist/).
// One module per command in bin/commands/: each exports `summary`, `usage` and
// `run(args) → Promise<exit code>`. Exit codes: 0 success, 1 internal error, 2 usage error or
// unreadable input, 3 CIR-302 halt (a check of the trusted path failed).
import { isQfsError } from "../dist/errors/index.js"; // the catalogue only: loads no WASM
import { COMMANDS } from "./commands/index.mjs";

// A closed pipe (`qfs replay LOG | head`) ends the command quietly.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

const [name, ...args] = process.argv.slice(2);
const load = COMMANDS[name ?? "help"];
if (load === undefined) {
  process.stderr.write(`qfs: unknown command '${name}'; see 'qfs help'\n`);
  process.exitCode = 2;
} else {
  try {
    const cmd = await load();
    process.exitCode = await cmd.run(args);
  } catch (e) {
    // A catalogue error the command did not handle: its code says what; one the input caused
    // (HTTP 4xx in docs/errors.md) exits 2 like other bad input, anything else is internal (1).
    if (isQfsError(e)) {
      process.stderr.write(`qfs ${name}: ${e.message}\n`);
      process.exitCode = e.httpStatus < 500 ? 2 : 1;
    } else {
      process.stderr.write(`qfs ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
