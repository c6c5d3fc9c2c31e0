// The encodings and small maps that signing needs and verification does not (FIPS 204): the eta and
// t0 fields of skDecode (Alg. 25, via BitUnpack Alg. 19), ExpandMask (Alg. 34, SHAKE256, also two rows
// at once on the 2-way Keccak), the z field of sigEncode (Alg. 26) and Decompose (Alg. 36) as HighBits
// and |LowBits|. Loads are 4 bytes wide and may read up to 3 bytes past a field: sources are padded.
import { keccakF1600 } from "../crypto/keccak-f";
import { keccakF1600x2 } from "./keccak-x2";
import { GAMMA1, GAMMA1_BITS } from "./params";

/** Bytes of an ExpandMask squeeze buffer: 5 SHAKE256 blocks (640 needed) plus load slack. */
export const MASK_BUF_BYTES: usize = 5 * 136 + 16;

// BitUnpack of an eta-bounded polynomial: c = eta - v; false when some v > 2 * eta.
export function unpackEta(out: usize, src: usize, eta: i32): bool {
  const bits: i32 = eta == 4 ? 4 : 3;
  const mask: u32 = (1 << bits) - 1;
  let bad: u32 = 0;
  for (let i: i32 = 0; i < 256; i++) {
    const off = i * bits;
    const v = (load<u32>(src + <usize>(off >> 3)) >> (off & 7)) & mask;
    bad |= <u32>(v > <u32>(2 * eta));
    store<i32>(out + ((<usize>i) << 2), eta - <i32>v);
  }
  return bad == 0;
}

// t0 = 2^12 - v for 13-bit v: every pattern is in range.
export function unpackT0(out: usize, src: usize): void {
  for (let i: i32 = 0; i < 256; i++) {
    const off = i * 13;
    const v = (load<u32>(src + <usize>(off >> 3)) >> (off & 7)) & 0x1fff;
    store<i32>(out + ((<usize>i) << 2), 4096 - <i32>v);
  }
}

// BitUnpack(buf, gamma1 - 1, gamma1): y = gamma1 - v for GAMMA1_BITS-bit v.
export function unpackMask(out: usize, buf: usize): void {
  const bits = GAMMA1_BITS;
  const mask: u32 = (1 << bits) - 1;
  const g1 = GAMMA1;
  for (let i: i32 = 0; i < 256; i++) {
    const off = i * bits;
    const v = (load<u32>(buf + <usize>(off >> 3)) >> (off & 7)) & mask;
    store<i32>(out + ((<usize>i) << 2), g1 - <i32>v);
  }
}

// Two ExpandMask rows at once on the 2-way Keccak: outA for counter kappaA, outB for kappaB. seed is
// rho'' (64 bytes); st2 a 400-byte state and bufA, bufB squeeze buffers of MASK_BUF_BYTES.
export function expandMaskPair(
  outA: usize,
  outB: usize,
  seed: usize,
  kappaA: i32,
  kappaB: i32,
  st2: usize,
  bufA: usize,
  bufB: usize,
): void {
  const st = st2;
  memory.fill(st, 0, 400);
  // rho'' is lanes 0..7 of both states; lane 8 = the 2-byte counter, then the SHAKE padding 0x1f.
  for (let i: usize = 0; i < 8; i++) {
    const v = load<u64>(seed + (i << 3));
    store<u64>(st + (i << 4), v);
    store<u64>(st + (i << 4), v, 8);
  }
  store<u64>(st, (<u64>(kappaA & 0xffff)) | (0x1f << 16), 8 * 16);
  store<u64>(st, (<u64>(kappaB & 0xffff)) | (0x1f << 16), 8 * 16 + 8);
  // Byte 135 (lane 16, byte 7) closes the 136-byte rate block.
  store<u8>(st, 0x80, 16 * 16 + 7);
  store<u8>(st, 0x80, 16 * 16 + 15);
  const need = 32 * GAMMA1_BITS;
  for (let got: usize = 0; got < <usize>need; got += 136) {
    keccakF1600x2(st);
    // The rate is 17 lanes: 8 pairs de-interleaved two lanes at a time, then lane 16.
    for (let i: usize = 0; i < 8; i++) {
      const v0 = v128.load(st + (i << 5));
      const v1 = v128.load(st + (i << 5), 16);
      v128.store(bufA + got + (i << 4), v128.shuffle<i64>(v0, v1, 0, 2));
      v128.store(bufB + got + (i << 4), v128.shuffle<i64>(v0, v1, 1, 3));
    }
    store<u64>(bufA + got, load<u64>(st, 256), 128);
    store<u64>(bufB + got, load<u64>(st, 264), 128);
  }
  unpackMask(outA, bufA);
  unpackMask(outB, bufB);
}

// y_r = ExpandMask row: BitUnpack(H(rho'' || IntegerToBytes(kappa, 2), 32 * c), gamma1 - 1, gamma1).
// seed is rho'' (64 bytes), st a 200-byte Keccak state, buf a squeeze buffer of MASK_BUF_BYTES.
export function expandMaskPoly(out: usize, seed: usize, kappa: i32, st: usize, buf: usize): void {
  memory.fill(st, 0, 200);
  memory.copy(st, seed, 64);
  store<u8>(st, <u8>(kappa & 0xff), 64);
  store<u8>(st, <u8>(kappa >> 8), 65);
  store<u8>(st, 0x1f, 66);
  store<u8>(st, 0x80, 135);
  const bits = GAMMA1_BITS;
  const need = 32 * bits; // 576 or 640 bytes
  for (let got: i32 = 0; got < need; got += 136) {
    keccakF1600(st);
    memory.copy(buf + <usize>got, st, 136);
  }
  unpackMask(out, buf);
}

// floor((r + gamma2 - 1) / (2 gamma2)) for r in [0, q) without a division, as hint.ts does it:
// floor(a / 523776) = floor(floor(a / 2^9) * 32801 / 2^25) and floor(a / 190464) =
// floor(floor(a / 2^11) * 11276 / 2^20), exact on that range (checked exhaustively in hint.ts's tests;
// sign.test.ts compares every signature with noble's). The result is in [0, m], m = (q - 1) / 2 gamma2.
function decomposeQuot(r: i32, gamma2Is32: bool): i32 {
  if (gamma2Is32) return <i32>((((<u32>(r + 261887)) >> 9) * 32801) >> 25);
  return <i32>((((<u32>(r + 95231)) >> 11) * 11276) >> 20);
}

// r1 = HighBits(r) (Decompose, FIPS 204 Alg. 36) for r in [0, q): the quotient, m wrapping to 0.
export function highBits(r: i32, gamma2Is32: bool, m: i32): i32 {
  const r1 = decomposeQuot(r, gamma2Is32);
  return r1 == m ? 0 : r1;
}

// |r0| of Decompose for r in [0, q): r0 = r - r1 * 2 gamma2, and r0 - 1 when r1 wraps to 0.
export function lowBitsAbs(r: i32, gamma2Is32: bool, twoGamma2: i32, m: i32): i32 {
  const r1 = decomposeQuot(r, gamma2Is32);
  let r0 = r - r1 * twoGamma2;
  if (r1 == m) r0 -= 1;
  return r0 < 0 ? -r0 : r0;
}

// BitPack(gamma1 - z) of one polynomial, GAMMA1_BITS bits per coefficient, little-endian.
export function packZ(dst: usize, z: usize): void {
  const bits = <u64>GAMMA1_BITS;
  const g1 = GAMMA1;
  let acc: u64 = 0;
  let n: u64 = 0;
  let o: usize = 0;
  for (let i: usize = 0; i < 256; i++) {
    acc |= (<u64>(<u32>(g1 - load<i32>(z + (i << 2))))) << n;
    n += bits;
    while (n >= 8) {
      store<u8>(dst + o, <u8>acc);
      o++;
      acc >>= 8;
      n -= 8;
    }
  }
}
