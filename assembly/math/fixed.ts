// 18-decimal fixed point on top of mulDiv: a·b/10^18 and a·10^18/b with an explicit rounding mode.
// fpSqrt lives in sqrt.ts; fpPow in fppow.ts.
import { SCALE } from "./errors";
import { mulDiv128 } from "./muldiv";

export function fpMul128(a0: u64, a1: u64, b0: u64, b1: u64, mode: i32): i32 {
  return mulDiv128(a0, a1, b0, b1, SCALE, 0, mode);
}

// b = 0: E_MATH_DIV_BY_ZERO (from mulDiv).
export function fpDiv128(a0: u64, a1: u64, b0: u64, b1: u64, mode: i32): i32 {
  return mulDiv128(a0, a1, SCALE, 0, b0, b1, mode);
}
