// Pre-commit hook (scripts/install-hooks.mjs), tried in throwaway git repositories: install, idempotence, a
// foreign hook left alone, worktrees, and real commits that the scanner lets through or blocks.
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const INSTALL = path.join(ROOT, "scripts/install-hooks.mjs");

// Keep the outer repository's git variables (set when this runs inside a hook) out of the temp repositories.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GIT_")));
Object.assign(env, {
  NO_COLOR: "1",
  GIT_AUTHOR_NAME: "t",
  GIT_AUTHOR_EMAIL: "t@example.invalid",
  GIT_COMMITTER_NAME: "t",
  GIT_COMMITTER_EMAIL: "t@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
});

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const git = (cwd: string, ...args: string[]) => sh("git", args, cwd);
const install = (cwd: string, ...args: string[]) => sh(process.execPath, [INSTALL, ...args], cwd);
const commitCount = (cwd: string) => Number(git(cwd, "rev-list", "--count", "HEAD").stdout.trim() || "0");

let tmp: string;
let repo: string;

function initRepo(dir: string): void {
  mkdirSync(dir, { recursive: true });
  expect(git(dir, "init", "-q", "-b", "main").code).toBe(0);
  git(dir, "config", "commit.gpgsign", "false");
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "zero-sim-hook-"));
  // A small project that carries the scanner, like this repository does.
  repo = path.join(tmp, "repo");
  initRepo(repo);
  mkdirSync(path.join(repo, "scripts/zero-sim"), { recursive: true });
  for (const f of readdirSync(path.join(ROOT, "scripts/zero-sim")))
    copyFileSync(path.join(ROOT, "scripts/zero-sim", f), path.join(repo, "scripts/zero-sim", f));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"));
  writeFileSync(
    path.join(repo, "package.json"),
    JSON.stringify({
      name: "t",
      private: true,
      type: "module",
      scripts: { "zero-sim": "tsx scripts/zero-sim/cli.ts" },
    }),
  );
  writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
  mkdirSync(path.join(repo, "assembly"));
  writeFileSync(
    path.join(repo, "assembly/index.ts"),
    "export function add(a: u64, b: u64): u64 {\n  return a + b;\n}\n",
  );
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("npm run hooks (scripts/install-hooks.mjs)", () => {
  it("installs an executable pre-commit hook that runs npm run -s zero-sim, and is idempotent", () => {
    const first = install(repo);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("pre-commit hook installed");
    const hook = path.join(repo, ".git/hooks/pre-commit");
    const text = readFileSync(hook, "utf8");
    expect(text.startsWith("#!/bin/sh\n# qfs-zero-sim pre-commit hook")).toBe(true);
    expect(text).toContain("npm run -s zero-sim");
    expect(statSync(hook).mode & 0o111).toBe(0o111);

    const again = install(repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already installed");
    expect(readFileSync(hook, "utf8")).toBe(text);

    writeFileSync(hook, text.replace("npm run -s zero-sim", "npm run -s zero-sim # old"));
    expect(install(repo).stdout).toContain("pre-commit hook updated");
    expect(readFileSync(hook, "utf8")).toBe(text);
  });

  it("lets a clean commit through and blocks one that plants Math.random()", () => {
    git(repo, "add", "-A");
    const ok = git(repo, "commit", "-q", "-m", "clean");
    expect(ok.stderr).not.toContain("commit blocked");
    expect(ok.code).toBe(0);
    expect(commitCount(repo)).toBe(1);

    writeFileSync(
      path.join(repo, "assembly/rng.ts"),
      "export function roll(): i32 {\n  return <i32>Math.random();\n}\n",
    );
    git(repo, "add", "-A");
    const blocked = git(repo, "commit", "-q", "-m", "dirty");
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("assembly/rng.ts:2:15 ZS001 math-random"); // git sends hook output to stderr
    expect(blocked.stderr).toContain("zero-sim pre-commit: commit blocked");
    expect(commitCount(repo)).toBe(1);
    rmSync(path.join(repo, "assembly/rng.ts"));
    git(repo, "add", "-A");
  });

  it("installs into the common hooks directory from a worktree", () => {
    const wt = path.join(tmp, "wt");
    expect(git(repo, "worktree", "add", "-q", "-b", "side", wt).code).toBe(0);
    const r = install(wt);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("already installed");
    expect(r.stdout).toContain(path.join(repo, ".git/hooks/pre-commit"));
    expect(existsSync(path.join(wt, ".git/hooks"))).toBe(false); // wt/.git is a file, not a directory
  });

  it("honours core.hooksPath", () => {
    const dir = path.join(tmp, "hookspath");
    initRepo(dir);
    git(dir, "config", "core.hooksPath", "my-hooks");
    expect(install(dir).code).toBe(0);
    expect(existsSync(path.join(dir, "my-hooks/pre-commit"))).toBe(true);
  });

  it("never overwrites a foreign pre-commit hook unless --force (which keeps a backup)", () => {
    const dir = path.join(tmp, "foreign");
    initRepo(dir);
    const hook = path.join(dir, ".git/hooks/pre-commit");
    writeFileSync(hook, "#!/bin/sh\necho mine\n", { mode: 0o755 });
    const r = install(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("not overwriting it");
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect(install(dir, "--force").code).toBe(0);
    expect(readFileSync(`${hook}.backup`, "utf8")).toBe("#!/bin/sh\necho mine\n");
    expect(readFileSync(hook, "utf8")).toContain("# qfs-zero-sim pre-commit hook");
    expect(install(dir, "--bogus").code).toBe(2);
  });

  it("skips (does not block) in a checkout without the scanner, and fails outside a git repo", () => {
    const dir = path.join(tmp, "noscanner");
    initRepo(dir);
    expect(install(dir).code).toBe(0);
    writeFileSync(path.join(dir, "a.txt"), "x\n");
    git(dir, "add", "-A");
    const c = git(dir, "commit", "-q", "-m", "x");
    expect(c.code).toBe(0);
    expect(c.stderr).toContain("skipping");
    const outside = mkdtempSync(path.join(tmpdir(), "zero-sim-nogit-"));
    try {
      const r = install(outside);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("not inside a git work tree");
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
