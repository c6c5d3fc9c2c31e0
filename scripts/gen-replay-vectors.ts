// Writes vectors/replay/<name>.json: deterministic replay logs (scripts/replay-scenarios.ts) with
// their expectedStateRoot. Run: `npm run vectors:replay [-- NAME...] [--force-breaking] [--check]
// [--out DIR] [--format v1|v2|both]`. `--format v2` writes the same logs as version 2 (JSON Lines,
// <name>.jsonl, the expectedStateRoot in the trailer); the frozen set is the version-1 files.
//
// FROZEN: a vector that already exists is never changed silently. If the regenerated file differs
// (its state root, or any other byte: audit entries, signatures, packets), the generator refuses
// and exits 1, unless --force-breaking is given. Changing a frozen vector is a breaking change of
// the ledger, the log format or the audit encoding: do it deliberately and record it in the
// changelog of docs/replay.md. --check regenerates and compares without writing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { qfsError, serializeReplayLog, serializeReplayLogV2 } from "../bindings/index.js";
import { SCENARIOS } from "./replay-scenarios.js";

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const dir = outAt >= 0 ? resolve(args[outAt + 1] ?? ".") : resolve(import.meta.dirname, "..", "vectors", "replay");
if (outAt >= 0) args.splice(outAt, 2);
const formatAt = args.indexOf("--format");
const format = formatAt >= 0 ? args[formatAt + 1] : "v1";
if (formatAt >= 0) args.splice(formatAt, 2);
if (format !== "v1" && format !== "v2" && format !== "both")
  throw qfsError("E_USAGE", `--format: v1, v2 or both, got ${format}`);
const writers: [string, (log: Parameters<typeof serializeReplayLog>[0]) => string][] = [];
if (format !== "v2") writers.push([".json", serializeReplayLog]);
if (format !== "v1") writers.push([".jsonl", serializeReplayLogV2]);
const force = args.includes("--force-breaking");
const check = args.includes("--check");
const names = args.filter((a) => !a.startsWith("--"));
for (const n of names) if (!(n in SCENARIOS)) throw qfsError("E_USAGE", `unknown scenario ${n}`);

mkdirSync(dir, { recursive: true });
let refused = 0;
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
  const log = SCENARIOS[name]!();
  for (const [ext, serialize] of writers) refused += write(name + ext, serialize(log), log);
}
if (refused > 0) process.exit(1);

// Writes one file under the frozen rule; returns 1 when it refused.
function write(file: string, text: string, log: ReturnType<(typeof SCENARIOS)[string]>): number {
  const name = file;
  const path = resolve(dir, file);
  const root = log.meta?.expectedStateRoot ?? "";
  if (existsSync(path)) {
    const old = readFileSync(path, "utf8");
    if (old === text) {
      console.log(`${name}: unchanged ${root}`);
      return 0;
    }
    const oldRoot = /"expectedStateRoot":\s*"([0-9a-f]{64})"/.exec(old)?.[1];
    const what = oldRoot === root ? "same state root, other bytes" : `state root ${oldRoot} -> ${root}`;
    if (check || !force) {
      console.error(`${name}: FROZEN vector would change (${what})${check ? "" : "; rerun with --force-breaking"}`);
      return 1;
    }
    console.warn(`${name}: BREAKING change forced (${what}); record it in docs/replay.md`);
  } else if (check) {
    console.error(`${name}: missing`);
    return 1;
  }
  writeFileSync(path, text);
  console.log(`${name}: wrote ${root} (${log.batches.length} batches)`);
  return 0;
}
