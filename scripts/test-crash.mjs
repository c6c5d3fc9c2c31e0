#!/usr/bin/env node
// `npm run test:crash [-- --kills N] [--seed S] [--no-pg] [--coordinator]`: the kill -9 suites on their own.
// By default the service-level suite (the real server as a child under multi-token HTTP load, docs/commit.md
// "Proven against kill -9") on SQLite, then on PostgreSQL over the two servers of scripts/ci-postgres.sh (which
// fails, never skips, when they are down). --kills N sets the kills per store kind (defaults: 28 SQLite, 24
// PostgreSQL); --no-pg runs SQLite only; --coordinator also runs the coordinator-level suites (bare 2PC rounds).
import { spawn } from "node:child_process";

const args = process.argv.slice(2);
const known = new Set(["--kills", "--seed", "--no-pg", "--coordinator", "--points"]);
for (const [i, a] of args.entries())
  if (a.startsWith("--") && !known.has(a)) {
    console.error(
      `unknown option ${a}\nusage: npm run test:crash -- [--kills N] [--seed S] [--points a,b] [--no-pg] [--coordinator]`,
    );
    process.exit(2);
  } else if (!a.startsWith("--") && !["--kills", "--seed", "--points"].includes(args[i - 1])) {
    console.error(`unexpected argument ${a}`);
    process.exit(2);
  }
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? "") : undefined;
};
const env = { ...process.env };
const kills = opt("kills");
if (kills !== undefined) {
  if (!/^[1-9]\d{0,5}$/.test(kills)) {
    console.error(`--kills must be a whole number from 1 to 999999, not ${kills}`);
    process.exit(2);
  }
  env.QFS_CRASH_KILLS = kills;
}
const seed = opt("seed");
if (seed !== undefined) {
  if (!/^\d{1,9}$/.test(seed)) {
    console.error(`--seed must be a whole number, not ${seed}`);
    process.exit(2);
  }
  env.QFS_CRASH_SEED = seed;
}
const points = opt("points");
if (points !== undefined) env.QFS_CRASH_POINTS = points;
console.log(`kill -9 suites: ${kills ?? "default"} kills per store kind, seed ${seed ?? "default"}`);
const pg = ["vitest", "run", "--config", "vitest.pg.config.ts"];
// Two lanes side by side (a run is mostly process starts: two cores halve the wall time), each run in turn within
// its lane: the PostgreSQL suites both stop a server, so they must not overlap.
const lanes = [[["vitest", "run", "test/server/crash-server.test.ts"]]];
if (!args.includes("--no-pg")) lanes.push([[...pg, "test/server/pg/postgres.crash-server.test.ts"]]);
if (args.includes("--coordinator")) {
  lanes[0].push(["vitest", "run", "test/server/crash.test.ts"]);
  if (!args.includes("--no-pg")) lanes[1].push([...pg, "test/server/pg/postgres.crash.test.ts"]);
}
const runOne = (run) =>
  new Promise((resolve) => spawn("npx", run, { stdio: "inherit", env }).on("exit", (code) => resolve(code ?? 1)));
const results = await Promise.all(
  lanes.map(async (lane) => {
    for (const run of lane) {
      const code = await runOne(run);
      if (code !== 0) return code;
    }
    return 0;
  }),
);
process.exit(results.find((c) => c !== 0) ?? 0);
