// Replay vector scenarios of the token mechanics (docs/token-mechanics.md): CHR staking over epochs
// with the flash-loan rules, claims, emergency withdrawal and the staking pool's guard; a council
// penalty with M-of-N signers, its quorum and RES recovery. Built like the others in
// replay-scenarios.ts (fixed seeds, fixed times, every outcome asserted).
import { sha3_256 } from "@noble/hashes/sha3.js";
import { LedgerRole, ops, Token, type ReplayLog } from "../bindings/index.js";
import { ALL_MINTERS, Actor, Scenario, T0, seededKey } from "./replay-scenarios.js";

const E18 = 10n ** 18n;
const EPOCH_MS = 60_000; // T0 is an epoch boundary at this length
// The staking pool account (design: SHA3-256 of its domain string; no key can own it).
const POOL = sha3_256(new TextEncoder().encode("QFS-V13/staking-pool/CHR"));

export function staking(): ReplayLog {
  const admin = new Actor(seededKey("staking/admin", 87));
  const minter = new Actor(seededKey("staking/minter", 65));
  const alice = new Actor(seededKey("staking/alice", 44));
  const bob = new Actor(seededKey("staking/bob", 44));
  const carol = new Actor(seededKey("staking/carol", 44));
  const s = new Scenario(
    "staking",
    "CHR staking over six epochs: stake, the same-epoch and lock rules, E_STAKE_TOKEN and E_STAKE_TOO_SMALL, a provisional epoch (E_NOTHING_TO_CLAIM), α-weighted claims, a partial unstake, an emergency withdrawal, skipped epochs across a reward-rate change, and transfers to the staking pool refused (E_STAKING_POOL).",
    {
      chainId: 6,
      timeMs: BigInt(T0),
      epochLengthMs: BigInt(EPOCH_MS),
      keys: [
        { publicKey: admin.key.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: minter.key.publicKey, roles: ALL_MINTERS },
        { publicKey: alice.key.publicKey, roles: 0 },
        { publicKey: bob.key.publicKey, roles: 0 },
        { publicKey: carol.key.publicKey, roles: 0 },
      ],
      allocations: [
        { account: alice.account, token: Token.CHR, amount: 500n * E18 },
        { account: bob.account, token: Token.CHR, amount: 200n * E18 },
      ],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  // Epoch 0.
  s.batch(1000, [
    s.packet(minter, [ops.mint(Token.CHR, carol.account, 10n * E18), ops.mint(Token.FLX, alice.account, 10n * E18)]),
    s.packet(alice, [ops.stake(Token.CHR, 300n * E18)]),
    s.packet(bob, [ops.stake(Token.CHR, 100n * E18)]),
    s.packet(carol, [ops.stake(Token.FLX, 1n)], { expect: "E_STAKE_TOKEN", nonce: 1n }),
    s.packet(carol, [ops.stake(Token.CHR, E18 / 2n)], { expect: "E_STAKE_TOO_SMALL", nonce: 1n }),
    s.packet(alice, [ops.unstake(Token.CHR, E18)], { expect: "E_STAKE_SAME_EPOCH", nonce: alice.nonce + 1n }),
    s.packet(bob, [ops.unstake(Token.CHR, E18, true)], { expect: "E_STAKE_SAME_EPOCH", nonce: bob.nonce + 1n }),
  ]);
  // Epoch 1: this epoch's reward is provisional; alice acts (α stays 1), bob is idle.
  s.advance(EPOCH_MS);
  s.batch(1000, [
    s.packet(alice, [ops.claim(Token.CHR)], { expect: "E_NOTHING_TO_CLAIM", nonce: alice.nonce + 1n }),
    s.packet(alice, [ops.transfer(Token.FLX, carol.account, E18)]),
    s.packet(carol, [ops.stake(Token.CHR, 5n * E18)]),
  ]);
  // Epoch 2: claims of epoch 1, a partial unstake, an emergency withdrawal, the pool guarded.
  s.advance(EPOCH_MS);
  s.batch(1000, [
    s.packet(alice, [ops.claim(Token.CHR)]),
    s.packet(bob, [ops.claim(Token.CHR), ops.unstake(Token.CHR, 40n * E18)]),
    s.packet(carol, [ops.unstake(Token.CHR, 5n * E18, true)]),
    s.packet(carol, [ops.stake(Token.CHR, 5n * E18)], { expect: "E_STAKE_SAME_EPOCH", nonce: carol.nonce + 1n }),
    s.packet(bob, [ops.unstake(Token.CHR, 60n * E18 - 1n)], { expect: "E_STAKE_TOO_SMALL", nonce: bob.nonce + 1n }),
    s.packet(bob, [ops.unstake(Token.CHR, 61n * E18)], { expect: "E_INSUFFICIENT_STAKE", nonce: bob.nonce + 1n }),
    s.packet(alice, [ops.transfer(Token.CHR, POOL, 1n)], { expect: "E_STAKING_POOL", nonce: alice.nonce + 1n }),
    s.packet(admin, [ops.paramChange(3, 500n * E18)]), // REWARD_RATE halves from the next rollover
  ]);
  // Epoch 6 (3..5 skipped, earned outright at the new rate).
  s.advance(4 * EPOCH_MS);
  s.batch(1000, [
    s.packet(alice, [ops.claim(Token.CHR), ops.stake(Token.CHR, 100n * E18)]),
    s.packet(bob, [ops.claim(Token.CHR)]),
    s.packet(carol, [ops.claim(Token.CHR)], { expect: "E_NOTHING_TO_CLAIM", nonce: carol.nonce + 1n }),
    s.packet(alice, [ops.unstake(Token.CHR, E18)], { expect: "E_STAKE_SAME_EPOCH", nonce: alice.nonce + 1n }),
  ]);
  s.advance(EPOCH_MS);
  s.batch(1000, [s.packet(alice, [ops.unstake(Token.CHR, 400n * E18), ops.claim(Token.CHR)])]);
  return s.log();
}

export function penalty(): ReplayLog {
  const minter = new Actor(seededKey("penalty/minter", 65));
  const c1 = new Actor(seededKey("penalty/c1", 44));
  const c2 = new Actor(seededKey("penalty/c2", 65));
  const c3 = new Actor(seededKey("penalty/c3", 87));
  const bob = new Actor(seededKey("penalty/bob", 44));
  const s = new Scenario(
    "penalty",
    "A 2-of-3 COUNCIL penalty: one signer (E_MULTISIG_THRESHOLD), an unknown target, then 25% of bob's stake slashed and burnt with his RES (RESONANT -> PENALIZED), a second penalty, and recovery to NEUTRAL after RES_RECOVERY_EPOCHS clean epochs.",
    {
      chainId: 7,
      timeMs: BigInt(T0),
      epochLengthMs: BigInt(EPOCH_MS),
      councilThreshold: 2n,
      keys: [
        { publicKey: minter.key.publicKey, roles: ALL_MINTERS },
        { publicKey: c1.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: c2.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: c3.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: bob.key.publicKey, roles: 0 },
      ],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  s.batch(1000, [
    s.packet(minter, [
      ops.mint(Token.CHR, bob.account, 100n * E18),
      ops.mint(Token.FLX, bob.account, 10n * E18),
      ops.mint(Token.RES, bob.account, 150n * E18),
    ]),
    s.packet(bob, [ops.stake(Token.CHR, 100n * E18)]),
  ]);
  s.advance(2 * EPOCH_MS);
  const slash = ops.penalty(bob.account, E18 / 4n, 200n * E18);
  s.batch(1000, [
    s.packet(c1, [slash], { expect: "E_MULTISIG_THRESHOLD", nonce: 1n }),
    s.packet(c1, [ops.penalty(new Uint8Array(32).fill(7), E18, 0n)], {
      expect: "E_ACCOUNT_UNKNOWN",
      nonce: 1n,
      signers: [c1.key, c2.key],
    }),
    s.packet(c1, [slash], { signers: [c1.key, c2.key] }),
    s.packet(minter, [ops.mint(Token.RES, bob.account, 120n * E18)]),
  ]);
  s.advance(EPOCH_MS);
  s.batch(1000, [s.packet(c3, [ops.penalty(bob.account, E18 / 2n, E18)], { signers: [c3.key, c2.key, c1.key] })]);
  // Penalized in epoch 3: still PENALIZED in epoch 9, NEUTRAL (then RESONANT: 119 RES) in epoch 10.
  s.advance(6 * EPOCH_MS);
  s.batch(1000, [s.packet(bob, [ops.transfer(Token.FLX, c1.account, E18)])]);
  s.advance(EPOCH_MS);
  s.batch(1000, [s.packet(bob, [ops.transfer(Token.FLX, c1.account, E18), ops.claim(Token.CHR)])]);
  return s.log();
}
