// Keccak sponge (FIPS 202) over a caller-owned 200-byte state. No allocation: the caller
// passes the state region, so several sponges can be live at once without a heap.
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
    const st = this.state;
    const rate = this.rate;
    let pos = this.pos;
    let i: i32 = 0;
    // Head: finish a partial block byte by byte.
    while (pos & 7 && i < len) {
      store<u8>(st + pos, load<u8>(st + pos) ^ load<u8>(data + i));
      pos++;
      i++;
      if (pos == rate) {
        keccakF1600(st);
        pos = 0;
      }
    }
    // Body: whole lanes.
    while (len - i >= 8) {
      store<u64>(st + pos, load<u64>(st + pos) ^ load<u64>(data + i));
      pos += 8;
      i += 8;
      if (pos == rate) {
        keccakF1600(st);
        pos = 0;
      }
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
    this.pos = pos;
  }

  // Pads and permutes; afterwards the sponge squeezes from position 0.
  finalize(): void {
    const st = this.state;
    store<u8>(st + this.pos, load<u8>(st + this.pos) ^ this.ds);
    store<u8>(st + this.rate - 1, load<u8>(st + this.rate - 1) ^ 0x80);
    keccakF1600(st);
    this.pos = 0;
  }

  squeeze(out: usize, len: i32): void {
    const st = this.state;
    const rate = this.rate;
    let pos = this.pos;
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
    this.pos = pos;
  }
}
