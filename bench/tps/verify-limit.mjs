// verifyLimitTps: what the cores verify when they do nothing else — mldsaVerifyBatch on one worker thread per
// core, over packets of the run's own corpus (their signed bodies, signatures and keys), at the same time.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { CONTEXT_TX, decodePacketWithBody } from "../../dist/index.js";

/** Items a worker verifies per call (the pool's task size order) and how long each worker runs, ms. */
const VERIFY_ITEMS = 64;
export const VERIFY_LIMIT_MS = 4_000;

export async function measureVerifyLimit(corpus, packets, threads = os.availableParallelism()) {
  const items = packets.slice(0, VERIFY_ITEMS).map((p, i) => {
    const { packet, bodyBytes } = decodePacketWithBody(p);
    return {
      level: 87,
      publicKey: new Uint8Array(corpus.keys[i].publicKey),
      message: new Uint8Array(bodyBytes),
      signature: new Uint8Array(packet.signatures[0].signature),
      context: CONTEXT_TX,
    };
  });
  const runs = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL("./verify-worker.mjs", import.meta.url), {
            workerData: { items, ms: VERIFY_LIMIT_MS },
          });
          w.once("message", resolve);
          w.once("error", reject);
        }),
    ),
  );
  const perSecond = runs.reduce((s, r) => s + (r.n * 1000) / r.ms, 0);
  return { verifyLimitTps: Math.round(perSecond), threads, usPerVerifyPerCore: (threads * 1e6) / perSecond };
}
