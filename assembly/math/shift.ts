// Right shift of a 256-bit value with rounding to nearest, ties to even, into 128 bits.
export let S0: u64 = 0;
export let S1: u64 = 0;

const BUF: usize = memory.data(32);

function limb(i: i32): u64 {
  return i < 4 ? load<u64>(BUF + ((<usize>i) << 3)) : 0;
}

// (a0..a3) / 2^sh rounded half-even → (S0, S1). sh >= 1. Returns false when the result needs more
// than 128 bits.
export function shrRound(a0: u64, a1: u64, a2: u64, a3: u64, sh: i32): bool {
  if (sh >= 258) {
    S0 = 0;
    S1 = 0;
    return true;
  }
  store<u64>(BUF, a0);
  store<u64>(BUF, a1, 8);
  store<u64>(BUF, a2, 16);
  store<u64>(BUF, a3, 24);
  const q = sh >> 6;
  const b = <u64>(sh & 63);
  let o0: u64, o1: u64, o2: u64;
  if (b == 0) {
    o0 = limb(q);
    o1 = limb(q + 1);
    o2 = limb(q + 2) | limb(q + 3);
  } else {
    o0 = (limb(q) >> b) | (limb(q + 1) << (64 - b));
    o1 = (limb(q + 1) >> b) | (limb(q + 2) << (64 - b));
    o2 = (limb(q + 2) >> b) | (limb(q + 3) << (64 - b)) | (limb(q + 3) >> b);
  }
  // round bit = bit sh−1; sticky = any bit below it
  const rp = sh - 1;
  const rq = rp >> 6;
  const rb = <u64>(rp & 63);
  const half = (limb(rq) >> rb) & 1;
  let sticky = limb(rq) & (((<u64>1) << rb) - 1);
  for (let i = 0; i < rq; i++) sticky |= limb(i);
  if (half != 0 && (sticky != 0 || (o0 & 1) != 0)) {
    o0 += 1;
    if (o0 == 0) {
      o1 += 1;
      if (o1 == 0) o2 += 1;
    }
  }
  if (o2 != 0) return false;
  S0 = o0;
  S1 = o1;
  return true;
}
