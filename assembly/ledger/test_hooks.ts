// Ledger test hooks: only the test build exports them (assembly/test-entry.ts ->
// build/core-test.wasm); the shipped core.wasm cannot corrupt its own state.
import { G } from "./mem";
import { G_SUPPLY, TOKEN_COUNT } from "./layout";

// Simulates a bug that breaks the supply invariant: overwrites a token's total supply without
// touching balances (the invariant checks and CIR-302 must catch it).
export function ledgerTestCorruptSupply(token: u32, lo: u64, hi: u64): void {
  if (token >= TOKEN_COUNT) return;
  store<u64>(G + G_SUPPLY + <usize>token * 16, lo);
  store<u64>(G + G_SUPPLY + <usize>token * 16 + 8, hi);
}
