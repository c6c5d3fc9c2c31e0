// Pure verifiers for RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs over the
// SHA3-256 tree of docs/audit-log.md. Usable in Node and browsers (hashing runs in the WASM core).
// The `check*` functions return null when the proof verifies, or the QfsError that says why not;
// the `verify*` functions return a boolean. Neither ever throws on malformed input.
import { qfsError, type QfsError } from "../errors/index.js";
import { bytesEqual, emptyRoot, isHash, nodeHash } from "./hashes.js";

// Tree sizes and indices are non-negative safe integers (< 2^53).
export function isTreeSize(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function bitLen(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

function popCount(x: bigint): number {
  let c = 0;
  for (const ch of x.toString(2)) if (ch === "1") c++;
  return c;
}

function trailingZeros(x: bigint): number {
  let c = 0;
  while (x > 0n && (x & 1n) === 0n) {
    x >>= 1n;
    c++;
  }
  return c;
}

function checkProofArray(proof: unknown): QfsError | null {
  if (!Array.isArray(proof)) return qfsError("E_AUDIT_PROOF_LENGTH", "proof is not an array");
  for (const p of proof) if (!isHash(p)) return qfsError("E_AUDIT_HASH_LENGTH", "proof node is not 32 bytes");
  return null;
}

// Number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves:
// the path below the split where index and size-1 diverge, plus the right-border nodes above it.
export function inclusionProofLength(index: number, size: number): number {
  const i = BigInt(index);
  const inner = bitLen(i ^ BigInt(size - 1));
  return inner + popCount(i >> BigInt(inner));
}

// Number of hashes in the consistency proof from size m to size n (0 < m < n).
export function consistencyProofLength(m: number, n: number): number {
  const last = BigInt(m - 1);
  let inner = bitLen(last ^ BigInt(n - 1));
  const border = popCount(last >> BigInt(inner));
  const shift = trailingZeros(BigInt(m));
  inner -= shift;
  const seeded = BigInt(m) === 1n << BigInt(shift) ? 0 : 1;
  return seeded + inner + border;
}

export function checkInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): QfsError | null {
  if (!isHash(leafHash) || !isHash(root)) return qfsError("E_AUDIT_HASH_LENGTH");
  if (!isTreeSize(index) || !isTreeSize(size)) return qfsError("E_AUDIT_SIZE_RANGE");
  if (index >= size) return qfsError("E_AUDIT_INDEX_RANGE", `index ${index} >= size ${size}`);
  const bad = checkProofArray(proof);
  if (bad) return bad;
  const want = inclusionProofLength(index, size);
  if (proof.length !== want) return qfsError("E_AUDIT_PROOF_LENGTH", `got ${proof.length}, want ${want}`);
  // RFC 9162 §2.1.3.2.
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0n) return qfsError("E_AUDIT_PROOF_LENGTH");
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return qfsError("E_AUDIT_PROOF_LENGTH");
  if (!bytesEqual(r, root)) return qfsError("E_AUDIT_ROOT_MISMATCH");
  return null;
}

export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  try {
    return checkInclusion(leafHash, index, size, proof, root) === null;
  } catch {
    return false;
  }
}

export function checkConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  rootM: Uint8Array,
  rootN: Uint8Array,
): QfsError | null {
  if (!isHash(rootM) || !isHash(rootN)) return qfsError("E_AUDIT_HASH_LENGTH");
  if (!isTreeSize(m) || !isTreeSize(n)) return qfsError("E_AUDIT_SIZE_RANGE");
  if (m > n) return qfsError("E_AUDIT_INDEX_RANGE", `m ${m} > n ${n}`);
  const bad = checkProofArray(proof);
  if (bad) return bad;
  if (m === n || m === 0) {
    // Equal sizes: nothing to prove but equal roots. Size 0: any log extends the empty one.
    if (proof.length !== 0) return qfsError("E_AUDIT_PROOF_LENGTH", "proof must be empty");
    const want = m === 0 ? emptyRoot() : rootN;
    return bytesEqual(rootM, want) ? null : qfsError("E_AUDIT_ROOT_MISMATCH");
  }
  const want = consistencyProofLength(m, n);
  if (proof.length !== want) return qfsError("E_AUDIT_PROOF_LENGTH", `got ${proof.length}, want ${want}`);
  // RFC 9162 §2.1.4.2.
  const path: Uint8Array[] = [...proof];
  if (isPow2(m)) path.unshift(rootM);
  let fn = BigInt(m - 1);
  let sn = BigInt(n - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0n) return qfsError("E_AUDIT_PROOF_LENGTH");
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return qfsError("E_AUDIT_PROOF_LENGTH");
  if (!bytesEqual(fr, rootM) || !bytesEqual(sr, rootN)) return qfsError("E_AUDIT_ROOT_MISMATCH");
  return null;
}

function isPow2(x: number): boolean {
  const b = BigInt(x);
  return b > 0n && (b & (b - 1n)) === 0n;
}

export function verifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  rootM: Uint8Array,
  rootN: Uint8Array,
): boolean {
  try {
    return checkConsistency(m, n, proof, rootM, rootN) === null;
  } catch {
    return false;
  }
}
