#!/usr/bin/env node
// `npm run bench:core`: CertifiedMath and SHA3/SHAKE in our WASM against the references, in ONE
// run (the machine is noisy, so only ratios measured side by side mean much). Each case module in
// bench/cases/ exports `load()` → [{ name, impls: { <ours first>: fn, <reference>: fn, ... } }].
import Benchmark from "benchmark";
import { cpus } from "node:os";

const CASE_MODULES = process.argv.includes("--capacity-only")
  ? []
  : ["./cases/math.mjs", "./cases/hash.mjs", "./cases/ledger.mjs", "./cases/audit.mjs"];
const MAX_TIME_S = Number(process.argv.find((a) => a.startsWith("--max-time="))?.slice(11) ?? 1);
// --only=ledger,audit runs only the case modules whose file name contains one of the words.
const ONLY = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",");

function runCase(c) {
  return new Promise((resolveCase) => {
    const suite = new Benchmark.Suite(c.name);
    for (const [impl, fn] of Object.entries(c.impls)) suite.add(impl, fn, { maxTime: MAX_TIME_S, minSamples: 10 });
    const rows = [];
    suite.on("cycle", (ev) => rows.push({ impl: ev.target.name, hz: ev.target.hz, rme: ev.target.stats.rme }));
    suite.on("complete", () => resolveCase(rows));
    suite.run({ async: false });
  });
}

const fmt = (hz) => (hz >= 100 ? Math.round(hz).toLocaleString("en-US") : hz.toFixed(1));

const lines = [];
lines.push(`QFS V13 bench:core — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
lines.push("");
lines.push("| case | implementation | ops/s | ±% | ours × faster |");
lines.push("|---|---|---:|---:|---:|");
for (const mod of CASE_MODULES.filter((m) => ONLY === undefined || ONLY.some((w) => m.includes(w)))) {
  let cases;
  try {
    cases = await (await import(mod)).load();
  } catch (err) {
    lines.push(`| ${mod} | failed to load: ${String(err?.message ?? err).split("\n")[0]} | | | |`);
    continue;
  }
  for (const c of cases) {
    const rows = await runCase(c);
    const ours = rows[0];
    for (const r of rows) {
      const ratio = r === ours ? "—" : (ours.hz / r.hz).toFixed(2);
      lines.push(`| ${c.name} | ${r.impl} | ${fmt(r.hz)} | ${r.rme.toFixed(1)} | ${ratio} |`);
    }
    process.stderr.write(`. ${c.name}\n`);
  }
}

// Capacity (bench/cases/capacity.mjs): its own table, since each size needs a freshly built ledger.
const cap = await (await import("./cases/capacity.mjs")).run((m) => process.stderr.write(`${m}\n`));
const mib = (b) => (b / (1 << 20)).toFixed(0);
lines.push("");
lines.push(
  "| accounts | account slots | 1,000-transfer batch, CPU ms (median) | transfers/s | state-tree hashes | WASM bytes / account |",
);
lines.push("|---:|---:|---:|---:|---:|---:|");
for (const r of cap.rows)
  lines.push(
    `| ${r.accounts.toLocaleString("en-US")} | ${r.slots.toLocaleString("en-US")} | ${r.ms.toFixed(1)} | ` +
      `${Math.round(1e6 / r.ms).toLocaleString("en-US")} | ${r.treeHashes.toLocaleString("en-US")} | ${r.bytesPerAccount === undefined ? "—" : Math.round(r.bytesPerAccount)} |`,
  );
lines.push("");
lines.push(
  `WASM bytes / ML-DSA-87 key: ${Math.round(cap.bytesPerKey).toLocaleString("en-US")} ` +
    `(${cap.keys.toLocaleString("en-US")} keys, public key arena ${mib(cap.arenaBytes)} MiB)`,
);
console.log(lines.join("\n"));
