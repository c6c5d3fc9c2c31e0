// Tool (a): a receipt (ReceiptJson, pasted or dropped) checked step by step under the node key. The steps are shown
// one by one (each a check of the bindings: the checkpoint's ML-DSA-87 signature, its hash, the receipt against
// the checkpoint, the outcome entry's RFC 9162 inclusion proof, the entry's contents); the verdict is
// verifyReceipt's (bindings/sdk/receipt.ts, the very function `qfs verify-receipt` runs), with the packet and
// event entries' proofs fetched from the node when asked (they need no trust: each is checked against the root).
import { checkpointHash, verifyCheckpoint } from "../../bindings/audit/checkpoint.js";
import { decodeEntry } from "../../bindings/audit/entries.js";
import { leafHash } from "../../bindings/audit/hashes.js";
import { checkInclusion } from "../../bindings/audit/proof.js";
import { bytesEqual, fromHex, toHex } from "../../bindings/bytes.js";
import { fromBase64 } from "../../bindings/sdk/base64.js";
import { receiptProofIndexes, verifyReceipt, type ReceiptProofs } from "../../bindings/sdk/receipt.js";
import type { ReceiptJson } from "../../server/node-service.js";
import { checkpointOf, getJson, JSON_ANSWER_BYTES_MAX, nodeUrl, parseNodeKey } from "./node-api.js";
import { el, onClick, showSteps, value, verdict, type Step } from "./ui.js";

/** Largest receipt text the tool parses, characters. */
export const RECEIPT_TEXT_CHARS_MAX = JSON_ANSWER_BYTES_MAX;
/** Most inclusion proofs fetched for one receipt (its packet entry and up to 1024 event entries). */
const RECEIPT_PROOFS_MAX = 1025;

type Check = () => string;

// Runs the checks in order: each returns its detail or throws its reason; after a failure the rest are not run.
function runSteps(checks: readonly (readonly [string, Check])[]): Step[] {
  const out: Step[] = [];
  let failed = false;
  for (const [name, check] of checks) {
    if (failed) {
      out.push({ name, state: "skip", detail: "not reached (an earlier check failed)" });
      continue;
    }
    try {
      out.push({ name, state: "pass", detail: check() });
    } catch (e) {
      failed = true;
      out.push({ name, state: "fail", detail: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}

export function receiptSteps(r: ReceiptJson, nodeKey: Uint8Array): Step[] {
  let parsed: ReturnType<typeof checkpointOf>;
  const outcome = (): Uint8Array => {
    try {
      return fromBase64(String(r.outcomeEntry));
    } catch {
      throw new Error("outcomeEntry is not base64");
    }
  };
  return runSteps([
    [
      "Checkpoint signature",
      () => {
        parsed = checkpointOf(r.checkpoint);
        if (!verifyCheckpoint(parsed.cp, parsed.signature, nodeKey))
          throw new Error(
            `the ML-DSA-87 signature of checkpoint seq ${parsed.cp.seq} does not verify under the node key: ` +
              "a checkpoint field or the signature was changed",
          );
        return `checkpoint seq ${parsed.cp.seq} (tree size ${parsed.cp.treeSize}) is signed by the node key`;
      },
    ],
    [
      "Checkpoint hash",
      () => {
        if (!bytesEqual(checkpointHash(parsed.cp), parsed.hash))
          throw new Error("checkpoint.hash is not the SHA3-256 of the checkpoint's fields");
        return `SHA3-256 ${toHex(parsed.hash).slice(0, 16)}…`;
      },
    ],
    [
      "Receipt against the checkpoint",
      () => {
        if (String(r.seq) !== String(parsed.cp.seq))
          throw new Error(`seq ${r.seq} is not the checkpoint's ${parsed.cp.seq}`);
        const root = typeof r.stateRoot === "string" ? fromHex(r.stateRoot) : undefined;
        if (root === undefined || !bytesEqual(root, parsed.cp.stateRoot))
          throw new Error("stateRoot is not the checkpoint's state root");
        return `seq ${r.seq}, state root ${r.stateRoot.slice(0, 16)}…`;
      },
    ],
    [
      "Inclusion proof",
      () => {
        const proof = Array.isArray(r.inclusionProof) ? r.inclusionProof.map((h) => fromHex(String(h))) : [];
        if (proof.some((h) => h === undefined)) throw new Error("inclusionProof holds a hash that is not hex");
        const bad = checkInclusion(
          leafHash(outcome()),
          r.auditIndex,
          parsed.cp.treeSize,
          proof as Uint8Array[],
          parsed.cp.auditRoot,
        );
        if (bad !== null)
          throw new Error(
            `the outcome entry is not leaf ${r.auditIndex} of the checkpoint's tree (${bad.code}: ${bad.message})`,
          );
        return `leaf ${r.auditIndex} of ${parsed.cp.treeSize}, ${proof.length} hashes to the signed audit root`;
      },
    ],
    [
      "Outcome entry",
      () => {
        const e = decodeEntry(outcome());
        if (e.kind !== "outcome") throw new Error(`a ${e.kind} entry, not an outcome entry`);
        if (toHex(e.txId) !== r.txId) throw new Error("txId is not the tx id the logged outcome entry names");
        if (e.status !== r.code) throw new Error(`code ${r.code} is not the logged status ${e.status}`);
        return `tx ${r.txId.slice(0, 16)}… logged with status ${e.status} (${r.outcome})`;
      },
    ],
  ]);
}

async function fetchProofs(base: string, r: ReceiptJson): Promise<ReceiptProofs> {
  const size = r.checkpoint?.treeSize;
  const indexes = receiptProofIndexes(r).slice(0, RECEIPT_PROOFS_MAX);
  const out = new Map<number, readonly string[]>();
  for (const i of indexes) {
    const p = await getJson<{ proof: string[] }>(base, `/v1/audit/proofs/inclusion?index=${i}&size=${size}`);
    out.set(i, p.proof);
  }
  return out;
}

export async function checkReceipt(text: string, nodeKey: Uint8Array, proofsFrom: string | undefined): Promise<void> {
  if (text.length > RECEIPT_TEXT_CHARS_MAX) throw new Error(`the receipt is over ${RECEIPT_TEXT_CHARS_MAX} characters`);
  let r: ReceiptJson;
  try {
    r = JSON.parse(text) as ReceiptJson;
  } catch (e) {
    showSteps("receipt-steps", [{ name: "JSON", state: "fail", detail: (e as Error).message }]);
    verdict("receipt-verdict", "fail", "✗ Not verified: the text is not JSON");
    return;
  }
  // A receipt inside an error answer ({ error, code, message, receipt }) is the receipt.
  const inner = (r as unknown as { receipt?: ReceiptJson }).receipt;
  if (inner !== undefined && typeof inner === "object") r = inner;
  const steps = receiptSteps(r, nodeKey);
  const proofs =
    proofsFrom !== undefined && steps.every((s) => s.state === "pass") ? await fetchProofs(proofsFrom, r) : undefined;
  const v = verifyReceipt(r, nodeKey, proofs);
  const name = "Packet and events";
  const packet: Step =
    proofs !== undefined
      ? v.ok
        ? { name, state: "pass", detail: `the packet entry and ${r.events.length} event entries are in the tree` }
        : /^(bodyHash|events|index)/.test(v.field)
          ? { name, state: "fail", detail: `${v.field}: ${v.reason}` }
          : { name, state: "skip", detail: "not reached" }
      : proofsFrom !== undefined
        ? { name, state: "skip", detail: "not reached (an earlier check failed)" }
        : { name, state: "skip", detail: "no proofs fetched for the packet and event entries" };
  showSteps("receipt-steps", [...steps, packet]);
  if (v.ok) {
    const note = v.unchecked.length > 0 ? ` Not covered: ${v.unchecked.join("; ")}.` : "";
    verdict("receipt-verdict", "pass", `✓ Verified: tx ${v.txId.slice(0, 16)}… ${v.outcome} at seq ${v.seq}.${note}`);
  } else verdict("receipt-verdict", "fail", `✗ Not verified: ${v.field}: ${v.reason}`);
}

export function setupReceiptTool(): void {
  const area = el<HTMLTextAreaElement>("receipt-input");
  area.addEventListener("dragover", (e) => e.preventDefault());
  area.addEventListener("drop", (e) => {
    const f = e.dataTransfer?.files[0];
    if (f === undefined) return;
    e.preventDefault();
    if (f.size > RECEIPT_TEXT_CHARS_MAX) return verdict("receipt-verdict", "fail", `✗ ${f.name} is too large`);
    void f.text().then((t) => (area.value = t));
  });
  onClick("receipt-verify", "receipt-verdict", async () => {
    verdict("receipt-verdict", "running", "Verifying…");
    el("receipt-steps").replaceChildren();
    const key = parseNodeKey(value("node-key"));
    const fetchProofs = el<HTMLInputElement>("receipt-fetch-proofs").checked;
    await checkReceipt(area.value, key, fetchProofs ? nodeUrl(value("server-url")) : undefined);
  });
}
