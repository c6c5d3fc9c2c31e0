// The core's per-public-key cache (assembly/mldsa/cache.ts) never changes a verdict: a property
// test over random keys, messages and mutated signatures compares cache on (cold and warm), cache
// off and noble; the LRU, the 16-entry bound, look-alike keys (same rho, other t1) and the paths
// that fill an entry without a ready tr (external mu, streaming) are checked through the counters.
//
// Reproduce a run: MLDSA_SEED=<printed seed> npx vitest run test/mldsa/cache.test.ts
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  LEVELS,
  type Level,
  MUTATIONS,
  NOBLE,
  Rng,
  flipBit,
  mutate,
  nobleVerify,
  testSeed,
} from "../reference/mldsa.js";
import {
  MLDSA_SIZES,
  mldsaCacheClear,
  mldsaCacheSetEnabled,
  mldsaCacheStats,
  mldsaVerify,
  mldsaVerifyBatch,
  mldsaVerifyMu,
} from "./api.js";
import { shake256 } from "@noble/hashes/sha3.js";

const SEED = testSeed();
console.log(`[mldsa.cache] MLDSA_SEED=${SEED} (set MLDSA_SEED to reproduce)`);
const TIMEOUT = 300_000;

interface Key {
  level: Level;
  pk: Uint8Array;
  sk: Uint8Array;
}
const keyMemo = new Map<string, Key>();
function keyOf(level: Level, seed: Uint8Array): Key {
  const id = `${level}:${Buffer.from(seed).toString("hex")}`;
  let k = keyMemo.get(id);
  if (k === undefined) {
    const kp = NOBLE[level].keygen(seed);
    k = { level, pk: kp.publicKey, sk: kp.secretKey };
    keyMemo.set(id, k);
  }
  return k;
}
function seedBytes(n: number): Uint8Array {
  const s = new Uint8Array(32);
  new DataView(s.buffer).setUint32(0, n >>> 0, true);
  s[31] = 0x5c;
  return s;
}
function sign(k: Key, msg: Uint8Array, ctx?: Uint8Array): Uint8Array {
  return NOBLE[k.level].sign(msg, k.sk, { extraEntropy: false, ...(ctx === undefined ? {} : { context: ctx }) });
}
function stats() {
  return mldsaCacheStats();
}

afterEach(() => {
  mldsaCacheSetEnabled(true);
});

describe("ML-DSA key cache: verdicts", () => {
  it(
    "cache on (cold, warm) = cache off = noble over random keys, messages and mutations",
    () => {
      mldsaCacheClear();
      // A few keys per level (so keys repeat and hit), plus fresh ones, mutated or not.
      const arb = fc.record({
        level: fc.constantFrom(...LEVELS),
        keyNo: fc.integer({ min: 0, max: 24 }),
        msg: fc.uint8Array({ maxLength: 300 }),
        mutation: fc.option(fc.constantFrom(...MUTATIONS), { freq: 3 }),
        rngSeed: fc.integer(),
      });
      let agreedValid = 0;
      fc.assert(
        fc.property(arb, ({ level, keyNo, msg, mutation, rngSeed }) => {
          const k = keyOf(level, seedBytes(keyNo % 6 === 0 ? keyNo : keyNo % 3));
          const base = { level, pk: k.pk, msg, sig: sign(k, msg), ctx: new Uint8Array(0) };
          const c = mutation === null ? base : mutate(base, mutation, new Rng(rngSeed));
          if (c === null) return;
          const ref = nobleVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
          mldsaCacheSetEnabled(false);
          const off = mldsaVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
          mldsaCacheSetEnabled(true);
          const first = mldsaVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
          const second = mldsaVerify(c.level, c.pk, c.msg, c.sig, c.ctx);
          expect([off, first, second]).toEqual([ref, ref, ref]);
          if (ref) agreedValid++;
        }),
        { seed: SEED, numRuns: 120 },
      );
      const s = stats();
      expect(agreedValid).toBeGreaterThan(10);
      expect(s.hits).toBeGreaterThan(0);
      expect(s.misses).toBeGreaterThan(0);
      expect(s.entries).toBeLessThanOrEqual(s.capacity);
    },
    TIMEOUT,
  );

  it("a key with the cached key's rho but another t1 is a different entry (and vice versa)", () => {
    for (const level of LEVELS) {
      mldsaCacheClear();
      const k = keyOf(level, seedBytes(1));
      const msg = new TextEncoder().encode("look-alike");
      const sig = sign(k, msg);
      const twin = flipBit(k.pk, 8 * MLDSA_SIZES[level].publicKey - 1); // last t1 bit
      const twinHead = flipBit(k.pk, 32 * 8 + 3); // first t1 coefficient
      expect(mldsaVerify(level, k.pk, msg, sig)).toBe(true); // caches k.pk
      expect(mldsaVerify(level, twin, msg, sig)).toBe(false);
      expect(mldsaVerify(level, twinHead, msg, sig)).toBe(false);
      expect(mldsaVerify(level, k.pk, msg, sig)).toBe(true);
      mldsaCacheClear();
      expect(mldsaVerify(level, twin, msg, sig)).toBe(false); // caches the twin first
      expect(mldsaVerify(level, k.pk, msg, sig)).toBe(true);
      expect(mldsaVerify(level, twin, msg, sig)).toBe(false);
      expect(stats()).toMatchObject({ hits: 1, misses: 2, entries: 2 });
    }
  });

  it("an entry filled by the external-mu or streaming path holds the right tr", () => {
    for (const level of LEVELS) {
      const k = keyOf(level, seedBytes(2));
      const msg = new TextEncoder().encode("mu path");
      const sig = sign(k, msg);
      // mu = H(tr || M') with tr = H(pk): the cache entry made by verifyMu must hash tr itself.
      const tr = shake256(k.pk, { dkLen: 64 });
      const mPrime = new Uint8Array([0, 0, ...msg]);
      const mu = shake256(new Uint8Array([...tr, ...mPrime]), { dkLen: 64 });
      mldsaCacheClear();
      expect(mldsaVerifyMu(level, k.pk, mu, sig)).toBe(true);
      expect(stats()).toMatchObject({ misses: 1, entries: 1 });
      expect(mldsaVerify(level, k.pk, msg, sig)).toBe(true); // tr from the entry
      expect(stats().hits).toBe(1);
      // Streaming (M' > 64 KiB) fills an entry too; a later short verify uses it.
      const big = new Uint8Array(70_000).fill(7);
      const bigSig = sign(k, big);
      mldsaCacheClear();
      expect(mldsaVerify(level, k.pk, big, bigSig)).toBe(true);
      expect(mldsaVerify(level, k.pk, msg, sig)).toBe(true);
      expect(mldsaVerify(level, k.pk, big, flipBit(bigSig, 5))).toBe(false);
      expect(stats()).toMatchObject({ misses: 1, hits: 2, entries: 1 });
    }
  });

  it("batch verdicts are the same with the cache on and off", () => {
    const items = [];
    for (const level of LEVELS) {
      for (let n = 0; n < 4; n++) {
        const k = keyOf(level, seedBytes(n % 2));
        const msg = Uint8Array.of(level, n);
        const sig = sign(k, msg);
        items.push({ level, publicKey: k.pk, message: msg, signature: n === 3 ? flipBit(sig, 100) : sig });
      }
    }
    mldsaCacheClear();
    const on = mldsaVerifyBatch(items);
    mldsaCacheSetEnabled(false);
    const off = mldsaVerifyBatch(items);
    expect(on).toEqual(off);
    expect(on.filter((x) => x).length).toBe(9);
    expect(stats()).toMatchObject({ misses: 6, hits: 6 });
  });
});

describe("ML-DSA key cache: bound and eviction", () => {
  it("holds at most `capacity` keys and evicts the least recently used", () => {
    mldsaCacheClear();
    const cap = stats().capacity;
    expect(cap).toBe(16);
    expect(stats().reservedBytes).toBe(cap * stats().slotBytes);
    const msg = Uint8Array.of(1, 2, 3);
    const keys = Array.from({ length: cap + 2 }, (_, i) => keyOf(44, seedBytes(1000 + i)));
    const sigs = keys.map((k) => sign(k, msg));
    for (let i = 0; i < cap; i++) expect(mldsaVerify(44, keys[i]!.pk, msg, sigs[i]!)).toBe(true);
    expect(stats()).toMatchObject({ entries: cap, misses: cap, hits: 0 });
    expect(mldsaVerify(44, keys[0]!.pk, msg, sigs[0]!)).toBe(true); // key 0 is now the most recent
    expect(stats().hits).toBe(1);
    expect(mldsaVerify(44, keys[cap]!.pk, msg, sigs[cap]!)).toBe(true); // evicts key 1
    expect(stats()).toMatchObject({ entries: cap, misses: cap + 1 });
    expect(mldsaVerify(44, keys[0]!.pk, msg, sigs[0]!)).toBe(true);
    expect(stats().hits).toBe(2); // key 0 stayed
    expect(mldsaVerify(44, keys[1]!.pk, msg, sigs[1]!)).toBe(true);
    expect(stats()).toMatchObject({ hits: 2, misses: cap + 2, entries: cap }); // key 1 was gone
    // A wrong signature on a cached key is still false; the cache is per level too.
    expect(mldsaVerify(44, keys[2]!.pk, msg, sigs[3]!)).toBe(false);
  });

  it("an early rejection (malformed hint, z out of range) does not take a slot", () => {
    mldsaCacheClear();
    const k = keyOf(65, seedBytes(3));
    const msg = Uint8Array.of(9);
    const sig = sign(k, msg).slice();
    sig[sig.length - 1] = 255; // last cumulative hint count > omega
    expect(mldsaVerify(65, k.pk, msg, sig)).toBe(false);
    expect(stats()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });

  it("off: no lookups, no new entries; on again: the old entries are used", () => {
    mldsaCacheClear();
    const k = keyOf(87, seedBytes(4));
    const msg = Uint8Array.of(4);
    const sig = sign(k, msg);
    expect(mldsaVerify(87, k.pk, msg, sig)).toBe(true);
    mldsaCacheSetEnabled(false);
    expect(stats().enabled).toBe(false);
    expect(mldsaVerify(87, k.pk, msg, sig)).toBe(true);
    expect(mldsaVerify(87, keyOf(87, seedBytes(5)).pk, msg, sig)).toBe(false);
    expect(stats()).toMatchObject({ hits: 0, misses: 1, entries: 1 });
    mldsaCacheSetEnabled(true);
    expect(mldsaVerify(87, k.pk, msg, sig)).toBe(true);
    expect(stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });
});
