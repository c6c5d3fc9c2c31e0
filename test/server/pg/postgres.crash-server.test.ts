// Kill -9 of the real server on PostgreSQL (npm run test:pg): server/main.ts started with --config naming six
// participant databases spread over the two servers of scripts/ci-postgres.sh and the decision log on the second,
// under multi-token HTTP load (crash-server-runner.ts). SIGKILL at every named point and at random times, and
// "server-stop" kills: the second PostgreSQL server is stopped with -m immediate mid-round, the node is then
// SIGKILLed and the server started again before the restart. QFS_CRASH_KILLS sets the kills (default 24: three at
// each point; with the 28 of the SQLite run, 52 per CI run). Nothing skips: without the servers the suite fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PostgresStoresConfig } from "../../../server/stores/config.js";
import { openStores } from "../../../server/stores/open.js";
import { formatSummary, serviceCrashLoop, SERVICE_CRASH_POINTS } from "../crash-server-runner.js";
import { ciCluster } from "./crash-cluster.js";
import { dropDatabases, participantUrls, PG_SERVERS, pgUrl } from "./pg-env.js";
import { STAKING_REFUSALS } from "../crash-server-staking.js";

const kills = Number(process.env.QFS_CRASH_KILLS ?? "24");
const points = process.env.QFS_CRASH_POINTS?.split(",") ?? SERVICE_CRASH_POINTS;
const RUN = `qfs_s${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "qfs-crash-server-pg-"));
afterAll(async () => {
  await dropDatabases(RUN);
  rmSync(dir, { recursive: true, force: true });
});

describe("kill -9 of the server on PostgreSQL stores (two servers)", () => {
  it(`survives ${kills} kills and server stops under load`, { timeout: 900_000 }, async () => {
    const server = ciCluster(process.env.QFS_PG_STOP_CLUSTER ?? "qfs2");
    await server.start(); // a run that failed mid-stop may have left it down
    await dropDatabases(RUN);
    const stores: PostgresStoresConfig = {
      kind: "postgres",
      participants: participantUrls(RUN).map((url) => ({ url })),
      // On the server that gets stopped: a decision whose append fails there is the ambiguous case.
      decisionLog: { kind: "postgres", url: pgUrl(PG_SERVERS[1]!, `${RUN}_log`) },
    };
    const summary = await serviceCrashLoop({
      dataDir: dir,
      stores,
      openForCheck: () => openStores(stores),
      kills,
      seed: Number(process.env.QFS_CRASH_SEED ?? "17"),
      points,
      server,
      log: (line) => console.log(line),
    });
    console.log(formatSummary("service kill -9 suite, PostgreSQL (two servers)", summary));
    expect(Object.values(summary.perPoint).reduce((n, p) => n + p.kills, 0)).toBe(kills);
    // Every named point, the random kill and the server stop get their turn once the plan goes round once.
    if (kills > points.length + 1)
      for (const p of [...points, "random", "server-stop"])
        expect(summary.perPoint[p]?.kills ?? 0, `kills at ${p}`).toBeGreaterThan(0);
    expect(summary.acked).toBeGreaterThan(0);
    // The only sequenced rejections are the packets with a RES leg (crash-server-load.ts), rejected whole, and the
    // staking ops refused by their epoch (crash-server-staking.ts STAKING_REFUSALS).
    for (const outcome of Object.keys(summary.rejected))
      expect(outcome === "E_TOKEN_NOT_TRANSFERABLE" || STAKING_REFUSALS.has(outcome), outcome).toBe(true);
    // The load's staking ops did apply (a stake at least, and the pool then moved), not only their refusals.
    expect(summary.stakingApplied.stake ?? 0, JSON.stringify(summary.stakingApplied)).toBeGreaterThan(0);
  });
});
