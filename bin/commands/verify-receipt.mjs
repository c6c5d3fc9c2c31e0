// qfs verify-receipt — checks a saved receipt against the node's signed log (bindings/sdk/receipt.ts
// verifyReceipt, the same code the browser page runs): the checkpoint's ML-DSA-87 signature under the node key
// (from GET /v1/state, pinned with --node-key-id), the outcome entry's inclusion proof in the checkpoint's audit
// root, that it names txId and code, seq and stateRoot = the checkpoint's, and — with the inclusion proofs the
// node serves for the neighbouring leaves — the packet entry (bodyHash) and each event.
import { EXIT } from "./exit-codes.mjs";
import { parse, usageError, withUsage } from "./lib/args.mjs";
import { getJson, isNodeError, nodeKey, withNode } from "./lib/http.mjs";
import { readCappedFile } from "./lib/keys.mjs";

export const summary = "verify a receipt against the node's signed checkpoint and audit log";
export const usage = "qfs verify-receipt [--node-key-id HEX] [--url URL] FILE|-";
export const details = `
  FILE               a receipt (JSON, as qfs mint/transfer/tx print it; at most 1 MiB); - reads stdin
  --node-key-id HEX  the node key id to trust (64 hex); without it, the key GET /v1/state names
  --url URL          the node (default $QFS_URL, else http://127.0.0.1:8080)

The node's answers need no trust: its key is pinned or printed, and every proof it serves is
checked against the signed checkpoint. Not covered: 'repeat' (it describes the answer, not the
logged transaction), and 'index' when the packet emitted no event.
Exit codes: 0 valid; 2 usage error or unreadable file; 5 invalid (the failing field on stderr);
6 node unreachable or an error answer.
`;

/** Largest receipt file read, bytes (a receipt with many events is some tens of KB). */
const RECEIPT_FILE_BYTES_MAX = 1024 * 1024;

async function readStdin(max) {
  const parts = [];
  let n = 0;
  for await (const c of process.stdin) {
    n += c.length;
    if (n > max) throw usageError(`stdin: above the ${max} B cap (E_INPUT_TOO_LARGE)`);
    parts.push(c);
  }
  return Buffer.concat(parts).toString("utf8");
}

export async function run(args) {
  return withUsage("verify-receipt", usage, () =>
    withNode("verify-receipt", async () => {
      const { values, positionals } = parse(
        args,
        { "node-key-id": { type: "string" } },
        { url: true, positionals: [1, 1] },
      );
      const pin = values["node-key-id"];
      if (pin !== undefined && !/^[0-9a-f]{64}$/.test(pin))
        throw usageError(`--node-key-id needs 64 lower-case hex characters, got '${pin}'`);
      const file = positionals[0];
      const text =
        file === "-"
          ? await readStdin(RECEIPT_FILE_BYTES_MAX)
          : readCappedFile(file, "receipt", RECEIPT_FILE_BYTES_MAX);
      let receipt;
      try {
        receipt = JSON.parse(text);
      } catch {
        throw usageError(`${file} is not JSON`);
      }
      const sdk = await import("../../dist/index.js");
      const { pk, keyId } = await nodeKey(sdk, values.url);
      if (pin !== undefined && pin !== keyId) {
        process.stderr.write(`qfs verify-receipt: invalid: the node's key id ${keyId} is not the pinned ${pin}\n`);
        return EXIT.INVALID;
      }
      const proofs = new Map();
      const size = receipt?.checkpoint?.treeSize;
      if (Number.isSafeInteger(size))
        for (const index of sdk.receiptProofIndexes(receipt)) {
          // A leaf the node has no proof for (a bad index in the receipt) stays missing: the check names it.
          const p = await getJson(values.url, `/v1/audit/proofs/inclusion?index=${index}&size=${size}`).catch((e) => {
            if (isNodeError(e) && e.details.status === 400) return undefined;
            throw e;
          });
          if (p !== undefined) proofs.set(index, p.proof);
        }
      const v = sdk.verifyReceipt(receipt, pk, proofs);
      if (!v.ok) {
        process.stderr.write(`qfs verify-receipt: invalid: ${v.field}: ${v.reason}\n`);
        return EXIT.INVALID;
      }
      process.stdout.write(
        `valid: tx ${v.txId} ${v.outcome} (code ${v.code}), seq ${v.seq}, leaf ${v.auditIndex} of the audit log ` +
          `of size ${v.treeSize}, checkpoint signed by node key ${keyId}${pin === undefined ? " (not pinned)" : ""}\n` +
          v.unchecked.map((u) => `  not covered: ${u}\n`).join(""),
      );
      return EXIT.OK;
    }),
  );
}
