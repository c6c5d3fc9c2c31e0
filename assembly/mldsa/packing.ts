// Decoding of the public key (t1) and of the signature's z, and w1Encode (FIPS 204 Alg. 16-28).
// Bit strings are little-endian: coefficient i occupies bits [i*b, (i+1)*b). Reads use 32-bit
// loads that may touch up to 3 bytes past the packed data; every source buffer is padded for that.
import { D, GAMMA1, GAMMA1_BITS, BETA } from "./params";

// t1 (10 bits per coefficient) times 2^d: 0 <= value < q. Every 10-bit pattern is valid.
export function unpackT1Shifted(out: usize, src: usize): void {
  for (let i: usize = 0; i < 256; i += 4) {
    // 4 coefficients = 40 bits = 5 bytes.
    const p = src + ((i * 10) >> 3);
    const lo = load<u32>(p);
    const hi = <u32>load<u8>(p, 4);
    store<i32>(out + (i << 2), (<i32>(lo & 0x3ff)) << D);
    store<i32>(out + (i << 2), (<i32>((lo >> 10) & 0x3ff)) << D, 4);
    store<i32>(out + (i << 2), (<i32>((lo >> 20) & 0x3ff)) << D, 8);
    store<i32>(out + (i << 2), (<i32>((lo >> 30) | (hi << 2))) << D, 12);
  }
}

// z = gamma1 - BitUnpack(...), each in [-gamma1 + 1, gamma1]. Returns false as soon as one
// coefficient has |z| >= gamma1 - beta (FIPS 204 Alg. 8, step 13), so such a signature is rejected.
export function unpackZChecked(out: usize, src: usize): bool {
  const bits = GAMMA1_BITS;
  const mask: u32 = (1 << bits) - 1;
  const g1 = GAMMA1;
  const bound = GAMMA1 - BETA;
  let bad: i32 = 0;
  for (let i: i32 = 0; i < 256; i++) {
    const off = i * bits;
    const v = <i32>((load<u32>(src + (off >> 3)) >> (off & 7)) & mask);
    const z = g1 - v;
    // |z| >= bound, without branches: (z >= bound) | (z <= -bound).
    bad |= (<i32>(z >= bound)) | (<i32>(z <= -bound));
    store<i32>(out + ((<usize>i) << 2), z);
  }
  return bad == 0;
}

// w1Encode of one polynomial with coefficients in [0, 44) (6 bits) or [0, 16) (4 bits).
export function packW1(dst: usize, w1: usize, sixBits: bool): void {
  if (sixBits) {
    for (let i: usize = 0; i < 256; i += 4) {
      const v =
        (<u32>load<i32>(w1 + (i << 2))) |
        ((<u32>load<i32>(w1 + (i << 2), 4)) << 6) |
        ((<u32>load<i32>(w1 + (i << 2), 8)) << 12) |
        ((<u32>load<i32>(w1 + (i << 2), 12)) << 18);
      const p = dst + ((i * 3) >> 2);
      store<u8>(p, <u8>v);
      store<u8>(p, <u8>(v >> 8), 1);
      store<u8>(p, <u8>(v >> 16), 2);
    }
  } else {
    for (let i: usize = 0; i < 256; i += 2) {
      store<u8>(dst + (i >> 1), <u8>(load<i32>(w1 + (i << 2)) | (load<i32>(w1 + (i << 2), 4) << 4)));
    }
  }
}

// SIMD versions (same results). Each 4-coefficient group is gathered into 4 lanes by one byte
// shuffle (lane i = the 2 or 3 bytes holding coefficient i, zero-extended); lanes whose field
// starts at bit s of their first byte are multiplied by 2^(S - s) and every lane is shifted right
// by S, which aligns all four fields without per-lane shifts. Loads read up to 7 bytes past the
// packed data (see the padding note above).

export function unpackT1ShiftedSimd(out: usize, src: usize): void {
  // 8 coefficients per 10 bytes; group 0 = bytes 0..4 (shifts 0, 2, 4, 6), group 1 = bytes 5..9.
  const mul = i32x4(64, 16, 4, 1);
  const m10 = i32x4.splat(0x3ff);
  const zero = i32x4.splat(0);
  for (let g: usize = 0; g < 32; g++) {
    const v = v128.load(src + g * 10);
    const a = v128.shuffle<u8>(v, zero, 0, 1, 16, 16, 1, 2, 16, 16, 2, 3, 16, 16, 3, 4, 16, 16);
    const b = v128.shuffle<u8>(v, zero, 5, 6, 16, 16, 6, 7, 16, 16, 7, 8, 16, 16, 8, 9, 16, 16);
    v128.store(out + (g << 5), i32x4.shl(v128.and(i32x4.shr_u(i32x4.mul(a, mul), 6), m10), D));
    v128.store(out + (g << 5), i32x4.shl(v128.and(i32x4.shr_u(i32x4.mul(b, mul), 6), m10), D), 16);
  }
}

export function unpackZCheckedSimd(out: usize, src: usize): bool {
  const g1 = i32x4.splat(GAMMA1);
  const lim = i32x4.splat(GAMMA1 - BETA - 1);
  const zero = i32x4.splat(0);
  let bad = zero;
  if (GAMMA1_BITS == 18) {
    // 4 coefficients per 9 bytes at bytes 0, 2, 4, 6 with shifts 0, 2, 4, 6.
    const mul = i32x4(64, 16, 4, 1);
    const m18 = i32x4.splat(0x3ffff);
    for (let g: usize = 0; g < 64; g++) {
      const v = v128.load(src + g * 9);
      const a = v128.shuffle<u8>(v, zero, 0, 1, 2, 16, 2, 3, 4, 16, 4, 5, 6, 16, 6, 7, 8, 16);
      const z = i32x4.sub(g1, v128.and(i32x4.shr_u(i32x4.mul(a, mul), 6), m18));
      bad = v128.or(bad, i32x4.gt_s(i32x4.abs(z), lim));
      v128.store(out + (g << 4), z);
    }
  } else {
    // 4 coefficients per 10 bytes at bytes 0, 2, 5, 7 with shifts 0, 4, 0, 4.
    const mul = i32x4(16, 1, 16, 1);
    const m20 = i32x4.splat(0xfffff);
    for (let g: usize = 0; g < 64; g++) {
      const v = v128.load(src + g * 10);
      const a = v128.shuffle<u8>(v, zero, 0, 1, 2, 16, 2, 3, 4, 16, 5, 6, 7, 16, 7, 8, 9, 16);
      const z = i32x4.sub(g1, v128.and(i32x4.shr_u(i32x4.mul(a, mul), 4), m20));
      bad = v128.or(bad, i32x4.gt_s(i32x4.abs(z), lim));
      v128.store(out + (g << 4), z);
    }
  }
  return !v128.any_true(bad);
}
