// Integer square roots, rounded down: Newton's iteration x ← (x + ⌊N/x⌋)/2 from an estimate above
// √N; it decreases strictly until x = ⌊√N⌋ (the classic proof: ⌊(x + ⌊N/x⌋)/2⌋ ≥ ⌊√N⌋ by AM-GM).
import { SCALE } from "./errors";
import { ok } from "./result";
import { mul128, P0, P1, P2, P3 } from "./wide";
import { divWide, Q0, Q1 } from "./divide";

function isqrt64(n: u64): u64 {
  if (n < 2) return n;
  let x: u64 = (<u64>1) << ((<u64>64 - clz(n) + 1) >> 1);
  while (true) {
    const y = (x + n / x) >> 1;
    if (y >= x) return x;
    x = y;
  }
}

// 64 bits of N = n0..n3 starting at bit sh (0 <= sh < 256), i.e. ⌊N / 2^sh⌋ mod 2^64.
function limbAt(n0: u64, n1: u64, n2: u64, n3: u64, sh: i32): u64 {
  const q = sh >> 6;
  const b = <u64>(sh & 63);
  const a = q == 0 ? n0 : q == 1 ? n1 : q == 2 ? n2 : n3;
  const c = q == 0 ? n1 : q == 1 ? n2 : q == 2 ? n3 : 0;
  return b == 0 ? a : (a >> b) | (c << (64 - b));
}

// ⌊√N⌋ for N = n0..n3 < 2^252 (so every iterate fits in 127 bits). Result → R.
function isqrtWide(n0: u64, n1: u64, n2: u64, n3: u64): i32 {
  if ((n1 | n2 | n3) == 0) return ok(isqrt64(n0), 0);
  let bits: i32;
  if (n3 != 0) bits = 256 - <i32>clz(n3);
  else if (n2 != 0) bits = 192 - <i32>clz(n2);
  else bits = 128 - <i32>clz(n1);
  // Start from x0 = (⌊√T⌋ + 1)·2^e >= √N, where T = ⌊N / 2^(2e)⌋ < 2^64 (its top 63–64 bits): with
  // √N < √(T + 1)·2^e <= (⌊√T⌋ + 1)·2^e. x0 is within 2^-31 of √N, so two or three steps suffice.
  const e = bits > 64 ? (bits - 63) >> 1 : 0;
  const t = limbAt(n0, n1, n2, n3, 2 * e);
  const r = isqrt64(t) + 1; // <= 2^32
  const el: u64 = e & 63; // e >= 1 here (N >= 2^64)
  let x0: u64 = e < 64 ? r << el : 0;
  let x1: u64 = e < 64 ? r >> (64 - el) : r << el;
  while (true) {
    divWide(n0, n1, n2, n3, x0, x1); // ⌊N/x⌋ <= √N < 2^126
    const s0 = x0 + Q0;
    const s1 = x1 + Q1 + <u64>(s0 < Q0);
    const y0 = (s0 >> 1) | (s1 << 63);
    const y1 = s1 >> 1;
    if (y1 > x1 || (y1 == x1 && y0 >= x0)) return ok(x0, x1);
    x0 = y0;
    x1 = y1;
  }
}

export function sqrt128(a0: u64, a1: u64): i32 {
  return isqrtWide(a0, a1, 0, 0);
}

// √x for an 18-decimal fixed-point x: ⌊√(x·10^18)⌋ (never overflows: the result is < 2^94).
export function fpSqrt128(a0: u64, a1: u64): i32 {
  mul128(a0, a1, SCALE, 0);
  return isqrtWide(P0, P1, P2, P3);
}
