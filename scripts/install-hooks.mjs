#!/usr/bin/env node
// `npm run hooks`: installs the git pre-commit hook that runs the zero-simulation scanner (`npm run -s zero-sim`).
// Works in worktrees and with core.hooksPath (the hooks directory comes from `git rev-parse --git-path hooks`).
// Idempotent: rerunning leaves an up-to-date hook alone and refreshes an outdated one. A pre-commit hook that
// this script did not write is never overwritten unless --force is given (it is then kept as pre-commit.backup).
// Note: hooks live in the repository's common git directory, so one install covers every worktree of the clone.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MARKER = "# qfs-zero-sim pre-commit hook";

export const HOOK = `#!/bin/sh
${MARKER} (installed by \`npm run hooks\`, scripts/install-hooks.mjs; reinstalling overwrites this file)
# Runs the zero-simulation scanner on the deterministic core; any finding blocks the commit.
# It scans the working tree (not only the staged index). Bypass in an emergency: git commit --no-verify.
cd "$(git rev-parse --show-toplevel)" || exit 1
if [ ! -f scripts/zero-sim/cli.ts ]; then
  echo "zero-sim pre-commit: scripts/zero-sim/cli.ts is not in this checkout; skipping" >&2
  exit 0
fi
if ! npm run -s zero-sim; then
  echo "zero-sim pre-commit: commit blocked. Fix the findings, or add an allow-list entry with a reason (docs/zero-simulation.md)." >&2
  exit 1
fi
`;

function git(args, cwd) {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export function installHook({ cwd = process.cwd(), force = false, log = console.log } = {}) {
  let top;
  try {
    top = git(["rev-parse", "--show-toplevel"], cwd);
  } catch {
    throw new Error(`not inside a git work tree: ${cwd}`);
  }
  const hooksDir = path.resolve(top, git(["rev-parse", "--git-path", "hooks"], top));
  const target = path.join(hooksDir, "pre-commit");
  mkdirSync(hooksDir, { recursive: true });
  if (existsSync(target)) {
    const current = readFileSync(target, "utf8");
    if (current === HOOK) {
      chmodSync(target, 0o755);
      log(`pre-commit hook already installed: ${target}`);
      return { target, status: "unchanged" };
    }
    if (!current.includes(MARKER)) {
      if (!force)
        throw new Error(
          `${target} exists and was not written by this script; not overwriting it. ` +
            `Merge it by hand, or rerun with --force to keep it as pre-commit.backup.`,
        );
      renameSync(target, `${target}.backup`);
      log(`kept the previous hook as ${target}.backup`);
    }
  }
  const status = existsSync(target) ? "updated" : "installed";
  writeFileSync(target, HOOK, { mode: 0o755 });
  chmodSync(target, 0o755);
  log(`pre-commit hook ${status}: ${target}`);
  return { target, status };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--force");
  if (unknown.length) {
    console.error(`usage: npm run hooks [-- --force]\nunknown argument: ${unknown.join(" ")}`);
    process.exit(2);
  }
  try {
    installHook({ force: args.includes("--force") });
  } catch (e) {
    console.error(`install-hooks: ${e.message}`);
    process.exit(1);
  }
}
