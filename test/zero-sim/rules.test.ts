// Zero-simulation scanner: every rule against its fixture (exact rule id and line), lookalikes, AssemblyScript parsing.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../scripts/zero-sim/config.js";
import { globMatch } from "../../scripts/zero-sim/glob.js";
import { scanPaths } from "../../scripts/zero-sim/project.js";
import { RULES } from "../../scripts/zero-sim/rules.js";
import { isFloatLiteralText, scanSource } from "../../scripts/zero-sim/scanner.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/zero-sim");

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? fixtureFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

/** "line rule" for every `// expect: ZSnnn[, ZSnnn]` annotation. */
function expectations(file: string): string[] {
  const out: string[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      const m = /\/\/ expect: (.*)$/.exec(text);
      if (m) for (const id of (m[1] as string).split(",")) out.push(`${i + 1} ${id.trim()}`);
    });
  return out.sort();
}

function scanFixture(file: string) {
  return scanPaths({ root: ROOT, config: loadConfig(ROOT), allow: [], paths: [file] }).findings;
}

const files = fixtureFiles(FIXTURES);
const ruleFixtures = files.filter((f) => /^ZS\d{3}-/.test(path.basename(f)));
const cleanFixtures = files.filter((f) => path.basename(f).startsWith("clean"));

describe("zero-sim rules: fixtures", () => {
  it("has a fixture for every rule, and clean fixtures for TS and AssemblyScript", () => {
    const covered = new Set(ruleFixtures.map((f) => path.basename(f).slice(0, 5)));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
    expect(cleanFixtures.map((f) => path.relative(FIXTURES, f)).sort()).toEqual(["assembly/clean.ts", "clean.ts"]);
  });

  for (const file of ruleFixtures) {
    const rel = path.relative(FIXTURES, file);
    const id = path.basename(file).slice(0, 5);
    it(`${rel}: flags exactly the annotated lines with ${id}`, () => {
      const want = expectations(file);
      expect(want.length).toBeGreaterThan(0);
      expect(new Set(want.map((w) => w.split(" ")[1]))).toEqual(new Set([id]));
      const got = scanFixture(file).map((f) => `${f.line} ${f.rule}`);
      expect(got.sort()).toEqual(want);
    });
  }

  for (const file of cleanFixtures) {
    it(`${path.relative(FIXTURES, file)}: lookalikes are not flagged`, () => {
      expect(scanFixture(file)).toEqual([]);
    });
  }

  it("reports file, line, column, rule, name, message, snippet and source line", () => {
    const [f] = scanFixture(path.join(FIXTURES, "ZS001-math-random.ts"));
    expect(f).toEqual({
      file: "test/fixtures/zero-sim/ZS001-math-random.ts",
      line: 1,
      column: 18,
      rule: "ZS001",
      name: "math-random",
      message: RULES.find((r) => r.id === "ZS001")?.message,
      snippet: "Math.random",
      text: "export const a = Math.random(); // expect: ZS001",
    });
  });
});

describe("zero-sim rules: dialects and details", () => {
  it("Math allow-set applies to TypeScript only; AssemblyScript flags every Math use", () => {
    const src = "export const x = Math.imul(1, 2) + Math.clz32(1) + Math.max(1, 2);\n";
    expect(scanSource("a.ts", src, "ts")).toEqual([]);
    expect(scanSource("a.ts", src, "as").map((f) => `${f.column} ${f.rule}`)).toEqual([
      "18 ZS011",
      "36 ZS011",
      "52 ZS011",
    ]);
  });

  it("host imports are flagged only in AssemblyScript", () => {
    const src = "declare function now(): i64;\n";
    expect(scanSource("a.ts", src, "ts")).toEqual([]);
    expect(scanSource("a.ts", src, "as").map((f) => f.rule)).toEqual(["ZS014"]);
  });

  it("float literal detection", () => {
    for (const t of ["1.5", "1e3", ".5", "1.", "2E-3", "1_000.5", "0.0"]) expect(isFloatLiteralText(t)).toBe(true);
    for (const t of ["0", "42", "1_000", "0x1e3", "0XFF", "0o17", "0b101", "017"])
      expect(isFloatLiteralText(t)).toBe(false);
  });

  it("JavaScript files (.js/.mjs) are parsed as JavaScript", () => {
    expect(scanSource("x.mjs", "export const t = Date.now();\n", "ts").map((f) => f.rule)).toEqual(["ZS002"]);
  });

  it("globs: ** spans segments, * stays in one, a directory matches what is under it", () => {
    expect(globMatch("**/assembly/**", "assembly/crypto/keccak-f.ts")).toBe(true);
    expect(globMatch("**/assembly/**", "/tmp/x/assembly/a.ts")).toBe(true);
    expect(globMatch("**/assembly/**", "bindings/index.ts")).toBe(false);
    expect(globMatch("assembly", "assembly/math/a.ts")).toBe(true);
    expect(globMatch("assembly/*.ts", "assembly/index.ts")).toBe(true);
    expect(globMatch("assembly/*.ts", "assembly/crypto/sponge.ts")).toBe(false);
    expect(globMatch("assembly/**/*.ts", "assembly/index.ts")).toBe(true);
    expect(globMatch("assembly/crypto/sponge.ts", "assembly/crypto/sponge.ts")).toBe(true);
    expect(globMatch("assembly/crypto/sponge.ts", "assembly/crypto/sponge.tsx")).toBe(false);
  });
});

describe("zero-sim on AssemblyScript sources", () => {
  const keccak = path.join(ROOT, "assembly/crypto/keccak-f.ts");
  const src = readFileSync(keccak, "utf8");

  it("parses assembly/crypto/keccak-f.ts (decorated top-level functions, u64/usize) cleanly", () => {
    expect(src).toContain("@inline");
    expect(scanSource("assembly/crypto/keccak-f.ts", src, "as")).toEqual([]);
  });

  it("still sees into the decorated function and the code after it", () => {
    const lines = src.split("\n");
    const inl = lines.findIndex((l) => l.startsWith("@inline"));
    const ret = lines.findIndex((l, i) => i > inl && l.includes("return rotl<u64>"));
    const last = lines.length;
    lines[ret] = "  return rotl<u64>(v, n) + <u64>Math.random() + <u64>1.5;";
    lines.push("export const T: f64 = 0;");
    const got = scanSource("k.ts", lines.join("\n"), "as").map((f) => `${f.line} ${f.rule}`);
    expect(got).toEqual([`${ret + 1} ZS001`, `${ret + 1} ZS008`, `${last + 1} ZS009`]);
  });
});
