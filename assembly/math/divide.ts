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

// Generic path (any divisor up to 192 bits). Requires d != 0.
function divKnuth32(n0: u64, n1: u64, n2: u64, n3: u64, d0: u64, d1: u64, d2: u64): void {
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

// ---- fast paths with 64-bit digits (the common cases: divisors of up to 128 bits) ----

// 128/64 division for u1 < v and v normalised (top bit set): Hacker's Delight `divlu`, two 64/32 steps.
let DQ: u64 = 0;
let DR: u64 = 0;
function divlu(u1: u64, u0: u64, v: u64): void {
  const vn1 = v >> 32;
  const vn0 = v & M32;
  const un1 = u0 >> 32;
  const un0 = u0 & M32;
  let q1 = u1 / vn1;
  let rhat = u1 - q1 * vn1;
  while (q1 >= B || q1 * vn0 > ((rhat << 32) | un1)) {
    q1--;
    rhat += vn1;
    if (rhat >= B) break;
  }
  const un21 = ((u1 << 32) | un1) - q1 * v;
  let q0 = un21 / vn1;
  rhat = un21 - q0 * vn1;
  while (q0 >= B || q0 * vn0 > ((rhat << 32) | un0)) {
    q0--;
    rhat += vn1;
    if (rhat >= B) break;
  }
  DQ = (q1 << 32) | q0;
  DR = ((un21 << 32) | un0) - q0 * v;
}

// x >> (64 − s) for s in [0, 63], 0 when s = 0 (WASM would shift by 64 mod 64 = 0).
function spill(x: u64, s: u64): u64 {
  return s == 0 ? 0 : x >> (64 - s);
}

// One step of long division by a normalised 128-bit v = (v1, v0): (r1, r0, x) / v with (r1, r0) < v.
// Quotient digit → DQ; new remainder → (SR1, SR0).
let SR0: u64 = 0;
let SR1: u64 = 0;
function step128(r1: u64, r0: u64, x: u64, v1: u64, v0: u64): void {
  let qhat: u64;
  let rhat: u64;
  let rover = false; // rhat >= 2^64: the refinement test is then certainly false
  if (r1 >= v1) {
    qhat = <u64>-1;
    rhat = r0 + v1;
    rover = rhat < r0;
  } else {
    divlu(r1, r0, v1);
    qhat = DQ;
    rhat = DR;
  }
  // refine: while qhat·v0 > rhat·2^64 + x
  while (!rover) {
    const pl = qhat * v0;
    const ph = mulHi64(qhat, v0);
    if (ph < rhat || (ph == rhat && pl <= x)) break;
    qhat--;
    const nr = rhat + v1;
    rover = nr < rhat;
    rhat = nr;
  }
  // (r1, r0, x) − qhat·(v1, v0)
  const p0 = qhat * v0;
  const h0 = mulHi64(qhat, v0);
  const l1 = qhat * v1;
  const h1 = mulHi64(qhat, v1);
  const p1 = h0 + l1;
  const p2 = h1 + <u64>(p1 < l1);
  const t0 = x - p0;
  const b0 = <u64>(x < p0);
  const t1a = r0 - p1;
  const t1 = t1a - b0;
  const b1 = (<u64>(r0 < p1)) | (<u64>(t1a < b0));
  const neg = r1 < p2 || (r1 == p2 && b1 != 0);
  if (neg) {
    // add back once
    qhat--;
    const s0 = t0 + v0;
    SR0 = s0;
    SR1 = t1 + v1 + <u64>(s0 < v0);
  } else {
    SR0 = t0;
    SR1 = t1;
  }
  DQ = qhat;
}

function mulHi64(x: u64, y: u64): u64 {
  const xl = x & M32;
  const xh = x >> 32;
  const yl = y & M32;
  const yh = y >> 32;
  const ll = xl * yl;
  const lh = xl * yh;
  const hl = xh * yl;
  const mid = (ll >> 32) + (lh & M32) + (hl & M32);
  return xh * yh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

// N (256 bits) / D (up to 192 bits, nonzero): quotient → Q0..Q3, remainder → RM0..RM2.
export function divWide(n0: u64, n1: u64, n2: u64, n3: u64, d0: u64, d1: u64, d2: u64): void {
  if (d2 != 0) {
    divKnuth32(n0, n1, n2, n3, d0, d1, d2);
    return;
  }
  if (d1 == 0) {
    // divisor of one limb: four 128/64 steps
    const s = clz(d0);
    const v = d0 << s;
    const u4 = spill(n3, s);
    const u3 = (n3 << s) | spill(n2, s);
    const u2 = (n2 << s) | spill(n1, s);
    const u1 = (n1 << s) | spill(n0, s);
    const u0 = n0 << s;
    divlu(u4, u3, v);
    Q3 = DQ;
    divlu(DR, u2, v);
    Q2 = DQ;
    divlu(DR, u1, v);
    Q1 = DQ;
    divlu(DR, u0, v);
    Q0 = DQ;
    RM0 = DR >> s;
    RM1 = 0;
    RM2 = 0;
    return;
  }
  // divisor of two limbs: three steps with a 128-bit running remainder
  const s = clz(d1);
  const v1 = (d1 << s) | spill(d0, s);
  const v0 = d0 << s;
  const u4 = spill(n3, s);
  const u3 = (n3 << s) | spill(n2, s);
  const u2 = (n2 << s) | spill(n1, s);
  const u1 = (n1 << s) | spill(n0, s);
  const u0 = n0 << s;
  step128(u4, u3, u2, v1, v0);
  Q2 = DQ;
  step128(SR1, SR0, u1, v1, v0);
  Q1 = DQ;
  step128(SR1, SR0, u0, v1, v0);
  Q0 = DQ;
  Q3 = 0;
  RM0 = (SR0 >> s) | (s == 0 ? 0 : SR1 << (64 - s));
  RM1 = SR1 >> s;
  RM2 = 0;
}
