// Parameters: defaults written at init, bounds of a PARAM_SET (E_PARAM_INVALID), reads as u128.
// Values wider than u64 (REWARD_RATE, RES_THRESHOLD and the u128 bounds) are lo/hi pairs here;
// layout.ts keeps the ids and the u64 values (docs/ledger.md "Parameters").
import {
  G_PARAMS,
  PARAM_TIMESTAMP_WINDOW_MS,
  PARAM_COUNCIL_THRESHOLD,
  PARAM_EPOCH_LENGTH_MS,
  PARAM_REWARD_RATE,
  PARAM_DECAY_PERIOD_EPOCHS,
  PARAM_MIN_STAKE_EPOCHS,
  PARAM_ALPHA_MIN,
  PARAM_ALPHA_LAMBDA,
  PARAM_RES_THRESHOLD,
  PARAM_RES_RECOVERY_EPOCHS,
  PARAM_MIN_STAKE,
  DEFAULT_TIMESTAMP_WINDOW_MS,
  DEFAULT_COUNCIL_THRESHOLD,
  DEFAULT_EPOCH_LENGTH_MS,
  DEFAULT_DECAY_PERIOD_EPOCHS,
  DEFAULT_MIN_STAKE_EPOCHS,
  DEFAULT_ALPHA_MIN,
  DEFAULT_ALPHA_LAMBDA,
  DEFAULT_RES_RECOVERY_EPOCHS,
  DEFAULT_MIN_STAKE,
  MAX_TIMESTAMP_WINDOW_MS,
  MAX_COUNCIL_THRESHOLD,
  MAX_DECAY_PERIOD_EPOCHS,
  MAX_MIN_STAKE_EPOCHS,
  MIN_ALPHA_LAMBDA,
  MAX_RES_RECOVERY_EPOCHS,
  SCALE,
} from "./layout";
import { G } from "./mem";

// 1000 x 10^18 PSY base units an epoch (0x36_35C9ADC5DEA00000).
const DEFAULT_REWARD_RATE_LO: u64 = 0x35c9adc5dea00000;
const DEFAULT_REWARD_RATE_HI: u64 = 0x36;
// 10^27: the largest REWARD_RATE; keeps every emission sum far inside u128 (emission.ts).
const MAX_REWARD_RATE_LO: u64 = 0x9fd0803ce8000000;
const MAX_REWARD_RATE_HI: u64 = 54_210_108;
// 100 x 10^18 RES base units (0x5_6BC75E2D63100000).
const DEFAULT_RES_THRESHOLD_LO: u64 = 0x6bc75e2d63100000;
const DEFAULT_RES_THRESHOLD_HI: u64 = 0x5;

export function paramPtr(id: u32): usize {
  return G + G_PARAMS + <usize>id * 16;
}
export function paramLo(id: u32): u64 {
  return load<u64>(paramPtr(id));
}
export function paramHi(id: u32): u64 {
  return load<u64>(paramPtr(id), 8);
}

function put(id: u32, lo: u64, hi: u64): void {
  store<u64>(paramPtr(id), lo);
  store<u64>(paramPtr(id), hi, 8);
}

// Defaults (ledgerInit; before genesis, so not journaled).
export function paramsSetDefaults(): void {
  put(PARAM_TIMESTAMP_WINDOW_MS, DEFAULT_TIMESTAMP_WINDOW_MS, 0);
  put(PARAM_COUNCIL_THRESHOLD, DEFAULT_COUNCIL_THRESHOLD, 0);
  put(PARAM_EPOCH_LENGTH_MS, DEFAULT_EPOCH_LENGTH_MS, 0);
  put(PARAM_REWARD_RATE, DEFAULT_REWARD_RATE_LO, DEFAULT_REWARD_RATE_HI);
  put(PARAM_DECAY_PERIOD_EPOCHS, DEFAULT_DECAY_PERIOD_EPOCHS, 0);
  put(PARAM_MIN_STAKE_EPOCHS, DEFAULT_MIN_STAKE_EPOCHS, 0);
  put(PARAM_ALPHA_MIN, DEFAULT_ALPHA_MIN, 0);
  put(PARAM_ALPHA_LAMBDA, DEFAULT_ALPHA_LAMBDA, 0);
  put(PARAM_RES_THRESHOLD, DEFAULT_RES_THRESHOLD_LO, DEFAULT_RES_THRESHOLD_HI);
  put(PARAM_RES_RECOVERY_EPOCHS, DEFAULT_RES_RECOVERY_EPOCHS, 0);
  put(PARAM_MIN_STAKE, DEFAULT_MIN_STAKE, 0);
}

function inU64(lo: u64, hi: u64, min: u64, max: u64): bool {
  return hi == 0 && lo >= min && lo <= max;
}

// Whether (lo, hi) is inside parameter `id`'s bounds (ids 0..PARAM_LAST).
export function paramValid(id: u32, lo: u64, hi: u64): bool {
  if (id == PARAM_TIMESTAMP_WINDOW_MS) return inU64(lo, hi, 0, MAX_TIMESTAMP_WINDOW_MS);
  if (id == PARAM_COUNCIL_THRESHOLD) return inU64(lo, hi, 1, MAX_COUNCIL_THRESHOLD);
  if (id == PARAM_EPOCH_LENGTH_MS) return inU64(lo, hi, 1, u64.MAX_VALUE);
  if (id == PARAM_REWARD_RATE) return hi < MAX_REWARD_RATE_HI || (hi == MAX_REWARD_RATE_HI && lo <= MAX_REWARD_RATE_LO);
  if (id == PARAM_DECAY_PERIOD_EPOCHS) return inU64(lo, hi, 1, MAX_DECAY_PERIOD_EPOCHS);
  if (id == PARAM_MIN_STAKE_EPOCHS) return inU64(lo, hi, 1, MAX_MIN_STAKE_EPOCHS);
  // Not 0: ACC_ALPHA = 0 marks "α not started", so α must never reach it.
  if (id == PARAM_ALPHA_MIN) return inU64(lo, hi, 1, SCALE);
  if (id == PARAM_ALPHA_LAMBDA) return inU64(lo, hi, MIN_ALPHA_LAMBDA, SCALE);
  if (id == PARAM_RES_THRESHOLD) return (lo | hi) != 0;
  if (id == PARAM_RES_RECOVERY_EPOCHS) return inU64(lo, hi, 1, MAX_RES_RECOVERY_EPOCHS);
  if (id == PARAM_MIN_STAKE) return hi != 0 || lo >= SCALE;
  return false;
}
