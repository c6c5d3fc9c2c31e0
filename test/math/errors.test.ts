// Every error path of CertifiedMath, the range checks of the bindings, and "never a trap": raw WASM
// calls with arbitrary 64-bit limbs always return a status.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as M from "../../bindings/index.js";
import { scratchCore } from "../../bindings/runtime.js";
import { codeOf } from "../helpers/errors.js";

const S = M.SCALE;
const MAX = M.MAX_U128;
const T64 = 1n << 64n;

const code = codeOf;
// The status numbers the core returns are the catalogue's (test/errors/catalogue.test.ts checks it).
const OVERFLOW = M.ERROR_CATALOGUE.E_MATH_OVERFLOW.number;
const DIV_BY_ZERO = M.ERROR_CATALOGUE.E_MATH_DIV_BY_ZERO.number;
const INVALID_ROUNDING = M.ERROR_CATALOGUE.E_MATH_INVALID_ROUNDING.number;

describe("CertifiedMath error paths", () => {
  it("add: E_MATH_OVERFLOW", () => {
    expect(code(() => M.add(MAX, 1n))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.add(1n << 127n, 1n << 127n))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.add(MAX - T64 + 1n, T64))).toBe("E_MATH_OVERFLOW"); // carry out of the high limb
    expect(M.add(MAX - 1n, 1n)).toBe(MAX);
  });
  it("sub: E_MATH_UNDERFLOW", () => {
    expect(code(() => M.sub(0n, 1n))).toBe("E_MATH_UNDERFLOW");
    expect(code(() => M.sub(T64, T64 + 1n))).toBe("E_MATH_UNDERFLOW");
    expect(code(() => M.sub(T64 - 1n, T64))).toBe("E_MATH_UNDERFLOW");
    expect(M.sub(T64, 1n)).toBe(T64 - 1n);
  });
  it("mul: E_MATH_OVERFLOW", () => {
    expect(code(() => M.mul(T64, T64))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.mul(MAX, 2n))).toBe("E_MATH_OVERFLOW");
    expect(M.mul(T64 - 1n, T64 + 1n)).toBe(MAX);
  });
  it("div, mod: E_MATH_DIV_BY_ZERO", () => {
    expect(code(() => M.div(1n, 0n))).toBe("E_MATH_DIV_BY_ZERO");
    expect(code(() => M.div(0n, 0n))).toBe("E_MATH_DIV_BY_ZERO");
    expect(code(() => M.mod(MAX, 0n))).toBe("E_MATH_DIV_BY_ZERO");
  });
  it("mulDiv: E_MATH_DIV_BY_ZERO, E_MATH_OVERFLOW (quotient and rounding increment), E_MATH_INVALID_ROUNDING", () => {
    for (const r of ["floor", "ceil", "halfEven"] as const) {
      expect(code(() => M.mulDiv(1n, 1n, 0n, r))).toBe("E_MATH_DIV_BY_ZERO");
      expect(code(() => M.mulDiv(MAX, 2n, 1n, r))).toBe("E_MATH_OVERFLOW");
      expect(code(() => M.mulDiv(MAX, MAX, MAX - 1n, r))).toBe("E_MATH_OVERFLOW");
    }
    // 7·((2^129 − 1)/7)/2 = 2^128 − 1/2: floor fits, ceil and half-even (tie, odd quotient) overflow
    const b = ((1n << 129n) - 1n) / 7n;
    expect(M.mulDiv(7n, b, 2n, "floor")).toBe(MAX);
    expect(code(() => M.mulDiv(7n, b, 2n, "ceil"))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.mulDiv(7n, b, 2n, "halfEven"))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.mulDiv(1n, 1n, 1n, "up" as M.Rounding))).toBe("E_MATH_INVALID_ROUNDING");
    expect(code(() => M.mulDiv(1n, 1n, 1n, "toString" as M.Rounding))).toBe("E_MATH_INVALID_ROUNDING");
    // the core checks the mode itself too
    const core = scratchCore().exports as unknown as Record<string, (...a: unknown[]) => number>;
    expect(core.mathMulDiv!(1n, 0n, 1n, 0n, 1n, 0n, 3)).toBe(INVALID_ROUNDING);
    expect(core.mathMulDiv!(1n, 0n, 1n, 0n, 1n, 0n, -1)).toBe(INVALID_ROUNDING);
    expect(core.mathFpMul!(1n, 0n, 1n, 0n, 9)).toBe(INVALID_ROUNDING);
  });
  it("pow: E_MATH_OVERFLOW", () => {
    expect(code(() => M.pow(2n, 128))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.pow(T64, 2))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.pow(3n, 0xffffffff))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.pow(MAX, 2))).toBe("E_MATH_OVERFLOW");
    expect(M.pow(2n, 127)).toBe(1n << 127n);
    expect(M.pow(0n, 0xffffffff)).toBe(0n);
    expect(M.pow(1n, 0xffffffff)).toBe(1n);
    expect(M.pow(0n, 0)).toBe(1n);
  });
  it("fpMul, fpDiv: E_MATH_OVERFLOW, E_MATH_DIV_BY_ZERO, E_MATH_INVALID_ROUNDING", () => {
    expect(code(() => M.fpMul(MAX, 2n * S))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.fpDiv(MAX, S - 1n, "floor"))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.fpDiv(1n, 0n))).toBe("E_MATH_DIV_BY_ZERO");
    expect(code(() => M.fpMul(1n, 1n, "nearest" as M.Rounding))).toBe("E_MATH_INVALID_ROUNDING");
    expect(code(() => M.fpDiv(1n, 1n, "nearest" as M.Rounding))).toBe("E_MATH_INVALID_ROUNDING");
  });
  it("sqrt, fpSqrt: no error on any u128 (only the input range check)", () => {
    expect(M.sqrt(MAX)).toBe(T64 - 1n);
    expect(M.fpSqrt(MAX)).toBe(18446744073709551615999999999n);
  });
  it("ln, log2: E_MATH_DOMAIN for 0", () => {
    expect(code(() => M.ln(0n))).toBe("E_MATH_DOMAIN");
    expect(code(() => M.log2(0n))).toBe("E_MATH_DOMAIN");
  });
  it("exp: E_MATH_OVERFLOW above ln((2^128 − 1)/10^18); underflow rounds to 0 (not an error)", () => {
    expect(code(() => M.exp(48n * S))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.exp(47_276_307_437_780_177_294n))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.exp(M.MAX_SD))).toBe("E_MATH_OVERFLOW");
    expect(M.exp(47_276_307_437_780_177_292n) > MAX - (MAX >> 58n)).toBe(true); // 1 ulp of x ≈ 2^-60 relative
    expect(M.exp(M.MIN_SD)).toBe(0n);
    expect(M.exp(-43n * S)).toBe(0n);
  });
  it("fpPow: E_MATH_DIV_BY_ZERO (0^negative), E_MATH_OVERFLOW", () => {
    expect(code(() => M.fpPow(0n, -1n))).toBe("E_MATH_DIV_BY_ZERO");
    expect(code(() => M.fpPow(0n, M.MIN_SD))).toBe("E_MATH_DIV_BY_ZERO");
    expect(code(() => M.fpPow(MAX, 2n * S))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.fpPow(10n * S, 21n * S))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.fpPow(2n * S, M.MAX_SD))).toBe("E_MATH_OVERFLOW");
    expect(code(() => M.fpPow(1n, M.MIN_SD))).toBe("E_MATH_OVERFLOW");
    expect(M.fpPow(2n * S, M.MIN_SD)).toBe(0n);
    expect(M.fpPow(0n, 1n)).toBe(0n);
    expect(M.fpPow(0n, 0n)).toBe(S);
  });
});

describe("CertifiedMath input range checks (bindings)", () => {
  const bad = [-1n, MAX + 1n, 1n << 200n];
  it("every unsigned argument outside [0, 2^128) throws E_MATH_INPUT_RANGE", () => {
    const fns: ((x: bigint) => unknown)[] = [
      (x) => M.add(x, 0n),
      (x) => M.add(0n, x),
      (x) => M.sub(x, 0n),
      (x) => M.sub(0n, x),
      (x) => M.mul(x, 1n),
      (x) => M.mul(1n, x),
      (x) => M.div(x, 1n),
      (x) => M.div(1n, x),
      (x) => M.mod(x, 1n),
      (x) => M.mod(1n, x),
      (x) => M.min(x, 1n),
      (x) => M.max(1n, x),
      (x) => M.cmp(x, 1n),
      (x) => M.cmp(1n, x),
      (x) => M.mulDiv(x, 1n, 1n),
      (x) => M.mulDiv(1n, x, 1n),
      (x) => M.mulDiv(1n, 1n, x),
      (x) => M.pow(x, 1),
      (x) => M.sqrt(x),
      (x) => M.fpMul(x, 1n),
      (x) => M.fpMul(1n, x),
      (x) => M.fpDiv(x, 1n),
      (x) => M.fpDiv(1n, x),
      (x) => M.fpSqrt(x),
      (x) => M.ln(x),
      (x) => M.log2(x),
      (x) => M.fpPow(x, S),
    ];
    for (const f of fns) for (const x of bad) expect(code(() => f(x))).toBe("E_MATH_INPUT_RANGE");
    expect(code(() => M.add(1 as unknown as bigint, 1n))).toBe("E_MATH_INPUT_RANGE");
  });
  it("signed arguments outside [−2^127, 2^127) throw E_MATH_INPUT_RANGE", () => {
    for (const x of [1n << 127n, -(1n << 127n) - 1n, MAX]) {
      expect(code(() => M.exp(x))).toBe("E_MATH_INPUT_RANGE");
      expect(code(() => M.fpPow(S, x))).toBe("E_MATH_INPUT_RANGE");
    }
  });
  it("pow's exponent must be an integer in [0, 2^32)", () => {
    for (const e of [-1, 2 ** 32, 1.5, Number.NaN]) expect(code(() => M.pow(2n, e))).toBe("E_MATH_INPUT_RANGE");
  });
});

describe("CertifiedMath never traps", () => {
  it("raw exports return a status for arbitrary limbs and modes (10,000 runs)", () => {
    const core = scratchCore().exports as unknown as Record<string, (...a: unknown[]) => number>;
    const limb = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
    const two = ["mathAdd", "mathSub", "mathMul", "mathDiv", "mathMod", "mathMin", "mathMax", "mathCmp", "mathFpPow"];
    const one = ["mathSqrt", "mathFpSqrt", "mathLn", "mathLog2", "mathExp"];
    fc.assert(
      fc.property(fc.array(limb, { minLength: 6, maxLength: 6 }), fc.integer(), fc.nat(), (l, mode, e) => {
        const [a, b, c, d, g, h] = l as [bigint, bigint, bigint, bigint, bigint, bigint];
        for (const n of two) expect(Number.isInteger(core[n]!(a, b, c, d))).toBe(true);
        for (const n of one) expect(Number.isInteger(core[n]!(a, b))).toBe(true);
        const fixed = [0, OVERFLOW, DIV_BY_ZERO, INVALID_ROUNDING];
        expect(fixed).toContain(core.mathMulDiv!(a, b, c, d, g, h, mode));
        expect(fixed).toContain(core.mathFpMul!(a, b, c, d, mode));
        expect(fixed).toContain(core.mathFpDiv!(a, b, c, d, mode));
        expect([0, OVERFLOW]).toContain(core.mathPow!(a, b, e));
      }),
      { numRuns: 10_000 },
    );
  });
});
