// Sampling from XOFs (FIPS 204 Alg. 29-30): RejNTTPoly (one entry of ExpandA, SHAKE128) and
// SampleInBall (SHAKE256). Both drive Keccak-f[1600] directly on a private state: the seeds fit in
// one block, so absorbing is a copy plus the padding bytes.
import { keccakF1600 } from "../crypto/keccak-f";
import { keccakF1600x2 } from "./keccak-x2";
import { Q, TAU } from "./params";

const ST: usize = memory.data(208);
const ST2: usize = memory.data(400, 16); // two interleaved states (keccak-x2.ts layout)
const BUF: usize = memory.data(192, 16); // squeezed SHAKE128 block of stream A, de-interleaved
const BUF_B: usize = memory.data(192, 16); // and of stream B

// Appends the candidates of one 168-byte block at buf to out, from ctr; returns the new count.
function rejBlock(out: usize, buf: usize, ctr: i32): i32 {
  for (let p: usize = 0; p < 168 && ctr < 256; p += 3) {
    const t = load<u32>(buf + p) & 0x7fffff;
    store<i32>(out + ((<usize>ctr) << 2), <i32>t);
    ctr += <i32>(t < <u32>Q);
  }
  return ctr;
}

// rejBlock with 4 candidates per step: 12 bytes -> 4 zero-extended 24-bit lanes, masked to 23 bits.
// When all 4 are < q (all but ~0.1% of steps) they are stored at once; otherwise one by one.
function rejBlockSimd(out: usize, buf: usize, ctr: i32): i32 {
  const mask = i32x4.splat(0x7fffff);
  const qv = i32x4.splat(Q);
  const zero = i32x4.splat(0);
  let p: usize = 0;
  // 8 candidates (24 bytes, 7 steps per block) per step: one test and one branch for both quads.
  while (p < 168 && ctr <= 248) {
    const v0 = v128.shuffle<u8>(v128.load(buf + p), zero, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8, 16, 9, 10, 11, 16);
    const v1 = v128.shuffle<u8>(v128.load(buf + p, 12), zero, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8, 16, 9, 10, 11, 16);
    const c0 = v128.and(v0, mask);
    const c1 = v128.and(v1, mask);
    // Lanes are < 2^23, so the signed compare is exact (and cheaper than lt_u on x64).
    if (!v128.any_true(v128.or(i32x4.ge_s(c0, qv), i32x4.ge_s(c1, qv)))) {
      const o = out + ((<usize>ctr) << 2);
      v128.store(o, c0);
      v128.store(o, c1, 16);
      ctr += 8;
    } else {
      for (let i: usize = 0; i < 24; i += 3) {
        const t = load<u32>(buf + p + i) & 0x7fffff;
        store<i32>(out + ((<usize>ctr) << 2), <i32>t);
        ctr += <i32>(t < <u32>Q);
      }
    }
    p += 24;
  }
  // Tail (fewer than 4 slots left): one at a time.
  for (; p < 168 && ctr < 256; p += 3) {
    const t = load<u32>(buf + p) & 0x7fffff;
    store<i32>(out + ((<usize>ctr) << 2), <i32>t);
    ctr += <i32>(t < <u32>Q);
  }
  return ctr;
}

// Two ExpandA entries at once: outA = Â[rowA][colA], outB = Â[rowB][colB] (2-way SIMD Keccak).
export function rejNttPolyX2(outA: usize, outB: usize, rho: usize, colA: i32, rowA: i32, colB: i32, rowB: i32): void {
  const st = ST2;
  memory.fill(st, 0, 400);
  for (let i: usize = 0; i < 4; i++) {
    const v = load<u64>(rho + (i << 3));
    store<u64>(st + (i << 4), v);
    store<u64>(st + (i << 4), v, 8);
  }
  // Bytes 32, 33 = column, row; byte 34 = SHAKE padding 0x1f; byte 167 (lane 20, byte 7) = 0x80.
  store<u64>(st, (<u64>colA) | ((<u64>rowA) << 8) | (0x1f << 16), 64);
  store<u64>(st, (<u64>colB) | ((<u64>rowB) << 8) | (0x1f << 16), 72);
  store<u8>(st, 0x80, 20 * 16 + 7);
  store<u8>(st, 0x80, 20 * 16 + 15);
  let ca: i32 = 0;
  let cb: i32 = 0;
  while (ca < 256 || cb < 256) {
    keccakF1600x2(st);
    // De-interleave lanes 0..21 (the rate is 21 lanes), two lanes of both streams per step.
    for (let i: usize = 0; i < 11; i++) {
      const v0 = v128.load(st + (i << 5));
      const v1 = v128.load(st + (i << 5), 16);
      v128.store(BUF + (i << 4), v128.shuffle<i64>(v0, v1, 0, 2));
      v128.store(BUF_B + (i << 4), v128.shuffle<i64>(v0, v1, 1, 3));
    }
    if (ca < 256) ca = rejBlockSimd(outA, BUF, ca);
    if (cb < 256) cb = rejBlockSimd(outB, BUF_B, cb);
  }
}

// Â[row][col] = RejNTTPoly(rho || col || row): 23-bit candidates from 3 bytes, kept when < q.
export function rejNttPoly(out: usize, rho: usize, col: i32, row: i32): void {
  const st = ST;
  memory.fill(st, 0, 200);
  memory.copy(st, rho, 32);
  store<u8>(st, <u8>col, 32);
  store<u8>(st, <u8>row, 33);
  store<u8>(st, 0x1f, 34);
  store<u8>(st, 0x80, 167);
  let ctr: i32 = 0;
  while (ctr < 256) {
    keccakF1600(st);
    // The rate is 168 bytes; the 4-byte load at 165 reads one state byte past it (masked off).
    ctr = rejBlock(out, st, ctr);
  }
}

// c = SampleInBall(ct): tau coefficients +-1, the rest 0. ct is lambda/4 <= 64 bytes (< 136 rate).
export function sampleInBall(out: usize, ct: usize, ctLen: i32): void {
  const st = ST;
  memory.fill(st, 0, 200);
  memory.copy(st, ct, ctLen);
  store<u8>(st + <usize>ctLen, 0x1f);
  store<u8>(st, load<u8>(st, 135) ^ 0x80, 135);
  keccakF1600(st);
  let signs = load<u64>(st);
  let pos: usize = 8;
  memory.fill(out, 0, 1024);
  for (let i: i32 = 256 - TAU; i < 256; i++) {
    let j: i32;
    do {
      if (pos == 136) {
        keccakF1600(st);
        pos = 0;
      }
      j = <i32>load<u8>(st + pos);
      pos++;
    } while (j > i);
    store<i32>(out + ((<usize>i) << 2), load<i32>(out + ((<usize>j) << 2)));
    store<i32>(out + ((<usize>j) << 2), 1 - 2 * <i32>(signs & 1));
    signs >>= 1;
  }
}
