// The ledger's amount arithmetic: checked u128 add/sub from CertifiedMath (assembly/math/u128.ts),
// behind the two functions every call site uses. Results in rLo/rHi (no allocation).
import { add128 as mathAdd, sub128 as mathSub } from "../math/u128";
import { R0, R1 } from "../math/result";

export let rLo: u64 = 0;
export let rHi: u64 = 0;

// rLo/rHi = a + b; false on overflow (rLo/rHi unchanged).
export function add128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  if (mathAdd(aLo, aHi, bLo, bHi) != 0) return false;
  rLo = R0;
  rHi = R1;
  return true;
}

// rLo/rHi = a - b; false on underflow (rLo/rHi unchanged).
export function sub128(aLo: u64, aHi: u64, bLo: u64, bHi: u64): bool {
  if (mathSub(aLo, aHi, bLo, bHi) != 0) return false;
  rLo = R0;
  rHi = R1;
  return true;
}
