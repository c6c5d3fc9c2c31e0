// Properties of the token mechanics on the reference model (test/helpers/token-model*.ts): α stays
// in [α_min, 1] and its lazy catch-up equals the per-epoch recurrence exactly; emission against the
// closed form R·Σ φ^(−k); the PSY bookkeeping identity; Σ stakes = W = the pool's CHR after every
// step; flash-loan patterns earn 0; a penalty below the council quorum is rejected.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  S,
  alphaStep,
  alphaTo,
  decayFactor,
  emissionForEpoch,
  emissionSum,
  newRec,
  newTokenState,
  rollover,
} from "../helpers/token-model.js";
import { POOL_ID } from "../helpers/token-model-ops.js";
import { TokenWorld } from "../helpers/token-model-world.js";
import { bookkeeping, randomScenario, type Step } from "./scenario-gen.js";

const lambdaArb = fc.bigInt({ min: 10n ** 16n, max: S });
// α_min ≥ 1: ACC_ALPHA = 0 is the "not started" mark (docs/token-mechanics.md §5).
const alphaMinArb = fc.oneof(fc.bigInt({ min: 1n, max: S }), fc.constantFrom(1n, S / 10n, S - 1n, S));

// A small deterministic generator (xorshift32) for the long run: fast-check picks its seed.
function xorshift(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

// Runs `epochs` epochs of the per-epoch recurrence beside the lazy record, touching the record at
// random epochs; returns the number of comparisons made (each one asserted equal).
function alphaRun(lambda: bigint, alphaMin: bigint, epochs: number, seed: number, pActive: number): number {
  const s = newTokenState(0n);
  s.p[6] = alphaMin;
  s.p[7] = lambda;
  const r = newRec();
  r.alpha = S;
  let alpha = S; // step-by-step: α at the start of epoch e
  let compared = 0;
  const rnd = xorshift(seed);
  for (let e = 0n; e < BigInt(epochs); e++) {
    const u = rnd() % 1000;
    const touch = u < 50 || u >= 990;
    const active = rnd() % 1000 < pActive;
    if (touch || active) {
      alphaTo(s, r, e);
      if (r.alpha !== alpha) expect(r.alpha, `epoch ${e}`).toBe(alpha);
      compared++;
    }
    if (active) r.active1 = e + 1n;
    alpha = alphaStep(alpha, active ? S : alphaMin, lambda);
    if (alpha < alphaMin || alpha > S) expect.fail(`α = ${alpha} out of [${alphaMin}, ${S}] at epoch ${e}`);
  }
  return compared;
}

describe("α (ATR field)", () => {
  it("stays in [α_min, 1] over 10^6 random epochs and lazy == step-by-step exactly", () => {
    fc.assert(
      fc.property(lambdaArb, alphaMinArb, fc.integer(), (lambda, alphaMin, seed) => {
        expect(alphaRun(lambda, alphaMin, 1_000_000, seed, 300)).toBeGreaterThan(50_000);
      }),
      { numRuns: 1 },
    );
  });

  it("agrees on 300 short random runs (any λ, α_min, activity rate)", () => {
    fc.assert(
      fc.property(lambdaArb, alphaMinArb, fc.integer(), fc.integer({ min: 0, max: 1000 }), (l, m, seed, p) => {
        alphaRun(l, m, 3_000, seed, p);
      }),
      { numRuns: 300 },
    );
  });

  it("catch-up cost is bounded by the fixed point: ≤ 4,300 steps at λ = 0.01, any idle time", () => {
    const s = newTokenState(0n);
    s.p[6] = 1n;
    s.p[7] = 10n ** 16n;
    const r = newRec();
    r.alpha = S;
    const steps = alphaTo(s, r, 10n ** 12n);
    expect(r.alpha).toBe(1n);
    expect(steps).toBe(3_724); // the documented figure (docs/token-mechanics.md §5)
    // A second catch-up of any length costs one step: α_min is a fixed point.
    expect(alphaTo(s, r, 2n * 10n ** 12n)).toBe(1);
    // At the defaults (α_min = λ = 0.1): 377 steps from 1 to α_min.
    const d = newTokenState(0n);
    const rd = newRec();
    rd.alpha = S;
    expect(alphaTo(d, rd, 10n ** 6n)).toBe(377);
    expect(rd.alpha).toBe(S / 10n);
  });
});

// φ^(−k) at 60 decimal digits: the closed form's reference, independent of INV_PHI.
const SCALE = 10n ** 60n;
function isqrt(n: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n) return x;
    x = y;
  }
}
const INV_PHI_60 = (isqrt(5n * SCALE * SCALE) - SCALE) / 2n; // (√5 − 1)/2 · 10^60
const PHI_POW = [SCALE];
for (let k = 1; k < 200; k++) PHI_POW.push((PHI_POW[k - 1]! * INV_PHI_60) / SCALE);

describe("emission", () => {
  it("F_k never exceeds S·φ^(−k) and trails it by less than 3 base units (bound 2φ² ≈ 5.24)", () => {
    let worst = 0n;
    for (let k = 0; k < 200; k++) {
      const real = PHI_POW[k]! * S; // × 10^60
      const f = decayFactor(BigInt(k)) * SCALE;
      expect(f <= real + BigInt(k)).toBe(true); // PHI_POW floors lose ≤ 1 unit of 10^-60 a step
      if (real - f > worst) worst = real - f;
    }
    expect(worst < 3n * SCALE).toBe(true);
    expect(decayFactor(85n)).toBe(0n);
    expect(decayFactor(84n)).toBeGreaterThan(0n);
  });

  it("total emitted = Σ E(e) and trails the closed form R·Σ φ^(−k) by < N·(3R/S + 1)", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 27n }),
        fc.bigInt({ min: 1n, max: 40n }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 30 }),
        (rate, period, epoch0n, jumps) => {
          const epoch0 = BigInt(epoch0n);
          const s = newTokenState(epoch0);
          s.p[3] = rate;
          s.p[4] = period;
          s.g.total = S; // some stake all along: every epoch emits
          let e = epoch0;
          let perEpoch = 0n;
          let closed = 0n; // × 10^60
          for (const j of jumps) {
            for (let x = e + 1n; x <= e + BigInt(j); x++) {
              perEpoch += emissionForEpoch(rate, period, epoch0, x);
              closed += rate * PHI_POW[Math.min(Number((x - epoch0) / period), 199)]!;
            }
            e += BigInt(j);
            rollover(s, e);
          }
          const n = e - epoch0;
          expect(s.g.emitted).toBe(perEpoch);
          expect(emissionSum(rate, period, epoch0, epoch0 + 1n, e)).toBe(perEpoch);
          const emitted = s.g.emitted * SCALE;
          expect(emitted <= closed + n * rate).toBe(true); // PHI_POW's own floors: ≤ k/10^60 each
          expect(closed - emitted < n * (3n * rate + S) * (SCALE / S)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("staking bookkeeping (random operation sequences)", () => {
  const check = (w: TokenWorld, steps: Step[]): void => {
    const pool = w.bal.get(POOL_ID)?.[0] ?? 0n;
    expect(w.stakeSum()).toBe(w.s.g.total);
    expect(pool).toBe(w.s.g.total);
    const b = bookkeeping(w);
    expect(b.accounted <= w.s.g.emitted).toBe(true);
    expect(b.dust <= b.bound(steps)).toBe(true);
  };

  it("Σ stakes = W = pool CHR after every step; paid + unclaimed + carry ≤ emitted, dust bounded", () => {
    let maxDust = 0n;
    fc.assert(
      fc.property(randomScenario, (steps) => {
        const w = new TokenWorld(10n);
        for (let i = 0; i < steps.length; i++) {
          steps[i]!.run(w);
          check(w, steps.slice(0, i + 1));
        }
        const d = bookkeeping(w).dust;
        if (d > maxDust) maxDust = d;
      }),
      { numRuns: 400 },
    );
    expect(maxDust).toBeGreaterThan(0n); // the generators do reach rounding
  });

  it("the design's literal carry (floor) over-distributes: one staker, two epochs", () => {
    // W = S + 1 makes inc·W/S fractional; the staker's one floor over two increments exceeds the
    // two floors the literal rule took out of the carry. The model's ceil rule does not.
    for (const round of ["floor", "ceil"] as const) {
      const w = new TokenWorld(0n);
      w.s.carryRound = round;
      w.apply("a", { kind: "mint", token: 0, to: "a", amount: 10n * S });
      expect(w.apply("a", { kind: "stake", token: 0, amount: S + 1n })).toBe("OK");
      let over = false;
      for (let e = 1n; e <= 40n && !over; e++) {
        w.advanceTo(e);
        w.apply("a", { kind: "mint", token: 1, to: "a", amount: 1n }); // stay active: α = 1
        over = bookkeeping(w).accounted > w.s.g.emitted;
      }
      expect(over).toBe(round === "floor");
    }
  });
});

describe("flash-loan protection", () => {
  const honest = (w: TokenWorld): void => {
    w.apply("h", { kind: "mint", token: 0, to: "h", amount: 50n * S });
    expect(w.apply("h", { kind: "stake", token: 0, amount: 20n * S })).toBe("OK");
  };

  it("stake then unstake (or emergency-withdraw) in one epoch is rejected and earns 0", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: S, max: 10n ** 24n }), fc.integer({ min: 1, max: 5 }), (amount, epochs) => {
        const w = new TokenWorld(0n);
        honest(w);
        w.advanceTo(BigInt(epochs));
        w.apply("x", { kind: "mint", token: 0, to: "x", amount });
        expect(w.apply("x", { kind: "stake", token: 0, amount })).toBe("OK");
        for (const emergency of [false, true])
          expect(w.apply("x", { kind: "unstake", token: 0, amount, emergency })).toBe("E_STAKE_SAME_EPOCH");
        expect(w.apply("x", { kind: "claim", token: 0 })).toBe("E_NOTHING_TO_CLAIM");
      }),
      { numRuns: 100 },
    );
  });

  it("stake just before an epoch boundary, leave at the first allowed moment: earns 0", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: S, max: 10n ** 24n }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        (amount, epochs, emergency) => {
          const w = new TokenWorld(0n);
          honest(w);
          w.apply("f", { kind: "mint", token: 0, to: "f", amount: 5n * S });
          expect(w.apply("f", { kind: "stake", token: 0, amount: 5n * S })).toBe("OK");
          w.advanceTo(BigInt(epochs));
          // A forfeit in the attacker's entry epoch fills the carry it must not share.
          w.apply("f", { kind: "unstake", token: 0, amount: 5n * S, emergency: true });
          w.apply("x", { kind: "mint", token: 0, to: "x", amount });
          expect(w.apply("x", { kind: "stake", token: 0, amount })).toBe("OK");
          w.advanceTo(BigInt(epochs) + 1n);
          expect(w.apply("x", { kind: "unstake", token: 0, amount, emergency })).toBe("OK");
          expect(w.rec("x").pending).toBe(0n);
          expect(w.apply("x", { kind: "claim", token: 0 })).toBe("E_NOTHING_TO_CLAIM");
          // The honest staker did earn in the meantime.
          expect(w.apply("h", { kind: "claim", token: 0 })).toBe("OK");
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("the design's literal carry step (a flash loan on the carry)", () => {
  it("pays a stake that enters in epoch o and leaves at o + 1; the model's rule pays 0", () => {
    for (const always of [true, false]) {
      const w = new TokenWorld(0n);
      w.s.carryStepAlways = always;
      w.apply("h", { kind: "mint", token: 0, to: "h", amount: 50n * S });
      w.apply("h", { kind: "stake", token: 0, amount: 20n * S });
      w.advanceTo(2n);
      w.apply("h", { kind: "unstake", token: 0, amount: 10n * S, emergency: true }); // fills the carry
      w.apply("x", { kind: "mint", token: 0, to: "x", amount: 10n * S });
      w.apply("x", { kind: "stake", token: 0, amount: 10n * S });
      w.advanceTo(3n);
      expect(w.apply("x", { kind: "unstake", token: 0, amount: 10n * S, emergency: false })).toBe("OK");
      expect(w.rec("x").pending > 0n).toBe(always);
    }
  });
});

describe("penalty quorum", () => {
  it("below COUNCIL_THRESHOLD distinct council signers: rejected, nothing changes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 16 }), (m, signers) => {
        const w = new TokenWorld(0n);
        w.councilThreshold = m;
        w.apply("t", { kind: "mint", token: 0, to: "t", amount: 10n * S });
        w.apply("t", { kind: "stake", token: 0, amount: 10n * S });
        const op = { kind: "penalty" as const, target: "t", share: S / 2n, resBurn: 0n, councilSigners: signers };
        const code = w.apply("c", op);
        expect(code).toBe(signers >= m ? "OK" : "E_MULTISIG_THRESHOLD");
        expect(w.rec("t").stake).toBe(signers >= m ? 5n * S : 10n * S);
      }),
      { numRuns: 200 },
    );
  });
});
