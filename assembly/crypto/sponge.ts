// Keccak sponge (FIPS 202) over a caller-owned 200-byte state. No allocation: the caller
// passes the state region, so several sponges can be live at once without a heap.
// `rate` must be a multiple of 8 in [8, 192] (SHA3-256/SHAKE256 136, SHA3-512 72, SHAKE128 168).
// Input is absorbed a whole 64-bit lane at a time wherever it can be (only a partial lane at the
// start or the end of an absorb call goes byte by byte); whole blocks skip the per-lane bookkeeping.
import { keccakF1600 } from "./keccak-f";

export const DS_SHA3: u8 = 0x06;
export const DS_SHAKE: u8 = 0x1f;

export class Sponge {
  pos: i32 = 0;
  constructor(
    public state: usize,
    public rate: i32,
    public ds: u8,
  ) {}

  reset(rate: i32, ds: u8): void {
    memory.fill(this.state, 0, 200);
    this.rate = rate;
    this.ds = ds;
    this.pos = 0;
  }

  absorb(data: usize, len: i32): void {
    this.pos = absorbInto(this.state, this.rate, this.pos, data, len);
  }

  // Pads and permutes; afterwards the sponge squeezes from position 0.
  finalize(): void {
    padAndPermute(this.state, this.rate, this.pos, this.ds);
    this.pos = 0;
  }

  squeeze(out: usize, len: i32): void {
    this.pos = squeezeFrom(this.state, this.rate, this.pos, out, len);
  }
}

// The sponge steps as free functions over (state, rate, pos), for callers that keep the position
// themselves (the incremental hash exports keep it in JS). Each returns the new position.

// XORs data[0..len) into the state from byte `pos` (0 <= pos < rate), permuting after each full block.
// Returns the new position, in [0, rate).
export function absorbInto(st: usize, rate: i32, pos: i32, data: usize, len: i32): i32 {
  let i: i32 = 0;
  // Head: bytes up to a lane boundary.
  while (pos & 7 && i < len) {
    store<u8>(st + pos, load<u8>(st + pos) ^ load<u8>(data + i));
    pos++;
    i++;
    if (pos == rate) {
      keccakF1600(st);
      pos = 0;
    }
  }
  // Finish a partly filled block with whole lanes.
  if (pos != 0) {
    while (pos < rate && len - i >= 8) {
      store<u64>(st + pos, load<u64>(st + pos) ^ load<u64>(data + i));
      pos += 8;
      i += 8;
    }
    if (pos == rate) {
      keccakF1600(st);
      pos = 0;
    }
  }
  // Whole blocks (only reached with pos == 0, or with fewer than 8 bytes left).
  if (pos == 0) {
    while (len - i >= rate) {
      const src = data + i;
      for (let k: i32 = 0; k < rate; k += 8) {
        store<u64>(st + k, load<u64>(st + k) ^ load<u64>(src + k));
      }
      keccakF1600(st);
      i += rate;
    }
  }
  // Tail: less than one block left, so no permutation below can be due before the lanes run out.
  while (len - i >= 8) {
    store<u64>(st + pos, load<u64>(st + pos) ^ load<u64>(data + i));
    pos += 8;
    i += 8;
  }
  while (i < len) {
    store<u8>(st + pos, load<u8>(st + pos) ^ load<u8>(data + i));
    pos++;
    i++;
    if (pos == rate) {
      keccakF1600(st);
      pos = 0;
    }
  }
  return pos;
}

// Pad10*1 with domain bits `ds` at `pos` (0 <= pos < rate), then the final permutation.
export function padAndPermute(st: usize, rate: i32, pos: i32, ds: u8): void {
  store<u8>(st + pos, load<u8>(st + pos) ^ ds);
  store<u8>(st + rate - 1, load<u8>(st + rate - 1) ^ 0x80);
  keccakF1600(st);
}

// Copies len output bytes to out, starting at squeeze position `pos` (0 <= pos <= rate; rate means
// the block is used up). Returns the new position, in [0, rate].
export function squeezeFrom(st: usize, rate: i32, pos: i32, out: usize, len: i32): i32 {
  let i: i32 = 0;
  while (i < len) {
    if (pos == rate) {
      keccakF1600(st);
      pos = 0;
    }
    let n = rate - pos;
    if (n > len - i) n = len - i;
    memory.copy(out + i, st + pos, n);
    pos += n;
    i += n;
  }
  return pos;
}
