// Supply invariants. Quick check (O(tokens), after every packet and batch): running sum of
// balances == total supply, per token. Full check (O(capacity), tests and audits): recompute
// every sum from the account table and compare with both.
import {
  G_SUPPLY,
  G_SUMS,
  G_STK_TOTAL,
  ACC_SIZE,
  ACC_FLAGS,
  ACC_FLAG_OCCUPIED,
  ACC_BAL,
  ACC_STAKE,
  TOKEN_COUNT,
  TOKEN_CHR,
} from "./layout";
import { accFind, accBalPtr, accSlots } from "./accounts";
import { POOL_ID } from "./pool";
import { G, ACC } from "./mem";

import { add128, rLo, rHi } from "./u128";

export let violatedToken: u32 = 0;

// The staking pool holds exactly the staked CHR: G_STK_TOTAL == balance_CHR(POOL).
function poolHoldsStake(): bool {
  const w = G + G_STK_TOTAL;
  const pool = accFind(POOL_ID);
  if (pool == 0) return (load<u64>(w) | load<u64>(w, 8)) == 0;
  const b = accBalPtr(pool, TOKEN_CHR);
  return load<u64>(w) == load<u64>(b) && load<u64>(w, 8) == load<u64>(b, 8);
}

export function quickInvariantsHold(): bool {
  if (!poolHoldsStake()) {
    violatedToken = TOKEN_CHR;
    return false;
  }
  for (let t: u32 = 0; t < TOKEN_COUNT; t++) {
    const s = G + G_SUPPLY + <usize>t * 16;
    const m = G + G_SUMS + <usize>t * 16;
    if (load<u64>(s) != load<u64>(m) || load<u64>(s, 8) != load<u64>(m, 8)) {
      violatedToken = t;
      return false;
    }
  }
  return true;
}

const SCAN: usize = memory.data(<i32>TOKEN_COUNT * 16, 8);

export function fullInvariantsHold(): bool {
  memory.fill(SCAN, 0, <usize>TOKEN_COUNT * 16);
  let stLo: u64 = 0;
  let stHi: u64 = 0;
  const slots = accSlots();
  for (let i: u32 = 0; i < slots; i++) {
    const rec = ACC + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) continue;
    for (let t: u32 = 0; t < TOKEN_COUNT; t++) {
      const a = SCAN + <usize>t * 16;
      const b = rec + ACC_BAL + <usize>t * 16;
      if (!add128(load<u64>(a), load<u64>(a, 8), load<u64>(b), load<u64>(b, 8))) {
        violatedToken = t;
        return false;
      }
      store<u64>(a, rLo);
      store<u64>(a, rHi, 8);
    }
    if (!add128(stLo, stHi, load<u64>(rec + ACC_STAKE), load<u64>(rec + ACC_STAKE, 8))) return false;
    stLo = rLo;
    stHi = rHi;
  }
  // Σ ACC_STAKE == G_STK_TOTAL.
  if (stLo != load<u64>(G + G_STK_TOTAL) || stHi != load<u64>(G + G_STK_TOTAL, 8)) {
    violatedToken = TOKEN_CHR;
    return false;
  }
  for (let t: u32 = 0; t < TOKEN_COUNT; t++) {
    const a = SCAN + <usize>t * 16;
    const s = G + G_SUPPLY + <usize>t * 16;
    if (load<u64>(a) != load<u64>(s) || load<u64>(a, 8) != load<u64>(s, 8)) {
      violatedToken = t;
      return false;
    }
  }
  return quickInvariantsHold();
}
