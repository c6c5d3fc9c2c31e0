// npm run bench:tps -- [--rate R | --steps 100,500,1000,1500] [--duration S] [--batch N] [--tokens K]
//                      [--store sqlite|postgres] [--url U] [--anchor pg] [--accounts A] [--threads T]
//                      [--cpu-prof DIR] [--json-out FILE] [--genesis-out FILE]
// End-to-end throughput of the node, open-loop (bench/tps/driver.mjs), over a corpus of pre-signed ML-DSA-87
// multi-token transfers among A accounts (bench/tps/corpus.mjs; cached). By default a fresh node in a child
// process on a temp data dir (bench/tps/server.mjs); --url U targets a running node instead, which must be fresh
// and started on this bench's genesis (--genesis-out FILE writes it, as DATA_DIR/genesis.json). Steps run in
// increasing order; a step is sustained when p99 < 100 ms, errors < 0.1 % and achieved ≥ 95 % of offered, and
// the ramp stops at the first that is not (a packet refused unsequenced leaves its account's later nonces
// refused, so later steps would measure that, not the node). Prints a table per step and, last, one JSON line.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { CORPUS_VERSION, loadCorpus, TOKENS_MAX } from "./corpus.mjs";
import { prepareRequests, quantile, runOpenLoop } from "./driver.mjs";
import { formatPhases, phaseMeans, scrapePhases } from "./phases.mjs";
import { runPgAnchor } from "./pg-anchor.mjs";
import { postgresStores } from "./pg-stores.mjs";
import { benchGenesis, processCpuS, startServer } from "./server.mjs";
import { setupNode } from "./setup.mjs";
import { measureVerifyLimit } from "./verify-limit.mjs";

const USAGE =
  "usage: npm run bench:tps -- [--rate R | --steps 100,500,1000,1500] [--duration S] [--batch N] [--tokens K] " +
  "[--store sqlite|postgres] [--url U] [--anchor pg] [--accounts A] [--threads T] [--cpu-prof DIR] [--json-out FILE] " +
  "[--genesis-out FILE]";
/** Sustained: p99 below this, ms … */
export const SUSTAINED_P99_MS = 100;
/** … errors below this share … */
export const SUSTAINED_ERROR_RATE = 0.001;
/** … and achieved at least this share of offered. */
export const SUSTAINED_ACHIEVED_SHARE = 0.95;
const STEPS_DEFAULT = [100, 500, 1000, 1500];
const DURATION_S_DEFAULT = 60;
/** Caps on the flags, each checked before anything is allocated for it. */
const RATE_MAX = 100_000;
const DURATION_S_MAX = 3_600;
const STEPS_MAX = 32;
const ACCOUNTS_MIN = 10_000;
const ACCOUNTS_MAX = 200_000;
const BATCH_MAX = 256; // server/config.ts HTTP_BATCH_PACKETS_MAX
/** Anchor run per mode, s. */
const ANCHOR_DURATION_S = 20;

function fail(msg) {
  console.error(`bench:tps: ${msg}\n${USAGE}`);
  process.exit(2);
}
function int(name, v, dflt, min, max) {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

const { values: a } = parseArgs({
  options: {
    rate: { type: "string" },
    steps: { type: "string" },
    duration: { type: "string" },
    batch: { type: "string" },
    tokens: { type: "string" },
    store: { type: "string" },
    url: { type: "string" },
    anchor: { type: "string" },
    accounts: { type: "string" },
    threads: { type: "string" },
    "cpu-prof": { type: "string" },
    "json-out": { type: "string" },
    "genesis-out": { type: "string" },
    help: { type: "boolean" },
  },
});
if (a.help) {
  console.log(USAGE);
  process.exit(0);
}
if (a.rate !== undefined && a.steps !== undefined) fail("--rate and --steps exclude each other");
if (a.steps !== undefined && a.steps.length > STEPS_MAX * 7) fail(`--steps: at most ${STEPS_MAX} steps`);
const steps =
  a.rate !== undefined
    ? [int("rate", a.rate, 0, 1, RATE_MAX)]
    : a.steps !== undefined
      ? a.steps.split(",").map((s) => int("steps", s, 0, 1, RATE_MAX))
      : STEPS_DEFAULT;
if (steps.length > STEPS_MAX) fail(`--steps: at most ${STEPS_MAX} steps`);
steps.sort((x, y) => x - y);
const durationS = int("duration", a.duration, DURATION_S_DEFAULT, 1, DURATION_S_MAX);
const batch = int("batch", a.batch, 1, 1, BATCH_MAX);
const tokens = int("tokens", a.tokens, TOKENS_MAX, 1, TOKENS_MAX);
const accounts = int("accounts", a.accounts, ACCOUNTS_MIN, ACCOUNTS_MIN, ACCOUNTS_MAX);
const threads = a.threads === undefined ? undefined : int("threads", a.threads, 2, 1, 64);
const store = a.store ?? "sqlite";
if (store !== "sqlite" && store !== "postgres") fail("--store must be sqlite or postgres");
if (a.anchor !== undefined && a.anchor !== "pg") fail("--anchor takes pg");
if (a.url !== undefined && a.store !== undefined) fail("--store applies to the node bench:tps starts, not to --url");

const totalPackets = steps.reduce((n, r) => n + r * durationS, 0);
const rounds = Math.ceil(totalPackets / accounts);
const cores = os.availableParallelism();
console.log(
  `bench:tps: ${os.cpus()[0]?.model ?? "cpu"} × ${cores}, node ${process.version}; steps ${steps.join(",")} tx/s × ${durationS} s, ` +
    `batch ${batch}, ${tokens}-token transfers, ${accounts} accounts, store ${a.url ? `(node at ${a.url})` : store}`,
);
const corpus = await loadCorpus({ accounts, tokens, rounds, threads: cores });
console.log(
  `corpus: ${corpus.dir} (v${CORPUS_VERSION}, ${corpus.meta.rounds} rounds of ${accounts}, ${totalPackets} packets used)`,
);
if (a["genesis-out"] !== undefined) {
  writeFileSync(a["genesis-out"], JSON.stringify(benchGenesis(corpus.bank, tokens)) + "\n");
  console.log(`genesis written to ${a["genesis-out"]}`);
  process.exit(0);
}

// The cores' verify limit first, while nothing else of ours runs.
const sample = corpus.round(0);
const verify = await measureVerifyLimit(corpus, sample, cores);
console.log(
  `verify limit: ${verify.verifyLimitTps} verifies/s on ${verify.threads} threads (${verify.usPerVerifyPerCore.toFixed(0)} µs a verify a core)`,
);

const server =
  a.url !== undefined
    ? { url: a.url, pid: undefined, stop: async () => {} }
    : await startServer({
        genesis: benchGenesis(corpus.bank, tokens),
        ...(store === "postgres" ? { storesConfig: await postgresStores() } : {}),
        ...(threads !== undefined ? { threads } : {}),
        ...(a["cpu-prof"] !== undefined ? { cpuProfDir: a["cpu-prof"] } : {}),
      });
const rows = [];
let headerDone = false;
try {
  await setupNode(server.url, corpus);
  let cursor = 0; // next corpus packet (round-major: one account's packets `accounts` apart)
  let loadedRound = -1;
  let roundPackets = [];
  const take = (n) => {
    const out = [];
    while (out.length < n) {
      const r = Math.floor(cursor / accounts);
      if (r !== loadedRound) {
        roundPackets = corpus.round(r);
        loadedRound = r;
      }
      const i = cursor % accounts;
      const m = Math.min(n - out.length, accounts - i);
      out.push(...roundPackets.slice(i, i + m));
      cursor += m;
    }
    return out;
  };
  for (const rate of steps) {
    const requests = prepareRequests(take(rate * durationS), batch);
    const cpu0 = server.pid === undefined ? undefined : processCpuS(server.pid);
    const me0 = process.cpuUsage();
    const phases0 = await scrapePhases(server.url);
    const r = await runOpenLoop(server.url, requests, rate, batch);
    const phases = phaseMeans(phases0, await scrapePhases(server.url));
    const cpu1 = server.pid === undefined ? undefined : processCpuS(server.pid);
    const me = process.cpuUsage(me0);
    const row = {
      offeredTps: rate,
      achievedTps: r.ok / r.elapsedS,
      p50Ms: quantile(r.latenciesMs, 0.5),
      p95Ms: quantile(r.latenciesMs, 0.95),
      p99Ms: quantile(r.latenciesMs, 0.99),
      maxMs: r.latenciesMs.length ? r.latenciesMs[r.latenciesMs.length - 1] : NaN,
      sent: r.sent,
      errors: r.errors,
      errorRate: r.errors / r.sent,
      codes: r.codes,
      serverCpuPct: cpu0 === undefined || cpu1 === undefined ? null : (100 * (cpu1 - cpu0)) / r.elapsedS,
      driverCpuPct: (100 * (me.user + me.system)) / 1e6 / r.elapsedS,
      sendLagMsMax: r.sendLagMsMax,
      loadAvg1: os.loadavg()[0],
      batch,
      phases,
    };
    row.sustained =
      row.p99Ms < SUSTAINED_P99_MS &&
      row.errorRate < SUSTAINED_ERROR_RATE &&
      row.achievedTps >= SUSTAINED_ACHIEVED_SHARE * rate;
    rows.push(row);
    printRow(row);
    if (!row.sustained) break;
  }
} finally {
  await server.stop();
}
for (const r of rows) console.log(`${r.offeredTps} tx/s: ${formatPhases(r.phases)}`);

let anchor;
if (a.anchor === "pg") anchor = await runPgAnchor(corpus.ids, tokens, ANCHOR_DURATION_S);

function f(x, d = 1) {
  return x === null || Number.isNaN(x) ? "n/a" : x.toFixed(d);
}
function printRow(r) {
  if (!headerDone) {
    console.log(
      "| offered tx/s | achieved tx/s | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU % | driver CPU % | load 1 min | sustained |",
    );
    console.log(
      "| -----------: | ------------: | -----: | -----: | -----: | -----: | -----: | -----------: | -----------: | ---------: | :-------: |",
    );
    headerDone = true;
  }
  const codes = Object.entries(r.codes)
    .map(([c, n]) => `${c}×${n}`)
    .join(" ");
  console.log(
    `| ${r.offeredTps} | ${f(r.achievedTps)} | ${f(r.p50Ms, 2)} | ${f(r.p95Ms, 2)} | ${f(r.p99Ms, 2)} | ${f(r.maxMs, 1)} | ` +
      `${r.errors} (${(100 * r.errorRate).toFixed(3)} %)${codes ? " " + codes : ""} | ${f(r.serverCpuPct, 0)} | ${f(r.driverCpuPct, 0)} | ${f(r.loadAvg1, 1)} | ${r.sustained ? "yes" : "no"} |`,
  );
}

const last = rows[rows.length - 1];
const best = rows.filter((r) => r.sustained).reduce((m, r) => Math.max(m, r.offeredTps), 0);
const out = {
  offeredTps: last.offeredTps,
  achievedTps: Math.round(last.achievedTps),
  p50Ms: Number(last.p50Ms.toFixed(3)),
  p99Ms: Number(last.p99Ms.toFixed(3)),
  errorRate: last.errorRate,
  maxSustainableTps: best,
  verifyLimitTps: verify.verifyLimitTps,
  batch,
  tokens,
  store: a.url ? "url" : store,
  ratioToVerifyLimit: Number((best / verify.verifyLimitTps).toFixed(3)),
  ...(anchor
    ? {
        anchorPgTps: Math.round(anchor.statements.tps),
        anchorPgOneTripTps: Math.round(anchor.oneTrip.tps),
        ratioToAnchorPg: Number((best / anchor.statements.tps).toFixed(3)),
        ratioToAnchorPgOneTrip: Number((best / anchor.oneTrip.tps).toFixed(3)),
        // The last step's achieved rate beside the anchor too: a run with no sustained step still compares.
        achievedRatioToAnchorPg: Number((last.achievedTps / anchor.statements.tps).toFixed(3)),
      }
    : {}),
};
if (anchor)
  console.log(
    `ours ${best} tx/s sustained vs plain PostgreSQL ${out.anchorPgTps} tx/s (×${out.ratioToAnchorPg}) and ${out.anchorPgOneTripTps} tx/s one round trip (×${out.ratioToAnchorPgOneTrip})`,
  );
if (a["json-out"] !== undefined) {
  mkdirSync(dirname(a["json-out"]), { recursive: true });
  writeFileSync(
    a["json-out"],
    JSON.stringify(
      { summary: out, steps: rows, verify, anchor, at: new Date().toISOString(), cpu: os.cpus()[0]?.model, cores },
      null,
      2,
    ) + "\n",
  );
}
console.log(JSON.stringify(out));
