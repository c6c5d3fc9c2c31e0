// Logarithms of an 18-decimal fixed-point x > 0 (raw integer X = x·10^18, 1 <= X < 2^128).
//
// Core: log2(x) = k + log2(m) − log2(10^18), where X = 2^k·m, m ∈ [1, 2). With m = 1 + i/64 + ε the
// table gives ln(1 + i/64); the rest is ln(1 + s), s = 64ε/(64 + i) ∈ [0, 1/64), computed as
// 2·atanh(z), z = s/(2 + s) < 1/129, by its series (≈ 9 terms for 2^-128). Everything is Q128 binary
// fixed point; the result L = |log2 x|·2^120 carries a sign (log2 x ∈ (−59.8, 68.3)).
// Internal absolute error of L: < 2^-117 (a few Q128 truncations, then one Q120 truncation).
import { E_MATH_DOMAIN, SCALE } from "./errors";
import { ok } from "./result";
import { clz128, mul128, P0, P1, P2, P3 } from "./wide";
import { divSmall, divWide, Q0, Q1 } from "./divide";
import { shrRound, S0, S1 } from "./shift";
import {
  LN_TABLE,
  LN2_Q128_0,
  LN2_Q128_1,
  LOG2_1E18_Q120_0,
  LOG2_1E18_Q120_1,
  LOG2E_M1_Q128_0,
  LOG2E_M1_Q128_1,
} from "./consts";

export let L_NEG: bool = false;
export let L0: u64 = 0;
export let L1: u64 = 0;

// Requires X != 0. Sets L_NEG, L0, L1 = sign and |log2(X·10^-18)| in Q120.
export function log2Q120(x0: u64, x1: u64): void {
  const lz = clz128(x0, x1);
  const k = <u64>(127 - lz);
  // fraction bits of m: f = X << (lz + 1) mod 2^128
  const sh = lz + 1;
  let f0: u64, f1: u64;
  if (sh >= 128) {
    f0 = 0;
    f1 = 0;
  } else if (sh >= 64) {
    f0 = 0;
    const sh64: u64 = sh - 64;
    f1 = x0 << sh64;
  } else {
    const sl: u64 = sh;
    const sr: u64 = 64 - sh;
    f0 = x0 << sl;
    f1 = (x1 << sl) | (x0 >> sr);
  }
  const i = f1 >> 58;
  // s = (64f − i)/(64 + i) = (f << 6 mod 2^128)/(64 + i)
  divSmall(f0 << 6, (f1 << 6) | (f0 >> 58), 64 + i);
  const s0 = Q0;
  const s1 = Q1;
  let sum0: u64 = 0;
  let sum1: u64 = 0;
  if ((s0 | s1) != 0) {
    // z = s/(2 + s), Q128: s·2^126 / ((2 + s)·2^126), the divisor 2^127 + ⌊s/4⌋ (relative error < 2^-127)
    divWide(0, s0 << 62, (s0 >> 2) | (s1 << 62), s1 >> 2, (s0 >> 2) | (s1 << 62), (s1 >> 2) | 0x8000000000000000);
    const z0 = Q0;
    const z1 = Q1;
    mul128(z0, z1, z0, z1);
    const w0 = P2;
    const w1 = P3;
    sum0 = z0;
    sum1 = z1;
    let p0 = z0;
    let p1 = z1;
    for (let n: u64 = 3; ; n += 2) {
      mul128(p0, p1, w0, w1);
      p0 = P2;
      p1 = P3;
      if ((p0 | p1) == 0) break;
      divSmall(p0, p1, n);
      sum0 += Q0;
      sum1 += Q1 + <u64>(sum0 < Q0);
    }
    // 2·atanh(z)
    sum1 = (sum1 << 1) | (sum0 >> 63);
    sum0 <<= 1;
  }
  // ln m = ln(1 + i/64) + ln(1 + s) < ln 2
  const t = LN_TABLE + <usize>(i << 4);
  const a0 = load<u64>(t) + sum0;
  const a1 = load<u64>(t, 8) + sum1 + <u64>(a0 < sum0);
  // log2 m = ln m + ln m·(log2 e − 1) < 1
  mul128(a0, a1, LOG2E_M1_Q128_0, LOG2E_M1_Q128_1);
  const b0 = a0 + P2;
  const b1 = a1 + P3 + <u64>(b0 < P2);
  // A = k + log2 m in Q120
  const A0 = (b0 >> 8) | (b1 << 56);
  const A1 = (b1 >> 8) | (k << 56);
  // L = A − log2(10^18)
  if (A1 > LOG2_1E18_Q120_1 || (A1 == LOG2_1E18_Q120_1 && A0 >= LOG2_1E18_Q120_0)) {
    L_NEG = false;
    L0 = A0 - LOG2_1E18_Q120_0;
    L1 = A1 - LOG2_1E18_Q120_1 - <u64>(A0 < LOG2_1E18_Q120_0);
  } else {
    L_NEG = true;
    L0 = LOG2_1E18_Q120_0 - A0;
    L1 = LOG2_1E18_Q120_1 - A1 - <u64>(LOG2_1E18_Q120_0 < A0);
  }
}

// Signed result from a magnitude (two's complement), into R.
function signed(neg: bool, m0: u64, m1: u64): i32 {
  if (!neg || (m0 | m1) == 0) return ok(m0, m1);
  return ok(~m0 + 1, ~m1 + <u64>(m0 == 0));
}

// Q120 magnitude → 18 decimals, rounded half-even (|value| < 2^7, never overflows).
function q120ToDecimal(neg: bool, m0: u64, m1: u64): i32 {
  mul128(m0, m1, SCALE, 0);
  shrRound(P0, P1, P2, P3, 120);
  return signed(neg, S0, S1);
}

// log2(x), x unsigned 18-decimal, result signed 18-decimal (SD), nearest.
export function log2UD(x0: u64, x1: u64): i32 {
  if ((x0 | x1) == 0) return E_MATH_DOMAIN;
  log2Q120(x0, x1);
  return q120ToDecimal(L_NEG, L0, L1);
}

// ln(x) = log2(x)·ln 2, same conventions.
export function lnUD(x0: u64, x1: u64): i32 {
  if ((x0 | x1) == 0) return E_MATH_DOMAIN;
  log2Q120(x0, x1);
  mul128(L0, L1, LN2_Q128_0, LN2_Q128_1);
  return q120ToDecimal(L_NEG, P2, P3);
}
