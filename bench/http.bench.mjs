// The quick load figure of the HTTP service (issue 8): the real app and Sequencer in this process, on SQLite
// stores in a temp data dir, with funded ML-DSA-44 accounts; transfers (two tokens each) pre-signed on worker
// threads, then driven over real HTTP by autocannon 9 — POST /v1/transactions (one packet a request), and
// POST /v1/transactions/batch (BATCH packets a request) when the app has it. Prints requests/s, packets/s,
// latency p50/p99 (autocannon counts whole ms) and the forced writes (fsyncs) per 2PC round, counted by the
// stores themselves.
//
// Each autocannon connection is one account sending its nonces in order (one request in flight per connection),
// so every packet applies: the figure is for accepted transfers, not for rejections. autocannon runs in this
// process too, on the same 2 cores as the server: the figure is a floor.
//
//   npm run bench:http                         (builds first; node --import tsx)
//   HTTP_BENCH_SCALE=0.25 npm run bench:http   shorter run (default 1: ~7,000 packets, ~25 s of signing)
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import autocannon from "autocannon";
import { LedgerParam, Token } from "../bindings/index.ts";
import { MAX_TIMESTAMP_WINDOW_MS } from "../bindings/ledger/layout.generated.ts";
import { buildApp } from "../server/app.ts";
import { Sequencer } from "../server/sequencer/sequencer.ts";
import { openStores } from "../server/stores/open.ts";
import { accountHex, hex, presign, seededKey } from "../test/server/load-fixtures.ts";

const SCALE = Number(process.env.HTTP_BENCH_SCALE ?? "1") || 1;
const CHAIN_ID = 51;
/** Single-packet run: connections (= accounts) and packets each. */
const SINGLE_CONNECTIONS = 64;
const SINGLE_PER_CONNECTION = Math.max(4, Math.round(40 * SCALE));
/** Batch run: connections, requests each, packets a request. */
const BATCH_CONNECTIONS = 8;
const BATCH_REQUESTS = Math.max(2, Math.round(8 * SCALE));
const BATCH_PACKETS = 64;
const SIGN_THREADS = Math.max(1, Math.min(os.availableParallelism?.() ?? 2, 4));
const ALLOCATION = 10n ** 24n;

const label = (run, lane) => `qfs-v13/bench/http/${run}-${lane}`;
const lanes = (run, n) => Array.from({ length: n }, (_, i) => seededKey(label(run, i)));
const single = lanes("single", SINGLE_CONNECTIONS);
const batch = lanes("batch", BATCH_CONNECTIONS);
const sink = accountHex(seededKey("qfs-v13/bench/http/sink"));
const ADMIN_LABEL = "qfs-v13/bench/http/admin";
const admin = seededKey(ADMIN_LABEL);

const genesis = {
  chainId: CHAIN_ID,
  timeMs: String(Date.now() - 1000),
  keys: [
    { publicKey: hex(admin.publicKey), roles: ["ADMIN"] },
    ...[...single, ...batch].map((k) => ({ publicKey: hex(k.publicKey), roles: [] })),
  ],
  allocations: [...single, ...batch].flatMap((k) =>
    [Token.CHR, Token.FLX].map((token) => ({ account: accountHex(k), token, amount: String(ALLOCATION) })),
  ),
};

/** Packets [lane][k]: lane's account, nonce k + 1, two tokens to the sink, stamped now (the admin widened the
 *  timestamp window first: signing thousands takes longer than the default ±30 s). */
async function signLanes(run, keys, perLane) {
  const ts = String(Date.now());
  const specs = keys.flatMap((k, lane) =>
    Array.from({ length: perLane }, (_, n) => ({
      chainId: CHAIN_ID,
      account: accountHex(k),
      nonce: String(n + 1),
      timestampMs: ts,
      signers: [{ label: label(run, lane), level: 44 }],
      ops: [
        { op: "transfer", token: Token.CHR, to: sink, amount: String(1000 + n) },
        { op: "transfer", token: Token.FLX, to: sink, amount: "7" },
      ],
    })),
  );
  const flat = await presign(specs, SIGN_THREADS);
  return keys.map((_, lane) => flat.slice(lane * perLane, (lane + 1) * perLane));
}

function drive(url, path, perConnection, connections, body, contentType) {
  let nextLane = 0;
  const requests = Array.from({ length: perConnection }, (_, k) => ({
    method: "POST",
    path,
    headers: { "content-type": contentType },
    setupRequest: (req, ctx) => {
      if (k === 0) ctx.lane = nextLane++; // one lane (account) per connection, its nonces in order
      return { ...req, body: body(ctx.lane, k) };
    },
  }));
  return autocannon({ url, connections, amount: connections * perConnection, requests, timeout: 60 });
}

const fmt = (x, d = 0) => Number(x).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), "qfs-bench-http-"));
  try {
    const t0 = performance.now();
    const stores = await openStores({ kind: "sqlite", dir: join(dataDir, "stores") });
    const forced = () => stores.participants.reduce((n, p) => n + p.forcedWrites(), 0) + stores.log.forcedWrites();
    const sequencer = await Sequencer.open({ dataDir, genesis, stores });
    const app = await buildApp({ node: sequencer });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    console.log(
      `server ${url}, data ${dataDir}, open in ${fmt(performance.now() - t0)} ms; load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );

    const [widen] = await presign([
      {
        chainId: CHAIN_ID,
        account: accountHex(admin),
        nonce: "1",
        timestampMs: String(Date.now()),
        signers: [{ label: ADMIN_LABEL, level: 44 }],
        ops: [{ op: "paramChange", paramId: LedgerParam.TIMESTAMP_WINDOW_MS, value: String(MAX_TIMESTAMP_WINDOW_MS) }],
      },
    ]);
    const widened = await fetch(`${url}/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: widen,
    });
    if (widened.status !== 200)
      throw new Error(`widening the timestamp window: ${widened.status} ${await widened.text()}`);

    const rows = [];
    // Applied packets of a run = the rise of its accounts' nonces, read over HTTP (a batch request's 200 does not
    // say that each of its packets applied).
    const nonces = async (keys) => {
      let n = 0n;
      for (const k of keys) n += BigInt((await (await fetch(`${url}/v1/accounts/${accountHex(k)}`)).json()).nonce);
      return Number(n);
    };
    const run = async (name, keys, packetsPerRequest, go) => {
      const n0 = await nonces(keys);
      const seq0 = BigInt(sequencer.state().seq);
      const f0 = forced();
      const cpu0 = process.cpuUsage();
      const r = await go();
      const cpu = process.cpuUsage(cpu0);
      const rounds = Number(BigInt(sequencer.state().seq) - seq0);
      const ok = (await nonces(keys)) - n0;
      rows.push({
        name,
        requests: r.requests.total,
        applied: ok,
        sent: r.requests.total * packetsPerRequest,
        non2xx: r.non2xx + r.errors + r.timeouts,
        reqPerS: r.requests.average,
        packetsPerS: ok / (r.duration || 1),
        p50: r.latency.p50,
        p99: r.latency.p99,
        rounds,
        packetsPerRound: ok / (rounds || 1),
        forcedPerRound: (forced() - f0) / (rounds || 1),
        // CPU of the whole process (server, verify pool, store workers and autocannon's client) per applied packet:
        // the load of the other users of a shared machine moves it far less than the wall-clock rate.
        cpuUsPerPacket: (cpu.user + cpu.system) / Math.max(1, ok),
      });
    };

    const ts = performance.now();
    const singlePackets = await signLanes("single", single, SINGLE_PER_CONNECTION);
    console.log(
      `signed ${SINGLE_CONNECTIONS * SINGLE_PER_CONNECTION} packets in ${fmt((performance.now() - ts) / 1000, 1)} s on ${SIGN_THREADS} threads`,
    );
    await run(`POST /v1/transactions, c=${SINGLE_CONNECTIONS}`, single, 1, () =>
      drive(
        url,
        "/v1/transactions",
        SINGLE_PER_CONNECTION,
        SINGLE_CONNECTIONS,
        (lane, k) => Buffer.from(singlePackets[lane][k]),
        "application/octet-stream",
      ),
    );

    const probe = await fetch(`${url}/v1/transactions/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"packets":[]}',
    });
    if (probe.status === 404) {
      console.log("POST /v1/transactions/batch: 404 on this build — batch run skipped");
    } else {
      const tb = performance.now();
      const batchPackets = await signLanes("batch", batch, BATCH_REQUESTS * BATCH_PACKETS);
      console.log(
        `signed ${BATCH_CONNECTIONS * BATCH_REQUESTS * BATCH_PACKETS} packets in ${fmt((performance.now() - tb) / 1000, 1)} s`,
      );
      const b64 = batchPackets.map((lane) => lane.map((p) => Buffer.from(p).toString("base64")));
      await run(
        `POST /v1/transactions/batch (${BATCH_PACKETS}/req), c=${BATCH_CONNECTIONS}`,
        batch,
        BATCH_PACKETS,
        () =>
          drive(
            url,
            "/v1/transactions/batch",
            BATCH_REQUESTS,
            BATCH_CONNECTIONS,
            (lane, k) => JSON.stringify({ packets: b64[lane].slice(k * BATCH_PACKETS, (k + 1) * BATCH_PACKETS) }),
            "application/json",
          ),
      );
    }

    console.log(
      "\n| run | requests | non-2xx | applied | req/s | packets/s | p50 ms | p99 ms | 2PC rounds | packets/round | fsyncs/round | CPU µs/packet |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of rows)
      console.log(
        `| ${r.name} | ${fmt(r.requests)} | ${r.non2xx} | ${fmt(r.applied)}/${fmt(r.sent)} | ${fmt(r.reqPerS)} | ${fmt(r.packetsPerS)} | ${r.p50} | ${r.p99} | ${r.rounds} | ${fmt(r.packetsPerRound, 1)} | ${fmt(r.forcedPerRound, 1)} | ${fmt(r.cpuUsPerPacket)} |`,
      );
    console.log(
      `\nload after: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    await app.close();
    await sequencer.close();
    if (rows.some((r) => r.non2xx > 0 || r.applied !== r.sent)) process.exitCode = 1; // every packet was built to apply
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
