// Writes vectors/replay/<name>.json: deterministic replay logs (scripts/replay-scenarios.ts) with
// their expectedStateRoot. Run: `npm run vectors:replay [-- NAME...] [--force-breaking] [--check] [--out DIR]`.
//
// FROZEN: a vector that already exists is never changed silently. If the regenerated file differs
// (its state root, or any other byte: audit entries, signatures, packets), the generator refuses
// and exits 1, unless --force-breaking is given. Changing a frozen vector is a breaking change of
// the ledger, the log format or the audit encoding: do it deliberately and record it in the
// changelog of docs/replay.md. --check regenerates and compares without writing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { qfsError, serializeReplayLog } from "../bindings/index.js";
import { SCENARIOS } from "./replay-scenarios.js";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const dir = outAt >= 0 ? resolve(args[outAt + 1] ?? ".") : resolve(import.meta.dirname, "..", "vectors", "replay");
if (outAt >= 0) args.splice(outAt, 2);
const force = args.includes("--force-breaking");
const check = args.includes("--check");
const names = args.filter((a) => !a.startsWith("--"));
for (const n of names) if (!(n in SCENARIOS)) throw qfsError("E_USAGE", `unknown scenario ${n}`);

mkdirSync(dir, { recursive: true });
let refused = 0;
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
  const log = SCENARIOS[name]!();
  const text = serializeReplayLog(log);
  const path = resolve(dir, `${name}.json`);
  const root = log.meta?.expectedStateRoot ?? "";
  if (existsSync(path)) {
    const old = readFileSync(path, "utf8");
    if (old === text) {
      console.log(`${name}: unchanged ${root}`);
      continue;
    }
    const oldRoot = (JSON.parse(old) as { expectedStateRoot?: string }).expectedStateRoot;
    const what = oldRoot === root ? "same state root, other bytes" : `state root ${oldRoot} -> ${root}`;
    if (check || !force) {
      console.error(`${name}: FROZEN vector would change (${what})${check ? "" : "; rerun with --force-breaking"}`);
      refused++;
      continue;
    }
    console.warn(`${name}: BREAKING change forced (${what}); record it in docs/replay.md`);
  } else if (check) {
    console.error(`${name}: missing`);
    refused++;
    continue;
  }
  writeFileSync(path, text);
  console.log(`${name}: wrote ${root} (${log.batches.length} batches)`);
}
if (refused > 0) process.exit(1);
