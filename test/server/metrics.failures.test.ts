// /metrics under failures (issue 9 item 4): a participant whose phase-2 commit keeps failing leaves a round in
// doubt (qfs_rounds_in_doubt 1) until the next round settles it (0); a participant voting no aborts the round
// (qfs_rounds_total{outcome="aborted"}) and its packet is counted refused with E_STORAGE. An open GET /v1/events
// stream is counted in qfs_sse_subscribers while it lasts. A round left prepared without a decision is counted
// by the recovery at start (qfs_recovery_rounds_resolved_total{action="abort"}).
import { get, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.js";
import { NodeMetrics } from "../../server/metrics/metrics.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { openStores } from "../../server/stores/open.js";
import { encodeWriteSet } from "../../server/stores/write-set.js";
import { ALICE, haltGenesis, mint, removeTempDirs, tempDataDir } from "./halt-fixtures.js";
import { sample, scrape } from "./metrics-fixtures.js";

afterAll(removeTempDirs);

describe("/metrics under failures", () => {
  it("a failing phase 2 leaves a round in doubt until settled; a no vote is an aborted round and a refused packet", async () => {
    const dataDir = tempDataDir();
    const stores = await openStores({ kind: "sqlite", dir: join(dataDir, "stores") });
    const flaky = stores.participants[2]!;
    const fault = { commit: false, prepare: false };
    const commit = flaky.commit.bind(flaky);
    const prepare = flaky.prepare.bind(flaky);
    flaky.commit = async (round) => {
      if (fault.commit) throw new Error("injected: phase 2 fails");
      return commit(round);
    };
    flaky.prepare = async (round, term, writeSet) => {
      if (fault.prepare) return { vote: "no", code: "E_STORAGE", reason: "injected: votes no" };
      return prepare(round, term, writeSet);
    };
    const metrics = new NodeMetrics();
    const seq = await Sequencer.open({
      dataDir,
      genesis: haltGenesis(),
      stores,
      poolThreads: 1,
      batchDelayMs: 2,
      metrics,
    });
    const app = await buildApp({ node: seq, metrics });
    try {
      fault.commit = true;
      // The decision is the commit point: the packet is applied although one participant's phase 2 failed.
      expect((await seq.submit(mint(1n, ALICE, 5n))).outcome).toBe("OK");
      let text = await scrape(app);
      expect(sample(text, "qfs_rounds_in_doubt")).toBe(1);
      expect(sample(text, "qfs_rounds_total", { outcome: "committed" })).toBe(1);

      fault.commit = false;
      fault.prepare = true;
      await expect(seq.submit(mint(2n, ALICE, 5n))).rejects.toMatchObject({ code: "E_STORAGE" });
      text = await scrape(app);
      // The next round settled the unsettled one before its own phase 1.
      expect(sample(text, "qfs_rounds_in_doubt")).toBe(0);
      expect(sample(text, "qfs_rounds_total", { outcome: "aborted" })).toBe(1);
      expect(sample(text, "qfs_transactions_total", { result: "refused", code: "E_STORAGE" })).toBe(1);
      // An aborted round never reaches the decision: only its 2PC prepare is timed.
      expect(sample(text, "qfs_phase_duration_seconds_count", { phase: "twopc_prepare" })).toBe(2);
      expect(sample(text, "qfs_phase_duration_seconds_count", { phase: "decision" })).toBe(1);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("an open event stream is counted in qfs_sse_subscribers, and uncounted when it closes", async () => {
    const metrics = new NodeMetrics();
    const seq = await Sequencer.open({ dataDir: tempDataDir(), genesis: haltGenesis(), poolThreads: 1, metrics });
    const app = await buildApp({ node: seq, metrics });
    try {
      const url = await app.listen({ port: 0, host: "127.0.0.1" });
      const res = await new Promise<IncomingMessage>((resolve, reject) =>
        get(`${url}/v1/events`, resolve).on("error", reject),
      );
      expect(res.statusCode).toBe(200);
      expect(sample(await scrape(app), "qfs_sse_subscribers")).toBe(1);
      const closed = new Promise((resolve) => res.on("close", resolve));
      res.destroy();
      await closed;
      // The server sees the socket close on a later turn: wait for the count, not for a time.
      for (let i = 0; i < 100 && sample(await scrape(app), "qfs_sse_subscribers") !== 0; i++)
        await new Promise((resolve) => setImmediate(resolve));
      expect(sample(await scrape(app), "qfs_sse_subscribers")).toBe(0);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("a round left prepared without a decision is aborted by the recovery at start, and counted", async () => {
    const dataDir = tempDataDir();
    await (await Sequencer.open({ dataDir, genesis: haltGenesis(), poolThreads: 1 })).close();
    // A coordinator that died after participant 0 voted yes on round 2 and before any decision.
    const stores = await openStores({ kind: "sqlite", dir: join(dataDir, "stores") });
    const term = await stores.log.claimTerm();
    expect(await stores.participants[0]!.prepare(2n, term, encodeWriteSet(0, 1n, []))).toEqual({ vote: "yes" });
    await stores.close();

    const metrics = new NodeMetrics();
    const seq = await Sequencer.open({ dataDir, poolThreads: 1, metrics });
    const app = await buildApp({ node: seq, metrics });
    try {
      const text = await scrape(app);
      expect(sample(text, "qfs_recovery_rounds_resolved_total", { action: "abort" })).toBe(1);
      expect(sample(text, "qfs_recovery_rounds_resolved_total", { action: "commit" })).toBe(0);
      expect(sample(text, "qfs_rounds_in_doubt")).toBe(0);
    } finally {
      await app.close();
      await seq.close();
    }
  });
});
