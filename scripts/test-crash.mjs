#!/usr/bin/env node
// `npm run test:crash [-- --kills N] [--seed S] [--pg]`: the kill -9 suite with more kills than the default run.
// SQLite always; with --pg also the PostgreSQL one (needs scripts/ci-postgres.sh's servers).
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const kills = opt("kills", "100");
if (!/^[1-9]\d{0,5}$/.test(kills)) {
  console.error(`--kills must be a whole number from 1 to 999999, not ${kills}`);
  process.exit(2);
}
const env = { ...process.env, QFS_CRASH_KILLS: kills, QFS_CRASH_SEED: opt("seed", String(Date.now() % 100000)) };
console.log(`kill -9 suite: ${kills} kills per store kind, seed ${env.QFS_CRASH_SEED}`);
const runs = [["vitest", "run", "test/server/crash.test.ts"]];
if (args.includes("--pg"))
  runs.push(["vitest", "run", "--config", "vitest.pg.config.ts", "test/server/pg/postgres.crash.test.ts"]);
for (const run of runs) {
  const r = spawnSync("npx", run, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
