// Kill -9 on PostgreSQL participants spread over two servers (npm run test:pg): the same child, kill points and
// checks as the SQLite crash suite (crash.test.ts), plus "server-stop" kills: one PostgreSQL server is stopped
// with -m immediate in the middle of the run (its prepared transactions must survive), the child is then
// SIGKILLed, and the server is started again before recovery. QFS_CRASH_KILLS sets the kills (default 30: with
// the 20 of the SQLite run, 50 per CI run).
import { afterAll, describe, expect, it } from "vitest";
import type { PostgresStoresConfig } from "../../../server/stores/config.js";
import { openStores } from "../../../server/stores/open.js";
import { crashLoop } from "../crash-runner.js";
import { ciCluster } from "./crash-cluster.js";
import { dropDatabases, participantUrls, PG_SERVERS, pgUrl } from "./pg-env.js";

const kills = Number(process.env.QFS_CRASH_KILLS ?? "30");
const RUN = `qfs_k${process.pid}`;
afterAll(async () => {
  await dropDatabases(RUN);
});

describe("kill -9 on PostgreSQL participants (two servers)", () => {
  it(`survives ${kills} kills and server stops`, { timeout: 900_000 }, async () => {
    const server = process.env.QFS_PG_NO_STOP ? undefined : ciCluster(process.env.QFS_PG_STOP_CLUSTER ?? "qfs2");
    await server?.start(); // a run that failed mid-stop may have left it down
    await dropDatabases(RUN);
    const config: PostgresStoresConfig = {
      kind: "postgres",
      participants: participantUrls(RUN).map((url) => ({ url })),
      // The log in PostgreSQL too, on the server that gets stopped: decisions that fail mid-append are the
      // ambiguous case the coordinator settles with an abort record (or leaves to recovery).
      decisionLog: { kind: "postgres", url: pgUrl(PG_SERVERS[1]!, `${RUN}_log`) },
    };
    const summary = await crashLoop({
      config,
      kills,
      seed: Number(process.env.QFS_CRASH_SEED ?? "11"),
      openForCheck: () => openStores(config),
      server,
    });
    console.log(`crash suite (PostgreSQL): ${JSON.stringify(summary)}`);
    expect(Object.values(summary.killsPerPoint).reduce((a, b) => a + b, 0)).toBe(kills);
    expect(summary.acked).toBeGreaterThan(0);
  });
});
