// PENALTY (council M-of-N, checked in authz.ts like resume): slash a share of the target's stake
// (burnt from the pool: no treasury key could later move it), burn up to res_burn of its RES, and
// set its resonance state to PENALIZED (docs/token-mechanics.md "Penalty").
import {
  ACC_STAKE,
  ACC_RES_STATE,
  ACC_RES_PENALTY_EPOCH1,
  ACC_ID,
  G_SUPPLY,
  G_STK_ACC,
  TOKEN_CHR,
  TOKEN_RES,
  OPH_ID,
  OPH_AMOUNT,
  OPH_RES_BURN,
  RES_PENALIZED,
  SCALE,
} from "./layout";
import * as E from "./errors";
import { G, wU64, wU128 } from "./mem";
import { accFind, accBalPtr, accSetBalance, accTouch } from "./accounts";
import { mulScaleDown, subF, cmpF, fLo, fHi } from "./fx";
import { alphaTo } from "./alpha";
import { settle, rewardOf, belowMinStake, forfeit, changeTotal } from "./staking";
import { resRecover, resTransition } from "./resonance";
import { isPool, POOL_ID } from "./pool";
import { cEpoch } from "./ctx";
import { evBegin, evBytes, evU128, EV_PENALTY } from "./events";

// Burns (lo, hi) of `token` from `acc`: balance and supply down together.
function burnFrom(acc: usize, token: u32, bLo: u64, bHi: u64): u32 {
  if ((bLo | bHi) == 0) return E.OK;
  const b = accBalPtr(acc, token);
  if (!subF(load<u64>(b), load<u64>(b, 8), bLo, bHi)) return E.E_INVARIANT_VIOLATED;
  if (!accSetBalance(acc, token, fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  const s = G + G_SUPPLY + <usize>token * 16;
  if (!subF(load<u64>(s), load<u64>(s, 8), bLo, bHi)) return E.E_INVARIANT_VIOLATED;
  wU128(s, fLo, fHi);
  return E.OK;
}

export function opPenalty(op: usize): u32 {
  const shLo = load<u64>(op + OPH_AMOUNT);
  const shHi = load<u64>(op + OPH_AMOUNT, 8);
  if (cmpF(shLo, shHi, SCALE, 0) > 0) return E.E_MALFORMED; // a share is at most 1 (S)
  if (isPool(op + OPH_ID)) return E.E_STAKING_POOL;
  const acc = accFind(op + OPH_ID);
  if (acc == 0) return E.E_ACCOUNT_UNKNOWN;
  alphaTo(acc, cEpoch);
  if (!settle(acc)) return E.E_INVARIANT_VIOLATED;
  const s = acc + ACC_STAKE;
  const stLo = load<u64>(s);
  const stHi = load<u64>(s, 8);
  // floor: never more than the share. A remainder below MIN_STAKE goes too (no dust positions).
  if (!mulScaleDown(stLo, stHi, shLo, shHi)) return E.E_INVARIANT_VIOLATED;
  let slLo = fLo;
  let slHi = fHi;
  subF(stLo, stHi, slLo, slHi);
  if (belowMinStake(fLo, fHi)) {
    slLo = stLo;
    slHi = stHi;
  }
  if ((slLo | slHi) != 0) {
    // The slashed part forfeits its provisional bump; the rest keeps its debt.
    if (!rewardOf(slLo, slHi, acc, G + G_STK_ACC)) return E.E_INVARIANT_VIOLATED;
    if (!forfeit(fLo, fHi)) return E.E_INVARIANT_VIOLATED;
    subF(stLo, stHi, slLo, slHi);
    wU128(s, fLo, fHi);
    if (!changeTotal(slLo, slHi, false)) return E.E_INVARIANT_VIOLATED;
    const pool = accFind(POOL_ID);
    if (pool == 0) return E.E_INVARIANT_VIOLATED; // stake > 0 means the pool holds it
    const code = burnFrom(pool, TOKEN_CHR, slLo, slHi);
    if (code != E.OK) return code;
  }
  // RES: the council names an upper bound; burn what the target has of it.
  const rb = accBalPtr(acc, TOKEN_RES);
  let bLo = load<u64>(op + OPH_RES_BURN);
  let bHi = load<u64>(op + OPH_RES_BURN, 8);
  if (cmpF(bLo, bHi, load<u64>(rb), load<u64>(rb, 8)) > 0) {
    bLo = load<u64>(rb);
    bHi = load<u64>(rb, 8);
  }
  const code = burnFrom(acc, TOKEN_RES, bLo, bHi);
  if (code != E.OK) return code;
  if (evBegin(EV_PENALTY, 80)) {
    evBytes(acc + ACC_ID, 32);
    evU128(slLo, slHi);
    evU128(bLo, bHi);
    evU128(shLo, shHi);
  }
  // A recovered PENALIZED state counts as NEUTRAL first; penalizing a PENALIZED account restarts
  // its recovery without a transition (no event).
  resRecover(acc);
  const state = load<u32>(acc + ACC_RES_STATE);
  wU64(acc + ACC_RES_PENALTY_EPOCH1, cEpoch + 1);
  if (state != RES_PENALIZED) resTransition(acc, state, RES_PENALIZED);
  // The target's record changed even if none of its balances did, so its state-root leaf must be
  // recomputed. Touched only after a write: in a pending batch the first write saves the record to
  // the undo log, and a record touched before it would never be saved (undo.ts undoBeforeWrite).
  accTouch(acc);
  return E.OK;
}
