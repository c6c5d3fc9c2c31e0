// The node key's signatures off the event loop. A batch needs two ML-DSA-87 signatures (checkpoint and batch header,
// noble: pure JS, ~15–35 ms each on this loaded 2-core machine), which on the sequencer's thread would stall every
// HTTP request for that long. Here each goes to its own worker thread, so the two run side by side (the verify pool
// is idle at that step of the round) and the event loop keeps serving. Signing is deterministic (FIPS 204 hedging
// off), so where it runs changes no byte. A worker that fails (or a signer already closed) falls back to signing on
// the caller's thread: a slow signature, never a lost batch. The secret key never enters WASM (noble is JS).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { qfsError } from "../../bindings/errors/index.js";

/** Signing threads: one per signature of a batch. */
export const SIGNER_THREADS = 2;
/** Largest message the signer takes: a checkpoint is 125 bytes, a batch header 129. */
export const SIGN_MESSAGE_BYTES_MAX = 1024;

// Plain CommonJS (an eval worker): it loads noble from the path the main thread resolved, so it needs neither tsx
// nor a bundle, from source and from dist/ alike.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.noble).then(({ ml_dsa87 }) => {
  parentPort.on("message", ({ id, message, context }) => {
    try {
      const signature = ml_dsa87.sign(message, workerData.secretKey, { context, extraEntropy: false });
      parentPort.postMessage({ id, signature });
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.message) || e) });
    }
  });
});
`;

interface Pending {
  resolve(signature: Uint8Array): void;
  reject(e: Error): void;
}

interface Reply {
  id: number;
  signature?: Uint8Array;
  error?: string;
}

export class NodeSigner {
  private readonly workers: (Worker | undefined)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly secretKey: Uint8Array) {
    const noble = pathToFileURL(createRequire(import.meta.url).resolve("@noble/post-quantum/ml-dsa.js")).href;
    for (let i = 0; i < SIGNER_THREADS; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { noble, secretKey } });
      w.on("message", (r: Reply) => this.settle(r));
      w.on("error", () => this.drop(i));
      w.on("exit", () => this.drop(i));
      this.workers.push(w);
    }
  }

  /** Signs each message with the node key under `context`, side by side; in message order. */
  sign(messages: readonly Uint8Array[], context: Uint8Array): Promise<Uint8Array[]> {
    for (const m of messages)
      if (m.length > SIGN_MESSAGE_BYTES_MAX)
        return Promise.reject(qfsError("E_INTERNAL", `a ${m.length} B message to sign > ${SIGN_MESSAGE_BYTES_MAX} B`));
    return Promise.all(messages.map((m, i) => this.signOne(m, context, i % SIGNER_THREADS)));
  }

  private signOne(message: Uint8Array, context: Uint8Array, lane: number): Promise<Uint8Array> {
    const w = this.workers[lane];
    if (w === undefined) return Promise.resolve(this.signHere(message, context));
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, message, context });
    }).catch(() => this.signHere(message, context));
  }

  private signHere(message: Uint8Array, context: Uint8Array): Uint8Array {
    return ml_dsa87.sign(message, this.secretKey, { context, extraEntropy: false });
  }

  private settle(r: Reply): void {
    const p = this.pending.get(r.id);
    if (p === undefined) return;
    this.pending.delete(r.id);
    if (r.signature !== undefined) p.resolve(new Uint8Array(r.signature));
    else p.reject(qfsError("E_INTERNAL", `signer: ${r.error ?? "no signature"}`));
  }

  /** A worker that died: its signatures (and every later one on its lane) are made on this thread instead. */
  private drop(lane: number): void {
    if (this.workers[lane] === undefined) return;
    this.workers[lane] = undefined;
    // Ids are not per lane: fail them all; each falls back to signing here, which is correct for any of them.
    for (const [id, p] of [...this.pending]) {
      this.pending.delete(id);
      p.reject(qfsError("E_INTERNAL", "a signer worker exited"));
    }
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0).filter((w): w is Worker => w !== undefined);
    for (let i = 0; i < SIGNER_THREADS; i++) this.workers.push(undefined);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
