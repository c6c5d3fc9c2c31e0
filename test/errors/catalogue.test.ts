// The error catalogue (bindings/errors/catalogue.ts) is the one list of codes: unique names and
// numbers, each number in its area's range, every E_ name the bindings, CLI, scripts and server use is a row,
// and every code the WASM core returns is a row with the same number.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ERROR_AREAS,
  ERROR_CATALOGUE,
  LedgerCode,
  PacketErrorCode,
  ReplayCode,
  VerifyErrorCode,
  errorName,
  isQfsError,
  qfsError,
  QfsError,
  type QfsErrorName,
} from "../../bindings/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const NAMES = Object.keys(ERROR_CATALOGUE) as QfsErrorName[];
const SOURCE = /\.(ts|mts|mjs|js)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts") && !name.endsWith(".d.mts")) out.push(path);
  }
  return out;
}

const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

describe("error catalogue: shape", () => {
  it("names are unique in the source (an object literal would silently keep the last duplicate)", () => {
    const src = read("bindings/errors/catalogue.ts");
    const rows = [...src.matchAll(/^ {2}(E_[A-Z0-9_]+): \{/gm)].map((m) => m[1]);
    expect(rows.length).toBe(NAMES.length);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it("numbers are unique and each lies in its area's range", () => {
    const byNumber = new Map<number, string>();
    for (const name of NAMES) {
      const { number, area } = ERROR_CATALOGUE[name];
      expect(byNumber.get(number), `${name} reuses ${number}`).toBeUndefined();
      byNumber.set(number, name);
      const range = ERROR_AREAS[area];
      expect(Number.isInteger(number) && number >= range.first && number <= range.last, `${name} ${number}`).toBe(true);
    }
  });

  it("areas do not overlap and every area has a code", () => {
    const areas = Object.values(ERROR_AREAS).sort((a, b) => a.first - b.first);
    for (let i = 1; i < areas.length; i++) expect(areas[i]!.first).toBeGreaterThan(areas[i - 1]!.last);
    for (const area of Object.keys(ERROR_AREAS)) expect(NAMES.some((n) => ERROR_CATALOGUE[n].area === area)).toBe(true);
  });

  it("HTTP statuses are real ones and messages are set", () => {
    const allowed = [200, 400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 501, 503, 507];
    for (const name of NAMES) {
      const { httpStatus, message } = ERROR_CATALOGUE[name];
      expect(allowed, name).toContain(httpStatus);
      expect(message.length, name).toBeGreaterThan(5);
      expect(message, name).not.toMatch(/\|/); // it goes into a Markdown table cell
    }
    expect(ERROR_CATALOGUE.E_OK).toMatchObject({ number: 0, httpStatus: 200 });
    expect(NAMES.filter((n) => ERROR_CATALOGUE[n].httpStatus === 200)).toEqual(["E_OK"]);
  });
});

describe("error catalogue: QfsError", () => {
  it("qfsError makes the row's error: code, number, HTTP status, message, details", () => {
    const e = qfsError("E_NONCE", "nonce 7, expected 5", { account: "ab" });
    expect(e).toBeInstanceOf(QfsError);
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.number, e.httpStatus]).toEqual(["QfsError", "E_NONCE", 300, 409]);
    expect(e.message).toBe("E_NONCE: nonce 7, expected 5");
    expect(e.details).toEqual({ account: "ab" });
    const bare = qfsError("E_KEYS_FULL");
    expect(bare.message).toBe(`E_KEYS_FULL: ${ERROR_CATALOGUE.E_KEYS_FULL.message}`);
    expect(bare.details).toBeUndefined();
  });

  it("isQfsError tells a QfsError (of a code) from anything else", () => {
    const e = qfsError("E_HALTED");
    expect(isQfsError(e)).toBe(true);
    expect(isQfsError(e, "E_HALTED")).toBe(true);
    expect(isQfsError(e, "E_NOT_HALTED")).toBe(false);
    const lookalike = Object.assign(new Error("E_HALTED: x"), { code: "E_HALTED", number: 20 });
    expect(isQfsError(lookalike)).toBe(false);
    expect(isQfsError(undefined)).toBe(false);
  });

  it("errorName inverts the numbering", () => {
    for (const name of NAMES) expect(errorName(ERROR_CATALOGUE[name].number)).toBe(name);
    expect(errorName(98)).toBeUndefined();
    expect(errorName(-1)).toBeUndefined();
  });

  it("the bindings' number tables are views of the catalogue", () => {
    const tables: Record<string, Record<string, number>> = { PacketErrorCode, ReplayCode, VerifyErrorCode };
    for (const [table, rows] of Object.entries(tables))
      for (const [name, number] of Object.entries(rows))
        expect(ERROR_CATALOGUE[name as QfsErrorName]?.number, `${table}.${name}`).toBe(number);
    for (const [name, number] of Object.entries(LedgerCode)) {
      if (name.startsWith("HALT_")) continue; // the halt record's reason field, not error codes
      expect(ERROR_CATALOGUE[(name === "OK" ? "E_OK" : name) as QfsErrorName]?.number, name).toBe(number);
    }
  });
});

describe("error catalogue: coverage of the code base", () => {
  it("every E_ name in bindings/, bin/, scripts/ and server/ is a catalogue row", () => {
    const files = [...filesUnder("bindings"), ...filesUnder("bin"), ...filesUnder("scripts"), ...filesUnder("server")];
    expect(files.some((f) => f.startsWith("server/"))).toBe(true);
    expect(files.length).toBeGreaterThan(40);
    const unknown: string[] = [];
    let seen = 0;
    for (const file of files) {
      for (const m of read(file).matchAll(/\bE_[A-Z][A-Z0-9_]*/g)) {
        const name = m[0];
        // A name ending in "_" is a prefix: a template (`E_UNKNOWN_${n}`) or a type (`E_MATH_${string}`).
        if (name.endsWith("_")) continue;
        // The hash core's internal signal, an exported WASM global (bindings/core-exports.ts): the
        // binding reports it as E_HASH_INTERNAL, so it is not a catalogue row.
        if (name === "E_HASH_ARG") continue;
        seen++;
        if (!(name in ERROR_CATALOGUE)) unknown.push(`${file}: ${name}`);
      }
    }
    expect(seen).toBeGreaterThan(200);
    expect(unknown).toEqual([]);
  });

  it("every code the WASM core returns is a catalogue row with the same number", () => {
    // assembly/**: the ledger's and math's errors.ts, the packet decoder's codes (assembly/ledger/packet.ts).
    const constant = /export const (E_[A-Z0-9_]+|OK): [iu]32 = (-?\d+);/g;
    const found: string[] = [];
    for (const file of filesUnder("assembly")) {
      for (const m of read(file).matchAll(constant)) {
        const [, name, value] = m as unknown as [string, string, string];
        const number = Number(value);
        // A negative value is an in-core sentinel the binding maps to a catalogue code (the hash
        // exports' E_HASH_ARG = -1 becomes E_HASH_INTERNAL); it is never a number a caller sees.
        if (number < 0) {
          expect(name in ERROR_CATALOGUE, `${file}: sentinel ${name} must not be a catalogue name`).toBe(false);
          continue;
        }
        const row = name === "OK" ? "E_OK" : name;
        expect(ERROR_CATALOGUE[row as QfsErrorName]?.number, `${file}: ${name}`).toBe(number);
        found.push(row);
      }
    }
    for (const must of ["E_NONCE", "E_MATH_OVERFLOW", "E_MATH_INVALID_ROUNDING", "E_PACKET_AMOUNT_ZERO", "E_HALTED"])
      expect(found).toContain(must);
    expect(new Set(found).size).toBeGreaterThan(60);
  });

  it("bindings/, bin/, scripts/ and server/ throw only QfsError (made by qfsError and its helpers)", () => {
    // Exempt: plain-Node scripts that run before any build cannot import the TypeScript catalogue (the
    // keccak table generator, the hook installer, the math reference, an independent oracle), and the
    // zero-sim scanner is self-contained (the pre-commit hook runs it from scripts/zero-sim/ alone).
    const exempt = new Set([
      "scripts/gen-keccak.mjs",
      "scripts/gen-layout.mjs", // generates a TS input of the build, so it runs before any build
      "scripts/install-hooks.mjs",
      "test/reference/math.mjs",
    ]);
    const offenders: string[] = [];
    for (const file of [
      ...filesUnder("bindings"),
      ...filesUnder("bin"),
      ...filesUnder("scripts"),
      ...filesUnder("server"),
    ]) {
      if (exempt.has(file) || file.startsWith("scripts/zero-sim/")) continue;
      for (const [i, line] of read(file).split("\n").entries())
        if (
          /\bnew (Range|Type|Syntax)?Error\(|\bnew QfsError\(|extends Error\b/.test(line) &&
          file !== "bindings/errors/index.ts"
        )
          offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    }
    expect(offenders).toEqual([]);
  });
});
