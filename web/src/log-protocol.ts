// The messages between the page and the log worker (log-worker.ts).
import type { LogVerdict } from "../../bindings/sdk/verify-log.js";

export interface LogStart {
  readonly type: "start";
  /** core.wasm as the page compiled it: the worker runs the very module whose SHA-256 the page shows. */
  readonly module: WebAssembly.Module;
  readonly base: string;
  /** The node key id the person trusts (hex), from the key field; without it, the one /v1/state names. */
  readonly nodeKeyId?: string;
}

export interface LogCounts {
  /** Batches replayed and the node's seq when the run began (the total to reach). */
  readonly done: number;
  readonly total: number;
  /** Log bytes streamed and entries fetched so far. */
  readonly bytes: number;
  readonly entries: number;
  readonly elapsedMs: number;
}

export type LogReport =
  | ({ readonly type: "progress" } & LogCounts)
  | ({ readonly type: "done"; readonly verdict: LogVerdict } & LogCounts)
  | { readonly type: "error"; readonly message: string };
