// Shared helpers for the hash tests: a seeded byte generator (tests only; the core has no randomness)
// and the four functions side by side in our binding and in @noble/hashes.
import {
  sha3_256 as nSha3_256,
  sha3_512 as nSha3_512,
  shake128 as nShake128,
  shake256 as nShake256,
} from "@noble/hashes/sha3.js";
import * as qfs from "../../bindings/index.js";

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// xorshift32, seeded: the same bytes on every run.
export function seededBytes(seed: number, n: number): Uint8Array {
  let x = seed >>> 0 || 0x9e3779b9;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export type Alg = "sha3-256" | "sha3-512" | "shake128" | "shake256";
export const ALGS: readonly Alg[] = ["sha3-256", "sha3-512", "shake128", "shake256"];
export const RATE: Record<Alg, number> = { "sha3-256": 136, "sha3-512": 72, shake128: 168, shake256: 136 };
export const isXof = (a: Alg): boolean => a.startsWith("shake");

/** Our one-shot; outLen is ignored for SHA3. */
export function ours(alg: Alg, data: Uint8Array, outLen = 32): Uint8Array {
  switch (alg) {
    case "sha3-256":
      return qfs.sha3_256(data);
    case "sha3-512":
      return qfs.sha3_512(data);
    case "shake128":
      return qfs.shake128(data, outLen);
    case "shake256":
      return qfs.shake256(data, outLen);
  }
}

/** @noble/hashes one-shot; outLen is ignored for SHA3. */
export function noble(alg: Alg, data: Uint8Array, outLen = 32): Uint8Array {
  switch (alg) {
    case "sha3-256":
      return nSha3_256(data);
    case "sha3-512":
      return nSha3_512(data);
    case "shake128":
      return nShake128(data, { dkLen: outLen });
    case "shake256":
      return nShake256(data, { dkLen: outLen });
  }
}

/** Our incremental hasher fed with `pieces`, then output taken in `outPieces` (SHA3: one digest). */
export function oursIncremental(alg: Alg, pieces: Uint8Array[], outPieces: number[] = [32]): Uint8Array {
  if (!isXof(alg)) {
    const h = alg === "sha3-256" ? qfs.createSha3_256() : qfs.createSha3_512();
    for (const p of pieces) h.update(p);
    return h.digest();
  }
  const h = alg === "shake128" ? qfs.createShake128() : qfs.createShake256();
  for (const p of pieces) h.update(p);
  const outs = outPieces.map((n) => h.xof(n));
  return Buffer.concat(outs);
}

/** Splits data at the given cut points (any numbers; taken modulo data.length + 1 and sorted). */
export function split(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const pts = cuts.map((c) => c % (data.length + 1)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of pts) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  out.push(data.subarray(prev));
  return out;
}
