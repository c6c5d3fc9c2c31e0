// ML-DSA signing in the WASM core (bindings/mldsa-sign.ts): NIST's ACVP sigGen vectors byte for byte
// (deterministic and hedged groups, Sign_internal), the deterministic signature of @noble/post-quantum
// byte for byte on random keys, messages and contexts at every level (and verified by our verifier),
// the external-mu and long-message paths, the named errors, and the wiping of the secret key.
//
// Reproduce a run: MLDSA_SEED=<printed seed> npx vitest run test/mldsa/sign.test.ts
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shake256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import {
  MLDSA_SECRET_KEY_BYTES,
  mldsaSign,
  mldsaSignInternal,
  mldsaSignMu,
  mldsaVerify,
  mldsaVerifyInternal,
  scratchCore,
  type MldsaLevel,
} from "../../bindings/index.js";
import { codeOf } from "../helpers/errors.js";
import { LEVELS, NOBLE, Rng, concat, nobleSign, nobleSignInternal, nobleSignMu, testSeed } from "../reference/mldsa.js";

const SEED = testSeed();
console.log(`[mldsa.sign] MLDSA_SEED=${SEED} (set MLDSA_SEED to reproduce)`);
const TIMEOUT = 300_000;
const hex = (s: unknown): Uint8Array => Uint8Array.from(Buffer.from(String(s), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// The vectors live beside the repository (/work/shared/vectors/acvp): one level up from the main
// checkout, two from a worktree under wt/. Missing vectors fail the suite, never skip it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SIGGEN = "ML-DSA-sigGen-FIPS204";
const acvpDir = ["../shared/vectors/acvp", "../../shared/vectors/acvp"]
  .map((p) => path.resolve(repoRoot, p))
  .find((d) => existsSync(path.join(d, SIGGEN, "prompt.json")));

interface SigGenCase {
  tgId: number;
  tcId: number;
  level: MldsaLevel;
  deterministic: boolean;
  sk: Uint8Array;
  message: Uint8Array;
  rnd: Uint8Array | undefined;
  signature: Uint8Array;
}

interface AcvpGroup {
  tgId: number;
  parameterSet: string;
  deterministic?: boolean;
  tests: Array<Record<string, unknown> & { tcId: number }>;
}

function loadSigGen(dir: string): SigGenCase[] {
  const read = (f: string): { testGroups: AcvpGroup[] } =>
    JSON.parse(readFileSync(path.join(dir, SIGGEN, f), "utf8")) as { testGroups: AcvpGroup[] };
  const expected = new Map<string, Record<string, unknown>>();
  for (const g of read("expectedResults.json").testGroups)
    for (const t of g.tests) expected.set(`${g.tgId}/${t.tcId}`, t);
  const out: SigGenCase[] = [];
  for (const g of read("prompt.json").testGroups) {
    for (const t of g.tests) {
      const e = expected.get(`${g.tgId}/${t.tcId}`);
      if (e === undefined) throw new Error(`no expected result for ${g.tgId}/${t.tcId}`);
      out.push({
        tgId: g.tgId,
        tcId: t.tcId,
        level: Number(g.parameterSet.replace("ML-DSA-", "")) as MldsaLevel,
        deterministic: g.deterministic === true,
        sk: hex(t.sk),
        message: hex(t.message),
        rnd: t.rnd === undefined ? undefined : hex(t.rnd),
        signature: hex(e.signature),
      });
    }
  }
  return out;
}

describe("ML-DSA sign: ACVP sigGen (FIPS 204 Sign_internal)", () => {
  it("finds the vectors", () => {
    expect(acvpDir, `ACVP vectors (${SIGGEN}) not found beside ${repoRoot}`).toBeDefined();
  });
  if (acvpDir === undefined) return;
  const cases = loadSigGen(acvpDir);

  it("has 60 cases: 30 deterministic, 30 hedged, 20 per level", () => {
    expect(cases.length).toBe(60);
    expect(cases.filter((c) => c.deterministic).length).toBe(30);
    expect(cases.filter((c) => !c.deterministic && c.rnd?.length === 32).length).toBe(30);
    for (const lv of LEVELS) expect(cases.filter((c) => c.level === lv).length).toBe(20);
  });

  it("every case gives the expected signature byte for byte", () => {
    const bad: string[] = [];
    for (const c of cases) {
      const sig = mldsaSignInternal(c.level, c.sk, c.message, c.deterministic ? undefined : c.rnd);
      if (toHex(sig) !== toHex(c.signature)) bad.push(`${c.tgId}/${c.tcId}`);
    }
    expect(bad).toEqual([]);
  });

  it("deterministic cases: an explicit zero rnd is the same as none; external mu gives the same bytes", () => {
    for (const c of cases.filter((x) => x.deterministic)) {
      expect(toHex(mldsaSignInternal(c.level, c.sk, c.message, new Uint8Array(32)))).toBe(toHex(c.signature));
      const mu = shake256.create({ dkLen: 64 }).update(c.sk.subarray(64, 128)).update(c.message).digest();
      expect(toHex(mldsaSignMu(c.level, c.sk, mu))).toBe(toHex(c.signature));
    }
  });
});

describe("ML-DSA sign: against @noble/post-quantum (extraEntropy: false)", () => {
  const rng = new Rng(SEED);
  const KEYS_PER_LEVEL = 3;
  const SIGS_PER_KEY = 4;

  for (const level of LEVELS) {
    it(
      `ML-DSA-${level}: random keys, messages and contexts give noble's bytes and verify`,
      () => {
        for (let k = 0; k < KEYS_PER_LEVEL; k++) {
          const { publicKey, secretKey } = NOBLE[level].keygen(rng.bytes(32));
          for (let s = 0; s < SIGS_PER_KEY; s++) {
            const msg = rng.bytes(rng.int(600));
            // Context lengths 0..255, the two ends included.
            const ctxLen = s === 0 ? 0 : s === 1 ? 255 : rng.int(256);
            const ctx = rng.bytes(ctxLen);
            const ours = mldsaSign(level, secretKey, msg, ctx);
            expect(toHex(ours), `key ${k} sig ${s}`).toBe(toHex(nobleSign(level, secretKey, msg, ctx)));
            expect(mldsaVerify(level, publicKey, msg, ours, ctx)).toBe(true);
            // Deterministic: the same inputs, the same bytes.
            expect(toHex(mldsaSign(level, secretKey, msg, ctx))).toBe(toHex(ours));
          }
          // No context at all is the empty context.
          const msg = rng.bytes(32);
          expect(toHex(mldsaSign(level, secretKey, msg))).toBe(toHex(nobleSign(level, secretKey, msg)));
          // Internal interface and external mu.
          const mPrime = rng.bytes(1 + rng.int(200));
          const internal = mldsaSignInternal(level, secretKey, mPrime);
          expect(toHex(internal)).toBe(toHex(nobleSignInternal(level, secretKey, mPrime)));
          expect(mldsaVerifyInternal(level, publicKey, mPrime, internal)).toBe(true);
          const mu = rng.bytes(64);
          expect(toHex(mldsaSignMu(level, secretKey, mu))).toBe(toHex(nobleSignMu(level, secretKey, mu)));
        }
      },
      TIMEOUT,
    );
  }

  it("keys taking turns at one level and across levels (the core keeps Â while rho is unchanged) give noble's bytes", () => {
    const keys = LEVELS.flatMap((lv) => [0, 1].map(() => ({ lv, sk: NOBLE[lv].keygen(rng.bytes(32)).secretKey })));
    // Each key twice in a row, then the order interleaved: every switch of rho or level, and every repeat.
    const order = [0, 0, 1, 0, 1, 1, 2, 3, 2, 4, 0, 5, 4, 5, 3, 1];
    for (const i of order) {
      const { lv, sk } = keys[i]!;
      const msg = rng.bytes(40);
      expect(toHex(mldsaSign(lv, sk, msg)), `key ${i}`).toBe(toHex(nobleSign(lv, sk, msg)));
    }
  });

  it(
    "a message longer than the core's message buffer (mu hashed in the binding) gives noble's bytes",
    () => {
      const core = scratchCore().exports;
      const msg = rng.bytes(core.mldsaMsgCapacity() + 1 + rng.int(1000));
      for (const level of LEVELS) {
        const { publicKey, secretKey } = NOBLE[level].keygen(rng.bytes(32));
        const ctx = rng.bytes(rng.int(256));
        const ours = mldsaSign(level, secretKey, msg, ctx);
        expect(toHex(ours)).toBe(toHex(nobleSign(level, secretKey, msg, ctx)));
        expect(mldsaVerify(level, publicKey, msg, ours, ctx)).toBe(true);
        // Right at the buffer's size: M' = 2 + |ctx| + |M| bytes exactly fills it.
        const fit = msg.subarray(0, core.mldsaMsgCapacity() - 2 - ctx.length);
        expect(toHex(mldsaSign(level, secretKey, fit, ctx))).toBe(toHex(nobleSign(level, secretKey, fit, ctx)));
      }
    },
    TIMEOUT,
  );
});

describe("ML-DSA sign: named errors", () => {
  const rng = new Rng(SEED ^ 0x5157);
  const keys = Object.fromEntries(LEVELS.map((lv) => [lv, NOBLE[lv].keygen(rng.bytes(32)).secretKey])) as Record<
    MldsaLevel,
    Uint8Array
  >;
  const msg = Uint8Array.of(1, 2, 3);

  it("secret keys of the wrong length, of another level, or not bytes: E_MLDSA_SECRET_KEY", () => {
    for (const lv of LEVELS) {
      const n = MLDSA_SECRET_KEY_BYTES[lv];
      expect(keys[lv].length).toBe(n);
      for (const len of [0, 1, n - 1, n + 1, 2 * n]) {
        expect(codeOf(() => mldsaSign(lv, new Uint8Array(len), msg))).toBe("E_MLDSA_SECRET_KEY");
      }
      for (const other of LEVELS.filter((x) => x !== lv)) {
        expect(codeOf(() => mldsaSign(lv, keys[other], msg))).toBe("E_MLDSA_SECRET_KEY");
      }
      expect(codeOf(() => mldsaSign(lv, Array.from(keys[lv]) as unknown as Uint8Array, msg))).toBe(
        "E_MLDSA_SECRET_KEY",
      );
    }
  });

  it("an s1 or s2 coefficient out of range: E_MLDSA_SECRET_KEY (the core checks skDecode's range)", () => {
    for (const lv of LEVELS) {
      // First packed coefficient of s1 (byte 128) and of s2: all its bits set (7 > 2*eta for 3-bit
      // fields, 15 > 8 for 4-bit ones).
      const etaBytes = lv === 65 ? 128 : 96;
      const l = lv === 44 ? 4 : lv === 65 ? 5 : 7;
      for (const at of [128, 128 + l * etaBytes]) {
        const sk = keys[lv].slice();
        sk[at] = (sk[at] ?? 0) | (lv === 65 ? 0x0f : 0x07);
        expect(
          codeOf(() => mldsaSign(lv, sk, msg)),
          `level ${lv} byte ${at}`,
        ).toBe("E_MLDSA_SECRET_KEY");
      }
      // The untouched key still signs.
      expect(mldsaSign(lv, keys[lv], msg).length).toBeGreaterThan(0);
    }
  });

  it("a context over 255 bytes, or bad message / mu / rnd: E_MLDSA_SIGN_INPUT; a bad level: E_MLDSA_LEVEL", () => {
    expect(codeOf(() => mldsaSign(87, keys[87], msg, new Uint8Array(256)))).toBe("E_MLDSA_SIGN_INPUT");
    expect(codeOf(() => mldsaSign(87, keys[87], msg, "ctx" as unknown as Uint8Array))).toBe("E_MLDSA_SIGN_INPUT");
    expect(codeOf(() => mldsaSign(87, keys[87], "msg" as unknown as Uint8Array))).toBe("E_MLDSA_SIGN_INPUT");
    for (const n of [0, 63, 65])
      expect(codeOf(() => mldsaSignMu(87, keys[87], new Uint8Array(n)))).toBe("E_MLDSA_SIGN_INPUT");
    for (const n of [0, 31, 33])
      expect(codeOf(() => mldsaSignInternal(87, keys[87], msg, new Uint8Array(n)))).toBe("E_MLDSA_SIGN_INPUT");
    for (const lv of [0, 43, 88, "87"]) {
      expect(codeOf(() => mldsaSign(lv as unknown as MldsaLevel, keys[87], msg))).toBe("E_MLDSA_LEVEL");
    }
  });
});

describe("ML-DSA sign: no secret left in the core", () => {
  it("after a signature the core's memory holds neither the key's K nor its packed s1, s2 or t0", () => {
    const rng = new Rng(SEED ^ 0xc0de);
    for (const level of LEVELS) {
      const { secretKey } = NOBLE[level].keygen(rng.bytes(32));
      mldsaSign(level, secretKey, rng.bytes(100), rng.bytes(10));
      const mem = Buffer.from(scratchCore().exports.memory.buffer);
      const n = MLDSA_SECRET_KEY_BYTES[level];
      const s2 = 128 + (level === 44 ? 4 * 96 : level === 65 ? 5 * 128 : 7 * 96);
      // K (bytes 32..64), the start of s1, of s2 and the last 32 bytes (t0).
      for (const [from, to] of [
        [32, 64],
        [128, 160],
        [s2, s2 + 32],
        [n - 32, n],
      ] as const) {
        expect(mem.indexOf(Buffer.from(secretKey.subarray(from, to))), `level ${level} sk[${from}..${to})`).toBe(-1);
      }
      // And the key buffer the binding wrote into is all zeros.
      const c = scratchCore().exports;
      expect(mem.subarray(c.mldsaSignSkPtr(), c.mldsaSignSkPtr() + n).every((b) => b === 0)).toBe(true);
    }
  });

  it("the same bytes again after the wipe (nothing of one signature feeds the next)", () => {
    const rng = new Rng(SEED ^ 0xfeed);
    const { secretKey } = NOBLE[65].keygen(rng.bytes(32));
    const m1 = rng.bytes(50);
    const first = mldsaSign(65, secretKey, m1);
    mldsaSign(44, NOBLE[44].keygen(rng.bytes(32)).secretKey, rng.bytes(70));
    expect(toHex(mldsaSign(65, secretKey, m1))).toBe(toHex(first));
    expect(toHex(concat(first))).toBe(toHex(nobleSign(65, secretKey, m1)));
  });
});
