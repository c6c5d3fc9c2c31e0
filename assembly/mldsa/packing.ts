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
