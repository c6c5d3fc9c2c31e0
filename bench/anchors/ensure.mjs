// Installs the benchmark-only anchors (bench/anchors/package.json: pqclean's native addon, which
// compiles for about a minute, and @oqs/liboqs-js, which declares Node >= 22) on first use, from
// their own lockfile, so that the root `npm install` neither waits for them nor warns about them.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const wanted = ["pqclean", "@oqs/liboqs-js"];
if (!wanted.every((name) => existsSync(`${dir}node_modules/${name}/package.json`))) {
  console.log("bench/anchors: installing pqclean and @oqs/liboqs-js (once; pqclean compiles its native addon)");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`bench/anchors: npm ci failed (exit ${r.status}); bench:mldsa runs without the missing anchors`);
    process.exitCode = 0;
  }
}
