// Tool (b), the page's side: starts the log worker with the page's compiled core, draws its progress (a progress
// bar, counts, throughput) and its verdict, the first failure in plain words.
import type { LogVerdict } from "../../bindings/sdk/verify-log.js";
import type { LogCounts, LogReport, LogStart } from "./log-protocol.js";
import { toHex } from "../../bindings/bytes.js";
import { keyId } from "../../bindings/sdk/keys.js";
import { nodeUrl, parseNodeKey } from "./node-api.js";
import { el, value, verdict } from "./ui.js";

const STEP_WORDS: Record<string, string> = {
  log: "the log itself (a signature, the chain of checkpoints or a replayed root)",
  state: "the node's state against its log",
  entries: "the audit entries against the signed audit roots",
};

function showCounts(c: LogCounts): void {
  const bar = el<HTMLProgressElement>("log-progress");
  bar.max = Math.max(c.total, 1);
  bar.value = Math.min(c.done, bar.max);
  const s = Math.max(c.elapsedMs, 1) / 1000;
  el("log-counts").textContent =
    `${c.done} of ${c.total} batches, ${c.entries} entries, ${(c.bytes / 1024).toFixed(1)} KiB in ${s.toFixed(2)} s ` +
    `(${(c.done / s).toFixed(1)} batches/s, ${(c.bytes / 1024 / 1024 / s).toFixed(2)} MiB/s)`;
}

function showVerdict(v: LogVerdict): void {
  if (v.ok) {
    verdict(
      "log-verdict",
      "pass",
      `✓ Verified: ${v.batches} batches to seq ${v.seq}, ${v.entries} entries rebuilt every checkpoint's audit root; ` +
        `state root ${v.stateRoot.slice(0, 16)}…, the node's state at seq ${v.stateSeq} is in the log`,
    );
    return;
  }
  const at = v.halt !== undefined ? ` (halt ${v.halt.code} at seq ${v.halt.seq})` : "";
  verdict("log-verdict", "fail", `✗ First failure — ${STEP_WORDS[v.step] ?? v.step}${at}: ${v.reason}`);
}

export function setupLogTool(module: WebAssembly.Module): void {
  let worker: Worker | undefined;
  const start = el<HTMLButtonElement>("log-verify");
  const cancel = el<HTMLButtonElement>("log-cancel");
  const stop = (): void => {
    worker?.terminate();
    worker = undefined;
    start.disabled = false;
    cancel.disabled = true;
  };
  cancel.addEventListener("click", () => {
    stop();
    verdict("log-verdict", "idle", "Stopped.");
  });
  start.addEventListener("click", () => {
    let base: string;
    let nodeKeyId: string | undefined;
    try {
      base = nodeUrl(value("server-url"));
      // The key in the key field is the one trusted; with none, the log is checked under the node's own.
      if (value("node-key") !== "") nodeKeyId = toHex(keyId(parseNodeKey(value("node-key"))));
    } catch (e) {
      verdict("log-verdict", "fail", `✗ ${(e as Error).message}`);
      return;
    }
    stop();
    start.disabled = true;
    cancel.disabled = false;
    verdict(
      "log-verdict",
      "running",
      `Verifying the log in a Web Worker, under ${nodeKeyId ? `node key ${nodeKeyId.slice(0, 16)}…` : "the key the node names"}…`,
    );
    const w = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    worker = w;
    w.onmessage = (e: MessageEvent<LogReport>) => {
      const r = e.data;
      if (r.type === "error") {
        verdict("log-verdict", "fail", `✗ Could not verify: ${r.message}`);
        return stop();
      }
      showCounts(r);
      if (r.type === "done") {
        showVerdict(r.verdict);
        stop();
      }
    };
    w.onerror = (e) => {
      verdict("log-verdict", "fail", `✗ The worker failed: ${e.message}`);
      stop();
    };
    w.postMessage({ type: "start", module, base, ...(nodeKeyId ? { nodeKeyId } : {}) } satisfies LogStart);
  });
}
