// Differential test: our WASM ML-DSA verifier against @noble/post-quantum on random and mutated
// inputs at all three levels. Every case must give the same answer from both (0 disagreements).
//
// Reproduce a run: MLDSA_SEED=<printed seed> npx vitest run test/mldsa/noble.test.ts
import { describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors.js";
import { hashMldsaVerify, mldsaVerify, mldsaVerifyBatch, mldsaVerifyInternal, mldsaVerifyMu } from "./api.js";
import {
  type Case,
  HASH_ALGS,
  type HashAlg,
  LEVELS,
  type Level,
  MUTATIONS,
  type Mutation,
  NOBLE,
  Rng,
  concat,
  flipBit,
  hashMPrime,
  mutate,
  nobleSign,
  nobleSignInternal,
  nobleSignMu,
  nobleVerify,
  nobleVerifyInternal,
  nobleVerifyMu,
  testSeed,
} from "../reference/mldsa.js";

const SEED = testSeed();
console.log(`[mldsa.noble] MLDSA_SEED=${SEED} (set MLDSA_SEED to reproduce)`);

const KEYS_PER_LEVEL = 3;
const SIGS_PER_LEVEL = 110; // valid signatures made with noble per level
const MUTANTS_PER_SIG = 9; // mutated cases derived from each valid signature
const TIMEOUT = 300_000;

const enc = new TextEncoder();
const QFS_CONTEXTS = ["QFS-V13/tx", "QFS-V13/checkpoint", "QFS-V13/key-rotation"].map((s) => enc.encode(s));
const EDGE_LENS = [0, 1, 2, 31, 32, 33, 63, 64, 135, 136, 137, 200, 271, 272, 1023, 1024, 4095, 4096];

function randomMessage(rng: Rng): Uint8Array {
  const len = rng.bool(0.35) ? rng.pick(EDGE_LENS) : rng.int(4097);
  return rng.bytes(len);
}

function randomContext(rng: Rng): Uint8Array {
  const r = rng.int(10);
  if (r < 2) return new Uint8Array(0);
  if (r < 5) return rng.pick(QFS_CONTEXTS);
  if (r < 6) return rng.bytes(255);
  return rng.bytes(rng.int(256));
}

interface Tally {
  cases: number;
  valid: number;
  invalid: number;
  disagreements: string[];
  byKind: Map<string, number>;
}
const newTally = (): Tally => ({ cases: 0, valid: 0, invalid: 0, disagreements: [], byKind: new Map() });

function record(t: Tally, kind: string, level: Level, idx: number, reference: boolean, got: unknown): void {
  t.cases++;
  if (reference) t.valid++;
  else t.invalid++;
  t.byKind.set(kind, (t.byKind.get(kind) ?? 0) + 1);
  if (got !== reference)
    t.disagreements.push(
      `seed=${SEED} level=${level} case=${idx} kind=${kind}: noble=${reference} ours=${String(got)}`,
    );
}

function safeOurs(f: () => boolean): unknown {
  try {
    return f();
  } catch (e) {
    return `threw ${(e as Error).message}`;
  }
}

/** Every pure case that went through mldsaVerify, with our answer, for the batch check. */
const pureCases: { c: Case; ours: unknown }[] = [];
const total = newTally();

function levelRng(level: Level, salt: number): Rng {
  return new Rng((SEED ^ Math.imul(level, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b)) >>> 0);
}

function keysFor(level: Level, rng: Rng) {
  return Array.from({ length: KEYS_PER_LEVEL }, () => NOBLE[level].keygen(rng.bytes(32)));
}

describe(`ML-DSA vs @noble/post-quantum (seed ${SEED})`, () => {
  for (const level of LEVELS) {
    it(
      `ML-DSA-${level}: pure ML-DSA, ${SIGS_PER_LEVEL} valid signatures × (1 + ${MUTANTS_PER_SIG} mutants)`,
      () => {
        const rng = levelRng(level, 1);
        const keys = keysFor(level, rng);
        const t = newTally();
        let idx = 0;
        let mi = 0;
        for (let s = 0; s < SIGS_PER_LEVEL; s++) {
          const key = keys[s % keys.length] as { publicKey: Uint8Array; secretKey: Uint8Array };
          const msg = randomMessage(rng);
          const ctx = randomContext(rng);
          const sig = nobleSign(level, key.secretKey, msg, ctx);
          const valid: Case = { level, pk: key.publicKey, msg, sig, ctx };
          const run = (c: Case, kind: string): void => {
            const reference = nobleVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
            // Half the cases pass no context argument when the context is empty.
            const omitCtx = c.ctx.length === 0 && rng.bool();
            const got = safeOurs(() =>
              omitCtx ? mldsaVerify(c.level, c.pk, c.msg, c.sig) : mldsaVerify(c.level, c.pk, c.msg, c.sig, c.ctx),
            );
            record(t, kind, level, idx++, reference, got);
            pureCases.push({ c, ours: got });
          };
          run(valid, "valid");
          // Mutation classes round-robin so each one is hit ~SIGS·MUTANTS/|MUTATIONS| times per level.
          let made = 0;
          for (let tries = 0; made < MUTANTS_PER_SIG && tries < 3 * MUTANTS_PER_SIG; tries++) {
            const m = MUTATIONS[mi++ % MUTATIONS.length] as Mutation;
            const c = mutate(valid, m, rng);
            if (c === null) continue;
            run(c, m);
            made++;
          }
        }
        merge(t);
        report(`ML-DSA-${level} pure`, t);
        expect(t.disagreements).toEqual([]);
        expect(t.valid).toBeGreaterThanOrEqual(SIGS_PER_LEVEL);
      },
      TIMEOUT,
    );
  }

  for (const level of LEVELS) {
    it(
      `ML-DSA-${level}: HashML-DSA (all 12 hashes), Verify_internal and external μ`,
      () => {
        const rng = levelRng(level, 2);
        const [key] = keysFor(level, rng) as [{ publicKey: Uint8Array; secretKey: Uint8Array }];
        const pk = key.publicKey;
        const t = newTally();
        let idx = 0;
        for (const alg of HASH_ALGS) {
          const msg = randomMessage(rng);
          const ctx = randomContext(rng);
          const sig = nobleSignInternal(level, key.secretKey, hashMPrime(alg, msg, ctx));
          const variants: [string, Uint8Array, Uint8Array, Uint8Array, HashAlg][] = [
            ["prehash-valid", msg, ctx, sig, alg],
            ["prehash-wrong-alg", msg, ctx, sig, rng.pick(HASH_ALGS.filter((a) => a !== alg))],
            ["prehash-sig-bitflip", msg, ctx, flipBit(sig, rng.int(sig.length * 8)), alg],
            ["prehash-msg-extend", concat(msg, Uint8Array.of(1)), ctx, sig, alg],
            ["prehash-ctx-extend", msg, ctx.length < 255 ? concat(ctx, Uint8Array.of(7)) : ctx.slice(1), sig, alg],
          ];
          for (const [kind, m, cx, sg, a] of variants) {
            const reference = nobleVerifyInternal(level, pk, hashMPrime(a, m, cx), sg);
            record(
              t,
              kind,
              level,
              idx++,
              reference,
              safeOurs(() => hashMldsaVerify(level, pk, m, sg, a, cx)),
            );
          }
          // a hash name outside FIPS 204's list verifies as false (noble has no such input: reference false)
          const unknown = rng.pick(["SHA1", "MD5", "sha2-256", "SHA2-256 ", ""]) as HashAlg;
          record(
            t,
            "prehash-unknown-alg",
            level,
            idx++,
            false,
            safeOurs(() => hashMldsaVerify(level, pk, msg, sig, unknown, ctx)),
          );
        }
        for (let i = 0; i < 10; i++) {
          const mPrime = rng.bytes(rng.int(600));
          const sig = nobleSignInternal(level, key.secretKey, mPrime);
          const cases: [string, Uint8Array, Uint8Array][] = [
            ["internal-valid", mPrime, sig],
            ["internal-sig-bitflip", mPrime, flipBit(sig, rng.int(sig.length * 8))],
            ["internal-msg-extend", concat(mPrime, Uint8Array.of(0)), sig],
          ];
          for (const [kind, m, sg] of cases) {
            record(
              t,
              kind,
              level,
              idx++,
              nobleVerifyInternal(level, pk, m, sg),
              safeOurs(() => mldsaVerifyInternal(level, pk, m, sg)),
            );
          }
          const mu = rng.bytes(64);
          const sigMu = nobleSignMu(level, key.secretKey, mu);
          const muCases: [string, Uint8Array, Uint8Array][] = [
            ["mu-valid", mu, sigMu],
            ["mu-bitflip", flipBit(mu, rng.int(512)), sigMu],
            ["mu-sig-bitflip", mu, flipBit(sigMu, rng.int(sigMu.length * 8))],
            ["mu-wrong-length", mu.slice(0, 32 + rng.int(32)), sigMu],
          ];
          for (const [kind, m, sg] of muCases) {
            record(
              t,
              kind,
              level,
              idx++,
              nobleVerifyMu(level, pk, m, sg),
              safeOurs(() => mldsaVerifyMu(level, pk, m, sg)),
            );
          }
        }
        merge(t);
        report(`ML-DSA-${level} prehash/internal/mu`, t);
        expect(t.disagreements).toEqual([]);
      },
      TIMEOUT,
    );
  }

  it(
    "large messages (256 KiB, 1 MiB) and unusual byte views (Buffer, offset subarrays)",
    () => {
      const rng = levelRng(87, 3);
      const { publicKey: pk, secretKey: sk } = NOBLE[87].keygen(rng.bytes(32));
      const t = newTally();
      let idx = 0;
      for (const len of [256 * 1024, 1024 * 1024]) {
        const msg = rng.bytes(len);
        const ctx = QFS_CONTEXTS[0] as Uint8Array;
        const sig = nobleSign(87, sk, msg, ctx);
        record(
          t,
          "large-valid",
          87,
          idx++,
          nobleVerify(87, pk, msg, sig, ctx),
          safeOurs(() => mldsaVerify(87, pk, msg, sig, ctx)),
        );
        const bad = flipBit(msg, rng.int(len * 8));
        record(
          t,
          "large-msg-bitflip",
          87,
          idx++,
          nobleVerify(87, pk, bad, sig, ctx),
          safeOurs(() => mldsaVerify(87, pk, bad, sig, ctx)),
        );
      }
      // Views that do not start at offset 0 of their buffer, and Node Buffers.
      const msg = rng.bytes(200);
      const ctx = QFS_CONTEXTS[1] as Uint8Array;
      const sig = nobleSign(87, sk, msg, ctx);
      const view = (b: Uint8Array): Uint8Array => {
        const host = new Uint8Array(b.length + 13);
        host.set(b, 5);
        return host.subarray(5, 5 + b.length);
      };
      record(
        t,
        "offset-views",
        87,
        idx++,
        true,
        safeOurs(() => mldsaVerify(87, view(pk), view(msg), view(sig), view(ctx))),
      );
      record(
        t,
        "node-buffers",
        87,
        idx,
        true,
        safeOurs(() => mldsaVerify(87, Buffer.from(pk), Buffer.from(msg), Buffer.from(sig), Buffer.from(ctx))),
      );
      merge(t);
      report("large/views", t);
      expect(t.disagreements).toEqual([]);
    },
    TIMEOUT,
  );

  it("levels outside {44, 65, 87} throw E_MLDSA_LEVEL", () => {
    const z = new Uint8Array(0);
    for (const bad of [0, 2, 3, 5, 43, 45, 64, 88, 128, -44, 44.5, Number.NaN]) {
      expect(codeOf(() => mldsaVerify(bad as Level, z, z, z))).toBe("E_MLDSA_LEVEL");
    }
    // In a batch, one bad level throws for the whole batch.
    const good = { level: 87 as Level, publicKey: z, message: z, signature: z };
    expect(codeOf(() => mldsaVerifyBatch([good, { ...good, level: 88 as Level }]))).toBe("E_MLDSA_LEVEL");
  });

  it(
    "mldsaVerifyBatch on shuffled mixed-level batches equals the per-item results",
    () => {
      expect(pureCases.length).toBeGreaterThan(0);
      const rng = levelRng(44, 4);
      const order = pureCases.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      expect(mldsaVerifyBatch([])).toEqual([]);
      let mismatches = 0;
      let done = 0;
      while (done < order.length) {
        const size = Math.min(order.length - done, 1 + rng.int(400));
        const idxs = order.slice(done, done + size);
        const items = idxs.map((i) => {
          const { c } = pureCases[i] as { c: Case };
          const item = { level: c.level, publicKey: c.pk, message: c.msg, signature: c.sig };
          return c.ctx.length === 0 && rng.bool() ? item : { ...item, context: c.ctx };
        });
        const got = mldsaVerifyBatch(items);
        expect(got.length).toBe(size);
        got.forEach((g, k) => {
          if (g !== (pureCases[idxs[k] as number] as { ours: unknown }).ours) mismatches++;
        });
        done += size;
      }
      console.log(`[mldsa.noble] batch: ${order.length} items in mixed batches, ${mismatches} mismatches vs per-item`);
      expect(mismatches).toBe(0);
    },
    TIMEOUT,
  );

  it("summary: at least 3,000 cases, 0 disagreements", () => {
    report("TOTAL", total);
    expect(total.cases).toBeGreaterThanOrEqual(3000);
    expect(total.disagreements).toEqual([]);
  });
});

function merge(t: Tally): void {
  total.cases += t.cases;
  total.valid += t.valid;
  total.invalid += t.invalid;
  total.disagreements.push(...t.disagreements);
  for (const [k, v] of t.byKind) total.byKind.set(k, (total.byKind.get(k) ?? 0) + v);
}

function report(name: string, t: Tally): void {
  console.log(
    `[mldsa.noble] ${name}: ${t.cases} cases, ${t.valid} valid, ${t.invalid} invalid, ${t.disagreements.length} disagreements` +
      (name === "TOTAL" ? `\n  by kind: ${[...t.byKind].map(([k, v]) => `${k}=${v}`).join(", ")}` : ""),
  );
  for (const d of t.disagreements.slice(0, 10)) console.log(`  DISAGREE ${d}`);
}
