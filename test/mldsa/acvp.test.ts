// NIST ACVP vectors for ML-DSA (FIPS 204): every sigVer case through the matching interface, plus
// the keyGen and sigGen sets turned into verification checks. The vectors live beside the repo in
// ../shared/vectors/acvp (see its README). Under CI=true a missing folder fails the suite.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import {
  hashMldsaVerify,
  mldsaVerify,
  mldsaVerifyBatch,
  mldsaVerifyInternal,
  mldsaVerifyMu,
  type MldsaHashAlg,
  type MldsaLevel,
} from "../../bindings/index.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";

useTestCore();

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const acvpDir = path.resolve(repoRoot, "../shared/vectors/acvp");
const present = existsSync(path.join(acvpDir, "ML-DSA-sigVer-FIPS204", "prompt.json"));

type Json = Record<string, unknown>;
interface Group extends Json {
  tgId: number;
  parameterSet: string;
  tests: Array<Json & { tcId: number }>;
}

function load(dir: string): Array<{ group: Group; test: Json }> {
  const read = (f: string): { testGroups: Group[] } =>
    JSON.parse(readFileSync(path.join(acvpDir, dir, f), "utf8")) as { testGroups: Group[] };
  const prompt = read("prompt.json");
  const expected = read("expectedResults.json");
  const exp = new Map<string, Json>();
  for (const g of expected.testGroups) for (const t of g.tests) exp.set(`${g.tgId}/${t.tcId}`, t);
  const out: Array<{ group: Group; test: Json }> = [];
  for (const g of prompt.testGroups) {
    for (const t of g.tests) {
      const e = exp.get(`${g.tgId}/${t.tcId}`);
      if (e === undefined) throw new Error(`no expected result for ${dir} ${g.tgId}/${t.tcId}`);
      out.push({ group: g, test: { ...t, ...e } });
    }
  }
  return out;
}

const flip = (a: Uint8Array, i: number, mask: number): void => {
  a[i] = (a[i] ?? 0) ^ mask;
};
const hex = (v: unknown): Uint8Array => Uint8Array.from(Buffer.from(String(v), "hex"));
const levelOf = (p: string): MldsaLevel => Number(p.replace("ML-DSA-", "")) as MldsaLevel;
const nobleOf = (l: MldsaLevel) => (l === 44 ? ml_dsa44 : l === 65 ? ml_dsa65 : ml_dsa87);

if (!present) {
  if (process.env.CI === "true") {
    describe("ML-DSA ACVP", () => {
      it("vectors folder must exist under CI", () => {
        expect.fail(`ACVP vectors not found at ${acvpDir}`);
      });
    });
  } else {
    console.log(`ML-DSA ACVP suite skipped: ${acvpDir} not found`);
    describe.skip("ML-DSA ACVP (vectors not found)", () => {
      it("skipped", () => {});
    });
  }
} else {
  describe("ML-DSA ACVP sigVer (FIPS 204)", () => {
    const cases = load("ML-DSA-sigVer-FIPS204");

    it("has all 180 cases, 36 valid", () => {
      expect(cases.length).toBe(180);
      expect(cases.filter((c) => c.test.testPassed === true).length).toBe(36);
    });

    for (const simd of [1, 0]) {
      it(`every case matches testPassed through its interface (${simd ? "SIMD" : "scalar"} path)`, () => {
        testHooks().mldsaSetSimd(simd);
        let agree = 0;
        const failures: string[] = [];
        for (const { group: g, test: t } of cases) {
          const level = levelOf(g.parameterSet);
          const pk = hex(t.pk);
          const sig = hex(t.signature);
          let got: boolean;
          if (g.signatureInterface === "external") {
            const ctx = hex(t.context);
            got =
              g.preHash === "preHash"
                ? hashMldsaVerify(level, pk, hex(t.message), sig, String(t.hashAlg) as MldsaHashAlg, ctx)
                : mldsaVerify(level, pk, hex(t.message), sig, ctx);
          } else if (g.externalMu === true) {
            got = mldsaVerifyMu(level, pk, hex(t.mu), sig);
          } else {
            got = mldsaVerifyInternal(level, pk, hex(t.message), sig);
          }
          if (got === t.testPassed) agree++;
          else failures.push(`tg${g.tgId}/tc${t.tcId} expected ${String(t.testPassed)}`);
        }
        testHooks().mldsaSetSimd(1);
        expect(failures).toEqual([]);
        expect(agree).toBe(180);
      });
    }

    it("the pure groups give the same answers through mldsaVerifyBatch", () => {
      const pure = cases.filter((c) => c.group.signatureInterface === "external" && c.group.preHash === "pure");
      const res = mldsaVerifyBatch(
        pure.map(({ group: g, test: t }) => ({
          level: levelOf(g.parameterSet),
          publicKey: hex(t.pk),
          message: hex(t.message),
          signature: hex(t.signature),
          context: hex(t.context),
        })),
      );
      expect(res).toEqual(pure.map((c) => c.test.testPassed));
    });
  });

  describe("ML-DSA ACVP keyGen (as verification checks)", () => {
    const cases = load("ML-DSA-keyGen-FIPS204");
    it("75 cases: a noble signature under the derived key verifies; a flipped one does not", () => {
      expect(cases.length).toBe(75);
      for (const { group: g, test: t } of cases) {
        const level = levelOf(g.parameterSet);
        const noble = nobleOf(level);
        const { publicKey, secretKey } = noble.keygen(hex(t.seed));
        expect(Buffer.from(publicKey).toString("hex").toUpperCase()).toBe(String(t.pk));
        const msg = hex(t.seed).subarray(0, 17 + (Number(t.tcId) % 13));
        const ctx = new TextEncoder().encode("QFS-V13/tx");
        const sig = noble.sign(msg, secretKey, { context: ctx });
        expect(mldsaVerify(level, publicKey, msg, sig, ctx)).toBe(true);
        const bad = sig.slice();
        flip(bad, Number(t.tcId) % 32, 1);
        expect(mldsaVerify(level, publicKey, msg, bad, ctx)).toBe(false);
        expect(mldsaVerify(level, publicKey, msg, sig)).toBe(false);
      }
    });
  });

  describe("ML-DSA ACVP sigGen (as verification checks)", () => {
    const cases = load("ML-DSA-sigGen-FIPS204");
    it("60 cases: the expected signature verifies through Verify_internal", () => {
      expect(cases.length).toBe(60);
      for (const { group: g, test: t } of cases) {
        const level = levelOf(g.parameterSet);
        const pk = nobleOf(level).getPublicKey(hex(t.sk));
        expect(mldsaVerifyInternal(level, pk, hex(t.message), hex(t.signature))).toBe(true);
      }
    });
  });
}
