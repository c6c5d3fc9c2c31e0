// The Web Worker of tool (b): takes the page's compiled core.wasm, then streams the node's whole log through
// verifyServedLog (bindings/sdk/verify-log.ts: the WASM replay of every batch and signature, every entry re-hashed
// into every checkpoint's root, the node's state found in the log), reporting progress as it goes. The page's own
// thread only draws, so it stays responsive. The verifier is imported only once the core is set.
import { setCoreModule } from "../../bindings/runtime.js";
import type { LogReport, LogStart } from "./log-protocol.js";

interface WorkerScope {
  onmessage: ((e: MessageEvent<LogStart>) => void) | null;
  postMessage(m: LogReport): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg?.type !== "start") return;
  setCoreModule(msg.module);
  import("./log-run.js")
    .then(({ runLog }) => runLog(msg.base, msg.nodeKeyId, (r) => scope.postMessage(r)))
    .catch((err: unknown) =>
      scope.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) }),
    );
};
