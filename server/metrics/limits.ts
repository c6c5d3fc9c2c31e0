// The bounds of /metrics (issue 9 item 4): histogram buckets and the fixed label sets. Every label value comes
// from one of these sets or from the error catalogue, never from a request (no tx ids, accounts or raw URLs), so
// the number of series is bounded whatever the traffic.

/** Latency buckets, seconds: 100 µs (one ML-DSA verify) to 10 s (a stalled store), ~2.5× apart. */
export const LATENCY_BUCKETS_S = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** Batch size buckets, packets: powers of two up to HTTP_BATCH_PACKETS_MAX / BATCH_PACKETS_DEFAULT (256). */
export const BATCH_PACKETS_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

/** The phases of one round, in the order they run (docs/operations.md names each). */
export const PHASES = [
  "verify", // the batch's signatures on the verify pool
  "sequence", // the core runs the batch pending (ledger.prepare)
  "checkpoint", // the checkpoint and batch header signed by the node key
  "twopc_prepare", // 2PC phase 1 on every participant
  "decision", // the commit decision forced to the decision log
  "commit", // 2PC phase 2 on every participant
  "archive_index", // the committed round indexed in the archive
] as const;
export type Phase = (typeof PHASES)[number];

/** What became of a submitted packet: applied (outcome OK), rejected (sequenced with a non-OK outcome), repeat
 *  (answered with an earlier receipt), refused (not sequenced: queue full, halted, store failure, …). */
export const TX_RESULTS = ["applied", "rejected", "repeat", "refused"] as const;
export type TxResult = (typeof TX_RESULTS)[number];

export const ROUND_OUTCOMES = ["committed", "aborted", "failed"] as const;
export type RoundOutcome = (typeof ROUND_OUTCOMES)[number];

export const HALT_SOURCES = ["ledger", "node"] as const;

/** HTTP methods counted by name; any other is counted as "OTHER". */
export const HTTP_METHODS = ["GET", "POST", "HEAD", "OPTIONS"] as const;
/** The route label of a request no route matched (a 404): its URL is the client's, so it is not a label. */
export const ROUTE_UNMATCHED = "unmatched";
