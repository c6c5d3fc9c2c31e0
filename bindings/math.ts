// CertifiedMath: the typed bigint API over core.wasm (docs/certified-math.md).
// Unsigned values (amounts, 18-decimal fixed point "UD") are bigints in [0, 2^128); signed 18-decimal
// values ("SD": ln/log2 results, exp inputs, fpPow exponents) are bigints in [−2^127, 2^127).
// Every failure throws a QfsError (bindings/errors) with a math code (E_MATH_*).
import { ERROR_CATALOGUE, errorName, qfsError, type QfsErrorName } from "./errors/index.js";
import { scratchCore, type CoreExports } from "./runtime.js";

export type Rounding = "floor" | "ceil" | "halfEven";

export const SCALE = 10n ** 18n;
export const MAX_U128 = (1n << 128n) - 1n;
export const MIN_SD = -(1n << 127n);
export const MAX_SD = (1n << 127n) - 1n;
/** φ = (1 + √5)/2 in 18 decimals, rounded down. Equal to the core's constant (checked by the tests). */
export const PHI = 1_618_033_988_749_894_848n;

/** The math rows of the error catalogue (bindings/errors/catalogue.ts). */
export type MathErrorCode = Extract<QfsErrorName, `E_MATH_${string}`>;

type MathExports = CoreExports;
type Op2 = CoreExports["mathAdd"];
type Op2r = CoreExports["mathFpMul"];
type Op1 = CoreExports["mathSqrt"];

const M64 = (1n << 64n) - 1n;
const ROUNDING: Record<Rounding, number> = { floor: 0, ceil: 1, halfEven: 2 };

let ex: MathExports | undefined;
let view: BigUint64Array | undefined;
let viewBuffer: ArrayBufferLike | undefined;
let resIndex = 0;

function m(): MathExports {
  const c = scratchCore().exports;
  if (c !== ex) {
    // first use, or the platform entry loaded another module (a new scratch core)
    ex = c;
    resIndex = c.mathResultPtr() >>> 3;
    viewBuffer = undefined;
  }
  return c;
}

function result(): bigint {
  const e = m();
  if (viewBuffer !== e.memory.buffer) {
    viewBuffer = e.memory.buffer;
    view = new BigUint64Array(viewBuffer);
  }
  const v = view as BigUint64Array;
  const lo = v[resIndex] as bigint;
  const hi = v[resIndex + 1] as bigint;
  return hi === 0n ? lo : lo | (hi << 64n);
}

// Limbs of a u128 (or of an SD already reduced mod 2^128). The low limb is the value itself: the JS-API
// conversion of a BigInt to an i64 parameter (ToBigInt64) takes it modulo 2^64, so no BigInt is allocated.
// Small values also avoid the shift for the high limb.
const lo = (x: bigint): bigint => x;
const hi = (x: bigint): bigint => (x > M64 ? x >> 64n : 0n);

function fail(status: number): never {
  const name = errorName(status); // the core returns catalogue numbers (500–504)
  throw qfsError(name !== undefined && ERROR_CATALOGUE[name].area === "math" ? name : "E_MATH_UNKNOWN");
}

function u(x: bigint, name: string): bigint {
  if (typeof x !== "bigint" || x < 0n || x > MAX_U128)
    throw qfsError("E_MATH_INPUT_RANGE", `${name} must be a bigint in [0, 2^128)`);
  return x;
}

function sd(x: bigint, name: string): bigint {
  if (typeof x !== "bigint" || x < MIN_SD || x > MAX_SD)
    throw qfsError("E_MATH_INPUT_RANGE", `${name} must be a bigint in [-2^127, 2^127)`);
  return x & MAX_U128;
}

function mode(r: Rounding): number {
  const v = ROUNDING[r];
  if (v === undefined || !Object.prototype.hasOwnProperty.call(ROUNDING, r))
    throw qfsError("E_MATH_INVALID_ROUNDING", `rounding must be "floor", "ceil" or "halfEven"`);
  return v;
}

function call2(f: Op2, a: bigint, b: bigint): bigint {
  u(a, "a");
  u(b, "b");
  const st = f(lo(a), hi(a), lo(b), hi(b));
  if (st !== 0) fail(st);
  return result();
}

function call1(f: Op1, a: bigint): bigint {
  const st = f(lo(a), hi(a));
  if (st !== 0) fail(st);
  return result();
}

const signed = (x: bigint): bigint => BigInt.asIntN(128, x);

/** a + b; E_MATH_OVERFLOW above 2^128 − 1. */
export const add = (a: bigint, b: bigint): bigint => call2(m().mathAdd, a, b);
/** a − b; E_MATH_UNDERFLOW when b > a. */
export const sub = (a: bigint, b: bigint): bigint => call2(m().mathSub, a, b);
/** a · b (integers); E_MATH_OVERFLOW. */
export const mul = (a: bigint, b: bigint): bigint => call2(m().mathMul, a, b);
/** ⌊a / b⌋; E_MATH_DIV_BY_ZERO. */
export const div = (a: bigint, b: bigint): bigint => call2(m().mathDiv, a, b);
/** a mod b; E_MATH_DIV_BY_ZERO. */
export const mod = (a: bigint, b: bigint): bigint => call2(m().mathMod, a, b);
export const min = (a: bigint, b: bigint): bigint => call2(m().mathMin, a, b);
export const max = (a: bigint, b: bigint): bigint => call2(m().mathMax, a, b);
/** −1, 0 or 1. */
export function cmp(a: bigint, b: bigint): -1 | 0 | 1 {
  u(a, "a");
  u(b, "b");
  return m().mathCmp(lo(a), hi(a), lo(b), hi(b)) as -1 | 0 | 1;
}

/** round(a·b/c) with a 256-bit intermediate, exact for all u128 inputs. */
export function mulDiv(a: bigint, b: bigint, c: bigint, rounding: Rounding = "floor"): bigint {
  u(a, "a");
  u(b, "b");
  u(c, "c");
  const st = m().mathMulDiv(lo(a), hi(a), lo(b), hi(b), lo(c), hi(c), mode(rounding));
  if (st !== 0) fail(st);
  return result();
}

/** a^e for an integer a and a u32 exponent; 0^0 = 1. */
export function pow(a: bigint, e: number): bigint {
  u(a, "a");
  if (!Number.isInteger(e) || e < 0 || e > 0xffffffff)
    throw qfsError("E_MATH_INPUT_RANGE", "e must be an integer in [0, 2^32)");
  const st = m().mathPow(lo(a), hi(a), e >>> 0);
  if (st !== 0) fail(st);
  return result();
}

/** ⌊√a⌋ of an integer. */
export const sqrt = (a: bigint): bigint => call1(m().mathSqrt, u(a, "a"));

function fp2(f: Op2r, a: bigint, b: bigint, rounding: Rounding): bigint {
  u(a, "a");
  u(b, "b");
  const st = f(lo(a), hi(a), lo(b), hi(b), mode(rounding));
  if (st !== 0) fail(st);
  return result();
}
/** a·b/10^18 (18-decimal fixed point). */
export const fpMul = (a: bigint, b: bigint, rounding: Rounding = "floor"): bigint => fp2(m().mathFpMul, a, b, rounding);
/** a·10^18/b (18-decimal fixed point); E_MATH_DIV_BY_ZERO. */
export const fpDiv = (a: bigint, b: bigint, rounding: Rounding = "floor"): bigint => fp2(m().mathFpDiv, a, b, rounding);
/** √x of an 18-decimal x, rounded down: ⌊√(x·10^18)⌋. */
export const fpSqrt = (x: bigint): bigint => call1(m().mathFpSqrt, u(x, "x"));
/** ln x: x unsigned 18-decimal > 0, result signed 18-decimal, nearest (error ≤ 1 ulp); E_MATH_DOMAIN for 0. */
export const ln = (x: bigint): bigint => signed(call1(m().mathLn, u(x, "x")));
/** log2 x: as ln. */
export const log2 = (x: bigint): bigint => signed(call1(m().mathLog2, u(x, "x")));
/** e^x: x signed 18-decimal, result unsigned 18-decimal; E_MATH_OVERFLOW above ≈ 47.27. */
export const exp = (x: bigint): bigint => call1(m().mathExp, sd(x, "x"));
/** x^y = 2^(y·log2 x): x unsigned, y signed, both 18-decimal. */
export function fpPow(x: bigint, y: bigint): bigint {
  u(x, "x");
  const yy = sd(y, "y");
  const st = m().mathFpPow(lo(x), hi(x), lo(yy), hi(yy));
  if (st !== 0) fail(st);
  return result();
}

/** The core's φ constant (equal to PHI). */
export const phiFromCore = (): bigint => BigInt.asUintN(64, m().mathPhi());

/** Starts (or restarts) the certified trace: resets the running SHA3-256. */
export const traceStart = (): void => m().mathTraceStart();
/** Stops recording; the digest so far stays available. */
export const traceStop = (): void => m().mathTraceStop();
/** Number of records since traceStart. */
export const traceCount = (): number => m().mathTraceCount() >>> 0;
export const tracing = (): boolean => m().mathTracing() !== 0;
/** SHA3-256 over the records since traceStart (does not stop or disturb the trace). */
export function traceDigest(): Uint8Array {
  const e = m();
  const p = e.mathTraceDigest();
  return new Uint8Array(e.memory.buffer, p, 32).slice();
}
