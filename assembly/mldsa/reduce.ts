// Modular reduction mod q = 8380417 for signed 32-bit coefficients.
import { Q } from "./params";

export const QINV: i32 = 58728449; // q^-1 mod 2^32

// Montgomery reduction: for |a| < 2^31 * q returns r = a * 2^-32 mod q with -q < r < q
// (|r| <= q at |a| = 2^31 * q exactly; the verifier's products stay below 81 q^2 < 2^31 q / 3).
export function montReduce(a: i64): i32 {
  const t: i32 = <i32>a * QINV;
  return <i32>((a - <i64>t * <i64>Q) >> 32);
}

// a * b * 2^-32 mod q, in (-q, q), for |a * b| < 2^31 * q.
export function montMul(a: i32, b: i32): i32 {
  return montReduce(<i64>a * <i64>b);
}

// For a <= 2^31 - 2^22 - 1 returns r = a mod q with -6283008 <= r <= 6283008 (so |r| < q).
export function reduce32(a: i32): i32 {
  const t = (a + (1 << 22)) >> 23;
  return a - t * Q;
}

// Adds q when a is negative: maps (-q, q) to [0, q).
export function caddq(a: i32): i32 {
  return a + ((a >> 31) & Q);
}
