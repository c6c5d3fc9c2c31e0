// Token mechanics in the core (design of issue 11, docs/token-mechanics.md): every rule with exact,
// hand-computable numbers. RATE 10 PSY an epoch over W = 100 CHR gives accumulator steps of 10^17.
import { describe, expect, it } from "vitest";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { LedgerParam as P, POOL_ACCOUNT_ID, Token, emissionForEpoch } from "../../bindings/index.js";
import { World, S, E0, stake, unstake, claim } from "./staking.helpers.js";
import { fakePk } from "./model-fixtures.js";

const RATE = 10n * S;
// α pinned at 1 (ALPHA_MIN = S): rewards are not weighted, so the accumulator is all there is to check.
const FLAT = [
  { param: P.REWARD_RATE, value: RATE },
  { param: P.ALPHA_MIN, value: S },
];
const INV_PHI = 618_033_988_749_894_848n;

describe("staking: accumulator, settlement, claim", () => {
  it("stake, the provisional bump, claim of completed epochs, unstake forfeiting the current bump", () => {
    const w = new World(FLAT);
    const g = () => w.ledger.stakingGlobals();
    expect(g()).toMatchObject({ totalStaked: 0n, acc: 0n, accPrev: 0n, carry: 0n, emissionEpoch0: E0 });
    const st = w.one(1n, "alice", [stake(100n * S)]);
    expect(st.code).toBe("OK");
    expect(st.events).toEqual([
      { type: "Stake", packet: 0, account: w.by.alice!.account, amount: 100n * S, epoch: E0 + 1n },
    ]);
    expect(w.staking("alice")).toMatchObject({
      stake: 100n * S,
      rewardDebt: 0n,
      alpha: S,
      alphaEpoch: E0 + 1n,
      stakeEpoch1: E0 + 2n,
      activeEpoch1: E0 + 2n,
    });
    expect(w.balance("alice", Token.CHR)).toBe(900n * S);
    expect(w.ledger.getAccount(POOL_ACCOUNT_ID)!.balances[Token.CHR]).toBe(100n * S);
    // Epoch 2: E = 10 PSY over W = 100 CHR → A = 10^17, provisional; nothing completed yet.
    expect(w.one(2n, "alice", [claim]).code).toBe("E_NOTHING_TO_CLAIM");
    expect(g()).toMatchObject({ totalStaked: 100n * S, acc: 10n ** 17n, accPrev: 0n, carry: 0n, psyEmitted: 10n * S });
    // Epoch 3: epoch 2 completed (ACC_PREV = 10^17): 100 CHR × 10^17 / S = 10 PSY.
    const c = w.one(3n, "alice", [claim]);
    expect(c.code).toBe("OK");
    expect(c.events).toEqual([{ type: "Reward", packet: 0, account: w.by.alice!.account, amount: 10n * S }]);
    expect(w.balance("alice", Token.PSY)).toBe(10n * S);
    expect(w.ledger.supply(Token.PSY)).toBe(10n * S);
    expect(g()).toMatchObject({ acc: 2n * 10n ** 17n, accPrev: 10n ** 17n, psyEmitted: 20n * S });
    // Unstaking in epoch 3 forfeits epoch 3's provisional bump (10 PSY) to the carry.
    const u = w.one(3n, "alice", [unstake(100n * S)]);
    expect(u.code).toBe("OK");
    expect(u.events).toEqual([
      {
        type: "Unstake",
        packet: 0,
        account: w.by.alice!.account,
        amount: 100n * S,
        forfeited: 10n * S,
        emergency: false,
      },
    ]);
    expect(g()).toMatchObject({ totalStaked: 0n, carry: 10n * S, psyForfeited: 10n * S });
    expect(w.balance("alice", Token.CHR)).toBe(1000n * S);
    expect(w.staking("alice")).toMatchObject({ stake: 0n, pendingReward: 0n, unstakeEpoch1: E0 + 4n });
    // Epoch 4 without stake emits nothing; the carry waits.
    w.one(4n, "bob", [stake(50n * S)]);
    expect(g()).toMatchObject({ psyEmitted: 20n * S, carry: 10n * S, accPrev: 2n * 10n ** 17n, acc: 2n * 10n ** 17n });
    // Epoch 5 (no skipped epoch): the carry joins epoch 5's provisional bump: (10 + 10) PSY / 50 CHR.
    w.batch(5n, []);
    expect(g()).toMatchObject({ accPrev: 2n * 10n ** 17n, acc: 6n * 10n ** 17n, carry: 0n, psyEmitted: 30n * S });
  });

  it("a stake added to a held position earns the held part's bump now and the new part only from the next epoch", () => {
    const w = new World(FLAT);
    w.one(1n, "alice", [stake(100n * S)]);
    w.one(2n, "alice", [stake(100n * S)]); // A = 10^17 in epoch 2: the held 100 CHR are credited 10 PSY now
    expect(w.staking("alice")).toMatchObject({ stake: 200n * S, pendingReward: 10n * S, rewardDebt: 10n ** 17n });
    w.batch(3n, []); // epoch 3: 10 PSY over 200 CHR → A = 1.5·10^17
    const c = w.one(4n, "alice", [claim]); // epoch 3 completed: 200 × 0.5·10^17 / S = 10 PSY more
    expect(c.events[0]).toMatchObject({ type: "Reward", amount: 20n * S });
  });

  it("rollover across skipped epochs sums emission per decay segment (×1/φ each period)", () => {
    const w = new World([...FLAT, { param: P.DECAY_PERIOD_EPOCHS, value: 2n }]);
    w.one(1n, "bob", [stake(100n * S)]);
    w.batch(6n, []); // completed 2..5, provisional 6
    const F1 = INV_PHI;
    const F2 = (F1 * INV_PHI) / S;
    const F3 = (F2 * INV_PHI) / S;
    const E1 = (RATE * F1) / S; // epochs 2, 3
    const E2 = (RATE * F2) / S; // epochs 4, 5
    const E3 = (RATE * F3) / S; // epoch 6
    expect(E1).toBe(6_180_339_887_498_948_480n);
    for (const [e, want] of [
      [2n, E1],
      [3n, E1],
      [4n, E2],
      [5n, E2],
      [6n, E3],
      [1n, RATE],
    ] as const)
      expect(emissionForEpoch(RATE, 2n, E0, E0 + e)).toBe(want);
    const W = 100n * S;
    const X1 = 2n * E1 + 2n * E2;
    const inc1 = (X1 * S) / W;
    const carry1 = X1 - (inc1 * W + S - 1n) / S; // X − ceil(inc·W/S)
    const X2 = E3 + carry1;
    const inc2 = (X2 * S) / W;
    const carry2 = X2 - (inc2 * W + S - 1n) / S;
    expect(w.ledger.stakingGlobals()).toMatchObject({
      accPrev: inc1,
      acc: inc1 + inc2,
      carry: carry2,
      psyEmitted: X1 + E3,
    });
    expect(w.one(6n, "bob", [claim]).events[0]).toMatchObject({ amount: (W * inc1) / S });
  });

  it("emission decays to 0 after ~90 periods and an idle millennium costs only the segments", () => {
    const w = new World([...FLAT, { param: P.DECAY_PERIOD_EPOCHS, value: 1n }]);
    w.one(1n, "bob", [stake(100n * S)]);
    w.batch(1_000_000n, []);
    const g = w.ledger.stakingGlobals();
    let f = INV_PHI; // F_1: epoch 1 is decay step 1 with a period of 1
    let sum = 0n;
    for (let k = 2n; f !== 0n && k <= 1_000_000n; k++) {
      f = (f * INV_PHI) / S;
      sum += (RATE * f) / S;
    }
    expect(g.psyEmitted).toBe(sum);
    expect(emissionForEpoch(RATE, 1n, E0, E0 + 200n)).toBe(0n);
  });
});

describe("staking: α weighting, lazy and exact", () => {
  it("two idle epochs take α from 1 to 0.829 (λ = 0.1, α_min = 0.1); the weighted-out part is forfeited", () => {
    const w = new World([{ param: P.REWARD_RATE, value: RATE }]);
    w.one(1n, "alice", [stake(100n * S)]);
    const c = w.one(4n, "alice", [claim]); // completed 2, 3: 20 PSY raw; α at the start of epoch 4
    expect(w.staking("alice")).toMatchObject({ alpha: 829n * 10n ** 15n, alphaEpoch: E0 + 4n, activeEpoch1: E0 + 5n });
    expect(c.events[0]).toMatchObject({ type: "Reward", amount: 16_580_000_000_000_000_000n });
    expect(w.ledger.stakingGlobals()).toMatchObject({
      carry: 3_420_000_000_000_000_000n,
      psyForfeited: 3_420_000_000_000_000_000n,
    });
  });

  it("α stops at α_min exactly after a long idle time, and climbs back toward 1 when active", () => {
    const w = new World([{ param: P.REWARD_RATE, value: RATE }]);
    w.one(1n, "alice", [stake(100n * S)]);
    w.one(1_000n, "alice", [claim]);
    expect(w.staking("alice").alpha).toBe(10n ** 17n);
    w.one(1_001n, "alice", [claim]);
    // Active in epoch 1000: one step toward 1: 1 − floor(0.9·0.9) = 0.19.
    expect(w.staking("alice").alpha).toBe(19n * 10n ** 16n);
  });
});

describe("staking: α lazy catch-up equals the per-epoch recurrence", () => {
  it("over gaps of 1 .. 400 epochs, with activity only in the epochs the account acted", () => {
    const w = new World([{ param: P.REWARD_RATE, value: RATE }]);
    const min = 10n ** 17n;
    const keep = S - 10n ** 17n;
    const step = (a: bigint, active: boolean) =>
      active ? S - ((S - a) * keep) / S : a <= min ? min : min + ((a - min) * keep) / S;
    w.one(1n, "alice", [stake(100n * S)]);
    let alpha = S;
    let last = 1n; // α is the value at the start of `last`; alice acted in `last`
    for (const gap of [1n, 2n, 5n, 1n, 30n, 3n, 400n, 1n, 1n, 7n]) {
      const t = last + gap;
      alpha = step(alpha, true);
      for (let e = last + 1n; e < t; e++) alpha = step(alpha, false);
      w.one(t, "alice", [{ kind: "transfer", token: Token.CHR, to: w.by.bob!.account, amount: 1n }]);
      expect([t, w.staking("alice").alpha]).toEqual([t, alpha]);
      last = t;
    }
  });
});

describe("staking: rules and errors", () => {
  it("every refusal of stake, unstake and claim, by code", () => {
    const w = new World([...FLAT, { param: P.MIN_STAKE_EPOCHS, value: 3n }]);
    expect(w.one(1n, "alice", [{ kind: "stake", token: Token.FLX, amount: S }]).code).toBe("E_STAKE_TOKEN");
    expect(w.one(1n, "alice", [{ kind: "claim", token: Token.PSY }]).code).toBe("E_STAKE_TOKEN");
    expect(w.one(1n, "alice", [{ kind: "unstake", token: Token.RES, amount: S, emergency: false }]).code).toBe(
      "E_STAKE_TOKEN",
    );
    expect(w.one(1n, "alice", [stake(0n)]).code).toBe("E_AMOUNT_ZERO");
    expect(w.one(1n, "alice", [stake(S / 2n)]).code).toBe("E_STAKE_TOO_SMALL");
    expect(w.one(1n, "alice", [stake(2000n * S)]).code).toBe("E_INSUFFICIENT_FUNDS");
    expect(w.one(1n, "alice", [unstake(S)]).code).toBe("E_INSUFFICIENT_STAKE");
    expect(w.one(1n, "alice", [claim]).code).toBe("E_NOTHING_TO_CLAIM");
    expect(w.one(1n, "alice", [stake(10n * S)]).code).toBe("OK");
    expect(w.one(1n, "alice", [unstake(S)]).code).toBe("E_STAKE_SAME_EPOCH");
    expect(w.one(1n, "alice", [unstake(S, true)]).code).toBe("E_STAKE_SAME_EPOCH");
    expect(w.one(2n, "alice", [unstake(S)]).code).toBe("E_STAKE_LOCKED"); // locked until epoch 1 + 3
    expect(w.one(3n, "alice", [unstake(S)]).code).toBe("E_STAKE_LOCKED");
    expect(w.one(4n, "alice", [unstake(20n * S)]).code).toBe("E_INSUFFICIENT_STAKE");
    expect(w.one(4n, "alice", [unstake(10n * S - S / 2n)]).code).toBe("E_STAKE_TOO_SMALL"); // 0.5 CHR would stay
    expect(w.one(4n, "alice", [unstake(S)]).code).toBe("OK");
    expect(w.one(4n, "alice", [stake(S)]).code).toBe("E_STAKE_SAME_EPOCH");
    // A refused op rolls its whole packet back: the stake of the first op is not kept.
    expect(w.one(5n, "alice", [stake(S), unstake(S)]).code).toBe("E_STAKE_SAME_EPOCH");
    expect(w.staking("alice").stake).toBe(9n * S);
  });

  it("emergency withdrawal ignores the lock and forfeits pending and accrued reward", () => {
    const w = new World([...FLAT, { param: P.MIN_STAKE_EPOCHS, value: 100n }]);
    w.one(1n, "alice", [stake(100n * S)]);
    w.one(3n, "alice", [stake(S)]); // settles epoch 2 (10 PSY) and epoch 3's bump (10 PSY) into pending
    expect(w.staking("alice").pendingReward).toBe(20n * S);
    expect(w.one(4n, "alice", [unstake(S)]).code).toBe("E_STAKE_LOCKED");
    // Epoch 4: A grew by 10 PSY / 101 CHR; all of it for the 101 CHR and the 20 pending are forfeited.
    const inc4 = (10n * S * S) / (101n * S);
    const u = w.one(4n, "alice", [unstake(101n * S, true)]);
    expect(u.code).toBe("OK");
    expect(u.events[0]).toMatchObject({
      type: "Unstake",
      amount: 101n * S,
      emergency: true,
      forfeited: 20n * S + (101n * S * inc4) / S,
    });
    expect(w.staking("alice")).toMatchObject({ stake: 0n, pendingReward: 0n });
    expect(w.balance("alice", Token.CHR)).toBe(1000n * S);
  });

  it("the pool account moves only by staking ops; parameters 3..10 have bounds, 11..15 are unknown", () => {
    const w = new World(FLAT);
    expect(sha3_256(new TextEncoder().encode("QFS-V13/staking-pool/CHR"))).toEqual(POOL_ACCOUNT_ID);
    const to = POOL_ACCOUNT_ID;
    expect(w.one(1n, "alice", [{ kind: "transfer", token: Token.CHR, to, amount: S }]).code).toBe("E_STAKING_POOL");
    expect(w.one(1n, "minter", [{ kind: "mint", token: Token.CHR, to, amount: S }]).code).toBe("E_STAKING_POOL");
    const poolKey = { kind: "keyRegister" as const, publicKey: fakePk(77), owner: to };
    expect(w.one(1n, "admin", [poolKey]).code).toBe("E_STAKING_POOL"); // no key may act for the pool
    const set = (param: number, value: bigint) => w.one(1n, "admin", [{ kind: "paramSet", param, value }]).code;
    const U128 = (1n << 128n) - 1n;
    for (const [param, bad, good] of [
      [P.REWARD_RATE, 10n ** 27n + 1n, 10n ** 27n],
      [P.DECAY_PERIOD_EPOCHS, 0n, 2n ** 32n - 1n],
      [P.MIN_STAKE_EPOCHS, 10n ** 6n + 1n, 10n ** 6n],
      [P.ALPHA_MIN, 0n, 1n],
      [P.ALPHA_LAMBDA, 10n ** 16n - 1n, S],
      [P.RES_THRESHOLD, 0n, U128],
      [P.RES_RECOVERY_EPOCHS, 0n, 1n],
      [P.MIN_STAKE, S - 1n, U128],
    ] as const) {
      expect([param, set(param, bad)]).toEqual([param, "E_PARAM_INVALID"]);
      expect([param, set(param, good)]).toEqual([param, "OK"]);
      expect(w.ledger.param(param)).toBe(good);
    }
    expect(set(11, 1n)).toBe("E_PARAM_UNKNOWN");
    // Defaults written at init.
    const d = new World();
    expect([3, 4, 5, 6, 7, 8, 9, 10].map((p) => d.ledger.param(p))).toEqual([
      1000n * S,
      365n,
      1n,
      10n ** 17n,
      10n ** 17n,
      100n * S,
      7n,
      S,
    ]);
  });
});

describe("penalty and RES resonance", () => {
  it("a council quorum slashes (burnt), burns RES up to the bound, and penalizes; recovery after 7 epochs", () => {
    const w = new World(FLAT);
    w.one(1n, "minter", [{ kind: "mint", token: Token.RES, to: w.by.alice!.account, amount: 30n * S }]);
    w.one(1n, "alice", [stake(100n * S)]);
    const target = w.by.alice!.account;
    const pen = { kind: "penalty" as const, target, slashShare: S / 4n, resBurn: 50n * S };
    expect(w.one(2n, "council1", [pen]).code).toBe("E_MULTISIG_THRESHOLD");
    expect(w.one(2n, "council1", [{ ...pen, target: new Uint8Array(32).fill(7) }], ["council2"]).code).toBe(
      "E_ACCOUNT_UNKNOWN",
    );
    expect(w.one(2n, "council1", [{ ...pen, target: POOL_ACCOUNT_ID }], ["council2"]).code).toBe("E_STAKING_POOL");
    expect(w.one(2n, "council1", [{ ...pen, slashShare: S + 1n }], ["council2"]).code).toBe("E_MALFORMED"); // > 100%
    const chr = w.ledger.supply(Token.CHR);
    const p = w.one(2n, "council1", [pen], ["council2"]);
    expect(p.code).toBe("OK");
    expect(p.events).toEqual([
      { type: "Penalty", packet: 0, target, slashed: 25n * S, resBurnt: 30n * S, share: S / 4n },
      { type: "ResState", packet: 0, account: target, from: "NEUTRAL", to: "PENALIZED", epoch: E0 + 2n },
    ]);
    expect(w.ledger.supply(Token.CHR)).toBe(chr - 25n * S);
    expect(w.ledger.supply(Token.RES)).toBe(0n);
    // The slashed 25 CHR forfeit epoch 2's provisional bump: 25 × 10^17 / S = 2.5 PSY.
    expect(w.ledger.stakingGlobals()).toMatchObject({ totalStaked: 75n * S, carry: 25n * 10n ** 17n });
    expect(w.staking("alice")).toMatchObject({ stake: 75n * S, resState: "PENALIZED", resPenaltyEpoch1: E0 + 3n });
    // A dust remainder goes too: 99.5% of 75 CHR leaves 0.375 CHR < MIN_STAKE.
    const all = w.one(3n, "council2", [{ ...pen, slashShare: (S * 995n) / 1000n, resBurn: 0n }], ["council3"]);
    expect(all.events).toEqual([
      { type: "Penalty", packet: 0, target, slashed: 75n * S, resBurnt: 0n, share: (S * 995n) / 1000n },
    ]);
    expect(w.staking("alice")).toMatchObject({ stake: 0n, resPenaltyEpoch1: E0 + 4n }); // no event: already PENALIZED
    const act = { kind: "transfer" as const, token: Token.CHR, to: w.by.bob!.account, amount: 1n };
    expect(w.one(9n, "alice", [act]).events.map((e) => e.type)).toEqual(["Transfer"]); // 3 + 7 > 9
    expect(w.one(10n, "alice", [act]).events.map((e) => e.type)).toEqual(["ResState", "Transfer"]);
    expect(w.staking("alice").resState).toBe("NEUTRAL");
  });

  it("RES at or above RES_THRESHOLD is RESONANT, below it NEUTRAL again", () => {
    const w = new World(FLAT);
    const mint = (amount: bigint) => ({ kind: "mint" as const, token: Token.RES, to: w.by.minter!.account, amount });
    expect(w.one(1n, "minter", [mint(99n * S)]).events.map((e) => e.type)).toEqual(["Mint"]);
    const up = w.one(1n, "minter", [mint(S)]);
    expect(up.events[1]).toEqual({
      type: "ResState",
      packet: 0,
      account: w.by.minter!.account,
      from: "NEUTRAL",
      to: "RESONANT",
      epoch: E0 + 1n,
    });
    const down = w.one(2n, "minter", [{ kind: "burn", token: Token.RES, amount: 1n }]);
    expect(down.events.map((e) => e.type === "ResState" && [e.from, e.to])).toEqual([false, ["RESONANT", "NEUTRAL"]]);
  });
});
