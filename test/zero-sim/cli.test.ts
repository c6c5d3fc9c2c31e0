// Zero-simulation CLI: exit codes, --json shape, --md report, allow-list behaviour, temp-dir PATHS, the repo's own scan.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/zero-sim/main.js";
import type { JsonReport } from "../../scripts/zero-sim/reporters.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const CLI = path.join(ROOT, "scripts/zero-sim/cli.ts");

function run(argv: string[], cwd = ROOT) {
  let stdout = "";
  let stderr = "";
  const code = main(argv, { cwd, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

function runProcess(argv: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [TSX, CLI, ...argv], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
/** A project dir with its own (empty) config root, a dirty file and a clean file. */
let proj: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "zero-sim-"));
  proj = path.join(tmp, "proj");
  mkdirSync(path.join(proj, "core"), { recursive: true });
  writeFileSync(path.join(proj, "core/dirty.ts"), "export const t = Date.now();\nexport const r = Math.random();\n");
  writeFileSync(path.join(proj, "core/clean.ts"), "export const n = 1 + 2;\n");
  writeFileSync(path.join(proj, "zero-sim.config.json"), JSON.stringify({ core: ["core"] }));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeAllow(entries: unknown[]): string {
  const f = path.join(proj, "zero-sim.allow.json");
  writeFileSync(f, JSON.stringify({ entries }));
  return f;
}

describe("zero-sim CLI: exit codes and reports", () => {
  it("exits 0 on a clean path and 1 with findings, printing file:line:col rule message", () => {
    const clean = run(["test/fixtures/zero-sim/clean.ts"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^zero-sim: clean: 1 file\(s\) scanned/);
    const dirty = run(["test/fixtures/zero-sim/ZS002-date.ts"]);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout.split("\n")[0]).toBe(
      "test/fixtures/zero-sim/ZS002-date.ts:1:18 ZS002 date: Date reads or models wall-clock time [Date]",
    );
    expect(dirty.stdout).toContain("zero-sim: 7 finding(s) in 1 of 1 file(s) scanned");
  });

  it("exits 2 on usage errors", () => {
    for (const argv of [["--nope"], ["--md"], ["does/not/exist"], ["package.json"], ["--config", "missing.json"]]) {
      const r = run(argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^zero-sim: error: /);
      expect(r.stdout).toBe("");
    }
    expect(run(["--help"]).code).toBe(0);
    expect(run(["--list-rules"]).stdout).toContain("ZS001 math-random");
  });

  it("--json prints one machine-readable document on stdout", () => {
    const r = run(["--json", "test/fixtures/zero-sim/ZS001-math-random.ts", "test/fixtures/zero-sim/clean.ts"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as JsonReport;
    expect(Object.keys(j)).toEqual([
      "tool",
      "version",
      "ok",
      "paths",
      "filesScanned",
      "summary",
      "findings",
      "suppressed",
      "unusedAllow",
    ]);
    expect(j).toMatchObject({
      tool: "qfs-zero-sim",
      version: 1,
      ok: false,
      paths: ["test/fixtures/zero-sim/ZS001-math-random.ts", "test/fixtures/zero-sim/clean.ts"],
      filesScanned: 2,
      summary: { findings: 5, suppressed: 0, unusedAllow: 0, byRule: { ZS001: 5 } },
      suppressed: [],
      unusedAllow: [],
    });
    expect(j.findings[0]).toEqual({
      file: "test/fixtures/zero-sim/ZS001-math-random.ts",
      line: 1,
      column: 18,
      rule: "ZS001",
      name: "math-random",
      message: "Math.random is a non-deterministic random source",
      snippet: "Math.random",
      text: "export const a = Math.random(); // expect: ZS001",
    });
    // Same input, same bytes: the report has no timestamps.
    expect(
      run(["--json", "test/fixtures/zero-sim/ZS001-math-random.ts", "test/fixtures/zero-sim/clean.ts"]).stdout,
    ).toBe(r.stdout);
  });

  it("--md writes a Markdown report (and the text report still goes to stdout)", () => {
    const md = path.join(tmp, "report.md");
    const r = run(["--md", md, "test/fixtures/zero-sim/ZS008-float-literal.ts"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("ZS008 float-literal");
    const text = readFileSync(md, "utf8");
    expect(text).toMatch(/^# Zero-simulation scan\n\n\*\*Result: 7 finding\(s\)\.\*\*/);
    expect(text).toContain("| File | Line | Col | Rule | Name | Message | Code |");
    expect(text).toContain("| test/fixtures/zero-sim/ZS008-float-literal.ts | 1 | 18 | ZS008 | float-literal |");
    expect(text).toContain("| ZS014 | host-import | AssemblyScript |");
    const clean = path.join(tmp, "new-dir/clean.md"); // the directory is created
    expect(run(["--md", clean, "--json", "test/fixtures/zero-sim/clean.ts"]).code).toBe(0);
    expect(readFileSync(clean, "utf8")).toContain("**Result: clean.**");
  });
});

describe("zero-sim CLI: config", () => {
  it("--root and --config: core, exclude and assemblyScript globs; invalid config is a usage error", () => {
    const dir = mkdtempSync(path.join(tmp, "cfg-"));
    mkdirSync(path.join(dir, "wasm/gen"), { recursive: true });
    writeFileSync(path.join(dir, "wasm/a.ts"), "export function f(x: i32): i32 {\n  return <i32>Math.abs(x);\n}\n");
    writeFileSync(path.join(dir, "wasm/gen/b.ts"), "export const t = Date.now();\n");
    const cfg = path.join(dir, "zs.json");
    writeFileSync(cfg, JSON.stringify({ core: ["wasm"], exclude: ["wasm/gen/**"], assemblyScript: [] }));
    // Math.abs is in the TypeScript allow-set; wasm/gen is excluded.
    expect(run(["--root", dir, "--config", cfg]).code).toBe(0);
    writeFileSync(cfg, JSON.stringify({ core: ["wasm"], exclude: ["wasm/gen/**"], assemblyScript: ["wasm/**"] }));
    const as = run(["--root", dir, "--config", cfg, "--json"]);
    expect(as.code).toBe(1);
    expect((JSON.parse(as.stdout) as JsonReport).findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      "wasm/a.ts:2 ZS011",
    ]);
    for (const bad of [{ core: [] }, { core: "wasm" }, { core: ["wasm"], extra: 1 }]) {
      writeFileSync(cfg, JSON.stringify(bad));
      expect(run(["--root", dir, "--config", cfg]).code, JSON.stringify(bad)).toBe(2);
    }
    writeFileSync(cfg, "{ not json");
    expect(run(["--root", dir, "--config", cfg]).stderr).toContain("invalid JSON");
  });
});

describe("zero-sim CLI: allow-list", () => {
  it("an entry with a reason suppresses exactly what it names", () => {
    writeAllow([{ file: "core/dirty.ts", rule: "ZS002", line: 1, reason: "test: fixed epoch in a doc example" }]);
    const r = run(["--json"], proj);
    expect(r.code).toBe(1); // Math.random remains
    const j = JSON.parse(r.stdout) as JsonReport;
    expect(j.findings.map((f) => f.rule)).toEqual(["ZS001"]);
    expect(j.suppressed).toMatchObject([
      { rule: "ZS002", line: 1, allowIndex: 0, reason: "test: fixed epoch in a doc example" },
    ]);

    writeAllow([
      { file: "core/*.ts", rule: "ZS002", match: "Date.now()", reason: "test: glob and text match" },
      { file: "core/dirty.ts", rule: "ZS001", reason: "test: whole-file entry" },
    ]);
    const ok = run([], proj);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("zero-sim: clean: 2 file(s) scanned, 2 allowed by the allow-list");
    expect(ok.stderr).toBe("");
  });

  it("line and match must both fit", () => {
    writeAllow([
      { file: "core/dirty.ts", rule: "ZS002", line: 2, reason: "wrong line" },
      { file: "core/dirty.ts", rule: "ZS001", match: "Math.sin", reason: "wrong text" },
    ]);
    const r = run(["--json"], proj);
    expect((JSON.parse(r.stdout) as JsonReport).summary).toMatchObject({ findings: 2, suppressed: 0, unusedAllow: 2 });
  });

  it("an entry without a reason (or with a blank one, an unknown rule or key) is a usage error", () => {
    for (const bad of [
      { file: "core/dirty.ts", rule: "ZS002" },
      { file: "core/dirty.ts", rule: "ZS002", reason: "   " },
      { file: "core/dirty.ts", rule: "ZS999", reason: "x" },
      { file: "core/dirty.ts", rule: "ZS002", reason: "x", reson: "typo" },
      { rule: "ZS002", reason: "no file" },
    ]) {
      writeAllow([bad]);
      const r = run([], proj);
      expect(r.code, JSON.stringify(bad)).toBe(2);
    }
    writeAllow([{ file: "core/dirty.ts", rule: "ZS002" }]);
    expect(run([], proj).stderr).toContain('entry #0: "reason" is required');
  });

  it("unused entries are reported as warnings (stderr, JSON, Markdown) without failing the scan", () => {
    writeAllow([
      { file: "core/dirty.ts", rule: "ZS002", reason: "used" },
      { file: "core/dirty.ts", rule: "ZS001", reason: "used too" },
      { file: "core/clean.ts", rule: "ZS008", reason: "stale: the float is gone" },
      { file: "core/deleted.ts", rule: "ZS001", reason: "stale: the file is gone" },
    ]);
    const r = run([], proj);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "zero-sim: warning: unused allow-list entry #2 (core/clean.ts, ZS008): stale: the float is gone\n" +
        "zero-sim: warning: unused allow-list entry #3 (core/deleted.ts, ZS001): stale: the file is gone\n",
    );
    const md = path.join(tmp, "unused.md");
    const j = JSON.parse(run(["--json", "--md", md], proj).stdout) as JsonReport;
    expect(j.unusedAllow.map((e) => e.index)).toEqual([2, 3]);
    expect(readFileSync(md, "utf8")).toContain("## Unused allow-list entries (warning)");
    // A partial scan only judges entries about the files it scanned.
    const partial = run(["core/clean.ts"], proj);
    expect(partial.stderr).toContain("#2 (core/clean.ts, ZS008)");
    expect(partial.stderr).not.toContain("#3");
  });

  it("--allow names another allow-list; a missing one named explicitly is a usage error", () => {
    writeAllow([]);
    const other = path.join(tmp, "other.allow.json");
    writeFileSync(
      other,
      JSON.stringify({
        entries: [
          { file: "core/**", rule: "ZS001", reason: "r" },
          { file: "core/**", rule: "ZS002", reason: "r" },
        ],
      }),
    );
    expect(run(["--allow", other], proj).code).toBe(0);
    expect(run(["--allow", path.join(tmp, "nope.json")], proj).code).toBe(2);
  });
});

describe("zero-sim CLI as a process", () => {
  it("flags Math.random(), Date.now() and a float literal planted in a temp dir given as a PATH", () => {
    const dir = mkdtempSync(path.join(tmp, "planted-"));
    writeFileSync(
      path.join(dir, "planted.ts"),
      "export const a = Math.random();\nexport const b = Date.now();\nexport const c = 2.5;\n",
    );
    const r = runProcess(["--json", dir]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as JsonReport;
    expect(j.findings.map((f) => [path.basename(f.file), f.line, f.rule])).toEqual([
      ["planted.ts", 1, "ZS001"],
      ["planted.ts", 2, "ZS002"],
      ["planted.ts", 3, "ZS008"],
    ]);
  });

  it("exit code 2 reaches the shell on a usage error", () => {
    const r = runProcess(["--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option --bogus");
  });

  it("the repository's default scan (the deterministic core of zero-sim.config.json) is clean", () => {
    const cfg = JSON.parse(readFileSync(path.join(ROOT, "zero-sim.config.json"), "utf8")) as { core: string[] };
    expect(cfg.core).toContain("assembly");
    const allow = JSON.parse(readFileSync(path.join(ROOT, "zero-sim.allow.json"), "utf8")) as { entries: unknown[] };
    expect(allow.entries).toEqual([]);
    const r = spawnSync("npm", ["run", "-s", "zero-sim", "--", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as JsonReport;
    expect(j.ok).toBe(true);
    expect(j.paths).toEqual(cfg.core);
    expect(j.filesScanned).toBeGreaterThan(0);
  });
});
