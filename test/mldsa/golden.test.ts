// Runs the committed golden vectors (vectors/mldsa/*.json, made by scripts/gen-mldsa-vectors.ts
// with @noble/post-quantum) through our WASM verifier. Needs nothing outside the repository.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GoldenCase, GoldenFile } from "../../scripts/gen-mldsa-vectors.js";
import {
  MLDSA_SIZES,
  hashMldsaVerify,
  mldsaVerify,
  mldsaVerifyBatch,
  mldsaVerifyInternal,
  mldsaVerifyMu,
} from "./api.js";
import { type HashAlg, PARAMS, fromHex, nobleVerify } from "../reference/mldsa.js";

const dir = join(import.meta.dirname, "../..", "vectors", "mldsa");
const files = readdirSync(dir)
  .filter((f) => /^ml-dsa-\d+\.json$/.test(f))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as GoldenFile);

function ours(c: GoldenCase): boolean {
  const pk = fromHex(c.pk);
  const msg = fromHex(c.msg);
  const sig = fromHex(c.sig);
  switch (c.interface) {
    case "pure":
      return mldsaVerify(c.level, pk, msg, sig, fromHex(c.ctx ?? ""));
    case "prehash":
      return hashMldsaVerify(c.level, pk, msg, sig, c.hashAlg as HashAlg, fromHex(c.ctx ?? ""));
    case "internal":
      return mldsaVerifyInternal(c.level, pk, msg, sig);
    case "mu":
      return mldsaVerifyMu(c.level, pk, msg, sig);
  }
}

describe("ML-DSA golden vectors", () => {
  it("has one file per level, each naming its generator and reference", () => {
    expect(files.map((f) => f.level)).toEqual([44, 65, 87]);
    for (const f of files) {
      expect(f.generator).toMatch(/gen-mldsa-vectors/);
      expect(f.reference).toMatch(/^@noble\/post-quantum \d+\.\d+\.\d+$/);
      expect(f.sizes).toEqual({ publicKey: PARAMS[f.level].pkBytes, signature: PARAMS[f.level].sigBytes });
      expect(f.cases.length).toBe(f.counts.total);
      expect(MLDSA_SIZES[f.level]).toMatchObject(f.sizes);
    }
  });

  for (const f of files) {
    it(`${f.parameterSet}: ${f.counts.total} cases (${f.counts.valid} valid, ${f.counts.invalid} invalid)`, () => {
      const wrong: string[] = [];
      for (const c of f.cases) {
        const got = ours(c);
        if (got !== c.expected) wrong.push(`#${c.id} ${c.interface}/${c.kind}: expected ${c.expected}, got ${got}`);
      }
      expect(wrong).toEqual([]);
    });

    it(`${f.parameterSet}: noble still agrees with the committed expectations (pure cases)`, () => {
      for (const c of f.cases.filter((x) => x.interface === "pure")) {
        expect(nobleVerify(c.level, fromHex(c.pk), fromHex(c.msg), fromHex(c.sig), fromHex(c.ctx ?? ""))).toBe(
          c.expected,
        );
      }
    });
  }

  it("mldsaVerifyBatch over every pure case of all levels gives the expected results", () => {
    const pure = files.flatMap((f) => f.cases.filter((c) => c.interface === "pure"));
    const got = mldsaVerifyBatch(
      pure.map((c) => ({
        level: c.level,
        publicKey: fromHex(c.pk),
        message: fromHex(c.msg),
        signature: fromHex(c.sig),
        context: fromHex(c.ctx ?? ""),
      })),
    );
    expect(got).toEqual(pure.map((c) => c.expected));
    console.log(
      `golden: ${pure.length} pure cases through mldsaVerifyBatch, ${pure.filter((c) => c.expected).length} valid`,
    );
  });
});
