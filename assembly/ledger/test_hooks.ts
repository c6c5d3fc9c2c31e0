// Ledger test hooks: only the test build exports them (assembly/test-entry.ts ->
// build/core-test.wasm); the shipped core.wasm cannot corrupt its own state.
import { G } from "./mem";
import { G_INIT, G_SUPPLY, G_STK_TOTAL, TOKEN_COUNT } from "./layout";
import { undoSetCap } from "./undo";
import { writeSetSetCap } from "./write_set";
import { accRemove } from "./accounts";
import { keyRemove } from "./keys";
import { ledgerQueryPtr } from "./ledger_exports";
import { setLimits } from "./capacity";
import { regionCapGrowth } from "../region";

// Simulates a bug that breaks the supply invariant: overwrites a token's total supply without
// touching balances (the invariant checks and CIR-302 must catch it).
export function ledgerTestCorruptSupply(token: u32, lo: u64, hi: u64): void {
  if (token >= TOKEN_COUNT) return;
  store<u64>(G + G_SUPPLY + <usize>token * 16, lo);
  store<u64>(G + G_SUPPLY + <usize>token * 16 + 8, hi);
}

// Simulates a bug that breaks the staking invariant: overwrites W (G_STK_TOTAL) so it no longer
// equals the pool account's CHR balance (nor the sum of the stakes).
export function ledgerTestCorruptStakeTotal(lo: u64, hi: u64): void {
  store<u64>(G + G_STK_TOTAL, lo);
  store<u64>(G + G_STK_TOTAL + 8, hi);
}

// Lowers the hard capacity limits of this core (account slots, key slots: powers of two >= 16;
// public key arena bytes; 0 restores the layout.ts limit) so tests reach E_ACCOUNTS_FULL /
// E_KEYS_FULL cheaply. Call before ledgerInit: tables never shrink.
export function ledgerTestSetLimits(accountSlots: u32, keySlots: u32, pkArenaBytes: u32): void {
  setLimits(accountSlots, keySlots, pkArenaBytes);
}

// Simulates a host that refuses memory: the regions may grow memory by at most `extraPages`
// 64 KiB pages from now (u32.MAX_VALUE lifts the cap).
export function ledgerTestCapMemoryGrowth(extraPages: u32): void {
  regionCapGrowth(extraPages);
}

// Lowers the batch undo log and write-set caps (bytes) until the next ledgerInit (the real caps are
// not reachable within the input limits, docs/ledger.md).
export function ledgerTestLimits(undoBytes: u32, writeSetBytes: u32): void {
  undoSetCap(undoBytes);
  writeSetSetCap(writeSetBytes);
}

// These bypass the state tree, so the ledger is unusable afterwards: remove the account / key whose
// id the host wrote at ledgerQueryPtr() from its table (accRemove / keyRemove, which the abort of a
// pending batch uses). 1 removed, 0 absent.
export function ledgerTestAccountRemove(): u32 {
  return load<u32>(G + G_INIT) != 0 && accRemove(ledgerQueryPtr()) ? 1 : 0;
}
export function ledgerTestKeyRemove(): u32 {
  return load<u32>(G + G_INIT) != 0 && keyRemove(ledgerQueryPtr()) ? 1 : 0;
}
