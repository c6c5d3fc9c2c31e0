// Sampling from XOFs (FIPS 204 Alg. 29-30): RejNTTPoly (one entry of ExpandA, SHAKE128) and
// SampleInBall (SHAKE256). Both drive Keccak-f[1600] directly on a private state: the seeds fit in
// one block, so absorbing is a copy plus the padding bytes.
import { keccakF1600 } from "../crypto/keccak-f";
import { Q, TAU } from "./params";

const ST: usize = memory.data(208);

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
    // 168-byte rate = 56 candidates; the 4-byte load at 165 reads one state byte past the rate.
    for (let p: usize = 0; p < 168 && ctr < 256; p += 3) {
      const t = load<u32>(st + p) & 0x7fffff;
      store<i32>(out + ((<usize>ctr) << 2), <i32>t);
      ctr += <i32>(t < <u32>Q);
    }
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
