// Long division of a 256-bit numerator by a divisor of up to 192 bits (Knuth, TAOCP vol. 2, 4.3.1,
// Algorithm D, as in Hacker's Delight `divmnu`), on 32-bit digits so that every step is a native
// u64 operation. Quotient → Q0..Q3, remainder → RM0..RM2 (little-endian u64 limbs). Static scratch.

export let Q0: u64 = 0;
export let Q1: u64 = 0;
export let Q2: u64 = 0;
export let Q3: u64 = 0;
export let RM0: u64 = 0;
export let RM1: u64 = 0;
export let RM2: u64 = 0;

const M32: u64 = 0xffffffff;
const B: u64 = 0x100000000;
const NUM: usize = memory.data(40); // numerator digits (8) + a zero digit
const DEN: usize = memory.data(32); // divisor digits (6)
const UN: usize = memory.data(40); // normalised numerator, m + 1 digits
const VN: usize = memory.data(32); // normalised divisor
const QD: usize = memory.data(40); // quotient digits
const RD: usize = memory.data(32); // remainder digits

function g(p: usize, i: i32): u64 {
  return <u64>load<u32>(p + ((<usize>i) << 2));
}
function s(p: usize, i: i32, v: u64): void {
  store<u32>(p + ((<usize>i) << 2), <u32>v);
}

// Requires d != 0.
export function divWide(n0: u64, n1: u64, n2: u64, n3: u64, d0: u64, d1: u64, d2: u64): void {
  store<u64>(NUM, n0);
  store<u64>(NUM, n1, 8);
  store<u64>(NUM, n2, 16);
  store<u64>(NUM, n3, 24);
  store<u64>(DEN, d0);
  store<u64>(DEN, d1, 8);
  store<u64>(DEN, d2, 16);
  let n = 6;
  while (n > 1 && g(DEN, n - 1) == 0) n--;
  let m = 8;
  while (m > 0 && g(NUM, m - 1) == 0) m--;
  if (m < n) {
    // numerator < divisor
    Q0 = 0;
    Q1 = 0;
    Q2 = 0;
    Q3 = 0;
    RM0 = n0;
    RM1 = n1;
    RM2 = n2;
    return;
  }
  memory.fill(QD, 0, 40);
  memory.fill(RD, 0, 32);
  if (n == 1) {
    const v = g(DEN, 0);
    let k: u64 = 0;
    for (let j = m - 1; j >= 0; j--) {
      const cur = (k << 32) | g(NUM, j);
      const q = cur / v;
      s(QD, j, q);
      k = cur - q * v;
    }
    s(RD, 0, k);
  } else {
    const sh = <u64>clz<u32>(<u32>g(DEN, n - 1));
    const rs: u64 = 32 - sh; // shifting a 32-bit digit held in a u64 right by 32 gives 0, as needed
    for (let i = n - 1; i > 0; i--) s(VN, i, ((g(DEN, i) << sh) | (g(DEN, i - 1) >> rs)) & M32);
    s(VN, 0, (g(DEN, 0) << sh) & M32);
    s(UN, m, g(NUM, m - 1) >> rs);
    for (let i = m - 1; i > 0; i--) s(UN, i, ((g(NUM, i) << sh) | (g(NUM, i - 1) >> rs)) & M32);
    s(UN, 0, (g(NUM, 0) << sh) & M32);
    const vtop = g(VN, n - 1);
    const vnext = g(VN, n - 2);
    for (let j = m - n; j >= 0; j--) {
      const num = (g(UN, j + n) << 32) | g(UN, j + n - 1);
      let qhat = num / vtop;
      let rhat = num - qhat * vtop;
      while (qhat >= B || qhat * vnext > ((rhat << 32) | g(UN, j + n - 2))) {
        qhat--;
        rhat += vtop;
        if (rhat >= B) break;
      }
      // multiply and subtract
      let k: i64 = 0;
      let t: i64 = 0;
      for (let i = 0; i < n; i++) {
        const p = qhat * g(VN, i);
        t = <i64>g(UN, i + j) - k - <i64>(p & M32);
        s(UN, i + j, (<u64>t) & M32);
        k = <i64>(p >> 32) - (t >> 32);
      }
      t = <i64>g(UN, j + n) - k;
      s(UN, j + n, (<u64>t) & M32);
      if (t < 0) {
        // add back
        qhat--;
        let c: u64 = 0;
        for (let i = 0; i < n; i++) {
          const w = g(UN, i + j) + g(VN, i) + c;
          s(UN, i + j, w & M32);
          c = w >> 32;
        }
        s(UN, j + n, (g(UN, j + n) + c) & M32);
      }
      s(QD, j, qhat);
    }
    for (let i = 0; i < n; i++) s(RD, i, ((g(UN, i) >> sh) | (g(UN, i + 1) << rs)) & M32);
  }
  Q0 = load<u64>(QD);
  Q1 = load<u64>(QD, 8);
  Q2 = load<u64>(QD, 16);
  Q3 = load<u64>(QD, 24);
  RM0 = load<u64>(RD);
  RM1 = load<u64>(RD, 8);
  RM2 = load<u64>(RD, 16);
}

// (a0 + a1·2^64) / d for 0 < d < 2^32: quotient → Q0, Q1; remainder → RM0. Three native divisions.
export function divSmall(a0: u64, a1: u64, d: u64): void {
  const q1 = a1 / d;
  let r = a1 - q1 * d;
  let cur = (r << 32) | (a0 >> 32);
  const qh = cur / d;
  r = cur - qh * d;
  cur = (r << 32) | (a0 & M32);
  const ql = cur / d;
  Q0 = (qh << 32) | ql;
  Q1 = q1;
  RM0 = cur - ql * d;
}
