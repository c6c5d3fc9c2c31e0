// Kill -9 of the real server (issue 8 deliverable 5) on the embedded default, SQLite participants under --data:
// crash-server-runner.ts runs server/main.ts as a child under multi-token HTTP load and SIGKILLs it at every
// named point and at random times; after each restart crash-server-check.ts checks the node. QFS_CRASH_KILLS sets
// the kills (default 28: four at each named point and at random; `npm run test:crash -- --kills N`),
// QFS_CRASH_POINTS a comma list of named points.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStores } from "../../server/stores/open.js";
import { formatSummary, serviceCrashLoop, SERVICE_CRASH_POINTS } from "./crash-server-runner.js";
import { STAKING_REFUSALS } from "./crash-server-staking.js";

const kills = Number(process.env.QFS_CRASH_KILLS ?? "28");
const points = process.env.QFS_CRASH_POINTS?.split(",") ?? SERVICE_CRASH_POINTS;
const dir = mkdtempSync(join(tmpdir(), "qfs-crash-server-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kill -9 of the server on SQLite stores", () => {
  it(
    `survives ${kills} kills under load: no acknowledged tx lost, none half applied, supplies intact, none in doubt, root = replay`,
    { timeout: 900_000 },
    async () => {
      const summary = await serviceCrashLoop({
        dataDir: dir,
        openForCheck: () => openStores({ kind: "sqlite", dir: join(dir, "stores") }, { sqliteInProcess: true }),
        kills,
        seed: Number(process.env.QFS_CRASH_SEED ?? "5"),
        points,
        log: (line) => console.log(line),
      });
      console.log(formatSummary("service kill -9 suite, SQLite", summary));
      expect(Object.values(summary.perPoint).reduce((n, p) => n + p.kills, 0)).toBe(kills);
      // Every named point and the random kill get their turn once the plan goes round once.
      if (kills > points.length)
        for (const p of points) expect(summary.perPoint[p]?.kills ?? 0, `kills at ${p}`).toBeGreaterThan(0);
      expect(summary.acked).toBeGreaterThan(0);
      // The only sequenced rejections are the packets with a RES leg (crash-server-load.ts), rejected whole, and the
      // staking ops refused by their epoch (crash-server-staking.ts STAKING_REFUSALS).
      for (const outcome of Object.keys(summary.rejected))
        expect(outcome === "E_TOKEN_NOT_TRANSFERABLE" || STAKING_REFUSALS.has(outcome), outcome).toBe(true);
      // The load's staking ops did apply (a stake at least, and the pool then moved), not only their refusals.
      expect(summary.stakingApplied.stake ?? 0, JSON.stringify(summary.stakingApplied)).toBeGreaterThan(0);
    },
  );
});
