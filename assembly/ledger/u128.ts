// Checked unsigned 128-bit arithmetic on (lo, hi) u64 limbs for amounts in base units.
// Results go to module globals (no allocation). Local stand-in for CertifiedMath (`math` branch):
// the ledger needs only add/sub/compare, and every call site goes through these three functions.

export let rLo: u64 = 0;
export let rHi: u64 = 0;

// rLo/rHi = a + b; returns false on overflow (rLo/rHi then undefined).
export function add128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  const lo = aLo + bLo;
  const carry: u64 = lo < aLo ? 1 : 0;
  const hi1 = aHi + bHi;
  const of1 = hi1 < aHi;
  const hi2 = hi1 + carry;
  const of2 = hi2 < hi1;
  rLo = lo;
  rHi = hi2;
  return !(of1 || of2);
}

// rLo/rHi = a - b; returns false on underflow.
export function sub128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  const borrow: u64 = aLo < bLo ? 1 : 0;
  const lo = aLo - bLo;
  const uf1 = aHi < bHi;
  const hi1 = aHi - bHi;
  const uf2 = hi1 < borrow;
  rLo = lo;
  rHi = hi1 - borrow;
  return !(uf1 || uf2);
}

export function isZero128(lo: u64, hi: u64): bool {
  return (lo | hi) == 0;
}
