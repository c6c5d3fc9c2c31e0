// Binary encodings of inclusion and consistency proofs, version 1 (docs/audit-log.md §2), for
// receipts, the HTTP API and files. Exactly one encoding per proof; decoders check the proof has
// the length its sizes require, so a decoded proof is well-formed (it may still not verify).
//   inclusion:   u8 version=1 | u8 type=1 | u64 index | u64 size | u8 count | count × hash[32]
//   consistency: u8 version=1 | u8 type=2 | u64 m     | u64 n    | u8 count | count × hash[32]
import { qfsError } from "../errors/index.js";
import { isHash } from "./hashes.js";
import { consistencyProofLength, inclusionProofLength, isTreeSize } from "./proof.js";

export const PROOF_ENCODING_VERSION = 1;
const TYPE_INCLUSION = 1;
const TYPE_CONSISTENCY = 2;

export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly path: readonly Uint8Array[];
}

export interface ConsistencyProof {
  readonly m: number;
  readonly n: number;
  readonly path: readonly Uint8Array[];
}

function expectedLength(type: number, a: number, b: number): number {
  if (type === TYPE_INCLUSION) return inclusionProofLength(a, b);
  return a === 0 || a === b ? 0 : consistencyProofLength(a, b);
}

function encode(type: number, a: number, b: number, path: readonly Uint8Array[]): Uint8Array {
  if (!isTreeSize(a) || !isTreeSize(b)) throw qfsError("E_AUDIT_SIZE_RANGE");
  if (type === TYPE_INCLUSION ? a >= b : a > b) throw qfsError("E_AUDIT_INDEX_RANGE");
  if (!Array.isArray(path) || path.length !== expectedLength(type, a, b)) throw qfsError("E_AUDIT_PROOF_LENGTH");
  const out = new Uint8Array(19 + 32 * path.length);
  out[0] = PROOF_ENCODING_VERSION;
  out[1] = type;
  const dv = new DataView(out.buffer);
  dv.setBigUint64(2, BigInt(a), true);
  dv.setBigUint64(10, BigInt(b), true);
  out[18] = path.length;
  path.forEach((h, i) => {
    if (!isHash(h)) throw qfsError("E_AUDIT_HASH_LENGTH");
    out.set(h, 19 + 32 * i);
  });
  return out;
}

function decode(type: number, bytes: Uint8Array): [number, number, Uint8Array[]] {
  if (!(bytes instanceof Uint8Array) || bytes.length < 19) throw qfsError("E_AUDIT_PROOF_LENGTH", "truncated");
  if (bytes[0] !== PROOF_ENCODING_VERSION || bytes[1] !== type) {
    throw qfsError("E_AUDIT_PROOF_LENGTH", "unknown version or type");
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const a64 = dv.getBigUint64(2, true);
  const b64 = dv.getBigUint64(10, true);
  if (a64 > BigInt(Number.MAX_SAFE_INTEGER) || b64 > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw qfsError("E_AUDIT_SIZE_RANGE");
  }
  const a = Number(a64);
  const b = Number(b64);
  if (type === TYPE_INCLUSION ? a >= b : a > b) throw qfsError("E_AUDIT_INDEX_RANGE");
  const count = bytes[18]!;
  if (count !== expectedLength(type, a, b) || bytes.length !== 19 + 32 * count) {
    throw qfsError("E_AUDIT_PROOF_LENGTH");
  }
  const path: Uint8Array[] = [];
  for (let i = 0; i < count; i++) path.push(bytes.slice(19 + 32 * i, 51 + 32 * i));
  return [a, b, path];
}

export function encodeInclusionProof(p: InclusionProof): Uint8Array {
  return encode(TYPE_INCLUSION, p.index, p.size, p.path);
}

export function decodeInclusionProof(bytes: Uint8Array): InclusionProof {
  const [index, size, path] = decode(TYPE_INCLUSION, bytes);
  return { index, size, path };
}

export function encodeConsistencyProof(p: ConsistencyProof): Uint8Array {
  return encode(TYPE_CONSISTENCY, p.m, p.n, p.path);
}

export function decodeConsistencyProof(bytes: Uint8Array): ConsistencyProof {
  const [m, n, path] = decode(TYPE_CONSISTENCY, bytes);
  return { m, n, path };
}
