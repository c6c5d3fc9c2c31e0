// Worker thread of test/server/load-fixtures.ts presign() and bench/http.bench.mjs: signs packet specs with
// keys derived from seed labels (deterministic ML-DSA keys and signatures). Plain JS over dist/ so it runs in a
// bare worker thread (vitest's transform does not reach worker threads). noble signing costs ~6 ms a packet on
// this machine, so 10,000 packets are signed on every core at once.
import { parentPort, workerData } from "node:worker_threads";
import { encodePacket, generateKeyPair, ops, sha3_256, signPacket } from "../../dist/index.js";

const unhex = (s) => new Uint8Array(Buffer.from(s, "hex"));
const keys = new Map();

/** The key pair of a seed label: ML-DSA at `level`, seed = SHA3-256(label). */
export function seededKey(label, level) {
  const id = `${level}:${label}`;
  let k = keys.get(id);
  if (k === undefined) {
    k = generateKeyPair(level, sha3_256(new TextEncoder().encode(label)));
    keys.set(id, k);
  }
  return k;
}

function toOp(o) {
  switch (o.op) {
    case "transfer":
      return ops.transfer(o.token, unhex(o.to), BigInt(o.amount));
    case "mint":
      return ops.mint(o.token, unhex(o.to), BigInt(o.amount));
    case "paramChange":
      return ops.paramChange(o.paramId, BigInt(o.value));
    case "keyRevoke":
      return ops.keyRevoke(unhex(o.keyId));
    default:
      throw new Error(`load-sign-worker: unknown op ${o.op}`);
  }
}

/** One spec → the packet's wire bytes. */
export function signSpec(spec) {
  const signers = spec.signers.map((s) => seededKey(s.label, s.level));
  const packet = signPacket(
    {
      chainId: spec.chainId,
      account: unhex(spec.account),
      nonce: BigInt(spec.nonce),
      timestampMs: BigInt(spec.timestampMs),
      ops: spec.ops.map(toOp),
    },
    signers,
  );
  return encodePacket(packet);
}

if (parentPort !== null && workerData?.specs !== undefined) {
  // Each packet in a buffer of its own, so the transfer list names each buffer once.
  const out = workerData.specs.map((spec) => new Uint8Array(signSpec(spec)));
  parentPort.postMessage(
    out,
    out.map((b) => b.buffer),
  );
}
