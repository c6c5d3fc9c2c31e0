// Exponentials. Core: 2^(k + f)·10^18 for an integer k and a Q128 fraction f ∈ [0, 1):
// 2^f = 2^(j/64)·e^u, u = (f − j/64)·ln 2 < 0.011, with a 64-entry table and the Taylor series of
// e^u − 1 in Q128 (≈ 14 terms to 2^-128), then
// (1 + (2^f − 1))·10^18 shifted by k and rounded half-even. Relative error of the core before the final
// rounding: < 2^-123 (≈ 20 Q128 truncations plus the error of f).
import { E_MATH_OVERFLOW, SCALE } from "./errors";
import { ok } from "./result";
import { mul128, P0, P1, P2, P3 } from "./wide";
import { divSmall, divWide, Q0, Q1, Q2 } from "./divide";
import { shrRound, S0, S1 } from "./shift";
import { EXP2_TABLE, LN2_Q128_0, LN2_Q128_1, LOG2E_M1_Q128_0, LOG2E_M1_Q128_1, LOG2E_M1_Q192_EXT } from "./consts";

// 48·10^18 and 50·10^18 as (lo, hi): exp(48) > 2^128·10^-18 (overflow); exp(−50)·10^18 < 1/2 (rounds to 0).
const EXP_MAX_LO: u64 = 11106511852580896768;
const EXP_MIN_LO: u64 = 13106511852580896768;
const EXP_LIM_HI: u64 = 2;

export function exp2Scaled(k: i32, f0: u64, f1: u64): i32 {
  if (k > 70) return E_MATH_OVERFLOW; // 2^70·10^18 > 2^128
  let e0: u64 = 0;
  let e1: u64 = 0;
  if ((f0 | f1) != 0) {
    // f = j/64 + g, g < 1/64: 2^f − 1 = T + E + T·E with T = 2^(j/64) − 1 (table), E = e^(g·ln 2) − 1
    const j = f1 >> 58;
    const g1 = f1 & 0x3ffffffffffffff;
    mul128(f0, g1, LN2_Q128_0, LN2_Q128_1);
    const u0 = P2;
    const u1 = P3;
    let x0 = u0;
    let x1 = u1;
    let t0 = u0;
    let t1 = u1;
    // Taylor series of e^u − 1, u < 0.011: ~14 terms to 2^-128
    for (let n: u64 = 2; ; n++) {
      mul128(t0, t1, u0, u1);
      divSmall(P2, P3, n);
      t0 = Q0;
      t1 = Q1;
      if ((t0 | t1) == 0) break;
      x0 += t0;
      x1 += t1 + <u64>(x0 < t0);
    }
    const tp = EXP2_TABLE + <usize>(j << 4);
    const T0 = load<u64>(tp);
    const T1 = load<u64>(tp, 8);
    mul128(T0, T1, x0, x1);
    e0 = T0 + x0;
    e1 = T1 + x1 + <u64>(e0 < x0);
    e0 += P2;
    e1 += P3 + <u64>(e0 < P2);
  }
  // (2^128 + e)·10^18
  mul128(e0, e1, SCALE, 0);
  const a2 = P2 + SCALE;
  const a3 = P3 + <u64>(a2 < SCALE);
  if (!shrRound(P0, P1, a2, a3, 128 - k)) return E_MATH_OVERFLOW;
  return ok(S0, S1);
}

// 2^(±(k + f)) with k + f given as an integer part and a Q128 fraction.
function exp2Signed(neg: bool, k: i32, f0: u64, f1: u64): i32 {
  if (!neg) return exp2Scaled(k, f0, f1);
  if ((f0 | f1) == 0) return exp2Scaled(-k, 0, 0);
  return exp2Scaled(-k - 1, ~f0 + 1, ~f1 + <u64>(f0 == 0));
}

// e^x for a signed 18-decimal x (two's complement), result unsigned 18-decimal, nearest.
// x > 48: E_MATH_OVERFLOW (and whenever the result exceeds 2^128 − 1, i.e. x > 47.276...);
// x < −42.14 rounds to 0.
export function expSD(x0: u64, x1: u64): i32 {
  const neg = <i64>x1 < 0;
  let m0 = x0;
  let m1 = x1;
  if (neg) {
    m0 = ~x0 + 1;
    m1 = ~x1 + <u64>(x0 == 0);
    if (m1 > EXP_LIM_HI || (m1 == EXP_LIM_HI && m0 > EXP_MIN_LO)) return ok(0, 0);
  } else if (m1 > EXP_LIM_HI || (m1 == EXP_LIM_HI && m0 > EXP_MAX_LO)) {
    return E_MATH_OVERFLOW;
  }
  // |x|·log2 e·10^18·2^128 = |X|·2^128 + |X|·(log2 e − 1)·2^128, |X| < 2^66
  // plus |X|·(the next 64 bits of the constant)/2^64, so that the constant's error is |x|·2^-192
  mul128(m0, m1, LOG2E_M1_Q192_EXT, 0);
  const e0 = P1;
  const e1 = P2;
  mul128(m0, m1, LOG2E_M1_Q128_0, LOG2E_M1_Q128_1);
  const t0 = P0 + e0;
  let c = <u64>(t0 < e0);
  let t1 = P1 + c;
  c = <u64>(t1 < c);
  t1 += e1;
  c += <u64>(t1 < e1);
  let t2 = P2 + c;
  c = <u64>(t2 < c);
  t2 += m0;
  c += <u64>(t2 < m0);
  const t3 = P3 + m1 + c;
  divWide(t0, t1, t2, t3, SCALE, 0);
  // |y| = Q2 + (Q0, Q1)/2^128, Q2 < 73, Q3 = 0
  return exp2Signed(neg, <i32>Q2, Q0, Q1);
}
