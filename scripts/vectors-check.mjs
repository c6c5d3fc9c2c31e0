// CI check that every generator reproduces its committed files byte for byte: the generators with a
// --check mode compare in place; the others regenerate into the tree and git must then see no change
// under vectors/ (run on a clean checkout, as CI does).
import { spawnSync } from "node:child_process";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`vectors:check: ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(1);
  }
};

const dirty = spawnSync("git", ["status", "--porcelain", "--", "vectors"], { encoding: "utf8" }).stdout.trim();
if (dirty !== "") {
  console.error(`vectors:check: vectors/ has uncommitted changes; commit or stash them first:\n${dirty}`);
  process.exit(1);
}
run("node", ["scripts/gen-keccak.mjs", "--check"]);
run("node", ["scripts/gen-keccak-x2.mjs", "--check"]);
run("npx", ["tsx", "scripts/gen-mldsa-vectors.ts", "--check"]);
run("npx", ["tsx", "scripts/gen-replay-vectors.ts", "--check"]);
for (const g of ["gen-math-vectors.ts", "gen-packet-vectors.ts", "gen-ledger-vectors.ts", "gen-audit-vectors.ts"])
  run("npx", ["tsx", `scripts/${g}`]);
run("git", ["diff", "--exit-code", "--stat", "--", "vectors"]);
console.log("vectors:check: every generator reproduces its committed files");
