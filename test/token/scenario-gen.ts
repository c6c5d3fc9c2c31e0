// Random operation sequences for the token model's bookkeeping properties (properties.test.ts) and
// the model-vs-core differential test: three stakers, a council, epochs that advance by small steps
// and by jumps across a decay period, parameter changes. Amounts are drawn as shares of what the
// actor holds (per mille) so most operations are meaningful, plus edge values.
import fc from "fast-check";
import { S } from "../helpers/token-model.js";
import type { TokenWorld, WorldOp } from "../helpers/token-model-world.js";

export const ACTORS = ["a", "b", "c"] as const;

export type StepSpec =
  | { k: "advance"; by: bigint }
  | { k: "mint"; who: number; token: number; amount: bigint }
  | { k: "stake"; who: number; permille: number; extra: bigint }
  | { k: "unstake"; who: number; permille: number; emergency: boolean }
  | { k: "claim"; who: number }
  | { k: "penalty"; target: number; share: bigint; resBurn: bigint; signers: number }
  | { k: "param"; id: number; value: bigint };

export interface Step {
  spec: StepSpec;
  run(w: TokenWorld): string;
}

// What an actor's spec means in the current state (shared with the differential test).
export function resolveStep(
  w: TokenWorld,
  spec: StepSpec,
  ids: readonly string[] = ACTORS,
): { actor: string; op: WorldOp } | null {
  const id = (i: number): string => ids[i]!;
  switch (spec.k) {
    case "advance":
      return null;
    case "mint":
      return { actor: "minter", op: { kind: "mint", token: spec.token, to: id(spec.who), amount: spec.amount } };
    case "stake": {
      const bal = w.bal.get(id(spec.who))?.[0] ?? 0n;
      return {
        actor: id(spec.who),
        op: { kind: "stake", token: 0, amount: (bal * BigInt(spec.permille)) / 1000n + spec.extra },
      };
    }
    case "unstake": {
      const st = w.rec(id(spec.who)).stake;
      const amount = (st * BigInt(spec.permille)) / 1000n;
      return { actor: id(spec.who), op: { kind: "unstake", token: 0, amount, emergency: spec.emergency } };
    }
    case "claim":
      return { actor: id(spec.who), op: { kind: "claim", token: 0 } };
    case "penalty":
      return {
        actor: "council",
        op: {
          kind: "penalty",
          target: id(spec.target),
          share: spec.share,
          resBurn: spec.resBurn,
          councilSigners: spec.signers,
        },
      };
    case "param":
      return { actor: "admin", op: { kind: "param", id: spec.id, value: spec.value } };
  }
}

function step(spec: StepSpec): Step {
  return {
    spec,
    run(w) {
      if (spec.k === "advance") {
        w.advanceTo(w.t + spec.by);
        return "OK";
      }
      const r = resolveStep(w, spec)!;
      return w.apply(r.actor, r.op);
    },
  };
}

const who = fc.integer({ min: 0, max: ACTORS.length - 1 });
const permille = fc.oneof(fc.constantFrom(1, 500, 999, 1000), fc.integer({ min: 0, max: 1000 }));
export const stepSpec: fc.Arbitrary<StepSpec> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant("advance" as const),
      by: fc.oneof(fc.constantFrom(0n, 1n, 1n, 2n, 400n), fc.bigInt({ min: 1n, max: 2000n })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant("mint" as const),
      who,
      token: fc.constantFrom(0, 0, 4),
      amount: fc.oneof(fc.bigInt({ min: 1n, max: 200n * S }), fc.constantFrom(S, 100n * S)),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ k: fc.constant("stake" as const), who, permille, extra: fc.constantFrom(0n, 0n, 1n, S) }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("unstake" as const), who, permille, emergency: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("claim" as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant("penalty" as const),
      target: who,
      share: fc.oneof(fc.constantFrom(0n, 1n, S / 2n, S, S + 1n), fc.bigInt({ min: 0n, max: S })),
      resBurn: fc.bigInt({ min: 0n, max: 200n * S }),
      signers: fc.constantFrom(1, 2, 2, 3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({
        k: fc.constant("param" as const),
        id: fc.constant(3),
        value: fc.bigInt({ min: 0n, max: 10n ** 27n }),
      }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(4), value: fc.bigInt({ min: 0n, max: 500n }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(5), value: fc.bigInt({ min: 0n, max: 3n }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(5), value: fc.bigInt({ min: 2n, max: 4n }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(9), value: fc.bigInt({ min: 0n, max: 4n }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(6), value: fc.bigInt({ min: 0n, max: S }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(7), value: fc.bigInt({ min: 0n, max: S }) }),
      fc.record({ k: fc.constant("param" as const), id: fc.constant(8), value: fc.bigInt({ min: 0n, max: 300n * S }) }),
      fc.record({
        k: fc.constant("param" as const),
        id: fc.constant(10),
        value: fc.bigInt({ min: S / 2n, max: 5n * S }),
      }),
    ),
  },
);

// Every scenario starts with three funded stakers (1, 2 and 3 × 10^20 CHR staked of 10^21 each),
// then 1–40 random steps.
export const SETUP: StepSpec[] = ACTORS.flatMap((_, who) => [
  { k: "mint" as const, who, token: 0, amount: 1000n * S },
  { k: "stake" as const, who, permille: 0, extra: BigInt(who + 1) * 100n * S },
]);
export const randomScenario: fc.Arbitrary<Step[]> = fc
  .array(stepSpec, { minLength: 1, maxLength: 40 })
  .map((specs) => [...SETUP, ...specs].map(step));

// PSY accounting: claimed (= PSY supply) + Σ pending + carry + Σ outstanding (each record's unsettled
// floor(STAKE·(A − DEBT)/S)) never exceeds emitted; the rest (dust) is what the floors lost: less
// than 1 base unit per distribution (≤ 2 per epoch move) and per per-account floor (≤ 3 per
// operation, 1 per record for the outstanding term).
export function bookkeeping(w: TokenWorld): { accounted: bigint; dust: bigint; bound(steps: Step[]): bigint } {
  let accounted = w.sup[2]! + w.s.g.carry;
  for (const r of w.s.recs.values()) accounted += r.pending + (r.stake * (w.s.g.acc - r.debt)) / S;
  const records = BigInt(w.s.recs.size);
  return {
    accounted,
    dust: w.s.g.emitted - accounted,
    bound: (steps) => {
      const moves = BigInt(steps.filter((s) => s.spec.k === "advance").length);
      return 2n * moves + 3n * (BigInt(steps.length) - moves) + records;
    },
  };
}
