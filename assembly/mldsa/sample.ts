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

// tr = H(pk, 64) (SHAKE256, rate 136 bytes) on the high half of ST2 while the low half samples
// ExpandA entries one at a time (rejNttPolyTr): a cold verify's pk blocks (10/15/20 at level
// 44/65/87) ride on the 2-way Keccak's second lane instead of taking as many scalar permutations,
// which cost about twice as much per state (docs/mldsa-internals.md, "The cold path").
const TR_RATE: i32 = 136;
const TR_BLOCK: usize = memory.data(TR_RATE, 16); // the last, padded block of pk
let trPk: usize = 0;
let trLen: i32 = 0; // pk bytes
let trPos: i32 = 0; // pk bytes absorbed so far
let trLeft: i32 = 0; // permutations still to run; 0 when tr has been written to trOut
let trOut: usize = 0;

// Starts tr = H(pk[0..pkLen), 64) into out (64 bytes), written by the rejNttPolyTr call that runs
// the last permutation.
export function trBegin(out: usize, pk: usize, pkLen: i32): void {
  for (let i: usize = 0; i < 25; i++) store<u64>(ST2 + (i << 4), 0, 8);
  trPk = pk;
  trLen = pkLen;
  trPos = 0;
  trLeft = pkLen / TR_RATE + 1; // full blocks, then one block with the rest and the padding
  trOut = out;
}

// Whether tr still needs permutations (rejNttPolyTr calls).
export function trPending(): bool {
  return trLeft > 0;
}

// XORs the next pk block into the high lanes of ST2 (the last one padded: 0x1f after the data,
// 0x80 in the last byte of the rate).
function trAbsorbNext(): void {
  let src = trPk + <usize>trPos;
  if (trLeft > 1) {
    trPos += TR_RATE;
  } else {
    const n = trLen - trPos;
    memory.fill(TR_BLOCK, 0, TR_RATE);
    memory.copy(TR_BLOCK, src, n);
    store<u8>(TR_BLOCK + <usize>n, 0x1f);
    store<u8>(TR_BLOCK, load<u8>(TR_BLOCK, TR_RATE - 1) ^ 0x80, TR_RATE - 1);
    trPos = trLen;
    src = TR_BLOCK;
  }
  for (let i: usize = 0; i < 17; i++) {
    const lane = ST2 + (i << 4) + 8;
    store<u64>(lane, load<u64>(lane) ^ load<u64>(src + (i << 3)));
  }
}

// One ExpandA entry, out = Â[row][col], on the low half of ST2 while the high half continues tr
// (trBegin); once tr is out, the high half is permuted on without being read.
export function rejNttPolyTr(out: usize, rho: usize, col: i32, row: i32): void {
  const st = ST2;
  for (let i: usize = 0; i < 25; i++) store<u64>(st + (i << 4), 0);
  for (let i: usize = 0; i < 4; i++) store<u64>(st + (i << 4), load<u64>(rho + (i << 3)));
  store<u64>(st, (<u64>col) | ((<u64>row) << 8) | (0x1f << 16), 64);
  store<u8>(st, 0x80, 20 * 16 + 7);
  let ctr: i32 = 0;
  while (ctr < 256) {
    if (trLeft > 0) trAbsorbNext();
    keccakF1600x2(st);
    if (trLeft > 0 && --trLeft == 0) {
      for (let i: usize = 0; i < 8; i++) store<u64>(trOut + (i << 3), load<u64>(st + (i << 4), 8));
    }
    for (let i: usize = 0; i < 21; i++) store<u64>(BUF + (i << 3), load<u64>(st + (i << 4)));
    ctr = rejBlockSimd(out, BUF, ctr);
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
