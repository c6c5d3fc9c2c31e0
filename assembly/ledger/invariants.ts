// Supply invariants. Quick check (O(tokens), after every packet and batch): running sum of
// balances == total supply, per token. Full check (O(capacity), tests and audits): recompute
// every sum from the account table and compare with both.
import { G_SUPPLY, G_SUMS, ACC_SIZE, ACC_FLAGS, ACC_FLAG_OCCUPIED, ACC_BAL, TOKEN_COUNT } from "./layout";
import { G, ACC } from "./mem";
import { accSlots } from "./accounts";
import { add128, rLo, rHi } from "./u128";

export let violatedToken: u32 = 0;

export function quickInvariantsHold(): bool {
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
