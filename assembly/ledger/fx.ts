// The staking arithmetic on u128 amounts, all through CertifiedMath: floor(a·b/c) with the 256-bit
// mulDiv128 (ROUND_FLOOR, the one rounding of the token mechanics: docs/token-mechanics.md), checked
// add/sub, comparison. Results in fLo/fHi (no allocation); false = overflow / underflow.
import { mulDiv128 } from "../math/muldiv";
import { cmp128 as mathCmp } from "../math/u128";
import { ROUND_FLOOR, ROUND_CEIL, OK } from "../math/errors";
import { R0, R1 } from "../math/result";
import { add128, sub128, rLo, rHi } from "./u128";
import { SCALE } from "./layout";

export let fLo: u64 = 0;
export let fHi: u64 = 0;

// fLo/fHi = floor(a·b/c); false when c = 0 or the quotient leaves u128.
export function mulDivFloor(aLo: u64, aHi: u64, bLo: u64, bHi: u64, cLo: u64, cHi: u64): bool {
  if (mulDiv128(aLo, aHi, bLo, bHi, cLo, cHi, ROUND_FLOOR) != OK) return false;
  fLo = R0;
  fHi = R1;
  return true;
}

// fLo/fHi = ceil(a·b/c).
export function mulDivCeil(aLo: u64, aHi: u64, bLo: u64, bHi: u64, cLo: u64, cHi: u64): bool {
  if (mulDiv128(aLo, aHi, bLo, bHi, cLo, cHi, ROUND_CEIL) != OK) return false;
  fLo = R0;
  fHi = R1;
  return true;
}

// floor(a·b/S), b a u128 value.
export function mulScaleDown(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  return mulDivFloor(aLo, aHi, bLo, bHi, SCALE, 0);
}

export function addF(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  if (!add128(aLo, aHi, bLo, bHi)) return false;
  fLo = rLo;
  fHi = rHi;
  return true;
}

export function subF(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  if (!sub128(aLo, aHi, bLo, bHi)) return false;
  fLo = rLo;
  fHi = rHi;
  return true;
}

// -1, 0, 1 as a <, ==, > b.
export function cmpF(aLo: u64, aHi: u64, bLo: u64, bHi: u64): i32 {
  return mathCmp(aLo, aHi, bLo, bHi);
}
