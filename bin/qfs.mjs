#!/usr/bin/env node
// qfs — the QFS V13 command line (SPEC §11). Plain Node, over the built package (dist/).
// One module per command in bin/commands/: each exports `summary`, `usage` and
// `run(args) → Promise<exit code>`. Exit codes: bin/commands/exit-codes.mjs (docs/cli.md).
import { readFileSync } from "node:fs";
import { isQfsError } from "../dist/errors/index.js"; // the catalogue only: loads no WASM
import { COMMANDS } from "./commands/index.mjs";
import { EXIT } from "./commands/exit-codes.mjs";

// A closed pipe (`qfs replay LOG | head`) ends the command quietly.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

function version() {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return `${pkg.version} (${pkg.name})`;
}

async function main(argv) {
  const [first, ...args] = argv;
  if (first === "--version" || first === "-V") {
    process.stdout.write(`qfs ${version()}\n`);
    return EXIT.OK;
  }
  const name = first === undefined || first === "--help" || first === "-h" ? "help" : first;
  if (!Object.hasOwn(COMMANDS, name)) {
    const what = name.startsWith("-") ? "option" : "command";
    process.stderr.write(`qfs: unknown ${what} '${name}'; see 'qfs --help'\n`);
    return EXIT.USAGE;
  }
  const cmd = await COMMANDS[name]();
  if (name !== "help" && (args.includes("--help") || args.includes("-h"))) {
    const { commandHelp } = await import("./commands/help.mjs");
    process.stdout.write(await commandHelp(name));
    return EXIT.OK;
  }
  return cmd.run(name === first ? args : []);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // A catalogue error the command did not handle: its code says what; one the input caused
  // (HTTP 4xx in docs/errors.md) exits like other bad input (usage), anything else is internal.
  if (isQfsError(e)) {
    process.stderr.write(`qfs: ${e.message}\n`);
    process.exitCode = e.httpStatus < 500 ? EXIT.USAGE : EXIT.INTERNAL;
  } else {
    process.stderr.write(`qfs: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.INTERNAL;
  }
}
