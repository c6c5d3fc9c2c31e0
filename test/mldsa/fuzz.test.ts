// Fuzz: random and mutated inputs through mldsaVerify and mldsaVerifyBatch. The verifier must never
// throw (bad input is not an error), never trap, always return a boolean, and accept nothing but
// the original valid (level, pk, message, signature, context) tuples. Afterwards the module must
// still verify a known-valid signature (no state left corrupted by the garbage).
//
// Most cases take the cheap reject paths (wrong lengths, context > 255, malformed encodings); a
// share are full-length mutations of valid signatures and keys, which run the whole verification.
//
// Reproduce a run: MLDSA_SEED=<printed seed> npx vitest run test/mldsa/fuzz.test.ts
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scratchCore } from "../../bindings/runtime.js";
import { mldsaVerify, mldsaVerifyBatch, type MldsaBatchItem } from "./api.js";
import {
  type Case,
  LEVELS,
  type Level,
  MUTATIONS,
  NOBLE,
  PARAMS,
  Rng,
  concat,
  eq,
  mutate,
  pureMPrime,
  nobleSign,
  nobleVerify,
  testSeed,
} from "../reference/mldsa.js";

const SEED = testSeed();
console.log(`[mldsa.fuzz] MLDSA_SEED=${SEED} (set MLDSA_SEED to reproduce)`);

const SINGLE_CASES = 100_000;
const BATCH_CASES = 25_000;
const FAST_CHECK_RUNS = 2_000;
const RAW_CASES = 20_000;
const RAW_BATCH_CALLS = 2_000;
const TIMEOUT = 300_000;

interface RawCore {
  memory: WebAssembly.Memory;
  mldsaPkPtr(): number;
  mldsaSigPtr(): number;
  mldsaMsgPtr(): number;
  mldsaBatchPtr(): number;
  mldsaVerifyInternal(level: number, pkLen: number, sigLen: number, msgLen: number): number;
  mldsaStreamBegin(level: number, pkLen: number): number;
  mldsaStreamAbsorb(len: number): number;
  mldsaStreamFinish(sigLen: number): number;
  mldsaVerifyBatch(count: number, used: number): number;
}

const rng = new Rng(SEED);
const POOL = rng.bytes(1 << 20); // random bytes; inputs are views into it (no per-case generation cost)
const enc = new TextEncoder();

function poolBytes(len: number): Uint8Array {
  const off = rng.int(POOL.length - len + 1);
  return POOL.subarray(off, off + len);
}

// Valid originals: two per level, made with noble.
const originals: Case[] = [];
for (const level of LEVELS) {
  for (let i = 0; i < 2; i++) {
    const { publicKey, secretKey } = NOBLE[level].keygen(rng.bytes(32));
    const msg = rng.bytes(i === 0 ? 200 : rng.int(2048));
    const ctx = i === 0 ? enc.encode("QFS-V13/tx") : rng.bytes(rng.int(256));
    const sig = nobleSign(level, secretKey, msg, ctx);
    if (!nobleVerify(level, publicKey, msg, sig, ctx)) throw new Error("noble rejected its own signature");
    originals.push({ level, pk: publicKey, msg, sig, ctx });
  }
}

function isOriginal(c: Case): boolean {
  return originals.some(
    (o) => o.level === c.level && eq(o.pk, c.pk) && eq(o.msg, c.msg) && eq(o.sig, c.sig) && eq(o.ctx, c.ctx),
  );
}

const LEN_NOISE = [0, 1, 2, 31, 32, 64, 100, 1311, 1312, 1313, 1951, 1952, 1953, 2419, 2420, 2421, 2591, 2592, 2593];
const SIG_LENS = LEVELS.map((l) => PARAMS[l].sigBytes);
const PK_LENS = LEVELS.map((l) => PARAMS[l].pkBytes);

/** One fuzz input, with a label for the statistics. */
function nextCase(): { kind: string; c: Case } {
  const r = rng.int(100);
  const o = rng.pick(originals);
  const level = rng.pick(LEVELS);
  const p = PARAMS[level];
  if (r < 30) {
    // entirely random lengths and bytes
    const len = (): number => (rng.bool(0.5) ? rng.pick(LEN_NOISE) : rng.int(6000));
    return {
      kind: "random",
      c: {
        level,
        pk: poolBytes(len()),
        msg: poolBytes(rng.int(300)),
        sig: poolBytes(len()),
        ctx: poolBytes(rng.int(256)),
      },
    };
  }
  if (r < 50) {
    // right pk length, signature length off by a little (or another level's length)
    const sigLen = rng.bool(0.5) ? p.sigBytes + rng.pick([-3, -2, -1, 1, 2, 3, 64, -64]) : rng.pick(SIG_LENS);
    return {
      kind: "sig-length",
      c: {
        level,
        pk: poolBytes(p.pkBytes),
        msg: poolBytes(rng.int(300)),
        sig: poolBytes(Math.max(0, sigLen)),
        ctx: new Uint8Array(0),
      },
    };
  }
  if (r < 62) {
    // right signature length, public key length off (or another level's)
    const pkLen = rng.bool(0.5) ? p.pkBytes + rng.pick([-2, -1, 1, 2, 32, -32]) : rng.pick(PK_LENS);
    return {
      kind: "pk-length",
      c: {
        level,
        pk: poolBytes(pkLen),
        msg: poolBytes(rng.int(300)),
        sig: poolBytes(p.sigBytes),
        ctx: new Uint8Array(0),
      },
    };
  }
  if (r < 70) {
    // a valid tuple with a context of 256+ bytes
    return { kind: "ctx-too-long", c: { ...o, ctx: poolBytes(256 + rng.int(2000)) } };
  }
  if (r < 75) {
    // a valid tuple asked at the wrong level
    return { kind: "wrong-level", c: { ...o, level: rng.pick(LEVELS.filter((l) => l !== o.level)) } };
  }
  if (r < 83) {
    // right lengths, random bytes: mostly rejected while decoding the hint or checking z
    return {
      kind: "random-right-length",
      c: {
        level,
        pk: poolBytes(p.pkBytes),
        msg: poolBytes(rng.int(300)),
        sig: poolBytes(p.sigBytes),
        ctx: poolBytes(rng.int(256)),
      },
    };
  }
  if (r < 85) {
    // a mutation class from the shared catalogue
    const m = rng.pick(MUTATIONS);
    const c = mutate(o, m, rng);
    return c === null ? { kind: "original", c: o } : { kind: `mutation:${m}`, c };
  }
  if (r < 98) {
    // full-length random damage to a valid tuple: 1–8 bit flips or byte writes in one field
    const field = rng.pick(["sig", "sig", "sig", "pk", "msg", "ctx"] as const);
    const src = o[field];
    if (src.length === 0) return { kind: "original", c: o };
    const b = src.slice();
    const n = 1 + rng.int(8);
    for (let i = 0; i < n; i++) {
      const at = rng.int(b.length);
      b[at] = rng.bool() ? (b[at] as number) ^ (1 << rng.int(8)) : rng.int(256);
    }
    return { kind: `damage-${field}`, c: { ...o, [field]: b } };
  }
  // the untouched original, as a control (must be true)
  return { kind: "original", c: o };
}

interface Stats {
  n: number;
  accepted: number;
  failures: string[];
  kinds: Map<string, number>;
}

function check(stats: Stats, kind: string, c: Case, got: unknown, idx: number): void {
  stats.n++;
  stats.kinds.set(kind, (stats.kinds.get(kind) ?? 0) + 1);
  const want = isOriginal(c);
  if (got === true) stats.accepted++;
  if (typeof got !== "boolean" || got !== want) {
    if (stats.failures.length < 20)
      stats.failures.push(
        `seed=${SEED} #${idx} ${kind} level=${c.level} pk=${c.pk.length} msg=${c.msg.length} sig=${c.sig.length} ctx=${c.ctx.length}: want ${want}, got ${String(got)}`,
      );
    else stats.failures.push("…");
  }
}

function callSingle(c: Case): unknown {
  try {
    return rng.bool(0.1) && c.ctx.length === 0
      ? mldsaVerify(c.level, c.pk, c.msg, c.sig)
      : mldsaVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
  } catch (e) {
    return `threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`;
  }
}

function summary(name: string, s: Stats, ms: number): void {
  console.log(
    `[mldsa.fuzz] ${name}: ${s.n} inputs in ${(ms / 1000).toFixed(1)} s, ${s.accepted} accepted (originals), ${s.failures.length} failures\n  ` +
      [...s.kinds].map(([k, v]) => `${k}=${v}`).join(", "),
  );
  for (const f of s.failures.slice(0, 10)) console.log(`  FAIL ${f}`);
}

describe(`ML-DSA fuzz (seed ${SEED})`, () => {
  it("the originals verify before the fuzz", () => {
    for (const o of originals) expect(mldsaVerify(o.level, o.pk, o.msg, o.sig, o.ctx)).toBe(true);
  });

  it(
    `${SINGLE_CASES} inputs through mldsaVerify: never throws, always a boolean, true only for originals`,
    () => {
      const s: Stats = { n: 0, accepted: 0, failures: [], kinds: new Map() };
      const t0 = performance.now();
      for (let i = 0; i < SINGLE_CASES; i++) {
        const { kind, c } = nextCase();
        check(s, kind, c, callSingle(c), i);
      }
      summary("mldsaVerify", s, performance.now() - t0);
      expect(s.failures).toEqual([]);
      expect(s.n).toBe(SINGLE_CASES);
    },
    TIMEOUT,
  );

  it(
    `${BATCH_CASES} inputs through mldsaVerifyBatch in batches of 1–256`,
    () => {
      const s: Stats = { n: 0, accepted: 0, failures: [], kinds: new Map() };
      const t0 = performance.now();
      let idx = 0;
      while (s.n < BATCH_CASES) {
        const size = Math.min(BATCH_CASES - s.n, 1 + rng.int(256));
        const cases = Array.from({ length: size }, () => nextCase());
        const items: MldsaBatchItem[] = cases.map(({ c }) => ({
          level: c.level,
          publicKey: c.pk,
          message: c.msg,
          signature: c.sig,
          context: c.ctx,
        }));
        let got: unknown;
        try {
          got = mldsaVerifyBatch(items);
        } catch (e) {
          got = `threw ${(e as Error)?.message}`;
        }
        if (!Array.isArray(got) || got.length !== size) {
          s.failures.push(
            `seed=${SEED} batch at #${idx} of ${size}: got ${Array.isArray(got) ? `length ${got.length}` : String(got)}`,
          );
          s.n += size;
        } else {
          cases.forEach(({ kind, c }, k) => check(s, kind, c, got[k], idx + k));
        }
        idx += size;
      }
      summary("mldsaVerifyBatch", s, performance.now() - t0);
      expect(s.failures).toEqual([]);
    },
    TIMEOUT,
  );

  it(`fast-check: ${FAST_CHECK_RUNS} arbitrary byte strings at every level are rejected without throwing`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Level>(...LEVELS),
        fc.uint8Array({ maxLength: 5000 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 5000 }),
        fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
        (level, pk, msg, sig, ctx) => mldsaVerify(level, pk, msg, sig, ctx) === false,
      ),
      { numRuns: FAST_CHECK_RUNS, seed: SEED | 0 },
    );
  });

  // The binding turns any exception from the core into `false`, so a trap on bad input would be
  // invisible above. Here the core's exports are called directly (no guard): they must return 0/1
  // (or -1 for a malformed batch packing) and never trap, whatever lengths and bytes they are given.
  it(
    `raw core exports, no binding guard: ${RAW_CASES} hostile calls never trap`,
    () => {
      const core = scratchCore().exports as unknown as RawCore;
      const mem = (): Uint8Array => new Uint8Array(core.memory.buffer);
      const LIE = [0, 1, -1, -4096, 0x7fffffff, -0x80000000, 1312, 1952, 2592, 2420, 3309, 4627, 65536, 65537];
      const traps: string[] = [];
      let ones = 0;
      let controls = 0;
      for (let i = 0; i < RAW_CASES; i++) {
        const o = rng.pick(originals);
        const p = PARAMS[o.level];
        const mPrime = pureMPrime(o.msg, o.ctx);
        let pk = o.pk;
        let sig = o.sig;
        let pkLen = p.pkBytes;
        let sigLen = p.sigBytes;
        let msgLen = mPrime.length;
        let level: number = o.level;
        const r = rng.int(10);
        if (r === 0) {
          controls++;
        } else if (r < 5) {
          // full-length damage in pk or sig content
          const b = (rng.bool(0.75) ? sig : pk).slice();
          for (let k = 1 + rng.int(6); k > 0; k--) b[rng.int(b.length)] = rng.int(256);
          if (b.length === sig.length) sig = b;
          else pk = b;
        } else if (r < 7) {
          // random content of the right lengths
          pk = rng.bytes(p.pkBytes);
          sig = rng.bytes(p.sigBytes);
        } else {
          // lying lengths and levels
          pkLen = rng.bool() ? rng.pick(LIE) : p.pkBytes;
          sigLen = rng.bool() ? rng.pick(LIE) : p.sigBytes;
          msgLen = rng.bool() ? rng.pick(LIE) : msgLen;
          level = rng.bool() ? rng.pick([0, 1, 43, 45, 64, 88, -87, 0x7fffffff, 44, 65, 87]) : level;
        }
        const control =
          eq(pk, o.pk) &&
          eq(sig, o.sig) &&
          pkLen === p.pkBytes &&
          sigLen === p.sigBytes &&
          msgLen === mPrime.length &&
          level === o.level;
        const m = mem();
        m.set(pk, core.mldsaPkPtr());
        m.set(sig, core.mldsaSigPtr());
        m.set(mPrime, core.mldsaMsgPtr());
        let res: unknown;
        try {
          res = rng.bool(0.8)
            ? core.mldsaVerifyInternal(level, pkLen, sigLen, msgLen)
            : core.mldsaStreamBegin(level, pkLen) === 1 && core.mldsaStreamAbsorb(msgLen) === 1
              ? core.mldsaStreamFinish(sigLen)
              : 0;
        } catch (e) {
          res = `trap: ${(e as Error).message}`;
        }
        if (res === 1) ones++;
        const want = control ? 1 : 0;
        if (res !== want && traps.length < 10)
          traps.push(
            `seed=${SEED} raw #${i} level=${level} pkLen=${pkLen} sigLen=${sigLen} msgLen=${msgLen}: want ${want}, got ${String(res)}`,
          );
      }
      // Batch export with hostile packing: random headers, counts and used lengths.
      for (let i = 0; i < RAW_BATCH_CALLS; i++) {
        const base = core.mldsaBatchPtr();
        const m = mem();
        const o = rng.pick(originals);
        const mPrime = pureMPrime(o.msg, o.ctx);
        const hdr = new DataView(core.memory.buffer, base, 16);
        const good = rng.bool(0.3);
        hdr.setUint32(0, good ? o.level : rng.pick([0, 44, 65, 87, 0xffffffff]), true);
        hdr.setUint32(4, good ? o.pk.length : rng.pick([0, o.pk.length, 0xffffffff, 0x80000000, 600_000]), true);
        hdr.setUint32(8, good ? o.sig.length : rng.pick([0, o.sig.length, 0xffffffff, 0x7fffffff]), true);
        hdr.setUint32(12, good ? mPrime.length : rng.pick([0, mPrime.length, 0xffffffff, 524_288]), true);
        m.set(concat(o.pk, o.sig, mPrime), base + 16);
        const size = 16 + o.pk.length + o.sig.length + mPrime.length;
        const count = rng.pick([0, 1, 1, 2, 1024, 1025, -1, 0x7fffffff]);
        const used = rng.pick([size, size - 1, 0, 16, 524_288, 524_289, -1, 0x7fffffff]);
        let res: unknown;
        try {
          res = core.mldsaVerifyBatch(count, used);
        } catch (e) {
          res = `trap: ${(e as Error).message}`;
        }
        if (typeof res !== "number" || !(res === -1 || res === count)) {
          if (traps.length < 10)
            traps.push(`seed=${SEED} raw batch #${i} count=${count} used=${used}: got ${String(res)}`);
        }
      }
      console.log(
        `[mldsa.fuzz] raw exports: ${RAW_CASES} verify calls (${controls} controls, ${ones} accepted), ${RAW_BATCH_CALLS} batch calls, ${traps.length} problems`,
      );
      expect(traps).toEqual([]);
    },
    TIMEOUT,
  );

  it("after the fuzz the module still verifies every original and a fresh signature", () => {
    for (const o of originals) {
      expect(mldsaVerify(o.level, o.pk, o.msg, o.sig, o.ctx)).toBe(true);
      expect(
        mldsaVerifyBatch([{ level: o.level, publicKey: o.pk, message: o.msg, signature: o.sig, context: o.ctx }]),
      ).toEqual([true]);
    }
    const { publicKey, secretKey } = NOBLE[87].keygen(new Uint8Array(32).fill(0x42));
    const msg = enc.encode("after the fuzz");
    const ctx = enc.encode("QFS-V13/checkpoint");
    expect(mldsaVerify(87, publicKey, msg, nobleSign(87, secretKey, msg, ctx), ctx)).toBe(true);
  });
});
