// The verification page (docs/web.md). load-core.ts runs first (a top-level await): core.wasm is fetched, hashed
// and compiled before any binding runs. Then the four tools are wired; the node key and URL are shared by (a)–(c).
import { core } from "./load-core.js";
import { toHex } from "../../bindings/bytes.js";
import { keyId } from "../../bindings/sdk/keys.js";
import { setupAccountTool } from "./account-tool.js";
import { setupLogTool } from "./log-tool.js";
import { getState, nodeUrl, parseNodeKey } from "./node-api.js";
import { setupReceiptTool } from "./receipt-tool.js";
import { setupSignatureTool } from "./signature-tool.js";
import { el, onClick, value, verdict } from "./ui.js";

function showCore(): void {
  el("wasm-served").textContent = `${core.sha256} (${core.bytes} B, ${core.contentType})`;
  el("wasm-manifest").textContent = core.manifestSha256 ?? "(wasm-manifest.json did not load)";
  if (core.manifestSha256 === core.sha256)
    verdict("wasm-status", "pass", "✓ The core.wasm running here is the one the manifest commits to");
  else
    verdict(
      "wasm-status",
      "fail",
      core.manifestSha256 === undefined
        ? "✗ No manifest to compare with"
        : "✗ The core.wasm running here is NOT the one the manifest commits to",
    );
}

async function loadNode(): Promise<void> {
  const base = nodeUrl(value("server-url"));
  verdict("node-info", "running", "Loading…");
  const s = await getState(base);
  const pk = parseNodeKey(s.nodePublicKey);
  const id = toHex(keyId(pk));
  if (id !== s.nodeKeyId) throw new Error("the node's key id is not the SHA3-256 of its public key");
  el<HTMLTextAreaElement>("node-key").value = s.nodePublicKey;
  verdict(
    "node-info",
    "pass",
    `Key loaded — node key id ${id} (compare it with one you trust); chain ${s.chainId}, seq ${s.seq}, ` +
      `${s.auditSize} audit entries${s.halted ? ", HALTED" : ""}`,
  );
}

showCore();
el<HTMLInputElement>("server-url").value = location.protocol.startsWith("http") ? location.origin : "";
onClick("node-load", "node-info", loadNode);
setupReceiptTool();
setupLogTool(core.module);
setupAccountTool();
setupSignatureTool();
document.body.dataset.ready = "true";
