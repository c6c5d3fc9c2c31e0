// Shared helpers of the CertifiedMath tests: the stated error bounds (docs/certified-math.md) as exact
// integer predicates against the high-precision reference.
import * as R from "../reference/math.js";

export const S = R.SCALE;
const ULP = R.ulpToG(1n); // one ulp (10^-18) at the reference's scale

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** ln, log2: |err| ≤ 1/2 ulp + 2^-50 ulp (correctly rounded except within 2^-50 ulp of a tie). */
export function lnBoundOk(got: bigint, exactG: bigint): boolean {
  const d = abs(got * ULP - exactG);
  return d << 51n <= ULP * ((1n << 50n) + 2n);
}

/** exp: |err| ≤ 1 ulp + 2^-122·exp(x) (the relative part exceeds 1 ulp only for results above 2^122 ulps, i.e. exp(x) > 5.3·10^18). */
export function expBoundOk(got: bigint, exactG: bigint): boolean {
  const d = abs(got * ULP - exactG);
  return d << 122n <= (ULP << 122n) + exactG;
}

/** fpPow: |err| ≤ 1 ulp + (|y| + 2)·2^-119·x^y, y as a real number (|y| = |Y|/10^18). */
export function powBoundOk(got: bigint, exactG: bigint, y: bigint): boolean {
  const d = abs(got * ULP - exactG);
  return (d << 119n) * S <= (ULP << 119n) * S + (abs(y) + 2n * S) * exactG;
}

/** The same bounds for comparing with a correctly rounded expected value (adds the 1/2 ulp of rounding). */
export function expClose(got: bigint, expected: bigint): boolean {
  return abs(got - expected) <= 2n + (expected >> 122n);
}
export function powClose(got: bigint, expected: bigint, y: bigint): boolean {
  return abs(got - expected) * S <= 2n * S + (((abs(y) + 2n * S) * expected) >> 119n);
}
