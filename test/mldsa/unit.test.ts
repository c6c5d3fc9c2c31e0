// Unit tests of the ML-DSA verifier's internals (through core.wasm test hooks) and of the binding
// API's edges. The wide noble differential and fuzz suites live elsewhere (mldsa.differential).
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";
import { sha3_224, sha3_256, sha3_384, sha3_512, shake128_32, shake256, shake256_64 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors.js";
import {
  MLDSA_SIZES,
  hashMldsaVerify,
  mldsaVerify,
  mldsaVerifyBatch,
  mldsaVerifyInternal,
  mldsaVerifyMu,
  type MldsaHashAlg,
  type MldsaLevel,
} from "../../bindings/index.js";
import type { CoreTestExports } from "../../bindings/core-exports.js";
import { scratchCore } from "../../bindings/runtime.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";

const Q = 8380417;
const LEVELS: MldsaLevel[] = [44, 65, 87];
const nobleOf = (l: MldsaLevel) => (l === 44 ? ml_dsa44 : l === 65 ? ml_dsa65 : ml_dsa87);
// Per level: [k, l, gamma1 bits, gamma1, beta, omega, c~ bytes]
const P = {
  44: { k: 4, l: 4, bits: 18, g1: 1 << 17, beta: 78, omega: 80, ct: 32 },
  65: { k: 6, l: 5, bits: 20, g1: 1 << 19, beta: 196, omega: 55, ct: 48 },
  87: { k: 8, l: 7, bits: 20, g1: 1 << 19, beta: 120, omega: 75, ct: 64 },
} as const;

useTestCore();
const hooks = (): CoreTestExports => testHooks();

// Deterministic xorshift32 so failures reproduce.
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}
const flip = (a: Uint8Array, i: number, mask: number): void => {
  a[i] = (a[i] ?? 0) ^ mask;
};
const bytes = (r: () => number, n: number): Uint8Array => Uint8Array.from({ length: n }, () => r() & 0xff);
const mod = (a: bigint, m: bigint): bigint => ((a % m) + m) % m;

function decode(level: MldsaLevel, sig: Uint8Array): number {
  const h = hooks();
  new Uint8Array(h.memory.buffer).set(sig, h.mldsaSigPtr());
  return h.mldsaTestDecodeSig(level, sig.length);
}

const fixtures = new Map<MldsaLevel, { pk: Uint8Array; sk: Uint8Array; msg: Uint8Array; sig: Uint8Array }>();
function fixture(level: MldsaLevel) {
  let f = fixtures.get(level);
  if (f === undefined) {
    const noble = nobleOf(level);
    const { publicKey, secretKey } = noble.keygen(new Uint8Array(32).fill(level));
    const msg = new TextEncoder().encode("unit test message");
    // A signature whose hint field has a row with >= 2 entries and some zero padding.
    let sig = noble.sign(msg, secretKey, { extraEntropy: new Uint8Array(32) });
    for (let i = 1; ; i++) {
      const y = sig.subarray(sig.length - P[level].omega - P[level].k);
      const counts = Array.from(y.subarray(P[level].omega));
      const rows = counts.map((c, r) => c - (r === 0 ? 0 : counts[r - 1]!));
      if (rows.some((n) => n >= 2) && counts[counts.length - 1]! < P[level].omega) break;
      sig = noble.sign(msg, secretKey, { extraEntropy: new Uint8Array(32).fill(i) });
    }
    f = { pk: publicKey, sk: secretKey, msg, sig };
    fixtures.set(level, f);
  }
  return f;
}

describe("ML-DSA arithmetic", () => {
  it("Montgomery reduction: |r| < q and r = a * 2^-32 mod q for |a| < 2^31 q (|r| <= q at the edge)", () => {
    const h = hooks();
    const r = rng(1);
    const lim = (1n << 31n) * BigInt(Q);
    const rInv = (() => {
      // 2^-32 mod q
      let x = 1n;
      const q = BigInt(Q);
      let b = mod(1n << 32n, q);
      let e = q - 2n;
      while (e > 0n) {
        if (e & 1n) x = (x * b) % q;
        b = (b * b) % q;
        e >>= 1n;
      }
      return x;
    })();
    const samples: bigint[] = [0n, 1n, -1n, lim - 1n, -lim + 1n, BigInt(Q), -BigInt(Q)];
    expect(Math.abs(h.mldsaTestMontReduce(lim))).toBeLessThanOrEqual(Q);
    expect(Math.abs(h.mldsaTestMontReduce(-lim))).toBeLessThanOrEqual(Q);
    for (let i = 0; i < 2000; i++) {
      const a = ((BigInt(r()) << 32n) | BigInt(r())) % lim;
      samples.push(i & 1 ? a : -a);
    }
    for (const a of samples) {
      const got = h.mldsaTestMontReduce(a);
      expect(Math.abs(got)).toBeLessThan(Q);
      expect(mod(BigInt(got) - a * rInv, BigInt(Q))).toBe(0n);
    }
  });

  it("reduce32: |r| <= 6283008 and r = a mod q", () => {
    const h = hooks();
    const r = rng(2);
    const samples = [0, 1, -1, Q, -Q, 2 ** 31 - 2 ** 22 - 1, -(2 ** 31)];
    for (let i = 0; i < 2000; i++) samples.push(r() | 0);
    for (const a of samples) {
      if (a > 2 ** 31 - 2 ** 22 - 1) continue;
      const got = h.mldsaTestReduce32(a);
      expect(Math.abs(got)).toBeLessThanOrEqual(6283008);
      expect(mod(BigInt(got) - BigInt(a), BigInt(Q))).toBe(0n);
    }
  });

  it("HighBits and UseHint (h = 0, 1) match FIPS 204 Decompose for every r in [0, q), both gamma2, both paths", () => {
    const h = hooks();
    const inp = new Int32Array(h.memory.buffer, h.mldsaTestPolyPtr(), 256);
    const out = new Int32Array(h.memory.buffer, h.mldsaTestPoly2Ptr(), 256);
    let mismatches = 0;
    for (const g2 of [(Q - 1) / 32, (Q - 1) / 88]) {
      const m = (Q - 1) / (2 * g2);
      const is32 = g2 === (Q - 1) / 32 ? 1 : 0;
      const want0 = new Int32Array(256);
      const want1 = new Int32Array(256);
      for (let base = 0; base < Q; base += 256) {
        const n = Math.min(256, Q - base);
        for (let i = 0; i < 256; i++) {
          const r = i < n ? base + i : 0;
          inp[i] = r;
          // Decompose (Alg. 36): r0 = r mod+- 2*gamma2, in (-gamma2, gamma2].
          let r0 = r % (2 * g2);
          if (r0 > g2) r0 -= 2 * g2;
          let r1: number;
          if (r - r0 === Q - 1) {
            r1 = 0;
            r0 -= 1;
          } else r1 = (r - r0) / (2 * g2);
          want0[i] = r1;
          want1[i] = r0 > 0 ? (r1 + 1) % m : (r1 - 1 + m) % m;
        }
        for (const simd of [0, 1]) {
          h.mldsaTestUseHint(0, is32, simd);
          for (let i = 0; i < 256; i++) if (out[i] !== want0[i]) mismatches++;
        }
        h.mldsaTestUseHint(1, is32, 0);
        for (let i = 0; i < 256; i++) if (out[i] !== want1[i]) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it("invNTT(NTT(a)) = a * 2^32 mod q, with |coefficients| < q", () => {
    const h = hooks();
    const r = rng(3);
    const R = mod(1n << 32n, BigInt(Q));
    for (let t = 0; t < 50; t++) {
      const a = Int32Array.from({ length: 256 }, () => (r() % (2 * Q - 1)) - (Q - 1));
      new Int32Array(h.memory.buffer, h.mldsaTestPolyPtr(), 256).set(a);
      h.mldsaTestNtt();
      const f = new Int32Array(h.memory.buffer, h.mldsaTestPolyPtr(), 256);
      for (const v of f) expect(Math.abs(v)).toBeLessThan(9 * Q);
      // The inverse expects |a| < q: reduce the way the verifier does before it (reduce32).
      for (let i = 0; i < 256; i++) f[i] = h.mldsaTestReduce32(f[i]!);
      h.mldsaTestInvNtt();
      const back = new Int32Array(h.memory.buffer, h.mldsaTestPolyPtr(), 256);
      for (let i = 0; i < 256; i++) {
        expect(Math.abs(back[i]!)).toBeLessThan(Q);
        expect(mod(BigInt(back[i]!) - BigInt(a[i]!) * R, BigInt(Q))).toBe(0n);
      }
    }
  });
});

describe("ML-DSA SIMD path equals the scalar path bit for bit", () => {
  const poly = (ptr: number) => new Int32Array(hooks().memory.buffer, ptr, 256);
  const randPoly = (r: () => number, bound: number) =>
    Int32Array.from({ length: 256 }, () => (r() % (2 * bound - 1)) - (bound - 1));

  it("forward and inverse NTT", () => {
    const h = hooks();
    const r = rng(11);
    for (let t = 0; t < 40; t++) {
      const a = randPoly(r, Q);
      poly(h.mldsaTestPolyPtr()).set(a);
      h.mldsaTestNtt();
      const want = poly(h.mldsaTestPolyPtr()).slice();
      poly(h.mldsaTestPolyPtr()).set(a);
      h.mldsaTestNttSimd();
      expect(poly(h.mldsaTestPolyPtr())).toEqual(want);
      // Inverse, on inputs at the documented bound |a| < q.
      poly(h.mldsaTestPolyPtr()).set(a);
      h.mldsaTestInvNtt();
      const wantInv = poly(h.mldsaTestPolyPtr()).slice();
      poly(h.mldsaTestPolyPtr()).set(a);
      h.mldsaTestInvNttSimd();
      expect(poly(h.mldsaTestPolyPtr())).toEqual(wantInv);
    }
  });

  it("pointwise products, subtract-reduce, caddq", () => {
    const h = hooks();
    const r = rng(12);
    for (let t = 0; t < 40; t++) {
      const acc = randPoly(r, 7 * Q);
      const b = randPoly(r, 9 * Q);
      const c = randPoly(r, t % 2 ? Q : 9 * Q);
      for (const op of [0, 1, 2, 3]) {
        const run = (simd: number) => {
          poly(h.mldsaTestPolyPtr()).set(op === 3 ? randPoly(rng(t + 1), Q) : acc);
          poly(h.mldsaTestPoly2Ptr()).set(b);
          poly(h.mldsaTestPoly3Ptr()).set(c);
          h.mldsaTestPolyOp(op, simd);
          return poly(h.mldsaTestPolyPtr()).slice();
        };
        expect(run(1)).toEqual(run(0));
      }
    }
  });

  it("t1 and z unpacking (z with its range check)", () => {
    const h = hooks();
    const r = rng(15);
    // Little-endian bit packing of 256 values of `bits` bits.
    const pack = (vals: number[], bits: number): Uint8Array => {
      const out = new Uint8Array((256 * bits) / 8 + 16);
      vals.forEach((v, i) => {
        for (let b = 0; b < bits; b++) if ((v >>> b) & 1) out[(i * bits + b) >> 3]! |= 1 << ((i * bits + b) & 7);
      });
      return out;
    };
    const seen: number[] = [];
    for (const level of LEVELS) {
      const p = P[level];
      for (let t = 0; t < 40; t++) {
        const what = t & 1;
        let buf: Uint8Array;
        if (what === 0) buf = bytes(r, 336);
        else if (t % 4 === 1)
          buf = bytes(r, 656); // mostly out of range
        else {
          // In range, with one coefficient pushed to the edge (in or just out) when t % 8 == 3.
          const vals = Array.from(
            { length: 256 },
            () => p.g1 - ((r() % (2 * (p.g1 - p.beta) - 1)) - (p.g1 - p.beta - 1)),
          );
          if (t % 8 === 3) vals[r() % 256] = r() & 1 ? p.beta : p.beta + 1;
          buf = pack(vals, p.bits);
        }
        new Uint8Array(h.memory.buffer, h.mldsaSigPtr(), buf.length).set(buf);
        const a = h.mldsaTestUnpack(level, what, 0);
        const wa = poly(h.mldsaTestPolyPtr()).slice();
        const b = h.mldsaTestUnpack(level, what, 1);
        expect(b).toBe(a);
        if (a === 1) expect(poly(h.mldsaTestPolyPtr())).toEqual(wa);
        seen[a] = (seen[a] ?? 0) + 1;
      }
    }
    expect(seen[0]).toBeGreaterThan(10); // z out of range
    expect(seen[1]).toBeGreaterThan(60); // t1, and z in range
  });

  it("2-way Keccak-f[1600] equals the scalar permutation on each state", () => {
    const h = hooks();
    const r = rng(13);
    for (let t = 0; t < 20; t++) {
      const sa = bytes(r, 200);
      const sb = bytes(r, 200);
      const mem = () => new Uint8Array(h.memory.buffer, h.mldsaTestStatePtr(), 400);
      const one = (s: Uint8Array) => {
        mem().set(s);
        h.mldsaTestKeccak(0);
        return mem().slice(0, 200);
      };
      const wa = one(sa);
      const wb = one(sb);
      const inter = new Uint8Array(400);
      for (let i = 0; i < 25; i++) {
        inter.set(sa.subarray(8 * i, 8 * i + 8), 16 * i);
        inter.set(sb.subarray(8 * i, 8 * i + 8), 16 * i + 8);
      }
      mem().set(inter);
      h.mldsaTestKeccak(1);
      const out = mem().slice();
      for (let i = 0; i < 25; i++) {
        expect(out.subarray(16 * i, 16 * i + 8)).toEqual(wa.subarray(8 * i, 8 * i + 8));
        expect(out.subarray(16 * i + 8, 16 * i + 16)).toEqual(wb.subarray(8 * i, 8 * i + 8));
      }
    }
  });

  it("2-way Keccak-f[1600]: chained permutations equal the scalar ones; the zero state gives the FIPS 202 value", () => {
    const h = hooks();
    const mem = () => new Uint8Array(h.memory.buffer, h.mldsaTestStatePtr(), 400);
    const lane = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset + off, 8).getBigUint64(0, true);
    // Keccak-f[1600] of the all-zero state: lanes 0 and 1 (Keccak team's intermediate values).
    mem().fill(0);
    h.mldsaTestKeccak(1);
    for (const half of [0, 8]) {
      expect(lane(mem(), half)).toBe(0xf1258f7940e1dde7n);
      expect(lane(mem(), 16 + half)).toBe(0x84d5ccf933c0478an);
    }
    const r = rng(15);
    for (let t = 0; t < 10; t++) {
      const sa = bytes(r, 200);
      const sb = bytes(r, 200);
      const rounds = 1 + (t % 5);
      const scalar = (s0: Uint8Array) => {
        mem().set(s0);
        for (let i = 0; i < rounds; i++) h.mldsaTestKeccak(0);
        return mem().slice(0, 200);
      };
      const wa = scalar(sa);
      const wb = scalar(sb);
      const inter = new Uint8Array(400);
      for (let i = 0; i < 25; i++) {
        inter.set(sa.subarray(8 * i, 8 * i + 8), 16 * i);
        inter.set(sb.subarray(8 * i, 8 * i + 8), 16 * i + 8);
      }
      mem().set(inter);
      for (let i = 0; i < rounds; i++) h.mldsaTestKeccak(1);
      const out = mem().slice();
      for (let i = 0; i < 25; i++) {
        expect(out.subarray(16 * i, 16 * i + 8)).toEqual(wa.subarray(8 * i, 8 * i + 8));
        expect(out.subarray(16 * i + 8, 16 * i + 16)).toEqual(wb.subarray(8 * i, 8 * i + 8));
      }
    }
  });

  it("tr hashed on the 2-way Keccak's second lane equals SHAKE256(pk, 64); the first lane's entry equals ExpandA", () => {
    const h = hooks();
    const r = rng(16);
    // Around the 136-byte rate (a last block of padding only at 136 and 272) and the three pk sizes.
    for (const pkLen of [0, 1, 135, 136, 137, 271, 272, 1312, 1952, 2592, r() % 2593]) {
      const pk = bytes(r, 2592);
      new Uint8Array(h.memory.buffer, h.mldsaPkPtr(), 2592).set(pk);
      const [col, row] = [r() % 7, r() % 8];
      const entries = h.mldsaTestTrBeside(pkLen, col, row);
      // Every entry takes 5 permutations (6 or more with odds below 2^-100), one pk block each.
      expect(entries).toBe(Math.ceil((Math.floor(pkLen / 136) + 1) / 5));
      const tr = new Uint8Array(h.memory.buffer, h.mldsaTestPolyPtr(), 64).slice();
      expect(tr).toEqual(shake256(pk.subarray(0, pkLen), { dkLen: 64 }));
      const beside = poly(h.mldsaTestPoly2Ptr()).slice();
      h.mldsaTestExpandA(col, row, 0, 0, 0);
      expect(beside).toEqual(poly(h.mldsaTestPolyPtr()));
    }
    expect(h.mldsaTestTrBeside(2593, 0, 0)).toBe(-1);
  });

  it("ExpandA two entries at a time equals one at a time", () => {
    const h = hooks();
    const r = rng(14);
    for (let t = 0; t < 30; t++) {
      new Uint8Array(h.memory.buffer, h.mldsaPkPtr(), 32).set(bytes(r, 32));
      const [ca, ra, cb, rb] = [r() % 7, r() % 8, r() % 7, r() % 8];
      h.mldsaTestExpandA(ca, ra, 0, 0, 0);
      const wa = poly(h.mldsaTestPolyPtr()).slice();
      h.mldsaTestExpandA(cb, rb, 0, 0, 0);
      const wb = poly(h.mldsaTestPolyPtr()).slice();
      h.mldsaTestExpandA(ca, ra, cb, rb, 1);
      expect(poly(h.mldsaTestPoly2Ptr())).toEqual(wa);
      expect(poly(h.mldsaTestPoly3Ptr())).toEqual(wb);
      for (const v of wa) expect(v >= 0 && v < Q).toBe(true);
    }
  });
});

describe("ML-DSA signature decoding rejects each malformation", () => {
  for (const level of LEVELS) {
    const p = P[level];
    const hintOff = (sig: Uint8Array) => sig.length - p.omega - p.k;

    it(`ML-DSA-${level}: the valid signature decodes and verifies`, () => {
      const f = fixture(level);
      expect(decode(level, f.sig)).toBe(0);
      expect(mldsaVerify(level, f.pk, f.msg, f.sig)).toBe(true);
    });

    it(`ML-DSA-${level}: wrong lengths`, () => {
      const f = fixture(level);
      for (const s of [f.sig.subarray(0, f.sig.length - 1), Uint8Array.of(...f.sig, 0), new Uint8Array(0)]) {
        expect(decode(level, s)).toBe(1);
        expect(mldsaVerify(level, f.pk, f.msg, s)).toBe(false);
      }
      for (const k of [f.pk.subarray(1), Uint8Array.of(...f.pk, 0), new Uint8Array(0)]) {
        expect(mldsaVerify(level, k, f.msg, f.sig)).toBe(false);
        expect(mldsaVerifyInternal(level, k, f.msg, f.sig)).toBe(false);
      }
      const other: MldsaLevel = level === 87 ? 44 : 87;
      expect(mldsaVerify(other, f.pk, f.msg, f.sig)).toBe(false);
      expect(mldsaVerifyMu(level, f.pk, new Uint8Array(63), f.sig)).toBe(false);
    });

    // Writes coefficient 0 of z_j as raw bits v (z = gamma1 - v).
    const setZ0 = (sig: Uint8Array, j: number, v: number): Uint8Array => {
      const s = sig.slice();
      const o = p.ct + j * 32 * p.bits;
      const mask = (1 << p.bits) - 1;
      const cur = s[o]! | (s[o + 1]! << 8) | (s[o + 2]! << 16);
      const nv = (cur & ~mask) | (v & mask);
      s[o] = nv & 0xff;
      s[o + 1] = (nv >>> 8) & 0xff;
      s[o + 2] = (nv >>> 16) & 0xff;
      return s;
    };

    it(`ML-DSA-${level}: z out of range (|z| >= gamma1 - beta)`, () => {
      const f = fixture(level);
      for (const j of [0, p.l - 1]) {
        expect(decode(level, setZ0(f.sig, j, p.beta))).toBe(3); // z = gamma1 - beta
        expect(decode(level, setZ0(f.sig, j, 2 * p.g1 - p.beta))).toBe(3); // z = -(gamma1 - beta)
        expect(decode(level, setZ0(f.sig, j, 0))).toBe(3); // z = gamma1
        expect(decode(level, setZ0(f.sig, j, (1 << p.bits) - 1))).toBe(3); // z = gamma1 - 2^bits + 1
        expect(decode(level, setZ0(f.sig, j, p.beta + 1))).toBe(0); // z = gamma1 - beta - 1: in range
        expect(decode(level, setZ0(f.sig, j, 2 * p.g1 - p.beta - 1))).toBe(0);
        expect(mldsaVerify(level, f.pk, f.msg, setZ0(f.sig, j, p.beta))).toBe(false);
      }
    });

    it(`ML-DSA-${level}: malformed hints from the real signature`, () => {
      const f = fixture(level);
      const y0 = hintOff(f.sig);
      const counts = Array.from(f.sig.subarray(y0 + p.omega));
      const total = counts[counts.length - 1]!;
      // Non-increasing indices within a row: swap two entries of a row with >= 2.
      const row = counts.findIndex((c, r) => c - (r === 0 ? 0 : counts[r - 1]!) >= 2);
      const from = row === 0 ? 0 : counts[row - 1]!;
      const swapped = f.sig.slice();
      [swapped[y0 + from], swapped[y0 + from + 1]] = [swapped[y0 + from + 1]!, swapped[y0 + from]!];
      expect(decode(level, swapped)).toBe(2);
      expect(mldsaVerify(level, f.pk, f.msg, swapped)).toBe(false);
      const dup = f.sig.slice();
      dup[y0 + from + 1] = dup[y0 + from]!;
      expect(decode(level, dup)).toBe(2);
      // A count above omega.
      const over = f.sig.slice();
      over[y0 + p.omega + p.k - 1] = p.omega + 1;
      expect(decode(level, over)).toBe(2);
      // Decreasing cumulative counts.
      const dec = f.sig.slice();
      const r = counts.findIndex((c) => c > 0);
      dec[y0 + p.omega + r + 1] = counts[r]! - 1;
      expect(decode(level, dec)).toBe(2);
      expect(mldsaVerify(level, f.pk, f.msg, dec)).toBe(false);
      // Non-zero padding after the last index.
      const pad = f.sig.slice();
      pad[y0 + p.omega - 1] = 1;
      expect(total).toBeLessThan(p.omega);
      expect(decode(level, pad)).toBe(2);
      expect(mldsaVerify(level, f.pk, f.msg, pad)).toBe(false);
    });

    it(`ML-DSA-${level}: hand-built hint fields`, () => {
      const f = fixture(level);
      const y0 = hintOff(f.sig);
      const build = (rows: number[][], padding: number[] = []): Uint8Array => {
        const s = f.sig.slice();
        s.fill(0, y0);
        let n = 0;
        rows.forEach((idx, r) => {
          for (const v of idx) s[y0 + n++] = v;
          s[y0 + p.omega + r] = n;
        });
        for (let r = rows.length; r < p.k; r++) s[y0 + p.omega + r] = n;
        padding.forEach((v, i) => (s[y0 + n + i] = v));
        return s;
      };
      expect(decode(level, build([]))).toBe(0); // no hints at all
      expect(decode(level, build([[0, 1, 255], [], [7]]))).toBe(0);
      expect(decode(level, build([[3, 5], [0]]))).toBe(0); // a new row may restart low
      expect(decode(level, build([[5, 3]]))).toBe(2); // decreasing in a row
      expect(decode(level, build([[4, 4]]))).toBe(2); // repeated in a row
      expect(decode(level, build([[1]], [9]))).toBe(2); // non-zero padding
      expect(decode(level, build([Array.from({ length: p.omega }, (_, i) => i)]))).toBe(0); // exactly omega
      const tooMany = build([]);
      tooMany[y0 + p.omega] = p.omega + 1;
      expect(decode(level, tooMany)).toBe(2);
      const decreasing = build([[1, 2], [3]]);
      decreasing[y0 + p.omega + 1] = 1; // 2 then 1
      expect(decode(level, decreasing)).toBe(2);
    });
  }
});

describe("ML-DSA binding API", () => {
  it("MLDSA_SIZES", () => {
    expect(MLDSA_SIZES).toEqual({
      44: { publicKey: 1312, signature: 2420 },
      65: { publicKey: 1952, signature: 3309 },
      87: { publicKey: 2592, signature: 4627 },
    });
  });

  it("a bad level throws E_MLDSA_LEVEL; bad inputs return false", () => {
    const f = fixture(44);
    for (const bad of [0, 43, 45, 128, Number.NaN]) {
      expect(codeOf(() => mldsaVerify(bad as MldsaLevel, f.pk, f.msg, f.sig))).toBe("E_MLDSA_LEVEL");
      expect(codeOf(() => mldsaVerifyInternal(bad as MldsaLevel, f.pk, f.msg, f.sig))).toBe("E_MLDSA_LEVEL");
      expect(
        codeOf(() =>
          mldsaVerifyBatch([{ level: bad as MldsaLevel, publicKey: f.pk, message: f.msg, signature: f.sig }]),
        ),
      ).toBe("E_MLDSA_LEVEL");
    }
    expect(mldsaVerify(44, f.pk, f.msg, f.sig, new Uint8Array(256))).toBe(false);
    expect(mldsaVerify(44, f.pk, f.msg, f.sig, new Uint8Array(0))).toBe(true);
    const anyBad = (x: unknown) => x as Uint8Array;
    expect(mldsaVerify(44, anyBad(null), f.msg, f.sig)).toBe(false);
    expect(mldsaVerify(44, f.pk, anyBad("msg"), f.sig)).toBe(false);
    expect(mldsaVerify(44, f.pk, f.msg, anyBad([1, 2]))).toBe(false);
    expect(hashMldsaVerify(44, f.pk, f.msg, f.sig, "MD5" as "SHA2-256")).toBe(false);
  });

  it("contexts up to 255 bytes and messages longer than the 64 KiB buffer (streamed)", () => {
    const r = rng(7);
    for (const level of LEVELS) {
      const noble = nobleOf(level);
      const { publicKey, secretKey } = noble.keygen(bytes(r, 32));
      for (const n of [0, 65534, 65535, 65536, 200_000]) {
        const msg = bytes(r, n);
        const ctx = bytes(r, n === 0 ? 255 : n % 256);
        const sig = noble.sign(msg, secretKey, { context: ctx });
        expect(mldsaVerify(level, publicKey, msg, sig, ctx)).toBe(true);
        const mPrime = new Uint8Array(2 + ctx.length + n);
        mPrime[1] = ctx.length;
        mPrime.set(ctx, 2);
        mPrime.set(msg, 2 + ctx.length);
        expect(mldsaVerifyInternal(level, publicKey, mPrime, sig)).toBe(true);
        if (n > 0) {
          flip(msg, n - 1, 0x80);
          expect(mldsaVerify(level, publicKey, msg, sig, ctx)).toBe(false);
        }
      }
    }
  });

  it("batch: mixed levels, invalid items, split across calls, results in order", () => {
    const r = rng(8);
    const items: Parameters<typeof mldsaVerifyBatch>[0][number][] = [];
    const expected: boolean[] = [];
    for (let i = 0; i < 90; i++) {
      const level = LEVELS[i % 3]!;
      const f = fixture(level);
      const msg = i % 5 === 0 ? f.msg : bytes(r, 10);
      const sig = f.sig.slice();
      if (i % 7 === 3) flip(sig, 100, 1);
      const ok = i % 5 === 0 && i % 7 !== 3;
      items.push({ level, publicKey: f.pk, message: msg, signature: i % 11 === 4 ? sig.subarray(1) : sig });
      expected.push(ok && i % 11 !== 4);
    }
    expect(mldsaVerifyBatch(items)).toEqual(expected);
    // A message larger than the batch buffer goes through the streaming path.
    const f = fixture(87);
    const { publicKey, secretKey } = ml_dsa87.keygen(new Uint8Array(32).fill(9));
    const big = bytes(r, 600_000);
    const bigSig = ml_dsa87.sign(big, secretKey);
    expect(
      mldsaVerifyBatch([
        { level: 87, publicKey: f.pk, message: f.msg, signature: f.sig },
        { level: 87, publicKey, message: big, signature: bigSig },
        { level: 87, publicKey, message: big.subarray(1), signature: bigSig },
      ]),
    ).toEqual([true, true, false]);
    expect(mldsaVerifyBatch([])).toEqual([]);
  });
});

describe("ML-DSA WASM exports never trap", () => {
  it("every verify export returns 0/1 (batch: -1) on arbitrary arguments and buffer contents", () => {
    const c = scratchCore().exports as unknown as Record<string, (...a: number[]) => number> & {
      memory: WebAssembly.Memory;
    };
    const r = rng(21);
    const ints = [
      -(2 ** 31),
      -1,
      0,
      1,
      2,
      16,
      43,
      44,
      65,
      87,
      88,
      1312,
      2420,
      2592,
      4627,
      65536,
      65537,
      2 ** 19,
      2 ** 31 - 1,
    ];
    const pick = () => ints[r() % ints.length]!;
    const mem = () => new Uint8Array(c.memory.buffer);
    for (let t = 0; t < 300; t++) {
      mem().set(bytes(r, 2600), c.mldsaPkPtr!());
      mem().set(bytes(r, 4700), c.mldsaSigPtr!());
      mem().set(bytes(r, 64), c.mldsaMuPtr!());
      mem().set(bytes(r, 256), c.mldsaMsgPtr!());
      expect([0, 1]).toContain(c.mldsaVerifyInternal!(pick(), pick(), pick(), pick()));
      expect([0, 1]).toContain(c.mldsaVerifyMu!(pick(), pick(), pick()));
      expect([0, 1]).toContain(c.mldsaStreamBegin!(pick(), pick()));
      expect([0, 1]).toContain(c.mldsaStreamAbsorb!(pick()));
      expect([0, 1]).toContain(c.mldsaStreamFinish!(pick()));
      // A batch buffer with random headers (sometimes well-formed lengths).
      const dv = new DataView(c.memory.buffer, c.mldsaBatchPtr!(), 64);
      dv.setUint32(0, pick(), true);
      dv.setUint32(4, t % 2 ? 2592 : pick() >>> 0, true);
      dv.setUint32(8, t % 2 ? 4627 : pick() >>> 0, true);
      dv.setUint32(12, pick() >>> 0, true);
      const count = Math.abs(pick() % 45);
      const used = pick();
      const got = c.mldsaVerifyBatch!(count, used);
      expect(got === -1 || got === count).toBe(true);
    }
    // Well-formed lengths with random bytes: decoding paths run and reject.
    for (const level of LEVELS) {
      const s = MLDSA_SIZES[level];
      for (let t = 0; t < 20; t++) {
        expect(mldsaVerify(level, bytes(r, s.publicKey), bytes(r, t), bytes(r, s.signature))).toBe(false);
      }
    }
  });
});

describe("HashML-DSA: every pre-hash function", () => {
  // [name, PH, last OID byte (06 09 60 86 48 01 65 03 04 02 xx)], per FIPS 204 / the ACVP README.
  const algs: Array<[MldsaHashAlg, (m: Uint8Array) => Uint8Array, number]> = [
    ["SHA2-256", sha256, 0x01],
    ["SHA2-384", sha384, 0x02],
    ["SHA2-512", sha512, 0x03],
    ["SHA2-224", sha224, 0x04],
    ["SHA2-512/224", sha512_224, 0x05],
    ["SHA2-512/256", sha512_256, 0x06],
    ["SHA3-224", sha3_224, 0x07],
    ["SHA3-256", sha3_256, 0x08],
    ["SHA3-384", sha3_384, 0x09],
    ["SHA3-512", sha3_512, 0x0a],
    ["SHAKE-128", (m) => shake128_32(m), 0x0b],
    ["SHAKE-256", (m) => shake256_64(m), 0x0c],
  ];
  for (const level of LEVELS) {
    it(`ML-DSA-${level}: M' = 0x01 || len(ctx) || ctx || OID || PH(M), signed by noble's Sign_internal`, () => {
      const noble = nobleOf(level);
      const r = rng(200 + level);
      const { publicKey, secretKey } = noble.keygen(bytes(r, 32));
      algs.forEach(([name, ph, oid], i) => {
        const msg = bytes(r, 50 + i);
        const ctx = bytes(r, i * 3);
        const digest = ph(msg);
        const mPrime = Uint8Array.of(
          1,
          ctx.length,
          ...ctx,
          0x06,
          0x09,
          0x60,
          0x86,
          0x48,
          0x01,
          0x65,
          0x03,
          0x04,
          0x02,
          oid,
          ...digest,
        );
        const sig = noble.internal.sign(mPrime, secretKey);
        expect(hashMldsaVerify(level, publicKey, msg, sig, name, ctx)).toBe(true);
        expect(hashMldsaVerify(level, publicKey, msg, sig, algs[(i + 1) % algs.length]![0], ctx)).toBe(false);
        expect(mldsaVerify(level, publicKey, msg, sig, ctx)).toBe(false);
        // Where noble's policy allows the pair, its own HashML-DSA verifier agrees.
        if (digest.length * 4 >= (level === 44 ? 128 : level === 65 ? 192 : 256)) {
          const hashFn = [
            sha256,
            sha384,
            sha512,
            sha224,
            sha512_224,
            sha512_256,
            sha3_224,
            sha3_256,
            sha3_384,
            sha3_512,
            shake128_32,
            shake256_64,
          ][oid - 1]!;
          expect(noble.prehash(hashFn).verify(sig, msg, publicKey, { context: ctx })).toBe(true);
        }
      });
    });
  }
});

describe("ML-DSA agrees with @noble/post-quantum", () => {
  for (const level of LEVELS) {
    it(`ML-DSA-${level}: 30 random cases, valid and mutated`, () => {
      const noble = nobleOf(level);
      const r = rng(100 + level);
      for (let i = 0; i < 30; i++) {
        const { publicKey, secretKey } = noble.keygen(bytes(r, 32));
        const msg = bytes(r, r() % 300);
        const ctx = bytes(r, r() % 40);
        const sig = noble.sign(msg, secretKey, { context: ctx });
        const pk = publicKey.slice();
        const s = sig.slice();
        const m = msg.slice();
        switch (i % 5) {
          case 1:
            flip(s, r() % s.length, 1 << (r() % 8));
            break;
          case 2:
            flip(pk, r() % pk.length, 1 << (r() % 8));
            break;
          case 3:
            if (m.length > 0) flip(m, r() % m.length, 1);
            break;
          case 4:
            flip(s, s.length - 1 - (r() % (P[level].omega + P[level].k)), 1 << (r() % 8));
            break;
        }
        const want = noble.verify(s, m, pk, { context: ctx });
        expect(mldsaVerify(level, pk, m, s, ctx)).toBe(want);
        hooks().mldsaSetSimd(0);
        try {
          expect(mldsaVerify(level, pk, m, s, ctx)).toBe(want);
        } finally {
          hooks().mldsaSetSimd(1);
        }
        if (i % 5 === 0) expect(want).toBe(true);
      }
    });
  }
});
