// The few lines the sequencer calls to report into a SequencerObserver, kept here so the sequencer's own edits are
// one call per hook (server/sequencer/sequencer.ts marks each "Metrics (server/metrics)").
import { performance } from "node:perf_hooks";
import type { RoundStats } from "../commit/coordinator.js";
import type { ReceiptJson } from "../node-service.js";
import type { SequencerObserver } from "./metrics.js";

/** Reports a submit's result when it settles: applied/rejected with the submit → durable receipt latency when
 *  this call sequenced the packet, repeat when an earlier receipt answered, refused (its error code) otherwise. */
export function observeSubmit(observer: SequencerObserver, receipt: Promise<ReceiptJson>): Promise<ReceiptJson> {
  const t0 = performance.now();
  return receipt.then(
    (r) => {
      if (r.repeat) observer.transaction("repeat", r.outcome);
      else observer.transaction(r.outcome === "OK" ? "applied" : "rejected", r.outcome, performance.now() - t0);
      return r;
    },
    (e: unknown) => {
      const code = (e as { code?: unknown }).code;
      observer.transaction("refused", typeof code === "string" ? code : "E_INTERNAL");
      throw e;
    },
  );
}

/** Signatures that verified in a batch: the set bits of the per-packet verified-signer bitmaps. */
export function verifiedSignatures(bitmaps: Uint8Array): number {
  let n = 0;
  for (let b of bitmaps) for (; b !== 0; b &= b - 1) n++;
  return n;
}

/** The 2PC phases of a finished round (coordinator.lastStats) and its outcome. */
export function observeRound(observer: SequencerObserver, stats: RoundStats | undefined): void {
  if (stats === undefined) return;
  observer.phase("twopc_prepare", stats.phaseMs.prepare);
  if (stats.outcome === "committed") {
    observer.phase("decision", stats.phaseMs.decision);
    observer.phase("commit", stats.phaseMs.commit);
  }
  observer.round(stats.outcome);
}
