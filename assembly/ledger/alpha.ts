// α, the ATR alpha field of a staker: a per-epoch recurrence toward S (the account acted in the
// epoch) or toward ALPHA_MIN (it did not), rounded toward the target so it reaches it exactly and
// never leaves [ALPHA_MIN, S]:
//   toward α_min: α' = α_min + floor((α − α_min)·(S − λ)/S)   toward S: α' = S − floor((S − α)·(S − λ)/S)
// Evaluated lazily (alphaTo) and bit-exact with the per-epoch recurrence: a closed form with one
// power cannot reproduce per-epoch rounding, so the idle epochs are stepped one by one, stopping at
// the fixed point α_min: at most 3,724 steps within the parameter bounds (377 at the defaults),
// whatever the idle time (docs/token-mechanics.md §5).
import { ACC_ALPHA, ACC_ALPHA_EPOCH, ACC_ACTIVE_EPOCH1, PARAM_ALPHA_MIN, PARAM_ALPHA_LAMBDA, SCALE } from "./layout";
import { wU64 } from "./mem";
import { paramLo } from "./params";
import { mulDivFloor, fLo } from "./fx";

// One epoch's step. An α below α_min (ALPHA_MIN raised by a param change) goes to α_min at once:
// the toward-α_min formula would leave the range.
export function alphaStep(a: u64, active: bool): u64 {
  const keep = SCALE - paramLo(PARAM_ALPHA_LAMBDA);
  if (active) {
    mulDivFloor(SCALE - a, 0, keep, 0, SCALE, 0); // ≤ S: cannot fail
    return SCALE - fLo;
  }
  const min = paramLo(PARAM_ALPHA_MIN);
  if (a <= min) return min;
  mulDivFloor(a - min, 0, keep, 0, SCALE, 0);
  return min + fLo;
}

// Catches α up to the start of epoch t (before settling and before marking the account active).
export function alphaTo(acc: usize, t: u64): void {
  let a = load<u64>(acc + ACC_ALPHA);
  if (a == 0) return; // not started: only a stake starts it
  const ae = load<u64>(acc + ACC_ALPHA_EPOCH);
  if (t <= ae) return;
  a = alphaStep(a, load<u64>(acc + ACC_ACTIVE_EPOCH1) == ae + 1);
  const min = paramLo(PARAM_ALPHA_MIN);
  for (let n = t - ae - 1; n > 0 && a != min; n--) a = alphaStep(a, false);
  wU64(acc + ACC_ALPHA, a);
  wU64(acc + ACC_ALPHA_EPOCH, t);
}
