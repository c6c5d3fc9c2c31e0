// Halt records (SPEC §9, docs/ledger.md "Halt record"): the 80-byte record the core writes on a HALT op or a
// CIR-302 invariant failure, and the one a node writes when a trusted-path check fails at start. A node signs
// every halt record it serves with its ML-DSA-87 key, context `QFS-V13/halt`, over the 80 record bytes, so a
// client (the browser, the CLI) can check the 503 answer's record before believing the node is halted.
// Browser-safe: no Buffer, verification by the WASM ML-DSA.
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { bytesEqual, fromHex, putU64 } from "../bytes.js";
import { sha3_256 } from "../hash.js";
import { qfsError } from "../errors/index.js";
import { mldsaVerify } from "../mldsa.js";
import { fromBase64 } from "../sdk/base64.js";

export const HALT_RECORD_BYTES = 80;
export const HALT_CONTEXT = new TextEncoder().encode("QFS-V13/halt");
/** Record codes: 1 an operator's HALT op, 302 CIR-302 (an invariant or a trusted-path check). */
export const HALT_CODE_OPERATOR = 1;
export const HALT_CODE_CIR302 = 302;

export interface HaltRecordFields {
  readonly code: number; // u32
  readonly message: number; // u32
  readonly seq: bigint; // u64
  readonly stateRoot: Uint8Array; // 32
  readonly auditHead: Uint8Array; // 32
}

const U32_MAX = 0xffffffff;
const U64_MAX = (1n << 64n) - 1n;

// Layout (80 bytes, little-endian): u32 code | u32 message | u64 seq | stateRoot[32] | auditHead[32].
export function encodeHaltRecord(r: HaltRecordFields): Uint8Array {
  for (const k of ["code", "message"] as const)
    if (!Number.isInteger(r[k]) || r[k] < 0 || r[k] > U32_MAX)
      throw qfsError("E_LEDGER_INPUT", `halt record ${k} is not a u32`);
  if (typeof r.seq !== "bigint" || r.seq < 0n || r.seq > U64_MAX)
    throw qfsError("E_LEDGER_INPUT", "halt record seq is not a u64");
  if (!(r.stateRoot instanceof Uint8Array) || r.stateRoot.length !== 32)
    throw qfsError("E_LEDGER_INPUT", "halt record stateRoot is not 32 bytes");
  if (!(r.auditHead instanceof Uint8Array) || r.auditHead.length !== 32)
    throw qfsError("E_LEDGER_INPUT", "halt record auditHead is not 32 bytes");
  const out = new Uint8Array(HALT_RECORD_BYTES);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, r.code, true);
  dv.setUint32(4, r.message, true);
  putU64(out, 8, r.seq);
  out.set(r.stateRoot, 16);
  out.set(r.auditHead, 48);
  return out;
}

/** The fields of an 80-byte record; undefined for any other length. */
export function decodeHaltRecord(b: Uint8Array): HaltRecordFields | undefined {
  if (!(b instanceof Uint8Array) || b.length !== HALT_RECORD_BYTES) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    code: dv.getUint32(0, true),
    message: dv.getUint32(4, true),
    seq: dv.getBigUint64(8, true),
    stateRoot: b.slice(16, 48),
    auditHead: b.slice(48, 80),
  };
}

/** SHA3-256 of the 80 bytes: what a RESUME op names. */
export function haltRecordHash(record: Uint8Array): Uint8Array {
  return sha3_256(record);
}

/** Node side: deterministic ML-DSA-87 signature over the record bytes (the secret key never enters WASM). */
export function signHaltRecord(record: Uint8Array, nodeSecretKey: Uint8Array): Uint8Array {
  if (!(record instanceof Uint8Array) || record.length !== HALT_RECORD_BYTES)
    throw qfsError("E_LEDGER_INPUT", `a halt record is ${HALT_RECORD_BYTES} bytes`);
  return ml_dsa87.sign(record, nodeSecretKey, { context: HALT_CONTEXT, extraEntropy: false });
}

/** Never throws: a record of the wrong length or a bad key or signature verifies as false. */
export function verifyHaltRecord(record: Uint8Array, signature: Uint8Array, nodePublicKey: Uint8Array): boolean {
  if (!(record instanceof Uint8Array) || record.length !== HALT_RECORD_BYTES) return false;
  if (!(signature instanceof Uint8Array) || !(nodePublicKey instanceof Uint8Array)) return false;
  return mldsaVerify(87, nodePublicKey, record, signature, HALT_CONTEXT);
}

/** The JSON fields of a served halt (server/node-service.ts HaltJson) that a client checks. */
export interface HaltJsonLike {
  readonly record: string;
  readonly hash: string;
  readonly code: number;
  readonly message: number;
  readonly seq: string;
  readonly stateRoot: string;
  readonly auditHead: string;
  readonly signature: string;
}

/** A client's check of a served halt: the record decodes, its hash and every repeated field match it, and the
 *  node's signature verifies. Returns why not, or null when it holds. */
export function checkHaltJson(h: HaltJsonLike, nodePublicKey: Uint8Array): string | null {
  if (h === null || typeof h !== "object") return "not an object";
  const record = fromHex(h.record);
  const fields = record === undefined ? undefined : decodeHaltRecord(record);
  if (record === undefined || fields === undefined) return `record is not ${HALT_RECORD_BYTES} bytes of hex`;
  const hash = fromHex(h.hash);
  if (hash === undefined || !bytesEqual(hash, haltRecordHash(record))) return "hash is not SHA3-256 of the record";
  if (h.code !== fields.code || h.message !== fields.message || h.seq !== String(fields.seq))
    return "code, message or seq differ from the record";
  const root = fromHex(h.stateRoot);
  const head = fromHex(h.auditHead);
  if (root === undefined || !bytesEqual(root, fields.stateRoot)) return "stateRoot differs from the record";
  if (head === undefined || !bytesEqual(head, fields.auditHead)) return "auditHead differs from the record";
  let signature: Uint8Array;
  try {
    signature = fromBase64(h.signature);
  } catch {
    return "signature is not base64";
  }
  return verifyHaltRecord(record, signature, nodePublicKey) ? null : "the node's signature does not verify";
}
