// Verify-pool benchmark (server/pool): ML-DSA-87-signed one-transfer packets through the Piscina
// pool at task batch sizes 1, 8, 32, 64, 128, 256 on 2 threads, beside the single-thread
// mldsaVerifyBatch rate measured in the same run. Per batch size: packets/s, the ratio to the
// single-thread rate, and p50/p99 task latency (submit to settle, queue wait included) and worker
// time. Then what the keys cost a task (shipped in the task buffer, hashed with and without the
// per-worker key-hash cache). Prints a markdown table (docs/benchmarks.md keeps the last run).
//
//   npm run bench:pool                      (builds first; runs the TypeScript pool through tsx)
//   POOL_BENCH_SCALE=0.3 npm run bench:pool   shorter run (default 1 ≈ 50 s after ~15 s of signing)
import { performance } from "node:perf_hooks";
import os from "node:os";
import {
  accountId,
  CONTEXT_TX,
  decodePacketWithBody,
  encodePacket,
  generateKeyPair,
  mldsaVerifyBatch,
  sha3_256,
  ops,
  signPacket,
  Token,
} from "../bindings/index.ts";
import { VerifyPool } from "../server/pool/index.ts";
import { KeyHashCache } from "../server/pool/key-cache.ts";
import { encodeTask, hexId } from "../server/pool/task-format.ts";
import { runVerifyTask } from "../server/pool/verify-task.ts";

const SCALE = Number(process.env.POOL_BENCH_SCALE ?? "1") || 1;
const ROUNDS = 4;
const SLICE_MS = 1_500 * SCALE;
const WARMUP_MS = 500 * SCALE;
const THREADS = 2;
const LANES = 2 * THREADS; // verify() calls kept in flight
const ONE_CALLERS = 128; // concurrent one-packet callers in the verifyOne() case
const BATCH_SIZES = [1, 8, 32, 64, 128, 256];
const SIGNERS = 64; // distinct ML-DSA-87 keys
const PACKETS = 256; // distinct packets, reused round robin
const CHAIN_ID = 1;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x, d = 0) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });

// ---------------------------------------------------------------------------------------------
// Fixtures: 64 keys, 256 signed packets (4 per key), a registry lookup.
const t0 = performance.now();
const keys = Array.from({ length: SIGNERS }, (_, i) => generateKeyPair(87, new Uint8Array(32).fill(i + 1)));
const registry = new Map(keys.map((k) => [hexId(k.keyId, 0), k]));
const lookup = (id) => registry.get(hexId(id, 0));
const packets = Array.from({ length: PACKETS }, (_, i) => {
  const k = keys[i % SIGNERS];
  const body = {
    chainId: CHAIN_ID,
    account: accountId(k.publicKey),
    nonce: BigInt(1 + Math.floor(i / SIGNERS)),
    timestampMs: 1_764_000_000_000n,
    ops: [ops.transfer(Token.FLX, accountId(keys[(i + 1) % SIGNERS].publicKey), 10n ** 18n)],
  };
  return encodePacket(signPacket(body, [k]));
});
const signMs = performance.now() - t0;
const items = packets.map((p, i) => {
  const { packet, bodyBytes } = decodePacketWithBody(p);
  const k = keys[i % SIGNERS];
  return {
    level: 87,
    publicKey: k.publicKey,
    message: bodyBytes,
    signature: packet.signatures[0].signature,
    context: CONTEXT_TX,
  };
});

// ---------------------------------------------------------------------------------------------
// Single thread: mldsaVerifyBatch over 64 items per call (the WASM verify alone), for `ms`.
const single = { n: 0, ms: 0, cpuUs: 0 };
// CPU time of the whole process (every thread), µs: robust to other load on the machine, unlike wall time.
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
function singleSlice(ms) {
  const batch = items.slice(0, 64);
  const s0 = performance.now();
  const c0 = cpuNow();
  while (performance.now() - s0 < ms) {
    const r = mldsaVerifyBatch(batch);
    if (!r.every(Boolean)) throw new Error("single-thread verify failed");
    single.n += batch.length;
  }
  single.ms += performance.now() - s0;
  single.cpuUs += cpuNow() - c0;
}

// One task of 64 packets in this thread: encode + the worker's task function, keys hashed every
// task or remembered by the per-worker cache (what shipping keys in the task costs).
const inThread = { hashed: [], cached: [], encode: [], encodeNoKeys: [], keyHash: [] };
const keyMap = new Map(keys.map((k) => [hexId(k.keyId, 0), { id: k.keyId, key: k }]));
const warmCache = new KeyHashCache();
function taskSlice() {
  const batch = packets.slice(0, 64);
  for (const cache of [undefined, warmCache]) {
    const e0 = performance.now();
    const buf = encodeTask(CHAIN_ID, batch, keyMap);
    const e1 = performance.now();
    const c1 = cpuNow();
    runVerifyTask(buf, cache === undefined ? {} : { keyCache: cache });
    (cache === undefined ? inThread.hashed : inThread.cached).push((cpuNow() - c1) / 1000);
    inThread.encode.push(e1 - e0);
  }
  const n0 = performance.now();
  encodeTask(CHAIN_ID, batch, new Map());
  inThread.encodeNoKeys.push(performance.now() - n0);
  const h0 = cpuNow();
  for (const k of keys) sha3_256(k.publicKey);
  inThread.keyHash.push((cpuNow() - h0) / 1000 / keys.length);
}

// ---------------------------------------------------------------------------------------------
// The pool at one batch size: `2 × threads` verify() calls of `batch` packets kept in flight (one
// task each), so a worker never waits for the main thread. A slice records from the moment every
// lane has finished one task (the pipeline is full) for `ms`; latencies from the onTaskDone hook.
class PoolCase {
  /** `callers` > 0: that many callers of verifyOne() (one packet a call), coalesced into tasks of `batch`. */
  constructor(batch, callers = 0) {
    this.batch = batch;
    this.callers = callers;
    this.label = callers > 0 ? `${batch}, from ${callers} verifyOne() callers` : `${batch}`;
    this.lat = [];
    this.work = [];
    this.n = 0;
    this.ms = 0;
    this.cpuUs = 0;
    this.recording = false;
    this.next = 0;
    this.pool = new VerifyPool({
      chainId: CHAIN_ID,
      threads: THREADS,
      taskPackets: batch,
      queueTasksMax: callers > 0 ? callers : 4 * THREADS,
      hooks: {
        onTaskDone: (d) => {
          if (!this.recording) return;
          this.lat.push(d.roundTripMs);
          this.work.push(d.workerRunMs);
        },
      },
    });
  }

  take() {
    const out = [];
    for (let i = 0; i < this.batch; i++) out.push(packets[this.next++ % PACKETS]);
    return out;
  }

  async slice(ms) {
    let stop = false;
    let warm = 0;
    let full;
    const filled = new Promise((res) => (full = res));
    const laneCount = this.callers > 0 ? this.callers : LANES;
    const lane = async () => {
      let first = true;
      while (!stop) {
        if (this.callers > 0) {
          const { results, index } = await this.pool.verifyOne(packets[this.next++ % PACKETS], lookup);
          if (results.verifiedBitmap(index) !== 1) throw new Error("pool verify failed");
          if (this.recording) this.n += 1;
        } else {
          const r = await this.pool.verify(this.take(), lookup);
          for (let i = 0; i < r.length; i++) if (r.verifiedBitmap(i) !== 1) throw new Error("pool verify failed");
          if (this.recording) this.n += r.length;
        }
        if (first && ++warm === laneCount) full();
        first = false;
      }
    };
    const lanes = Array.from({ length: laneCount }, lane);
    await filled;
    this.recording = true;
    const s0 = performance.now();
    const c0 = cpuNow();
    await new Promise((res) => setTimeout(res, ms));
    this.recording = false;
    this.ms += performance.now() - s0;
    this.cpuUs += cpuNow() - c0;
    stop = true;
    await Promise.all(lanes);
  }

  row(ref, refCpuUs) {
    const perSec = (this.n * 1000) / this.ms;
    const cpu = this.cpuUs / this.n;
    return `| ${this.label} | ${fmt(perSec)} | ${fmt(perSec / ref, 2)} | ${fmt(cpu)} | ${fmt((THREADS * 1e6) / cpu)} | ${fmt((THREADS * refCpuUs) / cpu, 2)} | ${fmt(quantile(this.lat, 0.5), 2)} | ${fmt(quantile(this.lat, 0.99), 2)} | ${fmt(quantile(this.work, 0.5), 2)} | ${this.lat.length} |`;
  }
}

// ---------------------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model ?? "?";
console.log(
  `QFS V13 bench:pool — node ${process.version}, ${os.cpus().length} × ${cpu}, load ${os.loadavg()[0].toFixed(2)}`,
);
console.log(
  `fixtures: ${SIGNERS} ML-DSA-87 keys, ${PACKETS} one-transfer packets (${packets[0].length} B), signed in ${fmt(signMs)} ms\n`,
);

const start0 = performance.now();
const cases = [...BATCH_SIZES.map((b) => new PoolCase(b)), new PoolCase(32, ONE_CALLERS)];
await cases[0].pool.verify(packets.slice(0, 1), lookup);
const startMs = performance.now() - start0; // six pools' threads started together: an upper bound for one
// Threads up (tsx + core.wasm per thread) and JIT warm, before anything is recorded.
// Each thread compiles core.wasm itself and V8 tiers hot functions up in the background: one
// unrecorded slice per case lets that finish before any CPU time is counted.
for (const c of cases) await c.pool.verify(packets.slice(0, 2 * THREADS), lookup);
for (const c of cases) {
  await c.slice(WARMUP_MS);
  Object.assign(c, { n: 0, ms: 0, cpuUs: 0, lat: [], work: [] });
}
singleSlice(WARMUP_MS);
taskSlice();
for (const k of Object.keys(inThread)) inThread[k] = [];
Object.assign(single, { n: 0, ms: 0, cpuUs: 0 });
// Interleaved rounds, rotating the order, so load from elsewhere on the machine lands on every case alike.
const loads = [];
for (let round = 0; round < ROUNDS; round++) {
  const order = [
    ...cases.map((c) => () => c.slice(SLICE_MS)),
    async () => singleSlice(SLICE_MS),
    async () => taskSlice(),
  ];
  for (let k = 0; k < order.length; k++) await order[(k + round) % order.length]();
  loads.push(os.loadavg()[0]);
}
for (const c of cases) await c.pool.close();

console.log(
  `pool start to first result: ${fmt(startMs)} ms (${cases.length} pools × ${THREADS} threads starting at once, under tsx)`,
);
const ref = (single.n * 1000) / single.ms;
const refCpuUs = single.cpuUs / single.n;
console.log(
  `${ROUNDS} interleaved rounds, ${fmt(SLICE_MS)} ms per case a round; load average during: ${loads.map((l) => l.toFixed(1)).join(", ")}`,
);
console.log(
  `single thread mldsaVerifyBatch (64 a call): ${fmt(ref)} verifies/s wall (${fmt(1e6 / ref)} µs), ${fmt(refCpuUs)} CPU µs a verify = ${fmt(1e6 / refCpuUs)}/s a core`,
);
console.log("");
console.log(
  "Wall: as measured on this (shared) machine. CPU: process CPU time (all threads: main + workers) per packet, and what it gives on idle cores; × = (2 cores / CPU per packet) ÷ single-thread verifies/s a core.",
);
console.log("");
console.log(
  `| task batch | packets/s wall | × single (wall) | CPU µs/packet | packets/s on ${THREADS} idle cores | × single (CPU) | task p50 ms | task p99 ms | worker p50 ms | tasks |`,
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const c of cases) console.log(c.row(ref, refCpuUs));
console.log("");
console.log("One task of 64 packets in this thread (the worker's task function, no pool), median CPU time:");
const perPacket = (xs) => (quantile(xs, 0.5) * 1000) / 64;
console.log(
  `  keys hashed every task:    ${fmt(quantile(inThread.hashed, 0.5), 2)} ms (${fmt(perPacket(inThread.hashed), 1)} µs a packet)`,
);
console.log(
  `  per-worker key-hash cache: ${fmt(quantile(inThread.cached, 0.5), 2)} ms (${fmt(perPacket(inThread.cached), 1)} µs a packet)`,
);
const us = (xs) => fmt(quantile(xs, 0.5) * 1000, 1);
console.log(
  `  SHA3-256 of one ML-DSA-87 public key (what the cache saves per key a task): ${us(inThread.keyHash)} CPU µs`,
);
console.log(
  `  encoding the task, 64 packets + 64 keys (${fmt((64 * (36 + 2592)) / 1024)} KiB of keys): ${us(inThread.encode)} µs; without keys: ${us(inThread.encodeNoKeys)} µs`,
);
