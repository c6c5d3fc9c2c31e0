// Token mechanics in the bindings: the staking fields of an account record, the staking globals,
// the pool account id and the emission schedule (the core's formulas, docs/token-mechanics.md).
import * as L from "./layout.generated.js";
import { fromHex, getU128 } from "../bytes.js";
import { qfsError } from "../errors/index.js";
import type { ResState, StakingGlobals, StakingState } from "./types.js";

// The staking pool account: SHA3-256("QFS-V13/staking-pool/CHR"); no key can own it. A literal (the core's
// assembly/ledger/pool.ts has the same bytes; test/ledger/staking.test.ts recomputes the hash): a module
// may be imported before the core is loaded, so nothing here may hash at import time.
export const POOL_ACCOUNT_ID: Uint8Array =
  fromHex("bd0d077fefb3fa1291d7b57e3ed59b6df35003f1189cf397834c9a8160daeee2") ?? new Uint8Array(32);

const RES_STATES: readonly ResState[] = ["NEUTRAL", "RESONANT", "PENALIZED"];
const SCALE = 10n ** 18n;
const INV_PHI = 618_033_988_749_894_848n; // floor(S / φ), as the core
const U64_MAX = (1n << 64n) - 1n;

// The staking fields of the ACC_SIZE-byte account record at `rec`.
export function decodeStaking(dv: DataView, rec: number): StakingState {
  const u64 = (off: number) => dv.getBigUint64(rec + off, true);
  const res = dv.getUint32(rec + L.ACC_RES_STATE, true);
  const resState = RES_STATES[res];
  if (resState === undefined) throw qfsError("E_INVARIANT_VIOLATED", `account resonance state ${res}`);
  return {
    stake: getU128(dv, rec + L.ACC_STAKE),
    rewardDebt: getU128(dv, rec + L.ACC_REWARD_DEBT),
    pendingReward: getU128(dv, rec + L.ACC_PENDING_REWARD),
    alpha: u64(L.ACC_ALPHA),
    alphaEpoch: u64(L.ACC_ALPHA_EPOCH),
    activeEpoch1: u64(L.ACC_ACTIVE_EPOCH1),
    stakeEpoch1: u64(L.ACC_STAKE_EPOCH1),
    unstakeEpoch1: u64(L.ACC_UNSTAKE_EPOCH1),
    resState,
    resPenaltyEpoch1: u64(L.ACC_RES_PENALTY_EPOCH1),
  };
}

// The staking globals of the globals block at `g`.
export function decodeStakingGlobals(dv: DataView, g: number): StakingGlobals {
  return {
    totalStaked: getU128(dv, g + L.G_STK_TOTAL),
    acc: getU128(dv, g + L.G_STK_ACC),
    accPrev: getU128(dv, g + L.G_STK_ACC_PREV),
    carry: getU128(dv, g + L.G_STK_CARRY),
    psyEmitted: getU128(dv, g + L.G_PSY_EMITTED),
    psyForfeited: getU128(dv, g + L.G_PSY_FORFEITED),
    emissionEpoch0: dv.getBigUint64(g + L.G_EMISSION_EPOCH0, true),
  };
}

// E(e) = floor(rate · F_k / S), k = floor((e − epoch0) / period), F_0 = S, F_{j+1} = floor(F_j · INV_PHI / S):
// the PSY emitted in epoch e (when the pool has stake), bit for bit the core's assembly/ledger/emission.ts.
export function emissionForEpoch(rate: bigint, period: bigint, epoch0: bigint, e: bigint): bigint {
  if (period < 1n || period > U64_MAX || e < epoch0 || rate < 0n)
    throw qfsError("E_LEDGER_INPUT", "emissionForEpoch: period ≥ 1, e ≥ epoch0, rate ≥ 0");
  const k = (e - epoch0) / period;
  let f = SCALE;
  for (let j = 0n; j < k && f !== 0n; j++) f = (f * INV_PHI) / SCALE;
  return (rate * f) / SCALE;
}
