// Types of math-reference.mjs (the independent bigint reference for CertifiedMath).
export type Rounding = "floor" | "ceil" | "halfEven";
export declare const SCALE: bigint;
export declare const MAX_U128: bigint;
export declare const MIN_SD: bigint;
export declare const MAX_SD: bigint;
export declare const ROUNDINGS: Rounding[];
export declare class RefError extends Error {
  code: string;
  constructor(code: string);
}
export declare function add(a: bigint, b: bigint): bigint;
export declare function sub(a: bigint, b: bigint): bigint;
export declare function mul(a: bigint, b: bigint): bigint;
export declare function div(a: bigint, b: bigint): bigint;
export declare function mod(a: bigint, b: bigint): bigint;
export declare function cmp(a: bigint, b: bigint): -1 | 0 | 1;
export declare function min(a: bigint, b: bigint): bigint;
export declare function max(a: bigint, b: bigint): bigint;
export declare function divRound(n: bigint, d: bigint, mode: Rounding): bigint;
export declare function mulDiv(a: bigint, b: bigint, c: bigint, mode: Rounding): bigint;
export declare function fpMul(a: bigint, b: bigint, mode: Rounding): bigint;
export declare function fpDiv(a: bigint, b: bigint, mode: Rounding): bigint;
export declare function isqrt(n: bigint): bigint;
export declare function sqrt(x: bigint): bigint;
export declare function fpSqrt(x: bigint): bigint;
export declare function pow(a: bigint, e: number): bigint;
export declare const PHI: bigint;
export interface HighPrecision {
  G: bigint;
  TO_ULP: bigint;
  ln2G(): bigint;
  lnG(v: bigint): bigint;
  expG(x: bigint): bigint;
  roundG(v: bigint): bigint;
}
export declare function makeHighPrecision(digits: number): HighPrecision;
export declare const G_DIGITS: bigint;
export declare const G: bigint;
export declare function ln2G(): bigint;
export declare function lnG(v: bigint): bigint;
export declare function expG(x: bigint): bigint;
export declare function roundG(v: bigint): bigint;
export declare function ulpToG(x: bigint): bigint;
export declare function lnExact(x: bigint): bigint;
export declare function log2Exact(x: bigint): bigint;
export declare function expExact(x: bigint): bigint;
export declare function fpPowExact(x: bigint, y: bigint): bigint;
export declare function ln(x: bigint): bigint;
export declare function log2(x: bigint): bigint;
export declare function exp(x: bigint): bigint;
export declare function fpPow(x: bigint, y: bigint): bigint;
export declare function errUlps(got: bigint, exactG: bigint): [bigint, bigint];
