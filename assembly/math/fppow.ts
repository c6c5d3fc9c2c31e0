// x^y for unsigned 18-decimal x and signed 18-decimal y: 2^(y·log2 x), with log2 x kept at Q120
// (never rounded to 18 decimals in between). Exact special cases: x^0 = 1 (0^0 = 1), 1^y = 1,
// x^1 = x, 0^y = 0 for y > 0; 0^y for y < 0 is E_MATH_DIV_BY_ZERO.
import { E_MATH_DIV_BY_ZERO, E_MATH_OVERFLOW, SCALE } from "./errors";
import { ok } from "./result";
import { mul128, P0, P1, P2, P3 } from "./wide";
import { divWide, Q0, Q1, Q2, Q3 } from "./divide";
import { log2Q120, L0, L1, L_NEG } from "./log";
import { exp2Scaled } from "./exp";

export function fpPow128(x0: u64, x1: u64, y0: u64, y1: u64): i32 {
  const yneg = <i64>y1 < 0;
  if ((y0 | y1) == 0) return ok(SCALE, 0);
  if ((x0 | x1) == 0) return yneg ? E_MATH_DIV_BY_ZERO : ok(0, 0);
  if (x1 == 0 && x0 == SCALE) return ok(SCALE, 0);
  if (y1 == 0 && y0 == SCALE) return ok(x0, x1);
  let m0 = y0;
  let m1 = y1;
  if (yneg) {
    m0 = ~y0 + 1;
    m1 = ~y1 + <u64>(y0 == 0);
  }
  log2Q120(x0, x1);
  // t = |y|·|log2 x| in Q120
  mul128(m0, m1, L0, L1);
  divWide(P0, P1, P2, P3, SCALE, 0);
  const tneg = yneg != L_NEG;
  if ((Q2 | Q3) != 0 || Q1 >> 63 != 0) return tneg ? ok(0, 0) : E_MATH_OVERFLOW; // |t| >= 128
  const k = <i32>(Q1 >> 56);
  const f0 = Q0 << 8;
  const f1 = (Q1 << 8) | (Q0 >> 56);
  if (!tneg) return exp2Scaled(k, f0, f1);
  if ((f0 | f1) == 0) return exp2Scaled(-k, 0, 0);
  return exp2Scaled(-k - 1, ~f0 + 1, ~f1 + <u64>(f0 == 0));
}
