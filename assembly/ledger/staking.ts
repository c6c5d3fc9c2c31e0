// Staking operations: STAKE, UNSTAKE (normal and emergency), CLAIM, and the settlement they share
// (docs/token-mechanics.md). Pre-distribution accumulator: A includes the current epoch's
// provisional bump, ACC_PREV does not; a stake earns A − ACC_PREV only if held through the epoch.
// Every multiplication-then-division is CertifiedMath's mulDiv128 with ROUND_FLOOR (fx.ts).
import {
  ACC_ID,
  ACC_STAKE,
  ACC_REWARD_DEBT,
  ACC_PENDING_REWARD,
  ACC_ALPHA,
  ACC_ALPHA_EPOCH,
  ACC_ACTIVE_EPOCH1,
  ACC_STAKE_EPOCH1,
  ACC_UNSTAKE_EPOCH1,
  G_STK_TOTAL,
  G_STK_ACC,
  G_STK_ACC_PREV,
  G_STK_CARRY,
  G_PSY_FORFEITED,
  G_SUPPLY,
  TOKEN_CHR,
  TOKEN_PSY,
  OPH_TOKEN,
  OPH_A,
  OPH_AMOUNT,
  PARAM_MIN_STAKE,
  PARAM_MIN_STAKE_EPOCHS,
  SCALE,
} from "./layout";
import * as E from "./errors";
import { G, wU64, wU128 } from "./mem";
import { accEnsure, accBalPtr, accSetBalance } from "./accounts";
import { paramLo, paramHi } from "./params";
import { mulScaleDown, addF, subF, cmpF, fLo, fHi } from "./fx";
import { alphaTo } from "./alpha";
import { POOL_ID } from "./pool";
import { cEpoch, cTxAcc } from "./ctx";
import { evBegin, evBytes, evU8, evU64, evU128, evZeros, EV_STAKE, EV_UNSTAKE, EV_REWARD } from "./events";

function lo(p: usize): u64 {
  return load<u64>(p);
}
function hi(p: usize): u64 {
  return load<u64>(p, 8);
}
function isZero128(p: usize): bool {
  return (load<u64>(p) | load<u64>(p, 8)) == 0;
}

// PSY moved to the carry by the current operation (the Unstake event reports it).
export let opForfeitLo: u64 = 0;
export let opForfeitHi: u64 = 0;

// CARRY += x, FORFEITED += x (x in xLo/xHi). false on overflow (an invariant is broken).
export function forfeit(xLo: u64, xHi: u64): bool {
  if ((xLo | xHi) == 0) return true;
  if (!addF(lo(G + G_STK_CARRY), hi(G + G_STK_CARRY), xLo, xHi)) return false;
  wU128(G + G_STK_CARRY, fLo, fHi);
  if (!addF(lo(G + G_PSY_FORFEITED), hi(G + G_PSY_FORFEITED), xLo, xHi)) return false;
  wU128(G + G_PSY_FORFEITED, fLo, fHi);
  if (!addF(opForfeitLo, opForfeitHi, xLo, xHi)) return false;
  opForfeitLo = fLo;
  opForfeitHi = fHi;
  return true;
}

// floor(STAKE_part · (A_to − DEBT)/S) in fLo/fHi, for a DEBT ≤ A_to.
export function rewardOf(partLo: u64, partHi: u64, acc: usize, toPtr: usize): bool {
  const d = acc + ACC_REWARD_DEBT;
  if (cmpF(lo(d), hi(d), lo(toPtr), hi(toPtr)) >= 0) {
    fLo = 0;
    fHi = 0;
    return true;
  }
  subF(lo(toPtr), hi(toPtr), lo(d), hi(d));
  return mulScaleDown(partLo, partHi, fLo, fHi);
}

// Credits raw reward weighted by α: PENDING += floor(raw·α/S), the rest is forfeited.
function creditWeighted(acc: usize, rawLo: u64, rawHi: u64): bool {
  if ((rawLo | rawHi) == 0) return true;
  if (!mulScaleDown(rawLo, rawHi, load<u64>(acc + ACC_ALPHA), 0)) return false;
  const paidLo = fLo;
  const paidHi = fHi;
  subF(rawLo, rawHi, paidLo, paidHi); // paid ≤ raw: α ≤ S
  if (!forfeit(fLo, fHi)) return false;
  const p = acc + ACC_PENDING_REWARD;
  if (!addF(lo(p), hi(p), paidLo, paidHi)) return false;
  wU128(p, fLo, fHi);
  return true;
}

// Settles the completed reward (to ACC_PREV) of `acc`; α must be caught up (alphaTo). An account
// without stake just moves its debt to A. false = an invariant is broken.
export function settle(acc: usize): bool {
  const s = acc + ACC_STAKE;
  const d = acc + ACC_REWARD_DEBT;
  if (isZero128(s)) {
    if (lo(d) != lo(G + G_STK_ACC) || hi(d) != hi(G + G_STK_ACC)) wU128(d, lo(G + G_STK_ACC), hi(G + G_STK_ACC));
    return true;
  }
  const prev = G + G_STK_ACC_PREV;
  if (cmpF(lo(d), hi(d), lo(prev), hi(prev)) >= 0) return true;
  if (!rewardOf(lo(s), hi(s), acc, prev)) return false;
  const rawLo = fLo;
  const rawHi = fHi;
  wU128(d, lo(prev), hi(prev));
  return creditWeighted(acc, rawLo, rawHi);
}

// Moves `amount` CHR between an account and the pool (toPool: account → pool).
function movePool(acc: usize, aLo: u64, aHi: u64, toPool: bool): u32 {
  const pool = accEnsure(POOL_ID);
  if (pool == 0) return E.E_ACCOUNTS_FULL;
  const from = toPool ? acc : pool;
  const to = toPool ? pool : acc;
  const fb = accBalPtr(from, TOKEN_CHR);
  if (!subF(lo(fb), hi(fb), aLo, aHi)) return toPool ? E.E_INSUFFICIENT_FUNDS : E.E_INVARIANT_VIOLATED;
  if (!accSetBalance(from, TOKEN_CHR, fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  const tb = accBalPtr(to, TOKEN_CHR);
  if (!addF(lo(tb), hi(tb), aLo, aHi)) return E.E_BALANCE_OVERFLOW;
  if (!accSetBalance(to, TOKEN_CHR, fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  return E.OK;
}

// W += amount (add) or W −= amount.
export function changeTotal(aLo: u64, aHi: u64, add: bool): bool {
  const w = G + G_STK_TOTAL;
  const ok = add ? addF(lo(w), hi(w), aLo, aHi) : subF(lo(w), hi(w), aLo, aHi);
  if (!ok) return false;
  wU128(w, fLo, fHi);
  return true;
}

export function belowMinStake(vLo: u64, vHi: u64): bool {
  return (vLo | vHi) != 0 && cmpF(vLo, vHi, paramLo(PARAM_MIN_STAKE), paramHi(PARAM_MIN_STAKE)) < 0;
}

// Marks the packet's acting account active in epoch t (α catch-up first); only stakers carry it.
export function stakingOnAct(acc: usize): void {
  alphaTo(acc, cEpoch);
  if (load<u64>(acc + ACC_ALPHA) != 0 && load<u64>(acc + ACC_ACTIVE_EPOCH1) != cEpoch + 1)
    wU64(acc + ACC_ACTIVE_EPOCH1, cEpoch + 1);
}

export function opStake(op: usize): u32 {
  if (<u32>load<u8>(op + OPH_TOKEN) != TOKEN_CHR) return E.E_STAKE_TOKEN;
  const aLo = load<u64>(op + OPH_AMOUNT);
  const aHi = load<u64>(op + OPH_AMOUNT, 8);
  if ((aLo | aHi) == 0) return E.E_AMOUNT_ZERO;
  const acc = cTxAcc;
  const t = cEpoch;
  if (load<u64>(acc + ACC_UNSTAKE_EPOCH1) == t + 1) return E.E_STAKE_SAME_EPOCH;
  opForfeitLo = 0;
  opForfeitHi = 0;
  alphaTo(acc, t);
  if (!settle(acc)) return E.E_INVARIANT_VIOLATED;
  const s = acc + ACC_STAKE;
  // The stake held through epoch t cannot leave in t any more: it earns t's provisional bump now,
  // and the debt moves to A so the new amount (not in t's snapshot) earns from the next bump.
  if (!isZero128(s)) {
    if (!rewardOf(lo(s), hi(s), acc, G + G_STK_ACC)) return E.E_INVARIANT_VIOLATED;
    if (!creditWeighted(acc, fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  }
  wU128(acc + ACC_REWARD_DEBT, lo(G + G_STK_ACC), hi(G + G_STK_ACC));
  const moved = movePool(acc, aLo, aHi, true);
  if (moved != E.OK) return moved;
  if (!addF(lo(s), hi(s), aLo, aHi)) return E.E_INVARIANT_VIOLATED; // ≤ CHR supply
  if (belowMinStake(fLo, fHi)) return E.E_STAKE_TOO_SMALL;
  wU128(s, fLo, fHi);
  if (!changeTotal(aLo, aHi, true)) return E.E_INVARIANT_VIOLATED;
  // One lock per account: a new stake restarts the lock of the whole position.
  wU64(acc + ACC_STAKE_EPOCH1, t + 1);
  if (load<u64>(acc + ACC_ALPHA) == 0) {
    wU64(acc + ACC_ALPHA, SCALE);
    wU64(acc + ACC_ALPHA_EPOCH, t);
  }
  if (load<u64>(acc + ACC_ACTIVE_EPOCH1) != t + 1) wU64(acc + ACC_ACTIVE_EPOCH1, t + 1);
  if (evBegin(EV_STAKE, 56)) {
    evBytes(acc + ACC_ID, 32);
    evU128(aLo, aHi);
    evU64(t);
  }
  return E.OK;
}

export function opUnstake(op: usize): u32 {
  if (<u32>load<u8>(op + OPH_TOKEN) != TOKEN_CHR) return E.E_STAKE_TOKEN;
  const emergency = load<u32>(op + OPH_A);
  if (emergency > 1) return E.E_MALFORMED;
  const aLo = load<u64>(op + OPH_AMOUNT);
  const aHi = load<u64>(op + OPH_AMOUNT, 8);
  if ((aLo | aHi) == 0) return E.E_AMOUNT_ZERO;
  const acc = cTxAcc;
  const t = cEpoch;
  const stakeEpoch1 = load<u64>(acc + ACC_STAKE_EPOCH1);
  if (stakeEpoch1 == t + 1) return E.E_STAKE_SAME_EPOCH;
  // stakeEpoch1 − 1 + MIN_STAKE_EPOCHS cannot wrap: epochs and the lock (≤ 10^6) are far below 2^64.
  if (emergency == 0 && stakeEpoch1 != 0 && t < stakeEpoch1 - 1 + paramLo(PARAM_MIN_STAKE_EPOCHS))
    return E.E_STAKE_LOCKED;
  const s = acc + ACC_STAKE;
  if (!subF(lo(s), hi(s), aLo, aHi)) return E.E_INSUFFICIENT_STAKE;
  const remLo = fLo;
  const remHi = fHi;
  if (belowMinStake(remLo, remHi)) return E.E_STAKE_TOO_SMALL;
  opForfeitLo = 0;
  opForfeitHi = 0;
  alphaTo(acc, t);
  const p = acc + ACC_PENDING_REWARD;
  if (emergency == 0) {
    if (!settle(acc)) return E.E_INVARIANT_VIOLATED;
    // The unstaked amount forfeits its provisional bump (DEBT == ACC_PREV after settle).
    if (!rewardOf(aLo, aHi, acc, G + G_STK_ACC)) return E.E_INVARIANT_VIOLATED;
    if (!forfeit(fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  } else {
    // Emergency: no settlement; everything accrued or pending is forfeited.
    if (!rewardOf(lo(s), hi(s), acc, G + G_STK_ACC)) return E.E_INVARIANT_VIOLATED;
    if (!addF(fLo, fHi, lo(p), hi(p))) return E.E_INVARIANT_VIOLATED;
    if (!forfeit(fLo, fHi)) return E.E_INVARIANT_VIOLATED;
    if (!isZero128(p)) wU128(p, 0, 0);
    wU128(acc + ACC_REWARD_DEBT, lo(G + G_STK_ACC), hi(G + G_STK_ACC));
  }
  wU128(s, remLo, remHi);
  if (!changeTotal(aLo, aHi, false)) return E.E_INVARIANT_VIOLATED;
  const moved = movePool(acc, aLo, aHi, false);
  if (moved != E.OK) return moved;
  wU64(acc + ACC_UNSTAKE_EPOCH1, t + 1);
  if (evBegin(EV_UNSTAKE, 72)) {
    evBytes(acc + ACC_ID, 32);
    evU128(aLo, aHi);
    evU128(opForfeitLo, opForfeitHi);
    evU8(emergency);
    evZeros(7);
  }
  return E.OK;
}

export function opClaim(op: usize): u32 {
  if (<u32>load<u8>(op + OPH_TOKEN) != TOKEN_CHR) return E.E_STAKE_TOKEN;
  const acc = cTxAcc;
  opForfeitLo = 0;
  opForfeitHi = 0;
  alphaTo(acc, cEpoch);
  if (!settle(acc)) return E.E_INVARIANT_VIOLATED;
  const p = acc + ACC_PENDING_REWARD;
  if (isZero128(p)) return E.E_NOTHING_TO_CLAIM;
  const aLo = lo(p);
  const aHi = hi(p);
  // PSY is minted only here: supply and the claimant's balance grow together.
  const sup = G + G_SUPPLY + <usize>TOKEN_PSY * 16;
  if (!addF(lo(sup), hi(sup), aLo, aHi)) return E.E_SUPPLY_OVERFLOW;
  const sLo = fLo;
  const sHi = fHi;
  const b = accBalPtr(acc, TOKEN_PSY);
  if (!addF(lo(b), hi(b), aLo, aHi)) return E.E_BALANCE_OVERFLOW;
  if (!accSetBalance(acc, TOKEN_PSY, fLo, fHi)) return E.E_INVARIANT_VIOLATED;
  wU128(sup, sLo, sHi);
  wU128(p, 0, 0);
  if (evBegin(EV_REWARD, 48)) {
    evBytes(acc + ACC_ID, 32);
    evU128(aLo, aHi);
  }
  return E.OK;
}
