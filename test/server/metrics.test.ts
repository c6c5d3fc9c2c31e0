// GET /metrics (issue 9 item 4, docs/operations.md) over the real Sequencer: every metric of METRIC_NAMES is
// exposed, and the counts move as the node works — an applied packet, a rejected one (a bad signature, sequenced
// with its outcome), a repeat, the phases of each round, the verified signatures, the HTTP counter by route
// pattern; an admin HALT sets qfs_halted{source="ledger"} and the next packet is counted refused with E_HALTED.
import { afterAll, describe, expect, it } from "vitest";
import { ops } from "../../bindings/index.js";
import { buildApp } from "../../server/app.js";
import { PHASES } from "../../server/metrics/limits.js";
import { METRIC_NAMES, NodeMetrics } from "../../server/metrics/metrics.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import {
  admin,
  ALICE,
  badSignature,
  haltGenesis,
  hex,
  mint,
  packet,
  removeTempDirs,
  tempDataDir,
} from "./halt-fixtures.js";
import { sample, scrape } from "./metrics-fixtures.js";

afterAll(removeTempDirs);

describe("GET /metrics over the real sequencer", () => {
  it("exposes every listed metric; applied, rejected, repeat, refused and halt move as the node works", async () => {
    const metrics = new NodeMetrics();
    const seq = await Sequencer.open({
      dataDir: tempDataDir(),
      genesis: haltGenesis(),
      poolThreads: 1,
      batchDelayMs: 2,
      metrics,
    });
    const app = await buildApp({ node: seq, metrics });
    const post = (p: Uint8Array) =>
      app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/octet-stream" },
        payload: Buffer.from(p),
      });
    try {
      const before = await scrape(app);
      expect(sample(before, "qfs_transactions_total", { result: "applied", code: "OK" })).toBe(0);
      expect(sample(before, "qfs_halted", { source: "ledger" })).toBe(0);
      expect(sample(before, "qfs_sequencer_queue_packets_max")).toBe(4096);
      expect(sample(before, "qfs_pool_threads")).toBe(1);

      const ok = mint(1n, ALICE, 50n);
      expect((await post(ok)).statusCode).toBe(200);
      const forged = await post(badSignature(mint(2n, ALICE, 1n)));
      expect(forged.statusCode).toBe(401);
      expect(forged.json()).toMatchObject({ error: "E_SIG_INVALID" });
      expect((await post(ok)).json()).toMatchObject({ repeat: true });

      const text = await scrape(app);
      for (const name of METRIC_NAMES) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
      expect(sample(text, "qfs_transactions_total", { result: "applied", code: "OK" })).toBe(1);
      expect(sample(text, "qfs_transactions_total", { result: "rejected", code: "E_SIG_INVALID" })).toBe(1);
      expect(sample(text, "qfs_transactions_total", { result: "repeat", code: "OK" })).toBe(1);
      // Two packets sequenced, each in its own round (one at a time through inject): two latencies, two batches.
      expect(sample(text, "qfs_transaction_latency_seconds_count")).toBe(2);
      expect(sample(text, "qfs_batch_packets_count")).toBe(2);
      expect(sample(text, "qfs_batch_packets_sum")).toBe(2);
      expect(sample(text, "qfs_rounds_total", { outcome: "committed" })).toBe(2);
      for (const phase of PHASES) expect(sample(text, "qfs_phase_duration_seconds_count", { phase }), phase).toBe(2);
      // The minter's one signature verified; the forged one did not.
      expect(sample(text, "qfs_signatures_verified_total")).toBe(1);
      expect(sample(text, "qfs_pool_worker_busy_seconds_total")).toBeGreaterThan(0);
      expect(sample(text, "qfs_rounds_in_doubt")).toBe(0);
      expect(sample(text, "qfs_sequencer_queue_packets")).toBe(0);
      const route = { route: "/v1/transactions", method: "POST" };
      expect(sample(text, "qfs_http_requests_total", { ...route, status: "200" })).toBe(2);
      expect(sample(text, "qfs_http_requests_total", { ...route, status: "401" })).toBe(1);
      // A route's pattern is the label, never the id in the URL; an unknown URL is "unmatched".
      await app.inject({ url: `/v1/accounts/${hex(ALICE)}` });
      await app.inject({ url: "/no/such/route" });
      const reads = await scrape(app);
      expect(
        sample(reads, "qfs_http_requests_total", { route: "/v1/accounts/:id", method: "GET", status: "200" }),
      ).toBe(1);
      expect(sample(reads, "qfs_http_requests_total", { route: "unmatched", method: "GET", status: "404" })).toBe(1);
      expect(reads).not.toContain(hex(ALICE));

      expect((await post(packet([admin], 1n, [ops.halt(7)]))).statusCode).toBe(200);
      expect((await post(mint(2n, ALICE, 1n))).statusCode).toBe(503);
      const halted = await scrape(app);
      expect(sample(halted, "qfs_halted", { source: "ledger" })).toBe(1);
      expect(sample(halted, "qfs_halted", { source: "node" })).toBe(0);
      expect(sample(halted, "qfs_transactions_total", { result: "refused", code: "E_HALTED" })).toBe(1);
      expect(sample(halted, "qfs_transactions_total", { result: "applied", code: "OK" })).toBe(2);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("an app without a sequencer's metrics still serves /metrics (its own HTTP, SSE and halt metrics)", async () => {
    const seq = await Sequencer.open({ dataDir: tempDataDir(), genesis: haltGenesis(), poolThreads: 1 });
    const app = await buildApp({ node: seq });
    try {
      const r = await app.inject({ url: "/metrics" });
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toContain("text/plain");
      const text = r.body;
      expect(sample(text, "qfs_sse_subscribers")).toBe(0);
      expect(sample(text, "qfs_halted", { source: "node" })).toBe(0);
      // Nothing reported into this registry: the sequencer was opened without it.
      expect(sample(text, "qfs_batch_packets_count")).toBe(0);
    } finally {
      await app.close();
      await seq.close();
    }
  });
});
