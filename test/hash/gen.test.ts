// The committed Keccak-f[1600] source must be exactly what scripts/gen-keccak.mjs generates.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Gen {
  generateKeccakF(): string;
  roundConstants(): bigint[];
  rotationOffsets(): number[];
  OUTPUT: string;
}
const gen = (await import(new URL("../../scripts/gen-keccak.mjs", import.meta.url).href)) as Gen;

describe("scripts/gen-keccak.mjs", () => {
  it("assembly/crypto/keccak-f.ts is up to date (re-generated in memory and compared)", () => {
    const committed = readFileSync(new URL("../../assembly/crypto/keccak-f.ts", import.meta.url), "utf8");
    expect(gen.generateKeccakF() === committed, "run: node scripts/gen-keccak.mjs").toBe(true);
  });

  it("derives the FIPS 202 tables", () => {
    const rc = gen.roundConstants();
    expect(rc).toHaveLength(24);
    expect(rc[0]).toBe(0x1n);
    expect(rc[1]).toBe(0x8082n);
    expect(rc[23]).toBe(0x8000000080008008n);
    expect(gen.rotationOffsets()).toEqual([
      0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
    ]);
  });
});

interface GenX2 {
  generateKeccakX2(): string;
}
const genX2 = (await import(new URL("../../scripts/gen-keccak-x2.mjs", import.meta.url).href)) as GenX2;

describe("scripts/gen-keccak-x2.mjs", () => {
  it("assembly/mldsa/keccak-x2.ts is up to date (re-generated in memory and compared)", () => {
    const committed = readFileSync(new URL("../../assembly/mldsa/keccak-x2.ts", import.meta.url), "utf8");
    expect(genX2.generateKeccakX2() === committed, "run: node scripts/gen-keccak-x2.mjs").toBe(true);
  });
});
