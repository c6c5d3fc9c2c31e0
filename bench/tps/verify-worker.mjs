// Worker thread of bench/tps/verify-limit.mjs: mldsaVerifyBatch over the given items, again and again for
// `ms`; reports how many verified (every one must: a false is a broken corpus, not a figure).
import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { mldsaVerifyBatch } from "../../dist/index.js";

const { items, ms } = workerData;
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < ms) {
  const r = mldsaVerifyBatch(items);
  if (!r.every(Boolean)) throw new Error("verify-worker: a corpus signature did not verify");
  n += items.length;
}
parentPort.postMessage({ n, ms: performance.now() - t0 });
