// fast-check properties of CertifiedMath, 10,000 runs each (fast-check prints the seed and the
// counterexample on failure).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as M from "../../bindings/index.js";
import * as R from "../reference/math.js";
import { expBoundOk, lnBoundOk, powBoundOk, S } from "./helpers.js";

const RUNS = { numRuns: 10_000 };
const MAX = M.MAX_U128;
const ROUNDINGS: M.Rounding[] = ["floor", "ceil", "halfEven"];

// u128 with a random bit length, so that small, 64-bit-boundary and full-width values all occur.
const u128 = fc
  .tuple(fc.bigInt({ min: 0n, max: MAX }), fc.integer({ min: 0, max: 128 }))
  .map(([v, bits]) => v >> BigInt(128 - bits));
const nonZero = u128.map((v) => (v === 0n ? 1n : v));
const rounding = fc.constantFrom(...ROUNDINGS);
// (a, b, c) with c ≥ ⌈a·b / MAX⌉, so that every rounding of a·b/c fits in u128: built, not filtered.
const fittingMulDiv = fc
  .tuple(u128, u128)
  .chain(([a, b]) =>
    fc.tuple(fc.constant(a), fc.constant(b), fc.bigInt({ min: (a * b + MAX - 1n) / MAX || 1n, max: MAX })),
  );
// positive 18-decimal values over the whole range of ln
const udPos = nonZero;
// SD inputs of exp where the result is neither 0 nor an overflow
const expIn = fc.bigInt({ min: -43n * S, max: 47_276_307_437_780_177_293n });

// Runs f; returns the result or the error code (so that results and failures compare alike).
function outcome<T>(f: () => T): T | string {
  try {
    return f();
  } catch (e) {
    if (M.isQfsError(e) || e instanceof R.RefError) return e.code;
    throw e;
  }
}

describe("CertifiedMath properties", () => {
  it("add: commutative, equals the reference (incl. overflow)", () => {
    fc.assert(
      fc.property(u128, u128, (a, b) => {
        const r = outcome(() => M.add(a, b));
        expect(outcome(() => M.add(b, a))).toBe(r);
        expect(r).toBe(outcome(() => R.add(a, b)));
      }),
      RUNS,
    );
  });

  it("mul: commutative, equals the reference (incl. overflow)", () => {
    fc.assert(
      fc.property(u128, u128, (a, b) => {
        const r = outcome(() => M.mul(a, b));
        expect(outcome(() => M.mul(b, a))).toBe(r);
        expect(r).toBe(outcome(() => R.mul(a, b)));
      }),
      RUNS,
    );
  });

  it("identities: a+0, a·1, a−a, a/1, a mod 1, min/max/cmp", () => {
    fc.assert(
      fc.property(u128, u128, (a, b) => {
        expect(M.add(a, 0n)).toBe(a);
        expect(M.mul(a, 1n)).toBe(a);
        expect(M.sub(a, a)).toBe(0n);
        expect(M.div(a, 1n)).toBe(a);
        expect(M.mod(a, 1n)).toBe(0n);
        expect(M.fpMul(a, S)).toBe(a);
        expect(M.fpDiv(a, S)).toBe(a);
        expect(M.cmp(a, b)).toBe(R.cmp(a, b));
        expect(M.min(a, b)).toBe(a < b ? a : b);
        expect(M.max(a, b)).toBe(a > b ? a : b);
      }),
      RUNS,
    );
  });

  it("sub inverts add; div/mod: a = q·b + r, r < b", () => {
    fc.assert(
      fc.property(u128, nonZero, (a, b) => {
        if (a <= MAX - b) expect(M.sub(M.add(a, b), b)).toBe(a);
        expect(outcome(() => M.sub(a, b))).toBe(outcome(() => R.sub(a, b)));
        const q = M.div(a, b);
        const r = M.mod(a, b);
        expect(q * b + r).toBe(a);
        expect(r < b).toBe(true);
      }),
      RUNS,
    );
  });

  it("mulDiv equals the exact reference for random u128 triples, every rounding", () => {
    fc.assert(
      fc.property(u128, u128, nonZero, rounding, (a, b, c, rnd) => {
        expect(outcome(() => M.mulDiv(a, b, c, rnd))).toBe(outcome(() => R.mulDiv(a, b, c, rnd)));
      }),
      RUNS,
    );
  });

  it("mulDiv is exact where the quotient fits: full 256-bit products", () => {
    fc.assert(
      fc.property(fittingMulDiv, rounding, ([a, b, c], rnd) => {
        expect(M.mulDiv(a, b, c, rnd)).toBe(R.mulDiv(a, b, c, rnd));
      }),
      RUNS,
    );
  });

  it("rounding direction: floor ≤ a·b/c ≤ ceil, ceil − floor ∈ {0, 1}, half-even is one of them", () => {
    fc.assert(
      fc.property(fittingMulDiv, ([a, b, c]) => {
        const f = M.mulDiv(a, b, c, "floor");
        const cl = M.mulDiv(a, b, c, "ceil");
        const h = M.mulDiv(a, b, c, "halfEven");
        expect(f * c <= a * b).toBe(true);
        expect(cl * c >= a * b).toBe(true);
        expect(cl - f === 0n || cl - f === 1n).toBe(true);
        expect(h === f || h === cl).toBe(true);
        const d = h * c - a * b; // nearest: |h·c − a·b| ≤ c/2
        expect(2n * (d < 0n ? -d : d) <= c).toBe(true);
      }),
      RUNS,
    );
  });

  it("half-even ties go to the even neighbour", () => {
    // an even divisor c, then q small enough that a = (2q + 1)·c/2 fits: built, not filtered
    const tie = fc
      .bigInt({ min: 1n, max: MAX >> 1n })
      .chain((h) => fc.tuple(fc.constant(2n * h), fc.bigInt({ min: 0n, max: (MAX / h - 1n) >> 1n })));
    fc.assert(
      fc.property(tie, ([c, q]) => {
        const a = (2n * q + 1n) * (c / 2n); // a/c = q + 1/2 exactly
        expect(a <= MAX).toBe(true);
        const want = q % 2n === 0n ? q : q + 1n;
        expect(M.mulDiv(a, 1n, c, "halfEven")).toBe(want);
        expect(M.mulDiv(a, 1n, c, "floor")).toBe(q);
        expect(M.mulDiv(a, 1n, c, "ceil")).toBe(q + 1n);
      }),
      RUNS,
    );
  });

  it("fpMul/fpDiv equal the reference; fpMul commutative", () => {
    fc.assert(
      fc.property(u128, u128, rounding, (a, b, rnd) => {
        const r = outcome(() => M.fpMul(a, b, rnd));
        expect(r).toBe(outcome(() => R.fpMul(a, b, rnd)));
        expect(outcome(() => M.fpMul(b, a, rnd))).toBe(r);
        expect(outcome(() => M.fpDiv(a, b, rnd))).toBe(outcome(() => R.fpDiv(a, b, rnd)));
      }),
      RUNS,
    );
  });

  it("sqrt: r² ≤ x < (r+1)²; fpSqrt: r² ≤ x·10^18 < (r+1)²", () => {
    fc.assert(
      fc.property(u128, (x) => {
        const r = M.sqrt(x);
        expect(r * r <= x && x < (r + 1n) * (r + 1n)).toBe(true);
        const f = M.fpSqrt(x);
        expect(f * f <= x * S && x * S < (f + 1n) * (f + 1n)).toBe(true);
      }),
      RUNS,
    );
  });

  it("sqrt, fpSqrt at perfect squares and their neighbours", () => {
    // r ≤ ⌊√(MAX·10^18)⌋ (just under 2^94), so that r² / 10^18 is a u128
    const root = fc.tuple(fc.bigInt({ min: 1n, max: R.isqrt(MAX * S) }), fc.integer({ min: 1, max: 94 }));
    fc.assert(
      fc.property(root, ([r0, bits]) => {
        const r = r0 >> BigInt(94 - bits) || 1n;
        if (r < 1n << 64n) {
          expect(M.sqrt(r * r)).toBe(r);
          expect(M.sqrt(r * r - 1n)).toBe(r - 1n);
          if ((r + 1n) * (r + 1n) - 1n <= MAX) expect(M.sqrt(r * r + 2n * r)).toBe(r); // (r+1)² − 1
        }
        // fpSqrt(x) = r exactly when x·10^18 is a square: x = r²/10^18 when divisible
        const x = (r * r) / S; // r ≤ √(MAX·10^18), so r² / 10^18 ≤ MAX
        expect(x <= MAX).toBe(true);
        const f = M.fpSqrt(x);
        expect(f * f <= x * S && x * S < (f + 1n) * (f + 1n)).toBe(true);
      }),
      RUNS,
    );
  });

  it("pow equals the reference (incl. overflow); a^(m+n) = a^m·a^n", () => {
    fc.assert(
      fc.property(u128, fc.integer({ min: 0, max: 140 }), fc.integer({ min: 0, max: 8 }), (a0, e, k) => {
        const a = a0 >> BigInt((e * 7) % 128);
        expect(outcome(() => M.pow(a, e))).toBe(outcome(() => R.pow(a, e)));
        const lhs = outcome(() => M.pow(a, e + k));
        if (typeof lhs === "bigint") expect(lhs).toBe(M.mul(M.pow(a, e), M.pow(a, k)));
      }),
      RUNS,
    );
  });

  it("ln and log2 are monotonic", () => {
    fc.assert(
      fc.property(udPos, udPos, (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(M.ln(lo) <= M.ln(hi)).toBe(true);
        expect(M.log2(lo) <= M.log2(hi)).toBe(true);
      }),
      RUNS,
    );
  });

  it("exp is monotonic", () => {
    fc.assert(
      fc.property(expIn, expIn, (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(M.exp(lo) <= M.exp(hi)).toBe(true);
      }),
      RUNS,
    );
  });

  it("exp(ln x) = x within |err| ≤ x·10^-18 + 2 ulps (ln's 1/2 ulp amplified by x, plus exp's bound)", () => {
    fc.assert(
      fc.property(udPos, (x) => {
        const y = M.exp(M.ln(x));
        const d = y > x ? y - x : x - y;
        expect(d <= x / S + 2n + (x >> 122n)).toBe(true);
      }),
      RUNS,
    );
  });

  it("ln, log2 within the stated bound of the 100-digit reference", () => {
    fc.assert(
      fc.property(udPos, (x) => {
        expect(lnBoundOk(M.ln(x), R.lnExact(x))).toBe(true);
        expect(lnBoundOk(M.log2(x), R.log2Exact(x))).toBe(true);
      }),
      RUNS,
    );
  });

  it("exp within the stated bound of the 100-digit reference", () => {
    fc.assert(
      fc.property(expIn, (x) => {
        expect(expBoundOk(M.exp(x), R.expExact(x))).toBe(true);
      }),
      RUNS,
    );
  });

  it("fpPow within the stated bound of the 100-digit reference (or the same error)", () => {
    const x = fc.oneof(fc.bigInt({ min: 1n, max: 1000n * S }), udPos);
    const y = fc.oneof(fc.bigInt({ min: -20n * S, max: 20n * S }), fc.bigInt({ min: -S, max: S }));
    fc.assert(
      fc.property(x, y, (xv, yv) => {
        const got = outcome(() => M.fpPow(xv, yv));
        const exact = R.fpPowExact(xv, yv);
        const ref = outcome(() => R.fpPow(xv, yv));
        if (typeof got === "string") {
          // an overflow may only be reported where the exact result is within the bound of 2^128
          expect(got).toBe("E_MATH_OVERFLOW");
          expect(exact * 2n >= R.ulpToG(MAX)).toBe(true);
        } else if (typeof ref === "string") {
          expect(powBoundOk(got, R.ulpToG(MAX), yv)).toBe(true);
        } else {
          expect(powBoundOk(got, exact, yv)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("fpPow exact special cases: x^1 = x, x^0 = 1, 1^y = 1", () => {
    fc.assert(
      fc.property(udPos, fc.bigInt({ min: -(1n << 100n), max: 1n << 100n }), (x, y) => {
        expect(M.fpPow(x, S)).toBe(x);
        expect(M.fpPow(x, 0n)).toBe(S);
        expect(M.fpPow(S, y)).toBe(S);
      }),
      RUNS,
    );
  });
});
