// FIPS 202 published example values (vectors/hash/fips202-examples.json) and the Keccak team's
// Keccak-f[1600] intermediate values (vectors/hash/keccak-f1600.json).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { keccakF1600 } from "../../bindings/index.js";
import { type Alg, hex, isXof, ours, oursIncremental, split } from "./helpers.js";

interface Fips202Case {
  name: string;
  algorithm: Alg;
  message: { byte: string; length: number };
  outputLength: number;
  expected: string;
}
interface KeccakCase {
  name: string;
  permutations: number;
  lanes: string[];
}
const load = <T>(f: string): T =>
  JSON.parse(readFileSync(new URL(`../../vectors/hash/${f}`, import.meta.url), "utf8")) as T;
const fips202 = load<{ source: string; cases: Fips202Case[] }>("fips202-examples.json");
const keccak = load<{ cases: KeccakCase[] }>("keccak-f1600.json");

describe("FIPS 202 example values", () => {
  it("has all eight examples", () => {
    expect(fips202.source).toMatch(/csrc\.nist\.gov/);
    expect(fips202.cases.map((c) => c.name).sort()).toEqual(
      [
        "SHA3-256_1600",
        "SHA3-256_Msg0",
        "SHA3-512_1600",
        "SHA3-512_Msg0",
        "SHAKE128_Msg0",
        "SHAKE128_Msg1600",
        "SHAKE256_Msg0",
        "SHAKE256_Msg1600",
      ].sort(),
    );
  });

  for (const c of fips202.cases) {
    const msg = new Uint8Array(c.message.length).fill(parseInt(c.message.byte, 16));
    it(`${c.name}: one-shot`, () => {
      expect(hex(ours(c.algorithm, msg, c.outputLength))).toBe(c.expected);
    });
    it(`${c.name}: incremental, input and output in uneven pieces`, () => {
      const pieces = split(msg, [1, 71, 72, 73, 135, 136, 137, 167, 168, 169]);
      const outPieces = isXof(c.algorithm) ? [1, 166, 2, 200, 0, 143] : [c.outputLength];
      expect(hex(oursIncremental(c.algorithm, pieces, outPieces))).toBe(c.expected);
    });
  }
});

describe("Keccak-f[1600] intermediate values", () => {
  for (const c of keccak.cases) {
    it(c.name, () => {
      const st = new Uint8Array(200);
      keccakF1600(st, c.permutations);
      const dv = new DataView(st.buffer);
      const lanes = Array.from({ length: 25 }, (_, i) =>
        dv
          .getBigUint64(8 * i, true)
          .toString(16)
          .padStart(16, "0"),
      );
      expect(lanes).toEqual(c.lanes);
      // The same by repeated single permutations.
      const st2 = new Uint8Array(200);
      for (let i = 0; i < c.permutations; i++) keccakF1600(st2);
      expect(hex(st2)).toBe(hex(st));
    });
  }
});
