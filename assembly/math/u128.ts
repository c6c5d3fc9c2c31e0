// Checked unsigned 128-bit integer arithmetic on (lo, hi) limb pairs. Used for token amounts in base
// units and, unchanged, for the raw integers behind 18-decimal fixed point values.
import { E_MATH_DIV_BY_ZERO, E_MATH_OVERFLOW, E_MATH_UNDERFLOW } from "./errors";
import { ok } from "./result";
import { mul128, P0, P1, P2, P3 } from "./wide";
import { divWide, Q0, Q1, RM0, RM1 } from "./divide";

export function add128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  const lo = a0 + b0;
  const c = <u64>(lo < a0);
  const h = a1 + b1;
  if (h < a1) return E_MATH_OVERFLOW;
  const hi = h + c;
  if (hi < h) return E_MATH_OVERFLOW;
  return ok(lo, hi);
}

export function sub128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  if (a1 < b1 || (a1 == b1 && a0 < b0)) return E_MATH_UNDERFLOW;
  return ok(a0 - b0, a1 - b1 - <u64>(a0 < b0));
}

export function mulU128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  mul128(a0, a1, b0, b1);
  if ((P2 | P3) != 0) return E_MATH_OVERFLOW;
  return ok(P0, P1);
}

// Quotient → R, remainder → (RM0, RM1). Fast path when both fit in 64 bits.
function divmod(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  if ((b0 | b1) == 0) return E_MATH_DIV_BY_ZERO;
  if ((a1 | b1) == 0) {
    const q = a0 / b0;
    divRem0 = a0 - q * b0;
    divRem1 = 0;
    return ok(q, 0);
  }
  divWide(a0, a1, 0, 0, b0, b1);
  divRem0 = RM0;
  divRem1 = RM1;
  return ok(Q0, Q1);
}
let divRem0: u64 = 0;
let divRem1: u64 = 0;

export function div128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return divmod(a0, a1, b0, b1);
}

export function mod128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  const st = divmod(a0, a1, b0, b1);
  if (st != 0) return st;
  return ok(divRem0, divRem1);
}

// -1, 0 or 1.
export function cmp128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  if (a1 != b1) return a1 < b1 ? -1 : 1;
  if (a0 != b0) return a0 < b0 ? -1 : 1;
  return 0;
}

export function min128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return cmp128(a0, a1, b0, b1) <= 0 ? ok(a0, a1) : ok(b0, b1);
}

export function max128(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return cmp128(a0, a1, b0, b1) >= 0 ? ok(a0, a1) : ok(b0, b1);
}

// a^e by square-and-multiply; 0^0 = 1. Overflow whenever the exact power exceeds 2^128 − 1.
export function pow128(a0: u64, a1: u64, e: u32): i32 {
  if (e == 0) return ok(1, 0);
  if (a1 == 0 && a0 < 2) return ok(a0, 0);
  if (e >= 128) return E_MATH_OVERFLOW; // a >= 2
  let r0: u64 = 1;
  let r1: u64 = 0;
  let b0 = a0;
  let b1 = a1;
  let n = e;
  for (;;) {
    if (n & 1) {
      mul128(r0, r1, b0, b1);
      if ((P2 | P3) != 0) return E_MATH_OVERFLOW;
      r0 = P0;
      r1 = P1;
    }
    n >>= 1;
    if (n == 0) break;
    mul128(b0, b1, b0, b1);
    if ((P2 | P3) != 0) return E_MATH_OVERFLOW; // the square is a factor of the result: it overflows too
    b0 = P0;
    b1 = P1;
  }
  return ok(r0, r1);
}
