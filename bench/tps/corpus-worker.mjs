// Worker thread of bench/tps/corpus.mjs: the CPU-heavy half of the corpus (ML-DSA-87 key generation, ~10 ms a key
// with noble, and packet signing with the core's deterministic mldsaSign, ~0.2 ms a packet: the same bytes as the
// SDK's signPacket, which signs with noble at ~13 ms), one slice of the work per thread. Plain JS over dist/ so a
// bare worker thread runs it. Every key is derived from a seed label, so a corpus is reproducible.
import { parentPort, workerData } from "node:worker_threads";
import { CONTEXT_TX, encodeBody, encodePacket, generateKeyPair, mldsaSign, ops, sha3_256 } from "../../dist/index.js";

const LEVEL = 87;
const seedOf = (label) => sha3_256(new TextEncoder().encode(label));

/** { kind: "keys", labels } → [{ publicKey, secretKey }] in label order. */
function keys(labels) {
  return labels.map((label) => {
    const k = generateKeyPair(LEVEL, seedOf(label));
    return { publicKey: k.publicKey, secretKey: k.secretKey };
  });
}

/** { kind: "sign", specs } → wire bytes in spec order. A spec: { chainId, account, nonce, timestampMs, key:
 *  { publicKey, secretKey }, ops: [{ op, token?, to?, amount?, publicKey?, paramId?, value? }] }. */
function toOp(o) {
  switch (o.op) {
    case "transfer":
      return ops.transfer(o.token, o.to, BigInt(o.amount));
    case "keyRegister":
      return ops.keyRegister(o.publicKey, LEVEL);
    case "paramChange":
      return ops.paramChange(o.paramId, BigInt(o.value));
    default:
      throw new Error(`corpus-worker: unknown op ${o.op}`);
  }
}

function sign(specs) {
  return specs.map((s) => {
    // One signer, so the signer list is just its key id (signPacket's sort is a no-op here).
    const body = {
      chainId: s.chainId,
      account: s.account,
      nonce: BigInt(s.nonce),
      timestampMs: BigInt(s.timestampMs),
      ops: s.ops.map(toOp),
      signers: [sha3_256(s.key.publicKey)],
    };
    const signature = mldsaSign(LEVEL, s.key.secretKey, encodeBody(body), CONTEXT_TX);
    return new Uint8Array(encodePacket({ body, signatures: [{ level: LEVEL, signature }] }));
  });
}

if (parentPort !== null) {
  const d = workerData;
  const out = d.kind === "keys" ? keys(d.labels) : sign(d.specs);
  parentPort.postMessage(out);
}
