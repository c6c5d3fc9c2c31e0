// Reference side of the ML-DSA tests: FIPS 204 parameter table, signature layout, a seeded PRNG,
// @noble/post-quantum wrappers that never throw, and the mutation classes shared by the golden
// vector generator, the noble differential test and the fuzz test. Nothing here calls our WASM.
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128_32, shake256_64 } from "@noble/hashes/sha3.js";

export type Level = 44 | 65 | 87;
export const LEVELS: readonly Level[] = [44, 65, 87];

export interface LevelParams {
  readonly level: Level;
  readonly k: number;
  readonly l: number;
  readonly eta: number;
  readonly tau: number;
  readonly gamma1: number;
  readonly omega: number;
  readonly lambda: number;
  readonly beta: number;
  /** bits per packed z coefficient: 1 + bitlen(γ1 − 1) */
  readonly zBits: number;
  readonly cTildeBytes: number;
  readonly zBytes: number;
  readonly hBytes: number;
  readonly pkBytes: number;
  readonly sigBytes: number;
  /** byte offsets inside the signature */
  readonly zOff: number;
  readonly hOff: number;
}

function mk(
  level: Level,
  k: number,
  l: number,
  eta: number,
  tau: number,
  gamma1: number,
  omega: number,
  lambda: number,
) {
  const zBits = gamma1 === 1 << 17 ? 18 : 20;
  const cTildeBytes = lambda / 4;
  const zBytes = l * 32 * zBits;
  const hBytes = omega + k;
  const p: LevelParams = {
    level,
    k,
    l,
    eta,
    tau,
    gamma1,
    omega,
    lambda,
    beta: tau * eta,
    zBits,
    cTildeBytes,
    zBytes,
    hBytes,
    // ρ (32 bytes) ‖ t1 (k polynomials of 256 coefficients × 10 bits)
    pkBytes: 32 + k * 320,
    sigBytes: cTildeBytes + zBytes + hBytes,
    zOff: cTildeBytes,
    hOff: cTildeBytes + zBytes,
  };
  return p;
}

export const PARAMS: Readonly<Record<Level, LevelParams>> = {
  44: mk(44, 4, 4, 2, 39, 1 << 17, 80, 128),
  65: mk(65, 6, 5, 4, 49, 1 << 19, 55, 192),
  87: mk(87, 8, 7, 2, 60, 1 << 19, 75, 256),
};

export const NOBLE = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 } as const;

// ---------------------------------------------------------------------------------------------
// @noble/post-quantum as the reference. Noble throws on some malformed inputs (wrong key length,
// context > 255 bytes, μ not 64 bytes); FIPS 204 verification's answer there is "reject", so a
// throw counts as false.

export function nobleVerify(level: Level, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array, ctx?: Uint8Array): boolean {
  try {
    return NOBLE[level].verify(sig, msg, pk, ctx === undefined ? undefined : { context: ctx });
  } catch {
    return false;
  }
}

export function nobleVerifyInternal(level: Level, pk: Uint8Array, mPrime: Uint8Array, sig: Uint8Array): boolean {
  try {
    return NOBLE[level].internal.verify(sig, mPrime, pk);
  } catch {
    return false;
  }
}

export function nobleVerifyMu(level: Level, pk: Uint8Array, mu: Uint8Array, sig: Uint8Array): boolean {
  try {
    return NOBLE[level].internal.verify(sig, mu, pk, { externalMu: true });
  } catch {
    return false;
  }
}

/** Deterministic signing (rnd = 0³², FIPS 204 "deterministic variant"). */
export function nobleSign(level: Level, sk: Uint8Array, msg: Uint8Array, ctx?: Uint8Array): Uint8Array {
  return NOBLE[level].sign(msg, sk, { extraEntropy: false, ...(ctx === undefined ? {} : { context: ctx }) });
}

export function nobleSignInternal(level: Level, sk: Uint8Array, mPrime: Uint8Array): Uint8Array {
  return NOBLE[level].internal.sign(mPrime, sk, { extraEntropy: false });
}

export function nobleSignMu(level: Level, sk: Uint8Array, mu: Uint8Array): Uint8Array {
  return NOBLE[level].internal.sign(mu, sk, { extraEntropy: false, externalMu: true });
}

// ---------------------------------------------------------------------------------------------
// HashML-DSA (FIPS 204 §5.4): M' = 0x01 ‖ len(ctx) ‖ ctx ‖ OID(hash) ‖ PH(M). Built here from
// @noble/hashes, so the prehash path can be checked through noble's internal interface for every
// hash (noble's own `prehash()` refuses hashes weaker than the parameter set).

export const HASH_ALGS = [
  "SHA2-224",
  "SHA2-256",
  "SHA2-384",
  "SHA2-512",
  "SHA2-512/224",
  "SHA2-512/256",
  "SHA3-224",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "SHAKE-128",
  "SHAKE-256",
] as const;
export type HashAlg = (typeof HASH_ALGS)[number];

const PH: Record<HashAlg, { oid: number; h: (m: Uint8Array) => Uint8Array }> = {
  "SHA2-256": { oid: 0x01, h: (m) => sha256(m) },
  "SHA2-384": { oid: 0x02, h: (m) => sha384(m) },
  "SHA2-512": { oid: 0x03, h: (m) => sha512(m) },
  "SHA2-224": { oid: 0x04, h: (m) => sha224(m) },
  "SHA2-512/224": { oid: 0x05, h: (m) => sha512_224(m) },
  "SHA2-512/256": { oid: 0x06, h: (m) => sha512_256(m) },
  "SHA3-224": { oid: 0x07, h: (m) => sha3_224(m) },
  "SHA3-256": { oid: 0x08, h: (m) => sha3_256(m) },
  "SHA3-384": { oid: 0x09, h: (m) => sha3_384(m) },
  "SHA3-512": { oid: 0x0a, h: (m) => sha3_512(m) },
  "SHAKE-128": { oid: 0x0b, h: (m) => shake128_32(m) },
  "SHAKE-256": { oid: 0x0c, h: (m) => shake256_64(m) },
};

export function hashMPrime(alg: HashAlg, msg: Uint8Array, ctx: Uint8Array = new Uint8Array(0)): Uint8Array {
  const { oid, h } = PH[alg];
  const digest = h(msg);
  const oidBytes = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, oid];
  return concat(Uint8Array.of(0x01, ctx.length), ctx, Uint8Array.from(oidBytes), digest);
}

/** Pure ML-DSA M' = 0x00 ‖ len(ctx) ‖ ctx ‖ M. */
export function pureMPrime(msg: Uint8Array, ctx: Uint8Array = new Uint8Array(0)): Uint8Array {
  return concat(Uint8Array.of(0x00, ctx.length), ctx, msg);
}

// ---------------------------------------------------------------------------------------------
// Seeded PRNG: sfc32 (fast, 128-bit state), seeded from a 32-bit number through splitmix32.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const sm = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** uniform integer in [0, n) for n ≤ 2^32 (rejection-free bias is irrelevant for tests) */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }
  bool(p = 0.5): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = this.u32();
      out[i] = v;
      out[i + 1] = v >>> 8;
      out[i + 2] = v >>> 16;
      out[i + 3] = v >>> 24;
    }
    for (; i < n; i++) out[i] = this.u32();
    return out;
  }
}

/** The test seed: MLDSA_SEED (decimal or 0x-hex) if set, else a fresh random one. Always printed. */
export function testSeed(): number {
  const env = process.env.MLDSA_SEED;
  if (env !== undefined && env !== "") {
    const v = Number(env);
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`MLDSA_SEED must be a u32, got ${env}`);
    return v;
  }
  return Math.floor(Math.random() * 0x1_0000_0000);
}

// ---------------------------------------------------------------------------------------------
// Byte helpers

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function eq(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString("hex");
export const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));

export function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = b.slice();
  out[bit >>> 3] = (out[bit >>> 3] as number) ^ (1 << (bit & 7));
  return out;
}

/** Writes `value` (nbits wide) at bit offset `bitOff`, FIPS 204 bit order (LSB first). */
export function setBits(b: Uint8Array, bitOff: number, nbits: number, value: number): void {
  for (let i = 0; i < nbits; i++) {
    const pos = bitOff + i;
    const bit = (value >>> i) & 1;
    const byte = b[pos >>> 3] as number;
    b[pos >>> 3] = bit ? byte | (1 << (pos & 7)) : byte & ~(1 << (pos & 7));
  }
}

export function getBits(b: Uint8Array, bitOff: number, nbits: number): number {
  let v = 0;
  for (let i = 0; i < nbits; i++) {
    const pos = bitOff + i;
    v |= (((b[pos >>> 3] as number) >>> (pos & 7)) & 1) << i;
  }
  return v >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Mutations. Each takes a valid case and returns a changed one (or null when the case does not
// allow that mutation, e.g. a hint section with no padding). The expected answer for every mutated
// case is "reject"; the differential test does not rely on that and asks noble anyway.

export interface Case {
  level: Level;
  pk: Uint8Array;
  msg: Uint8Array;
  sig: Uint8Array;
  ctx: Uint8Array;
}

export const MUTATIONS = [
  "sig-bitflip-ctilde",
  "sig-bitflip-z",
  "sig-bitflip-h",
  "msg-bitflip",
  "msg-extend",
  "msg-truncate",
  "pk-bitflip-rho",
  "pk-bitflip-t1",
  "ctx-bitflip",
  "ctx-extend",
  "ctx-truncate",
  "ctx-too-long",
  "sig-truncate",
  "sig-extend",
  "pk-truncate",
  "pk-extend",
  "wrong-level",
  "hint-indices-not-increasing",
  "hint-indices-duplicate",
  "hint-count-gt-omega",
  "hint-counts-decreasing",
  "hint-padding-nonzero",
  "z-out-of-range-high",
  "z-out-of-range-low",
  "z-at-bound",
  "z-inside-bound",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Hint section view: ω index bytes then k cumulative counts. */
function hintOf(c: Case): { p: LevelParams; h: number; counts: number[] } {
  const p = PARAMS[c.level];
  const counts: number[] = [];
  for (let i = 0; i < p.k; i++) counts.push(c.sig[p.hOff + p.omega + i] as number);
  return { p, h: p.hOff, counts };
}

function withSig(c: Case, sig: Uint8Array): Case {
  return { ...c, sig };
}

/** Coefficient `j` (0..l·256−1) of z, as its packed raw value r; z = γ1 − r. */
function setZRaw(c: Case, j: number, raw: number): Case {
  const p = PARAMS[c.level];
  const sig = c.sig.slice();
  setBits(sig, p.zOff * 8 + j * p.zBits, p.zBits, raw);
  return withSig(c, sig);
}

export function mutate(c: Case, m: Mutation, rng: Rng): Case | null {
  const p = PARAMS[c.level];
  switch (m) {
    case "sig-bitflip-ctilde":
      return withSig(c, flipBit(c.sig, rng.int(p.cTildeBytes * 8)));
    case "sig-bitflip-z":
      return withSig(c, flipBit(c.sig, p.zOff * 8 + rng.int(p.zBytes * 8)));
    case "sig-bitflip-h":
      return withSig(c, flipBit(c.sig, p.hOff * 8 + rng.int(p.hBytes * 8)));
    case "msg-bitflip":
      return c.msg.length === 0 ? null : { ...c, msg: flipBit(c.msg, rng.int(c.msg.length * 8)) };
    case "msg-extend":
      return { ...c, msg: concat(c.msg, Uint8Array.of(rng.int(256))) };
    case "msg-truncate":
      return c.msg.length === 0 ? null : { ...c, msg: c.msg.slice(0, c.msg.length - 1) };
    case "pk-bitflip-rho":
      return { ...c, pk: flipBit(c.pk, rng.int(32 * 8)) };
    case "pk-bitflip-t1":
      return { ...c, pk: flipBit(c.pk, 256 + rng.int((p.pkBytes - 32) * 8)) };
    case "ctx-bitflip":
      return c.ctx.length === 0 ? null : { ...c, ctx: flipBit(c.ctx, rng.int(c.ctx.length * 8)) };
    case "ctx-extend":
      return c.ctx.length >= 255 ? null : { ...c, ctx: concat(c.ctx, Uint8Array.of(rng.int(256))) };
    case "ctx-truncate":
      return c.ctx.length === 0 ? null : { ...c, ctx: c.ctx.slice(0, c.ctx.length - 1) };
    case "ctx-too-long":
      return { ...c, ctx: concat(c.ctx, rng.bytes(256 - c.ctx.length + rng.int(4))) };
    case "sig-truncate":
      return withSig(c, c.sig.slice(0, c.sig.length - 1));
    case "sig-extend":
      return withSig(c, concat(c.sig, Uint8Array.of(rng.int(256))));
    case "pk-truncate":
      return { ...c, pk: c.pk.slice(0, c.pk.length - 1) };
    case "pk-extend":
      return { ...c, pk: concat(c.pk, Uint8Array.of(rng.int(256))) };
    case "wrong-level": {
      const others = LEVELS.filter((l) => l !== c.level);
      return { ...c, level: rng.pick(others) };
    }
    case "hint-indices-not-increasing":
    case "hint-indices-duplicate": {
      // A polynomial with ≥ 2 hints: swap its first two indices, or repeat the first one.
      const { h, counts } = hintOf(c);
      const cand: number[] = [];
      let start = 0;
      for (let i = 0; i < p.k; i++) {
        const end = counts[i] as number;
        if (end - start >= 2) cand.push(start);
        start = end;
      }
      if (cand.length === 0) return null;
      const s = rng.pick(cand);
      const sig = c.sig.slice();
      const a = sig[h + s] as number;
      const b = sig[h + s + 1] as number;
      if (m === "hint-indices-not-increasing") {
        sig[h + s] = b;
        sig[h + s + 1] = a;
      } else {
        sig[h + s + 1] = a;
      }
      return withSig(c, sig);
    }
    case "hint-count-gt-omega": {
      const sig = c.sig.slice();
      const i = rng.int(p.k);
      sig[p.hOff + p.omega + i] = p.omega + 1 + rng.int(255 - p.omega);
      return withSig(c, sig);
    }
    case "hint-counts-decreasing": {
      // count[i] > count[i+1], both ≤ ω (HintBitUnpack must reject y[ω+i+1] < y[ω+i]).
      const { counts } = hintOf(c);
      const sig = c.sig.slice();
      const i = rng.int(p.k - 1);
      const a = Math.min((counts[i + 1] as number) + 1, p.omega);
      sig[p.hOff + p.omega + i] = a;
      sig[p.hOff + p.omega + i + 1] = a - 1;
      return withSig(c, sig);
    }
    case "hint-padding-nonzero": {
      const { counts } = hintOf(c);
      const total = counts[p.k - 1] as number;
      if (total >= p.omega) return null;
      const sig = c.sig.slice();
      sig[p.hOff + total + rng.int(p.omega - total)] = 1 + rng.int(255);
      return withSig(c, sig);
    }
    case "z-out-of-range-high":
      // raw 0 → z = γ1, raw 1..β → z in [γ1−β, γ1): all fail ‖z‖∞ < γ1 − β
      return setZRaw(c, rng.int(p.l * 256), rng.int(p.beta + 1));
    case "z-out-of-range-low":
      // raw 2^bits − 1 → z = γ1 − 2^bits + 1 = −(γ1 − 1): far below −(γ1 − β)
      return setZRaw(c, rng.int(p.l * 256), (2 ** p.zBits - 1 - rng.int(p.beta)) >>> 0);
    case "z-at-bound":
      // |z| = γ1 − β exactly: rejected (the check is strict)
      return setZRaw(c, rng.int(p.l * 256), rng.bool() ? p.beta : 2 * p.gamma1 - p.beta);
    case "z-inside-bound":
      // |z| = γ1 − β − 1: passes the norm check, so only the challenge comparison can reject it
      return setZRaw(c, rng.int(p.l * 256), rng.bool() ? p.beta + 1 : 2 * p.gamma1 - p.beta - 1);
  }
}
