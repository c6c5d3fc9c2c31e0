// The node key's signatures off the event loop. A batch needs two ML-DSA-87 signatures (checkpoint and batch header),
// made by the core's WASM signer (bindings/mldsa-sign.ts: deterministic FIPS 204 signing, the same bytes as noble
// with extraEntropy: false, a fraction of a millisecond each where noble's pure JS took ~15–35 ms). Each still goes to
// its own worker thread, so the two run side by side and the event loop keeps serving HTTP meanwhile. Signing is
// deterministic (FIPS 204 hedging off), so where it runs changes no byte. A worker that fails (or a signer already
// closed) falls back to signing on the caller's thread: a signature made elsewhere, never a lost batch. The secret key
// enters a core instance only for the length of one call: the core zeroes its copy and its scratch before returning.
import { Worker } from "node:worker_threads";
import { coreModule, mldsaSign } from "../../bindings/index.js";
import { qfsError } from "../../bindings/errors/index.js";

/** Signing threads: one per signature of a batch. */
export const SIGNER_THREADS = 2;
/** Largest message the signer takes: a checkpoint is 125 bytes, a batch header 129. */
export const SIGN_MESSAGE_BYTES_MAX = 1024;
/** Longest context string (FIPS 204: its length is one byte). */
export const SIGN_CONTEXT_BYTES_MAX = 255;
// The node key's parameter set and its signature length.
const NODE_KEY_LEVEL = 87;
const NODE_SIGNATURE_BYTES = 4627;

// Plain CommonJS (an eval worker) over the raw core exports: the main thread hands it the compiled core module, so it
// needs neither tsx nor a bundle, from source and from dist/ alike. It frames M' = 0 || |ctx| || ctx || M (FIPS 204
// Alg. 2) into the core's message buffer as mldsaSign does; sign() has bounded both parts, so M' always fits it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, secretKey, level, signatureBytes } = workerData;
// The core calls abort only on a failed internal assertion, followed by a trap: the trap is what ends the call (caught
// below and answered as an error, so the caller signs on its own thread); abort itself only has to exist.
const x = new WebAssembly.Instance(module, { env: { abort() {} } }).exports;
parentPort.on("message", ({ id, message, context }) => {
  try {
    const m = x.mldsaMsgPtr();
    const mem = new Uint8Array(x.memory.buffer);
    mem[m] = 0;
    mem[m + 1] = context.length;
    mem.set(context, m + 2);
    mem.set(message, m + 2 + context.length);
    mem.set(secretKey, x.mldsaSignSkPtr());
    const r = x.mldsaSignInternal(level, secretKey.length, 2 + context.length + message.length, 0);
    if (r !== signatureBytes) {
      parentPort.postMessage({ id, error: "core sign result " + r });
      return;
    }
    const p = x.mldsaSignSigPtr();
    const signature = new Uint8Array(x.memory.buffer).slice(p, p + r);
    parentPort.postMessage({ id, signature }, [signature.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
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
  private madeHere = 0;

  constructor(private readonly secretKey: Uint8Array) {
    const workerData = {
      module: coreModule(),
      secretKey,
      level: NODE_KEY_LEVEL,
      signatureBytes: NODE_SIGNATURE_BYTES,
    };
    for (let i = 0; i < SIGNER_THREADS; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
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
    if (context.length > SIGN_CONTEXT_BYTES_MAX)
      return Promise.reject(qfsError("E_INTERNAL", `a ${context.length} B context > ${SIGN_CONTEXT_BYTES_MAX} B`));
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

  /** Signatures made on the caller's thread (a worker gone, or the signer closed) since construction. */
  get signedOnCallerThread(): number {
    return this.madeHere;
  }

  private signHere(message: Uint8Array, context: Uint8Array): Uint8Array {
    this.madeHere++;
    return mldsaSign(NODE_KEY_LEVEL, this.secretKey, message, context);
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
