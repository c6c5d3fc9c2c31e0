// The result register of every CertifiedMath operation: a 128-bit value (R0 low limb, R1 high limb),
// written only when an operation succeeds. Signed (SD59x18-style) results are two's complement.
export let R0: u64 = 0;
export let R1: u64 = 0;

import { OK } from "./errors";

export function ok(lo: u64, hi: u64): i32 {
  R0 = lo;
  R1 = hi;
  return OK;
}
