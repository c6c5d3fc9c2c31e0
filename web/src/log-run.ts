// Tool (b)'s work, in the worker: GET /v1/state, then GET /v1/audit/log streamed chunk by chunk (never held whole)
// and GET /v1/audit/entries page by page, into verifyServedLog.
import { fromHex } from "../../bindings/bytes.js";
import { verifyServedLog, type ServedEntry, type ServedState } from "../../bindings/sdk/verify-log.js";
import type { LogCounts, LogReport } from "./log-protocol.js";
import { getJson } from "./node-api.js";

/** Progress reports at most this often, ms (a log of many small batches would flood the page otherwise). */
const PROGRESS_EVERY_MS = 50;

export async function runLog(
  base: string,
  nodeKeyId: string | undefined,
  report: (r: LogReport) => void,
): Promise<void> {
  const t0 = performance.now();
  let bytes = 0;
  let entries = 0;
  let done = 0;
  let total = 0;
  let lastReport = 0;
  const counts = (): LogCounts => ({ done, total, bytes, entries, elapsedMs: performance.now() - t0 });
  const state = await getJson<ServedState>(base, "/v1/state");
  // The node's seq when the run began: the batches to reach (the log may run further; the node goes on).
  const seq = Number(state?.seq);
  total = Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
  report({ type: "progress", ...counts() });
  const res = await fetch(`${base}/v1/audit/log`);
  if (!res.ok || res.body === null) throw new Error(`GET /v1/audit/log: HTTP ${res.status}`);
  const reader = res.body.getReader();
  async function* log(): AsyncIterable<Uint8Array> {
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) return;
      bytes += value.length;
      yield value;
    }
  }
  const pinned = nodeKeyId === undefined ? undefined : fromHex(nodeKeyId);
  const verdict = await verifyServedLog({
    state,
    ...(pinned === undefined ? {} : { nodeKeyId: pinned }),
    log: log(),
    entries: async (from, to) => {
      const page = await getJson<{ entries: ServedEntry[] }>(base, `/v1/audit/entries?from=${from}&to=${to}`);
      entries += Array.isArray(page.entries) ? page.entries.length : 0;
      return page.entries;
    },
    onProgress: (d, t) => {
      done = d;
      total = t;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        report({ type: "progress", ...counts() });
      }
    },
  });
  await reader.cancel().catch(() => undefined);
  report({ type: "done", verdict, ...counts() });
}
