// Wide products: 64×64→128 and 128×128→256, without a hardware multiply-high (WASM has none).
// Results go to the module registers P0..P3 (little-endian u64 limbs): no allocation.

export let P0: u64 = 0;
export let P1: u64 = 0;
export let P2: u64 = 0;
export let P3: u64 = 0;

const M32: u64 = 0xffffffff;

// High 64 bits of x·y.
export function mulHi64(x: u64, y: u64): u64 {
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

// P = a·b (a = a0 + a1·2^64, b likewise), exact 256-bit product.
export function mul128(a0: u64, a1: u64, b0: u64, b1: u64): void {
  if ((a1 | b1) == 0) {
    P0 = a0 * b0;
    P1 = mulHi64(a0, b0);
    P2 = 0;
    P3 = 0;
    return;
  }
  const l00 = a0 * b0;
  const h00 = mulHi64(a0, b0);
  const l01 = a0 * b1;
  const h01 = mulHi64(a0, b1);
  const l10 = a1 * b0;
  const h10 = mulHi64(a1, b0);
  const l11 = a1 * b1;
  const h11 = mulHi64(a1, b1);
  // column 1
  let c1 = h00 + l01;
  let k1 = <u64>(c1 < l01);
  c1 += l10;
  k1 += <u64>(c1 < l10);
  // column 2
  let c2 = h01 + h10;
  let k2 = <u64>(c2 < h10);
  c2 += l11;
  k2 += <u64>(c2 < l11);
  c2 += k1;
  k2 += <u64>(c2 < k1);
  P0 = l00;
  P1 = c1;
  P2 = c2;
  P3 = h11 + k2;
}

// Number of leading zero bits of the 128-bit value (128 for zero).
export function clz128(lo: u64, hi: u64): i32 {
  return hi != 0 ? <i32>clz(hi) : 64 + <i32>clz(lo);
}
