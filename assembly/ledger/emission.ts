// PSY emission and the epoch rollover of the reward accumulator (docs/token-mechanics.md). Runs at
// the start of a batch that moves the epoch forward: O(decay segments crossed), never O(accounts).
// E(e) = floor(REWARD_RATE · F_k / S), k = floor((e − EPOCH0) / DECAY_PERIOD), F_0 = S,
// F_{j+1} = floor(F_j · INV_PHI / S): floors everywhere, so emission never exceeds the schedule.
import {
  G_STK_TOTAL,
  G_STK_ACC,
  G_STK_ACC_PREV,
  G_STK_CARRY,
  G_PSY_EMITTED,
  G_EMISSION_EPOCH0,
  PARAM_REWARD_RATE,
  PARAM_DECAY_PERIOD_EPOCHS,
  SCALE,
  INV_PHI,
} from "./layout";
import { G } from "./mem";
import { paramLo, paramHi } from "./params";
import { mulDivFloor, mulDivCeil, addF, subF, fLo, fHi } from "./fx";

// F_k; stops at 0 (after about 90 steps), so the cost is bounded whatever k is.
export function decayFactor(k: u64): u64 {
  let f: u64 = SCALE;
  for (let j: u64 = 0; j < k && f != 0; j++) {
    mulDivFloor(f, 0, INV_PHI, 0, SCALE, 0); // f < S: cannot fail
    f = fLo;
  }
  return f;
}

// Emission of one epoch at decay factor f, in fLo/fHi (RATE ≤ 10^27, f ≤ S: cannot fail).
function emissionAtFactor(f: u64): void {
  mulDivFloor(paramLo(PARAM_REWARD_RATE), paramHi(PARAM_REWARD_RATE), f, 0, SCALE, 0);
}

let sumLo: u64 = 0;
let sumHi: u64 = 0;

// sumLo/sumHi = Σ E(e) for e in [a, b] (a ≤ b, a ≥ EPOCH0), summed per decay segment (count × E).
// false on overflow (impossible within the parameter bounds: ≤ RATE · period · φ² < 2^124).
function sumEmission(a: u64, b: u64): bool {
  sumLo = 0;
  sumHi = 0;
  const e0 = load<u64>(G + G_EMISSION_EPOCH0);
  const period = paramLo(PARAM_DECAY_PERIOD_EPOCHS);
  let e = a;
  let f = decayFactor((e - e0) / period);
  while (f != 0) {
    const left = period - ((e - e0) % period) - 1; // epochs after e in its segment
    const end = b - e <= left ? b : e + left;
    emissionAtFactor(f);
    if (!mulDivFloor(end - e + 1, 0, fLo, fHi, 1, 0)) return false;
    if (!addF(sumLo, sumHi, fLo, fHi)) return false;
    sumLo = fLo;
    sumHi = fHi;
    if (end == b) break;
    e = end + 1;
    mulDivFloor(f, 0, INV_PHI, 0, SCALE, 0);
    f = fLo;
  }
  return true;
}

// E(e) in fLo/fHi.
export function emissionForEpoch(e: u64): void {
  const e0 = load<u64>(G + G_EMISSION_EPOCH0);
  emissionAtFactor(decayFactor((e - e0) / paramLo(PARAM_DECAY_PERIOD_EPOCHS)));
}

function ld(off: usize, hi: bool): u64 {
  return hi ? load<u64>(G + off, 8) : load<u64>(G + off);
}
function st(off: usize, lo: u64, hi: u64): void {
  store<u64>(G + off, lo);
  store<u64>(G + off, hi, 8);
}

// Distributes x (PSY) over W staked units: A += floor(x·S/W); x − ceil(inc·W/S) stays in CARRY.
// The ceil (a correction to the design's floor, found by the reference model): a staker settles
// with one floor over several increments, which can exceed the sum of per-increment floors by one
// base unit each; taking the exact rational share inc·W/S (rounded up) out of the carry keeps
// rewards ≤ emission. ceil(inc·W/S) ≤ x since inc·W/S ≤ x and x is an integer, so CARRY ≥ 0.
// false when an assertion fails (A overflow, negative carry).
function distribute(xLo: u64, xHi: u64, wLo: u64, wHi: u64): bool {
  if (!mulDivFloor(xLo, xHi, SCALE, 0, wLo, wHi)) return false;
  const incLo = fLo;
  const incHi = fHi;
  if (!mulDivCeil(incLo, incHi, wLo, wHi, SCALE, 0)) return false;
  if (!subF(xLo, xHi, fLo, fHi)) return false;
  st(G_STK_CARRY, fLo, fHi);
  if (!addF(ld(G_STK_ACC, false), ld(G_STK_ACC, true), incLo, incHi)) return false;
  st(G_STK_ACC, fLo, fHi);
  return true;
}

// The epoch moves from `o` to `n` (n > o). Plain stores: it runs before any packet, and the pending
// batch's saved globals (undo.ts) restore it on abort. false = an invariant failed (CIR-302).
export function rollover(o: u64, n: u64): bool {
  const wLo = ld(G_STK_TOTAL, false);
  const wHi = ld(G_STK_TOTAL, true);
  if ((wLo | wHi) == 0) {
    // An epoch without stake emits nothing; the carry waits for the next staker.
    st(G_STK_ACC_PREV, ld(G_STK_ACC, false), ld(G_STK_ACC, true));
    return true;
  }
  let skLo: u64 = 0;
  let skHi: u64 = 0;
  if (n - o > 1) {
    // Completed epochs o+1 .. n−1 (nothing could change W in them) and the carry: earned outright.
    // Without skipped epochs the carry waits for epoch n's provisional bump instead (a correction to
    // the design): folded into A here it would pay stake that entered in epoch o and leaves at n.
    if (!sumEmission(o + 1, n - 1)) return false;
    skLo = sumLo;
    skHi = sumHi;
    if (!addF(skLo, skHi, ld(G_STK_CARRY, false), ld(G_STK_CARRY, true))) return false;
    if (!distribute(fLo, fHi, wLo, wHi)) return false;
  }
  st(G_STK_ACC_PREV, ld(G_STK_ACC, false), ld(G_STK_ACC, true));
  // The new epoch n: its provisional bump.
  emissionForEpoch(n);
  const enLo = fLo;
  const enHi = fHi;
  if (!addF(enLo, enHi, ld(G_STK_CARRY, false), ld(G_STK_CARRY, true))) return false;
  if (!distribute(fLo, fHi, wLo, wHi)) return false;
  if (!addF(skLo, skHi, enLo, enHi)) return false;
  if (!addF(ld(G_PSY_EMITTED, false), ld(G_PSY_EMITTED, true), fLo, fHi)) return false;
  st(G_PSY_EMITTED, fLo, fHi);
  return true;
}
