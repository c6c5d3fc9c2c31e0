// The worked examples of docs/token-mechanics.md §9 as data: packets at epochs with their expected
// outcomes, then the expected state to the base unit. worked-examples.test.ts runs them on the
// reference model and on the WASM core, and checks that every expected number is printed in the doc.
import { S } from "../helpers/token-model.js";
import type { WorldOp } from "../helpers/token-model-world.js";

export interface ExPacket {
  epoch: bigint;
  actor: string; // "alice", "bob", "carol", "admin", "minter", "council" (council signs with `signers`)
  op: WorldOp;
  expect?: string; // default "OK"
  // Expected amounts of the packet's Stake/Unstake/Reward/Penalty event.
  event?: Record<string, bigint>;
}
export interface ExAccount {
  stake?: bigint;
  pending?: bigint;
  alpha?: bigint;
  chr?: bigint;
  psy?: bigint;
  res?: bigint;
  resState?: "NEUTRAL" | "RESONANT" | "PENALIZED";
}
export interface Example {
  name: string;
  params?: Record<number, bigint>;
  packets: ExPacket[];
  accounts: Record<string, ExAccount>;
  globals: { acc?: bigint; accPrev?: bigint; carry?: bigint; emitted?: bigint; forfeited?: bigint; total?: bigint };
  supply?: { chr?: bigint; psy?: bigint; res?: bigint };
}

const mintTo = (to: string, token: number, amount: bigint): WorldOp => ({ kind: "mint", token, to, amount });
const stake = (amount: bigint): WorldOp => ({ kind: "stake", token: 0, amount });
const unstake = (amount: bigint, emergency = false): WorldOp => ({ kind: "unstake", token: 0, amount, emergency });
const claim: WorldOp = { kind: "claim", token: 0 };

export const EXAMPLES: Example[] = [
  {
    name: "1. two stakers over three epochs",
    packets: [
      { epoch: 0n, actor: "minter", op: mintTo("alice", 0, 300n * S) },
      { epoch: 0n, actor: "minter", op: mintTo("bob", 0, 100n * S) },
      { epoch: 0n, actor: "minter", op: mintTo("alice", 1, 10n * S) },
      { epoch: 0n, actor: "alice", op: stake(300n * S), event: { amount: 300n * S } },
      { epoch: 0n, actor: "bob", op: stake(100n * S), event: { amount: 100n * S } },
      { epoch: 1n, actor: "alice", op: claim, expect: "E_NOTHING_TO_CLAIM" },
      { epoch: 1n, actor: "alice", op: { kind: "transfer", token: 1, to: "carol", amount: S } },
      { epoch: 2n, actor: "alice", op: claim, event: { amount: 750n * S } },
      { epoch: 2n, actor: "bob", op: claim, event: { amount: 227_500_000_000_000_000_000n } },
      { epoch: 3n, actor: "alice", op: claim, event: { amount: 750n * S } },
      { epoch: 3n, actor: "bob", op: claim, event: { amount: 229_750_000_000_000_000_000n } },
    ],
    accounts: {
      alice: { stake: 300n * S, pending: 0n, alpha: S, psy: 1500n * S },
      bob: { stake: 100n * S, pending: 0n, alpha: 919_000_000_000_000_000n, psy: 457_250_000_000_000_000_000n },
    },
    globals: {
      acc: 7_556_250_000_000_000_000n,
      accPrev: 5n * S,
      carry: 20_250_000_000_000_000_000n,
      emitted: 3000n * S,
      forfeited: 42_750_000_000_000_000_000n,
      total: 400n * S,
    },
    supply: { psy: 1_957_250_000_000_000_000_000n, chr: 400n * S },
  },
  {
    name: "2. a skipped-epoch rollover across a decay period",
    params: { 4: 4n, 6: S }, // DECAY_PERIOD_EPOCHS = 4; ALPHA_MIN = 1 keeps α out of this example
    packets: [
      { epoch: 0n, actor: "minter", op: mintTo("alice", 0, 100n * S) },
      { epoch: 0n, actor: "alice", op: stake(100n * S) },
      { epoch: 10n, actor: "alice", op: claim, event: { amount: 6_236_067_977_499_789_694_000n } },
    ],
    accounts: { alice: { stake: 100n * S, pending: 0n, psy: 6_236_067_977_499_789_694_000n } },
    globals: {
      acc: 66_180_339_887_498_948_450n,
      accPrev: 62_360_679_774_997_896_940n,
      carry: 0n,
      emitted: 6_618_033_988_749_894_845_000n,
    },
  },
  {
    name: "3. α of an idle staker",
    packets: [
      { epoch: 0n, actor: "minter", op: mintTo("alice", 0, 100n * S) },
      { epoch: 0n, actor: "alice", op: stake(100n * S) },
      { epoch: 6n, actor: "alice", op: claim, event: { amount: 3_157_205_000_000_000_000_000n } },
    ],
    accounts: { alice: { alpha: 631_441_000_000_000_000n, psy: 3_157_205_000_000_000_000_000n } },
    globals: {
      accPrev: 50n * S,
      carry: 1_842_795_000_000_000_000_000n,
      emitted: 6000n * S,
      forfeited: 1_842_795_000_000_000_000_000n,
    },
  },
  {
    name: "4. emergency withdrawal",
    packets: [
      { epoch: 0n, actor: "minter", op: mintTo("alice", 0, 300n * S) },
      { epoch: 0n, actor: "minter", op: mintTo("bob", 0, 100n * S) },
      { epoch: 0n, actor: "alice", op: stake(300n * S) },
      { epoch: 0n, actor: "bob", op: stake(100n * S) },
      {
        epoch: 2n,
        actor: "alice",
        op: unstake(300n * S),
        event: { amount: 300n * S, forfeited: 817_500_000_000_000_000_000n },
      },
      { epoch: 2n, actor: "bob", op: unstake(50n * S, true), event: { amount: 50n * S, forfeited: 500n * S } },
      { epoch: 3n, actor: "bob", op: claim, expect: "E_NOTHING_TO_CLAIM" },
      { epoch: 3n, actor: "alice", op: claim, event: { amount: 682_500_000_000_000_000_000n } },
      { epoch: 4n, actor: "bob", op: claim, event: { amount: 1_939_979_250_000_000_000_000n } },
    ],
    accounts: {
      alice: { stake: 0n, chr: 300n * S, psy: 682_500_000_000_000_000_000n },
      bob: { stake: 50n * S, chr: 50n * S, alpha: 837_100_000_000_000_000n, psy: 1_939_979_250_000_000_000_000n },
    },
    globals: {
      acc: 71_350_000_000_000_000_000n,
      accPrev: 51_350_000_000_000_000_000n,
      carry: 377_520_750_000_000_000_000n,
      emitted: 4000n * S,
      forfeited: 1_695_020_750_000_000_000_000n,
      total: 50n * S,
    },
  },
  {
    name: "5. a council penalty",
    packets: [
      { epoch: 0n, actor: "minter", op: mintTo("bob", 0, 100n * S) },
      { epoch: 0n, actor: "minter", op: mintTo("bob", 1, 10n * S) },
      { epoch: 0n, actor: "minter", op: mintTo("bob", 4, 150n * S) },
      { epoch: 0n, actor: "bob", op: stake(100n * S) },
      {
        epoch: 2n,
        actor: "council",
        op: { kind: "penalty", target: "bob", share: S / 4n, resBurn: 200n * S, councilSigners: 1 },
        expect: "E_MULTISIG_THRESHOLD",
      },
      {
        epoch: 2n,
        actor: "council",
        op: { kind: "penalty", target: "bob", share: S / 4n, resBurn: 200n * S, councilSigners: 2 },
        event: { slashed: 25n * S, resBurnt: 150n * S, share: S / 4n },
      },
      { epoch: 8n, actor: "bob", op: { kind: "transfer", token: 1, to: "carol", amount: S } },
      { epoch: 9n, actor: "bob", op: { kind: "transfer", token: 1, to: "carol", amount: S } },
    ],
    accounts: {
      bob: { stake: 75n * S, pending: 910n * S, alpha: 577_420_489_000_000_000n, res: 0n, resState: "NEUTRAL" },
    },
    globals: { carry: 50n, emitted: 9000n * S, forfeited: 340n * S, total: 75n * S },
    supply: { chr: 75n * S, res: 0n },
  },
];
