// The stated error bounds (docs/certified-math.md) on targeted hard cases, against the 100-digit
// reference; plus the φ constant.
import { describe, expect, it } from "vitest";
import * as M from "../../bindings/index.js";
import * as R from "../reference/math.js";
import { expBoundOk, lnBoundOk, powBoundOk, S } from "./helpers.js";

const MAX = M.MAX_U128;

describe("CertifiedMath constants", () => {
  it("PHI = ⌊φ·10^18⌋ = 1618033988749894848 (φ² = φ + 1 brackets it), and the core agrees", () => {
    const P = M.PHI;
    expect(P).toBe(1_618_033_988_749_894_848n);
    // f(t) = t² − t·S − S² is < 0 below φ·S and > 0 above it
    const f = (t: bigint) => t * t - t * S - S * S;
    expect(f(P) < 0n).toBe(true);
    expect(f(P + 1n) > 0n).toBe(true);
    expect(M.phiFromCore()).toBe(P);
    expect(R.PHI).toBe(P);
    expect(M.SCALE).toBe(10n ** 18n);
  });
});

describe("CertifiedMath error bounds on hard cases", () => {
  it("ln, log2: ≤ 1/2 ulp + 2^-50 ulp near 1, at powers of 2 and 10, at the ends of the range", () => {
    const xs: bigint[] = [1n, 2n, 3n, MAX, MAX - 1n, 1n << 127n, (1n << 64n) - 1n, 1n << 64n];
    for (let k = -1000n; k <= 1000n; k += 7n) xs.push(S + k);
    for (let k = 0n; k < 128n; k++) xs.push(1n << k, (1n << k) + 1n);
    for (let k = 0n; k <= 38n; k++) xs.push(10n ** k);
    for (const x of xs) {
      expect(lnBoundOk(M.ln(x), R.lnExact(x)), `ln(${x})`).toBe(true);
      expect(lnBoundOk(M.log2(x), R.log2Exact(x)), `log2(${x})`).toBe(true);
    }
    for (let k = 0n; k < 68n; k++) expect(M.log2((1n << k) * S)).toBe(k * S); // exact values come out exact
    expect(M.ln(S)).toBe(0n);
    expect(M.ln(2_718_281_828_459_045_235n)).toBe(S); // e rounded: ln = 1 − 1.3·10^-19 → 1
  });

  it("exp: ≤ 1 ulp + 2^-122·exp(x) near the overflow edge, near 0 and near the underflow edge", () => {
    const xs: bigint[] = [];
    const top = 47_276_307_437_780_177_293n;
    for (let k = 0n; k < 200n; k++) xs.push(top - k * 1_000_003_000_000_007n);
    for (let k = -500n; k <= 500n; k += 3n) xs.push(k, k * 1_000_000_007n);
    for (let k = -200n; k <= 200n; k++) xs.push(-42_140_000_000_000_000_000n + k * 10n ** 15n);
    for (let k = -43n; k <= 47n; k++) xs.push(k * S);
    for (const x of xs) expect(expBoundOk(M.exp(x), R.expExact(x)), `exp(${x})`).toBe(true);
    expect(M.exp(0n)).toBe(S);
  });

  it("fpPow: ≤ 1 ulp + (|y| + 2)·2^-119·x^y for large |y|, x near 1 and results near 2^128", () => {
    const cases: [bigint, bigint][] = [];
    for (let k = 1n; k <= 40n; k++) {
      cases.push([S + k, 10n ** 15n * k * S]); // (1 + k·10^-18)^(k·10^15)
      cases.push([S - k, -(10n ** 15n) * k * S]);
      cases.push([2n * S, k * S + k]); // 2^(k + tiny)
      cases.push([10n * S, (k * S) / 2n]); // up to 10^20
      cases.push([M.PHI, k * S]);
      cases.push([MAX, S + k * 10n ** 14n]);
    }
    for (const [x, y] of cases) {
      let got: bigint;
      try {
        got = M.fpPow(x, y);
      } catch (e) {
        expect(M.isQfsError(e, "E_MATH_OVERFLOW"), String(e)).toBe(true);
        expect(R.fpPowExact(x, y) * 2n >= R.ulpToG(MAX)).toBe(true);
        continue;
      }
      expect(powBoundOk(got, R.fpPowExact(x, y), y), `fpPow(${x}, ${y}) = ${got}`).toBe(true);
    }
    expect(M.fpPow(4n * S, S / 2n)).toBe(2n * S);
    expect(M.fpPow(2n * S, 10n * S)).toBe(1024n * S);
    expect(M.fpPow(2n * S, -S)).toBe(S / 2n);
  });
});

describe("CertifiedMath error bounds on a seeded random sweep (the survey's domains)", () => {
  // splitmix64, so a failure names inputs that reproduce.
  let state = 0x5eedn;
  const next64 = (): bigint => {
    state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  };
  const below = (n: bigint): bigint => ((next64() << 64n) | next64()) % n;
  const TOP = 47_276_307_437_780_177_293n;

  it("exp within 1 ulp + 2^-122·exp(x) on 3,000 inputs, half of them within 1.0 of the overflow edge", () => {
    for (let i = 0; i < 3000; i++) {
      const x = i % 2 === 0 ? below(TOP + 42n * S) - 42n * S : TOP - below(S);
      expect(expBoundOk(M.exp(x), R.expExact(x)), `exp(${x})`).toBe(true);
    }
  });

  it("fpPow within 1 ulp + (|y| + 2)·2^-119·x^y on 3,000 inputs x ∈ (0, 1000], y ∈ [−30, 30)", () => {
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const x = below(1000n * S) + 1n;
      const y = below(60n * S) - 30n * S;
      const exact = R.fpPowExact(x, y);
      let got: bigint;
      try {
        got = M.fpPow(x, y);
      } catch (e) {
        // Overflow is allowed only where the exact result is at least half the u128 range.
        expect((e as M.QfsError).code).toBe("E_MATH_OVERFLOW");
        expect(exact * 2n >= R.ulpToG(MAX), `fpPow(${x}, ${y}) overflowed early`).toBe(true);
        continue;
      }
      expect(powBoundOk(got, exact, y), `fpPow(${x}, ${y}) = ${got}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500); // the rest overflow, which is checked above
  });
});
