// mulDiv(a, b, c) = round(a·b / c) exactly, for all u128 a, b, c: the product is held in 256 bits and
// divided by Knuth's algorithm D; the rounding mode decides from the exact remainder.
import { E_MATH_DIV_BY_ZERO, E_MATH_INVALID_ROUNDING, E_MATH_OVERFLOW, ROUND_FLOOR, ROUND_HALF_EVEN } from "./errors";
import { ok } from "./result";
import { mul128, P0, P1, P2, P3 } from "./wide";
import { divWide, Q0, Q1, Q2, Q3, RM0, RM1 } from "./divide";

// Rounds the quotient q = (q0, q1) of a division by c with remainder r = (r0, r1), r < c.
function roundQuotient(q0: u64, q1: u64, r0: u64, r1: u64, c0: u64, c1: u64, mode: i32): i32 {
  if ((r0 | r1) == 0 || mode == ROUND_FLOOR) return ok(q0, q1);
  let up = true;
  if (mode == ROUND_HALF_EVEN) {
    // compare r with c − r (no overflow, unlike 2r)
    const d0 = c0 - r0;
    const d1 = c1 - r1 - <u64>(c0 < r0);
    up = r1 > d1 || (r1 == d1 && (r0 > d0 || (r0 == d0 && (q0 & 1) != 0)));
  }
  if (!up) return ok(q0, q1);
  const lo = q0 + 1;
  const hi = q1 + <u64>(lo == 0);
  if ((lo | hi) == 0) return E_MATH_OVERFLOW;
  return ok(lo, hi);
}

export function mulDiv128(a0: u64, a1: u64, b0: u64, b1: u64, c0: u64, c1: u64, mode: i32): i32 {
  if (mode < ROUND_FLOOR || mode > ROUND_HALF_EVEN) return E_MATH_INVALID_ROUNDING;
  if ((c0 | c1) == 0) return E_MATH_DIV_BY_ZERO;
  mul128(a0, a1, b0, b1);
  if ((P1 | P2 | P3 | c1) == 0) {
    const q = P0 / c0;
    return roundQuotient(q, 0, P0 - q * c0, 0, c0, 0, mode);
  }
  divWide(P0, P1, P2, P3, c0, c1);
  if ((Q2 | Q3) != 0) return E_MATH_OVERFLOW;
  return roundQuotient(Q0, Q1, RM0, RM1, c0, c1, mode);
}
