// 4-lane (i32x4) versions of the NTT and of the coefficient-wise products. They compute exactly the
// same values as the scalar code in ntt.ts / poly.ts (the Montgomery product is formed from full
// 64-bit lane products), so the two paths can be compared bit for bit in tests.
import { Q } from "./params";
import { QINV } from "./reduce";
import { ZETAS } from "./ntt";

// Forward layer len = 2: zetas duplicated per lane pair; inverse: negated zetas in processing
// order (IZ[m] = -ZETAS[255 - m]) and the same duplication for its len = 2 layer.
const F2: usize = memory.data(128 * 4, 16);
const IZ: usize = memory.data(256 * 4, 16);
const I2: usize = memory.data(128 * 4, 16);

function initTables(): void {
  for (let b: usize = 0; b < 32; b++) {
    const z0 = load<i32>(ZETAS + ((64 + 2 * b) << 2));
    const z1 = load<i32>(ZETAS + ((65 + 2 * b) << 2));
    store<i32>(F2 + (b << 4), z0);
    store<i32>(F2 + (b << 4), z0, 4);
    store<i32>(F2 + (b << 4), z1, 8);
    store<i32>(F2 + (b << 4), z1, 12);
  }
  for (let m: usize = 0; m < 255; m++) store<i32>(IZ + (m << 2), -load<i32>(ZETAS + ((255 - m) << 2)));
  for (let b: usize = 0; b < 32; b++) {
    const z0 = load<i32>(IZ + ((128 + 2 * b) << 2));
    const z1 = load<i32>(IZ + ((129 + 2 * b) << 2));
    store<i32>(I2 + (b << 4), z0);
    store<i32>(I2 + (b << 4), z0, 4);
    store<i32>(I2 + (b << 4), z1, 8);
    store<i32>(I2 + (b << 4), z1, 12);
  }
}
initTables();

// Lane-wise Montgomery product a*b*2^-32 given bq = b*QINV mod 2^32: the low halves of a*b and
// t*q agree (t = a*bq), so the result is hi(a*b) - hi(t*q), taken from the odd 32-bit lanes.
function montMulQ(a: v128, b: v128, bq: v128): v128 {
  const qv = i32x4.splat(Q);
  const t = i32x4.mul(a, bq);
  const abLo = i64x2.extmul_low_i32x4_s(a, b);
  const abHi = i64x2.extmul_high_i32x4_s(a, b);
  const tqLo = i64x2.extmul_low_i32x4_s(t, qv);
  const tqHi = i64x2.extmul_high_i32x4_s(t, qv);
  return i32x4.sub(v128.shuffle<i32>(abLo, abHi, 1, 3, 5, 7), v128.shuffle<i32>(tqLo, tqHi, 1, 3, 5, 7));
}

function montMul4(a: v128, b: v128): v128 {
  return montMulQ(a, b, i32x4.mul(b, i32x4.splat(QINV)));
}

export function nttSimd(a: usize): void {
  // Layers (128, 64), (32, 16), (8, 4) two at a time: 4 vectors per step, loaded and stored once.
  // Layer len has zetas ZETAS[128/len + block]. Same butterflies as the scalar code, same values.
  for (let len: usize = 128; len >= 8; len >>= 2) {
    const half = len >> 1;
    const k1: usize = <usize>128 / len;
    const k2: usize = <usize>256 / len;
    for (let start: usize = 0; start < 256; start += len << 1) {
      const blk = start / (len << 1);
      const z1s = load<i32>(ZETAS + ((k1 + blk) << 2));
      const z2s = load<i32>(ZETAS + ((k2 + 2 * blk) << 2));
      const z3s = load<i32>(ZETAS + ((k2 + 2 * blk + 1) << 2));
      const z1 = i32x4.splat(z1s);
      const z1q = i32x4.splat(z1s * QINV);
      const z2 = i32x4.splat(z2s);
      const z2q = i32x4.splat(z2s * QINV);
      const z3 = i32x4.splat(z3s);
      const z3q = i32x4.splat(z3s * QINV);
      const end = a + ((start + half) << 2);
      for (let p = a + (start << 2); p < end; p += 16) {
        const p1 = p + (half << 2);
        const p2 = p + (len << 2);
        const p3 = p2 + (half << 2);
        let a0 = v128.load(p);
        let a1 = v128.load(p1);
        let a2 = v128.load(p2);
        let a3 = v128.load(p3);
        const t2 = montMulQ(a2, z1, z1q);
        const t3 = montMulQ(a3, z1, z1q);
        a2 = i32x4.sub(a0, t2);
        a0 = i32x4.add(a0, t2);
        a3 = i32x4.sub(a1, t3);
        a1 = i32x4.add(a1, t3);
        const u1 = montMulQ(a1, z2, z2q);
        const u3 = montMulQ(a3, z3, z3q);
        v128.store(p, i32x4.add(a0, u1));
        v128.store(p1, i32x4.sub(a0, u1));
        v128.store(p2, i32x4.add(a2, u3));
        v128.store(p3, i32x4.sub(a2, u3));
      }
    }
  }
  // len = 2 and len = 1 on 8 coefficients at a time.
  for (let b: usize = 0; b < 32; b++) {
    const p = a + (b << 5);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const x = v128.shuffle<i32>(v0, v1, 0, 1, 4, 5);
    const y = v128.shuffle<i32>(v0, v1, 2, 3, 6, 7);
    const t = montMul4(y, v128.load(F2 + (b << 4)));
    const x2 = i32x4.add(x, t);
    const y2 = i32x4.sub(x, t);
    // x2 = (c0, c1, c4, c5), y2 = (c2, c3, c6, c7) -> even/odd.
    const e = v128.shuffle<i32>(x2, y2, 0, 4, 2, 6);
    const o = v128.shuffle<i32>(x2, y2, 1, 5, 3, 7);
    const u = montMul4(o, v128.load(ZETAS + ((128 + (b << 2)) << 2)));
    const e2 = i32x4.add(e, u);
    const o2 = i32x4.sub(e, u);
    v128.store(p, v128.shuffle<i32>(e2, o2, 0, 4, 1, 5));
    v128.store(p, v128.shuffle<i32>(e2, o2, 2, 6, 3, 7), 16);
  }
}

export function invNttToMontSimd(a: usize): void {
  // len = 1 and len = 2 on 8 coefficients at a time.
  for (let b: usize = 0; b < 32; b++) {
    const p = a + (b << 5);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const e = v128.shuffle<i32>(v0, v1, 0, 2, 4, 6);
    const o = v128.shuffle<i32>(v0, v1, 1, 3, 5, 7);
    const e2 = i32x4.add(e, o);
    const o2 = montMul4(i32x4.sub(e, o), v128.load(IZ + (b << 4)));
    // e2 = (c0, c2, c4, c6), o2 = (c1, c3, c5, c7)
    const x = v128.shuffle<i32>(e2, o2, 0, 4, 2, 6);
    const y = v128.shuffle<i32>(e2, o2, 1, 5, 3, 7);
    const x2 = i32x4.add(x, y);
    const y2 = montMul4(i32x4.sub(x, y), v128.load(I2 + (b << 4)));
    v128.store(p, v128.shuffle<i32>(x2, y2, 0, 1, 4, 5));
    v128.store(p, v128.shuffle<i32>(x2, y2, 2, 3, 6, 7), 16);
  }
  // Layers (4, 8), (16, 32), (64, 128) two at a time. Layer len has zetas IZ[256 - 256/len + block].
  for (let len: usize = 4; len < 256; len <<= 2) {
    const mL: usize = <usize>256 - <usize>256 / len;
    const m2L: usize = <usize>256 - <usize>128 / len;
    for (let start: usize = 0; start < 256; start += len << 2) {
      const blk = start / (len << 1);
      const z1s = load<i32>(IZ + ((mL + blk) << 2));
      const z2s = load<i32>(IZ + ((mL + blk + 1) << 2));
      const z3s = load<i32>(IZ + ((m2L + (blk >> 1)) << 2));
      const z1 = i32x4.splat(z1s);
      const z1q = i32x4.splat(z1s * QINV);
      const z2 = i32x4.splat(z2s);
      const z2q = i32x4.splat(z2s * QINV);
      const z3 = i32x4.splat(z3s);
      const z3q = i32x4.splat(z3s * QINV);
      const end = a + ((start + len) << 2);
      for (let p = a + (start << 2); p < end; p += 16) {
        const p1 = p + (len << 2);
        const p2 = p1 + (len << 2);
        const p3 = p2 + (len << 2);
        const a0 = v128.load(p);
        const a1 = v128.load(p1);
        const a2 = v128.load(p2);
        const a3 = v128.load(p3);
        const b0 = i32x4.add(a0, a1);
        const b1 = montMulQ(i32x4.sub(a0, a1), z1, z1q);
        const b2 = i32x4.add(a2, a3);
        const b3 = montMulQ(i32x4.sub(a2, a3), z2, z2q);
        v128.store(p, i32x4.add(b0, b2));
        v128.store(p2, montMulQ(i32x4.sub(b0, b2), z3, z3q));
        v128.store(p1, i32x4.add(b1, b3));
        v128.store(p3, montMulQ(i32x4.sub(b1, b3), z3, z3q));
      }
    }
  }
  const f = i32x4.splat(41978);
  const fq = i32x4.splat(41978 * QINV);
  for (let p = a; p < a + 1024; p += 16) v128.store(p, montMulQ(v128.load(p), f, fq));
}

// bq = b * QINV mod 2^32 lane-wise: the per-operand half of a Montgomery product, precomputed once
// for an operand used many times (NTT(z_j), NTT(c)).
export function mulQinvSimd(bq: usize, b: usize): void {
  const qi = i32x4.splat(QINV);
  for (let i: usize = 0; i < 1024; i += 16) v128.store(bq + i, i32x4.mul(v128.load(b + i), qi));
}

// acc = a o b (Montgomery), or acc += a o b; bq = b * QINV (mulQinvSimd).
export function pointwiseMontSimd(acc: usize, a: usize, b: usize, bq: usize, accumulate: bool): void {
  if (accumulate) {
    for (let i: usize = 0; i < 1024; i += 16) {
      const p = montMulQ(v128.load(a + i), v128.load(b + i), v128.load(bq + i));
      v128.store(acc + i, i32x4.add(v128.load(acc + i), p));
    }
  } else {
    for (let i: usize = 0; i < 1024; i += 16) {
      v128.store(acc + i, montMulQ(v128.load(a + i), v128.load(b + i), v128.load(bq + i)));
    }
  }
}

// acc = reduce32(acc - b o c); cq = c * QINV.
export function subMulReduceSimd(acc: usize, b: usize, c: usize, cq: usize): void {
  const qv = i32x4.splat(Q);
  const half = i32x4.splat(1 << 22);
  for (let i: usize = 0; i < 1024; i += 16) {
    const v = i32x4.sub(v128.load(acc + i), montMulQ(v128.load(b + i), v128.load(c + i), v128.load(cq + i)));
    const t = i32x4.shr_s(i32x4.add(v, half), 23);
    v128.store(acc + i, i32x4.sub(v, i32x4.mul(t, qv)));
  }
}

export function caddqSimd(a: usize): void {
  const qv = i32x4.splat(Q);
  for (let i: usize = 0; i < 1024; i += 16) {
    const v = v128.load(a + i);
    v128.store(a + i, i32x4.add(v, v128.and(i32x4.shr_s(v, 31), qv)));
  }
}
