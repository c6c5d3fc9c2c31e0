// ML-DSA verify benchmark: our WASM (dist/index.js) against @noble/post-quantum (pure JS),
// @oqs/liboqs-js (liboqs C → WASM) and pqclean (native addon, or its WASM fallback), in ONE
// interleaved run: every round visits every implementation (in rotating order), so machine noise
// lands on all of them alike. Per level 44/65/87: median, p10, p90 µs per verify of a 200-byte
// message with an empty context (the only context liboqs' and pqclean's verify take), verifies/s,
// and the ratio to ours with the key cache off; ours also with a new key (cache miss) and with a
// key seen before (cache hit). Then mldsaVerifyBatch single-threaded and on all cores through
// node:worker_threads (the repo has no piscina pool yet, so this uses worker_threads directly).
//
//   npm run bench:mldsa                 (builds first)
//   MLDSA_BENCH_SCALE=0.5 node bench/mldsa.bench.mjs   shorter run (default 1 ≈ 60–80 s)
import { performance } from "node:perf_hooks";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import os from "node:os";
import { readFileSync } from "node:fs";
// The anchors live in bench/anchors/ with their own lockfile (installed by bench/anchors/ensure.mjs).
import { loadOqs, loadPqclean } from "./anchors/load.mjs";
import { setImmediate } from "node:timers";

const DIST = new URL("../dist/index.js", import.meta.url);

if (!isMainThread) {
  await workerMain();
} else {
  await main();
}

// -------------------------------------------------------------------------------------------------
// Worker: warms up, then verifies the same batch over and over until the deadline it is given,
// timing each batch call, and reports the count and the per-batch times.
async function workerMain() {
  const { mldsaVerifyBatch } = await import(DIST.href);
  const { items, batchSize, warmupMs } = workerData;
  const batch = Array.from({ length: batchSize }, (_, i) => items[i % items.length]);
  const w0 = performance.now();
  while (performance.now() - w0 < warmupMs) mldsaVerifyBatch(batch);
  parentPort.postMessage({ ready: true });
  parentPort.once("message", ({ durationMs }) => {
    const t0 = performance.now();
    const times = [];
    let n = 0;
    let ok = true;
    while (performance.now() - t0 < durationMs) {
      const a = performance.now();
      const r = mldsaVerifyBatch(batch);
      times.push(performance.now() - a);
      ok &&= r.every((x) => x === true);
      n += batch.length;
    }
    parentPort.postMessage({ n, ms: performance.now() - t0, ok, times });
  });
}

// -------------------------------------------------------------------------------------------------
async function main() {
  const SCALE = Number(process.env.MLDSA_BENCH_SCALE ?? "1") || 1;
  const LEVEL_BUDGET_MS = 13_000 * SCALE; // single-verify rounds per level
  const SLICE_MS = 6; // time each implementation gets per round
  const BATCH_MS = 2_000 * SCALE; // batch measurement per level and mode
  const BATCH_SIZE = 64;
  // Version of a package from the anchors' node_modules, else the root's.
  const version = (name) => {
    for (const base of ["./anchors/node_modules/", "../node_modules/"]) {
      try {
        return JSON.parse(readFileSync(new URL(`${base}${name}/package.json`, import.meta.url), "utf8")).version;
      } catch {
        // not in this tree
      }
    }
    return "?";
  };
  const tStart = performance.now();

  console.log(`# ML-DSA verify benchmark`);
  console.log(
    `node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? "?"}), loadavg ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} — the machine is shared; trust ratios within this run over absolute numbers`,
  );

  const { ml_dsa44, ml_dsa65, ml_dsa87 } = await import("@noble/post-quantum/ml-dsa.js");
  const NOBLE = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 };

  // --- implementations ---------------------------------------------------------------------------
  /** @type {{ name: string, make: (level: number) => Promise<(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => boolean>, destroy?: () => void }[]} */
  const impls = [];
  const notes = [];

  let ours; // the module, or null when dist/ lacks it
  try {
    ours = await import(DIST.href);
    if (typeof ours.mldsaVerify !== "function")
      throw new Error("dist/index.js has no mldsaVerify (binding not merged/built?)");
    // Three views of ours: the key cache off (every verify expands Â etc.), a key seen for the first
    // time (cache cleared before each call: the miss path that also fills an entry), and a key seen
    // before (the entry is there: SPEC's "cached" figure).
    const o = ours;
    impls.push({
      name: "ours, cache off",
      make: async (level) => (pk, msg, sig) => {
        o.mldsaCacheSetEnabled(false);
        return o.mldsaVerify(level, pk, msg, sig);
      },
    });
    impls.push({
      name: "ours, new key (cache miss)",
      make: async (level) => (pk, msg, sig) => {
        o.mldsaCacheSetEnabled(true);
        o.mldsaCacheClear();
        return o.mldsaVerify(level, pk, msg, sig);
      },
    });
    impls.push({
      name: "ours, key seen before (cache hit)",
      make: async (level) => (pk, msg, sig) => {
        o.mldsaCacheSetEnabled(true);
        return o.mldsaVerify(level, pk, msg, sig);
      },
    });
  } catch (e) {
    ours = null;
    notes.push(`ours: NOT AVAILABLE — ${e.message}`);
  }

  impls.push({
    name: `@noble/post-quantum ${version("@noble/post-quantum")}`,
    make: async (level) => (pk, msg, sig) => NOBLE[level].verify(sig, msg, pk),
  });

  const oqsInstances = [];
  try {
    const oqs = await loadOqs();
    const factories = { 44: oqs.createMLDSA44, 65: oqs.createMLDSA65, 87: oqs.createMLDSA87 };
    impls.push({
      name: `@oqs/liboqs-js ${version("@oqs/liboqs-js")}`,
      make: async (level) => {
        const s = await factories[level]();
        oqsInstances.push(s);
        return (pk, msg, sig) => s.verify(msg, sig, pk);
      },
    });
  } catch (e) {
    notes.push(`@oqs/liboqs-js: failed to load — ${e.message}`);
  }

  try {
    const warnings = [];
    const onWarning = (w) => warnings.push(String(w.message));
    process.on("warning", onWarning);
    const pqclean = loadPqclean();
    await new Promise((r) => setImmediate(r)); // let an emitted warning arrive
    process.off("warning", onWarning);
    const native = /\[native code\]/.test(Function.prototype.toString.call(pqclean.Sign));
    const fallback = warnings.find((w) => /WebAssembly backend/.test(w));
    const backend = native ? "native addon" : `WASM fallback${fallback ? ` (${fallback})` : ""}`;
    notes.push(`pqclean ${version("pqclean")}: backend loaded = ${backend}`);
    impls.push({
      name: `pqclean ${version("pqclean")} (${native ? "native" : "wasm"})`,
      make: async (level) => {
        const s = new pqclean.Sign(`ml-dsa-${level}`);
        return (pk, msg, sig) => {
          const r = s.verify(pk, msg, sig);
          if (typeof r !== "boolean") throw new Error("pqclean backend is asynchronous here; not comparable");
          return r;
        };
      },
    });
  } catch (e) {
    notes.push(`pqclean: failed to load — ${e.message}`);
  }
  for (const n of notes) console.log(`- ${n}`);

  // --- inputs: deterministic keys and a 200-byte message --------------------------------------------
  const inputs = {};
  for (const level of [44, 65, 87]) {
    const seed = new Uint8Array(32).map((_, i) => (i * 7 + level) & 0xff);
    const { publicKey, secretKey } = NOBLE[level].keygen(seed);
    const msg = new Uint8Array(200).map((_, i) => (i * 31 + 3) & 0xff);
    const sig = NOBLE[level].sign(msg, secretKey, { extraEntropy: false });
    const bad = sig.slice();
    bad[100] ^= 1;
    // a few distinct signed items for the batch runs
    const items = Array.from({ length: 8 }, (_, k) => {
      const kp = NOBLE[level].keygen(seed.map((b) => b ^ (k + 1)));
      const m = msg.map((b) => b ^ k);
      return {
        level,
        publicKey: kp.publicKey,
        message: m,
        signature: NOBLE[level].sign(m, kp.secretKey, { extraEntropy: false }),
      };
    });
    inputs[level] = { pk: publicKey, msg, sig, bad, items };
  }

  // --- single verifies, interleaved --------------------------------------------------------------
  const results = {}; // results[level][name] = { med, p10, p90, n }
  for (const level of [44, 65, 87]) {
    const { pk, msg, sig, bad } = inputs[level];
    const runners = [];
    for (const impl of impls) {
      try {
        const f = await impl.make(level);
        if (f(pk, msg, sig) !== true) throw new Error("rejected a valid signature");
        if (f(pk, msg, bad) !== false) throw new Error("accepted a corrupted signature");
        // warm-up (lets V8 tier up the WASM/JS) and a per-call estimate: the median, so a
        // preempted call does not shrink the slice
        const w = [];
        const w0 = performance.now();
        while (performance.now() - w0 < 400 * SCALE || w.length < 5) {
          const a = performance.now();
          f(pk, msg, sig);
          w.push(performance.now() - a);
        }
        w.sort((x, y) => x - y);
        const est = w[w.length >> 1];
        runners.push({ name: impl.name, f, perRound: Math.max(1, Math.round(SLICE_MS / est)), t: [] });
      } catch (e) {
        console.log(`- ML-DSA-${level} ${impl.name}: skipped — ${e.message}`);
      }
    }
    const t0 = performance.now();
    let round = 0;
    while (performance.now() - t0 < LEVEL_BUDGET_MS) {
      for (let j = 0; j < runners.length; j++) {
        const r = runners[(round + j) % runners.length];
        for (let i = 0; i < r.perRound; i++) {
          const a = process.hrtime.bigint();
          const ok = r.f(pk, msg, sig);
          const b = process.hrtime.bigint();
          if (ok !== true) throw new Error(`${r.name} rejected a valid signature mid-run`);
          r.t.push(Number(b - a) / 1000);
        }
      }
      round++;
      // re-aim each slice at SLICE_MS from the median of the implementation's recent samples
      for (const r of runners) {
        const recent = r.t.slice(-64).sort((x, y) => x - y);
        r.perRound = Math.max(1, Math.round((SLICE_MS * 1000) / recent[recent.length >> 1]));
      }
    }
    results[level] = {};
    for (const r of runners) {
      r.t.sort((x, y) => x - y);
      const q = (p) => r.t[Math.min(r.t.length - 1, Math.floor(p * r.t.length))];
      results[level][r.name] = { med: q(0.5), p10: q(0.1), p90: q(0.9), n: r.t.length };
    }
    console.log(`- ML-DSA-${level}: ${round} interleaved rounds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  // --- tables ------------------------------------------------------------------------------------
  const oursName = impls.find((i) => i.name.startsWith("ours"))?.name; // the cache-off figure
  console.log(
    `\nNote: on a loaded machine a long call (noble: ms) is more likely to be preempted than a short one, so its median and p90 suffer more; its p10 is the better guide then.`,
  );
  const fmt = (x, d = 0) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  console.log(`\n## Single verify, 200-byte message (µs per verify; "vs ours" = its time / ours)\n`);
  console.log(
    `| level | implementation | median µs | p10 µs | p90 µs | verifies/s | vs ours (median) | vs ours (p10) | samples |`,
  );
  console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const level of [44, 65, 87]) {
    const base = oursName ? results[level][oursName] : undefined;
    for (const [name, s] of Object.entries(results[level])) {
      const ratio = base ? `${(s.med / base.med).toFixed(2)}×` : "n/a";
      const ratio10 = base ? `${(s.p10 / base.p10).toFixed(2)}×` : "n/a";
      console.log(
        `| ML-DSA-${level} | ${name} | ${fmt(s.med, 1)} | ${fmt(s.p10, 1)} | ${fmt(s.p90, 1)} | ${fmt(1e6 / s.med)} | ${ratio} | ${ratio10} | ${s.n} |`,
      );
    }
  }
  console.log(`\n## Median µs per verify (SPEC §14 layout)\n`);
  console.log(`| ML-DSA verify | 44 | 65 | 87 |`);
  console.log(`|---|---:|---:|---:|`);
  for (const impl of impls) {
    const cells = [44, 65, 87].map((l) => (results[l][impl.name] ? fmt(results[l][impl.name].med) : "—"));
    console.log(`| ${impl.name} | ${cells.join(" | ")} |`);
  }
  for (const s of oqsInstances) s.destroy?.();

  // --- batch: single thread and all cores --------------------------------------------------------
  // Two figures each: "median" = items / median time of one batch (or one slice of single calls),
  // robust to other processes on a shared machine; "wall" = items done / wall time, which counts
  // every preemption. On an idle machine they agree.
  if (ours) {
    ours.mldsaCacheSetEnabled(true);
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const nWorkers = Math.max(2, cores);
    const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    console.log(
      `\n## mldsaVerifyBatch, batches of ${BATCH_SIZE} items (verifies/s; ${nWorkers} node:worker_threads workers, no piscina pool in the repo yet)\n`,
    );
    console.log(
      `| level | mldsaVerify ×${BATCH_SIZE}, 1 thread (median · wall) | mldsaVerifyBatch, 1 thread (median · wall) | mldsaVerifyBatch, ${nWorkers} workers (Σ median · wall) |`,
    );
    console.log(`|---|---:|---:|---:|`);
    for (const level of [44, 65, 87]) {
      const { items } = inputs[level];
      const batch = Array.from({ length: BATCH_SIZE }, (_, i) => items[i % items.length]);
      if (!ours.mldsaVerifyBatch(batch).every((x) => x === true)) throw new Error("batch rejected valid items");
      // single thread: alternate one batch call and BATCH_SIZE single calls
      const tb = [];
      const ts = [];
      const t0 = performance.now();
      while (performance.now() - t0 < BATCH_MS) {
        let a = performance.now();
        ours.mldsaVerifyBatch(batch);
        tb.push(performance.now() - a);
        a = performance.now();
        for (const it of batch) ours.mldsaVerify(level, it.publicKey, it.message, it.signature);
        ts.push(performance.now() - a);
      }
      const sum = (xs) => xs.reduce((x, y) => x + y, 0);
      // all cores: each worker verifies the batch in a loop for the same duration
      const workers = await Promise.all(
        Array.from({ length: nWorkers }, () => {
          const w = new Worker(new URL(import.meta.url), {
            workerData: { items, batchSize: BATCH_SIZE, warmupMs: 300 * SCALE },
          });
          return new Promise((resolve, reject) => {
            w.once("message", () => resolve(w));
            w.once("error", reject);
          });
        }),
      );
      const done = workers.map(
        (w) =>
          new Promise((resolve, reject) => {
            w.once("message", resolve);
            w.once("error", reject);
          }),
      );
      const wt0 = performance.now();
      for (const w of workers) w.postMessage({ durationMs: BATCH_MS });
      const reports = await Promise.all(done);
      const wall = performance.now() - wt0;
      await Promise.all(workers.map((w) => w.terminate()));
      if (!reports.every((r) => r.ok)) throw new Error("a worker's batch rejected valid items");
      const total = reports.reduce((x, r) => x + r.n, 0);
      const workerMedian = reports.reduce((x, r) => x + (BATCH_SIZE / median(r.times)) * 1000, 0);
      const cell = (med, wallRate) => `${fmt(med)} · ${fmt(wallRate)}`;
      console.log(
        `| ML-DSA-${level} | ${cell((BATCH_SIZE / median(ts)) * 1000, ((BATCH_SIZE * ts.length) / sum(ts)) * 1000)} | ${cell(
          (BATCH_SIZE / median(tb)) * 1000,
          ((BATCH_SIZE * tb.length) / sum(tb)) * 1000,
        )} | ${cell(workerMedian, (total / wall) * 1000)} |`,
      );
    }
  } else {
    console.log(`\n(batch and worker measurements skipped: ours is not available)`);
  }
  console.log(
    `\ntotal bench time ${((performance.now() - tStart) / 1000).toFixed(1)} s; loadavg at the end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
}
