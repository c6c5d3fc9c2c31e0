// Differential test: the same random operation sequences (scenario-gen.ts) on the token reference
// model and on the WASM core (bindings/ledger Ledger, pre-verified signer path with fake keys).
// After every batch: outcome names, the token events' amounts, every staking field of every
// account, the pool's and the stakers' balances, the supplies and the staking globals agree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger, ledgerCodeName } from "../../bindings/index.js";
import { CHAIN_ID, EPOCH_MS, T0, actor, ALL_MINTERS, type Actor } from "../ledger/model-fixtures.js";
import { LedgerRole as Role } from "../../bindings/index.js";
import { hex } from "../reference/ledger-model.js";
import { ResState } from "../helpers/token-model.js";
import { tokenEventKeys } from "../helpers/token-model-events.js";
import { POOL_ID } from "../helpers/token-model-ops.js";
import { TokenWorld } from "../helpers/token-model-world.js";
import { resolveStep, stepSpec, SETUP, type StepSpec } from "./scenario-gen.js";
import { coreOp } from "./worked-examples-core.js";

const ACTORS: Actor[] = [
  actor("admin", 1, Role.ADMIN | Role.KEY_ADMIN),
  actor("minter", 2, ALL_MINTERS),
  actor("council1", 3, Role.COUNCIL),
  actor("council2", 4, Role.COUNCIL),
  actor("council3", 5, Role.COUNCIL),
  actor("a", 6, 0),
  actor("b", 7, 0),
  actor("c", 8, 0),
];
const BY_NAME = new Map(ACTORS.map((a) => [a.name, a]));
const STAKERS = ["a", "b", "c"].map((n) => hex(BY_NAME.get(n)!.account));
const ROLE_OF: Record<string, string> = { minter: "minter", admin: "admin", council: "council1" };
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));
const RES_NAMES = ["NEUTRAL", "RESONANT", "PENALIZED"];

interface Run {
  ledger: Ledger;
  world: TokenWorld;
  time: bigint;
  seq: bigint;
  nonces: Map<string, bigint>;
}

function newRun(): Run {
  const ledger = Ledger.create({
    chainId: CHAIN_ID,
    timeMs: T0,
    epochLengthMs: EPOCH_MS,
    timestampWindowMs: 5_000n,
    councilThreshold: 2n,
    keys: ACTORS.map((a) => ({ publicKey: a.pk, roles: a.roles })),
    accountSlots: 64,
    keySlots: 16,
  });
  const world = new TokenWorld(T0 / EPOCH_MS);
  for (const a of ACTORS) world.bal.set(hex(a.account), [0n, 0n, 0n, 0n, 0n]);
  return { ledger, world, time: T0, seq: 0n, nonces: new Map() };
}

function step(r: Run, spec: StepSpec): string {
  if (spec.k === "advance") {
    r.time += spec.by * EPOCH_MS;
    return "OK";
  }
  r.time += 1n;
  r.seq += 1n;
  r.world.advanceTo(r.time / EPOCH_MS);
  const { actor: who, op } = resolveStep(r.world, spec, STAKERS)!;
  const self = ROLE_OF[who] ?? ACTORS.find((a) => hex(a.account) === who)!.name;
  const signerNames = op.kind === "penalty" ? ["council1", "council2", "council3"].slice(0, op.councilSigners) : [self];
  const signers = signerNames.map((n) => BY_NAME.get(n)!);
  const account = signers[0]!.account;
  const id = hex(account);
  const nonce = (r.nonces.get(id) ?? 0n) + 1n;
  const res = r.ledger._applyRecordsForTest({ seq: r.seq, timeMs: r.time }, [
    {
      chainId: CHAIN_ID,
      account,
      signers: signers.map((s) => s.keyId),
      nonce,
      timestampMs: r.time,
      ops: [coreOp(op, unhex)],
    },
  ]);
  const want = r.world.apply(id, op);
  const got = ledgerCodeName(res.outcomes[0]!);
  expect(
    got,
    JSON.stringify(spec, (_k, v) => (typeof v === "bigint" ? `${v}` : v)),
  ).toBe(want);
  if (want === "OK") {
    r.nonces.set(id, nonce);
    expect(tokenEventKeys(res.events)).toEqual(tokenEventKeys(r.world.events));
  }
  return want;
}

function compare(r: Run): void {
  const { ledger, world } = r;
  for (const id of [...STAKERS, POOL_ID]) {
    const acc = ledger.getAccount(unhex(id));
    const b = world.bal.get(id) ?? [0n, 0n, 0n, 0n, 0n];
    expect([acc?.balances[0] ?? 0n, acc?.balances[2] ?? 0n, acc?.balances[4] ?? 0n], id).toEqual([b[0], b[2], b[4]]);
    if (id === POOL_ID) continue;
    const m = world.rec(id);
    const st = acc!.staking;
    expect(st, id).toEqual({
      stake: m.stake,
      rewardDebt: m.debt,
      pendingReward: m.pending,
      alpha: m.alpha,
      alphaEpoch: m.alphaEpoch,
      activeEpoch1: m.active1,
      stakeEpoch1: m.stake1,
      unstakeEpoch1: m.unstake1,
      resState: RES_NAMES[m.res ?? ResState.NEUTRAL],
      resPenaltyEpoch1: m.resPenalty1,
    });
  }
  const g = world.s.g;
  expect(ledger.stakingGlobals()).toEqual({
    totalStaked: g.total,
    acc: g.acc,
    accPrev: g.accPrev,
    carry: g.carry,
    psyEmitted: g.emitted,
    psyForfeited: g.forfeited,
    emissionEpoch0: g.epoch0,
  });
  expect([0, 2, 4].map((t) => ledger.supply(t))).toEqual([world.sup[0], world.sup[2], world.sup[4]]);
  expect(ledger.checkInvariants()).toEqual({ ok: true });
}

describe("token mechanics: reference model vs WASM core", () => {
  it("agree on 300 random operation sequences, state compared after every batch", () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(stepSpec, { minLength: 5, maxLength: 40, size: "medium" }), (specs) => {
        const r = newRun();
        for (const spec of [...SETUP, ...specs]) {
          const code = step(r, spec);
          seen.set(`${spec.k}:${code}`, (seen.get(`${spec.k}:${code}`) ?? 0) + 1);
          compare(r);
        }
      }),
      { numRuns: 300 },
    );
    console.log(JSON.stringify([...seen].sort((x, y) => y[1] - x[1])));
    for (const k of [
      "stake:OK",
      "unstake:OK",
      "claim:OK",
      "penalty:OK",
      "penalty:E_MULTISIG_THRESHOLD",
      "unstake:E_STAKE_LOCKED",
      "unstake:E_STAKE_SAME_EPOCH",
      "stake:E_STAKE_SAME_EPOCH",
    ])
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
  });
});
