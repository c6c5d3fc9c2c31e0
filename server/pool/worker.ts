// The Piscina worker: core.wasm is compiled once per thread when the thread imports the bindings'
// Node entry (load-node.ts: setCoreModule), and the stateless calls of every task (decode, SHA3,
// mldsaVerifyBatch) run on the thread's one scratch instance (runtime.ts: scratchCore), made on the
// first task and reused; the worker makes no Ledger, so it needs no other core instance. The
// task buffer comes in transferred and goes back transferred, results written in place.
import { performance } from "node:perf_hooks";
import { threadId } from "node:worker_threads";
import { Piscina } from "piscina";
import { KeyHashCache } from "./key-cache.js";
import { H } from "./task-format.js";
import { runVerifyTask } from "./verify-task.js";

// Worker-wide: the key ids whose public key this thread already hashed (bounded, see key-cache.ts).
const keyCache = new KeyHashCache();

export default function verifyTask(buf: ArrayBuffer): unknown {
  const t0 = performance.now();
  runVerifyTask(buf, { keyCache });
  const dv = new DataView(buf);
  dv.setUint32(H.workerRunMicros, Math.min(0xffffffff, Math.round((performance.now() - t0) * 1000)), true);
  dv.setUint32(H.workerThreadId, threadId, true);
  return Piscina.move(buf);
}
