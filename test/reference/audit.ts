// Independent, naive RFC 9162 reference (recursive, straight from the definitions) over
// @noble/hashes SHA3-256, used only by tests and the vector generator.
import { sha3_256 } from "@noble/hashes/sha3.js";

export function refLeaf(entry: Uint8Array): Uint8Array {
  const b = new Uint8Array(entry.length + 1);
  b[0] = 0;
  b.set(entry, 1);
  return sha3_256(b);
}

export function refNode(l: Uint8Array, r: Uint8Array): Uint8Array {
  const b = new Uint8Array(65);
  b[0] = 1;
  b.set(l, 1);
  b.set(r, 33);
  return sha3_256(b);
}

function split(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

export function refMTH(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha3_256(new Uint8Array(0));
  if (d.length === 1) return refLeaf(d[0]!);
  const k = split(d.length);
  return refNode(refMTH(d.slice(0, k)), refMTH(d.slice(k)));
}

export function refPath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  if (m < k) return [...refPath(m, d.slice(0, k)), refMTH(d.slice(k))];
  return [...refPath(m - k, d.slice(k)), refMTH(d.slice(0, k))];
}

function refSubproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMTH(d)];
  const k = split(n);
  if (m <= k) return [...refSubproof(m, d.slice(0, k), b), refMTH(d.slice(k))];
  return [...refSubproof(m - k, d.slice(k), false), refMTH(d.slice(0, k))];
}

export function refProof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (m === 0 || m === d.length) return [];
  return refSubproof(m, d, true);
}

export function entryOf(i: number): Uint8Array {
  return new TextEncoder().encode(`qfs-audit-test-entry-${i}`);
}

export const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
