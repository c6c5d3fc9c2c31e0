// RES resonance state (docs/token-mechanics.md "RES"): NEUTRAL ⇄ RESONANT by the RES balance
// against RES_THRESHOLD; any → PENALIZED by a penalty; PENALIZED → NEUTRAL once RES_RECOVERY_EPOCHS
// have passed since the penalty's epoch (then the NEUTRAL row may apply at once). Evaluated after a
// RES mint or burn of the account, after a penalty and when the account acts; every transition
// emits ResState. The stored state is as of the last evaluation.
import {
  ACC_ID,
  ACC_RES_STATE,
  ACC_RES_PENALTY_EPOCH1,
  TOKEN_RES,
  PARAM_RES_THRESHOLD,
  PARAM_RES_RECOVERY_EPOCHS,
  RES_NEUTRAL,
  RES_RESONANT,
  RES_PENALIZED,
} from "./layout";
import { wU32 } from "./mem";
import { accBalPtr } from "./accounts";
import { paramLo, paramHi } from "./params";
import { cmpF } from "./fx";
import { cEpoch } from "./ctx";
import { evBegin, evBytes, evU8, evU64, evZeros, EV_RES_STATE } from "./events";

export function resTransition(acc: usize, from: u32, to: u32): void {
  wU32(acc + ACC_RES_STATE, to);
  if (evBegin(EV_RES_STATE, 48)) {
    evBytes(acc + ACC_ID, 32);
    evU8(from);
    evU8(to);
    evZeros(6);
    evU64(cEpoch);
  }
}

// PENALIZED → NEUTRAL when recovered (t ≥ penalty epoch + RES_RECOVERY_EPOCHS).
export function resRecover(acc: usize): void {
  if (load<u32>(acc + ACC_RES_STATE) != RES_PENALIZED) return;
  const penaltyEpoch = load<u64>(acc + ACC_RES_PENALTY_EPOCH1) - 1;
  const recovery = paramLo(PARAM_RES_RECOVERY_EPOCHS);
  // penaltyEpoch + recovery cannot wrap: epochs and recovery (≤ 10^6) are far below 2^64.
  if (cEpoch >= penaltyEpoch + recovery) resTransition(acc, RES_PENALIZED, RES_NEUTRAL);
}

export function resEvaluate(acc: usize): void {
  resRecover(acc);
  const state = load<u32>(acc + ACC_RES_STATE);
  if (state == RES_PENALIZED) return;
  const b = accBalPtr(acc, TOKEN_RES);
  const above = cmpF(load<u64>(b), load<u64>(b, 8), paramLo(PARAM_RES_THRESHOLD), paramHi(PARAM_RES_THRESHOLD)) >= 0;
  if (state == RES_NEUTRAL && above) resTransition(acc, RES_NEUTRAL, RES_RESONANT);
  else if (state == RES_RESONANT && !above) resTransition(acc, RES_RESONANT, RES_NEUTRAL);
}
