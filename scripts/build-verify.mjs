#!/usr/bin/env node
// Reproducible-build check: builds the WASM (the shipped core.wasm and the test build
// core-test.wasm, as `npm run build:wasm` does) twice from clean (once here, once in a fresh temporary
// copy of the sources at another path), compares the SHA-256 of every .wasm, then compares with the
// committed wasm-manifest.json. `--update` rewrites the manifest (a deliberate, reviewed change).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const manifestPath = join(root, "wasm-manifest.json");
const update = process.argv.includes("--update");
// The two builds of package.json's build:wasm: the shipped core, and the test build (its entry
// re-exports the shipped one and adds the test hooks).
const ASC_BUILDS = [
  ["--config", "asconfig.json", "--target", "release"],
  ["assembly/test-entry.ts", "--config", "asconfig.json", "--target", "test"],
];

function buildIn(dir) {
  rmSync(join(dir, "build"), { recursive: true, force: true });
  const asc = join(root, "node_modules", "assemblyscript", "bin", "asc.js");
  for (const args of ASC_BUILDS)
    execFileSync(process.execPath, [asc, ...args], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  const hashes = {};
  for (const name of readdirSync(join(dir, "build")).sort()) {
    if (!name.endsWith(".wasm")) continue;
    const bytes = readFileSync(join(dir, "build", name));
    hashes[`build/${name}`] = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
  }
  return hashes;
}

function toolchain() {
  const asVersion = JSON.parse(readFileSync(join(root, "node_modules/assemblyscript/package.json"), "utf8")).version;
  const binaryenVersion = JSON.parse(readFileSync(join(root, "node_modules/binaryen/package.json"), "utf8")).version;
  return { assemblyscript: asVersion, binaryen: binaryenVersion };
}

const first = buildIn(root);

const scratch = mkdtempSync(join(tmpdir(), "qfs-build-verify-"));
try {
  for (const entry of ["assembly", "asconfig.json", "package.json"])
    cpSync(join(root, entry), join(scratch, entry), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
  const second = buildIn(scratch);

  let failed = false;
  const names = [...new Set([...Object.keys(first), ...Object.keys(second)])].sort();
  if (names.length === 0) {
    console.error("build:verify: no .wasm produced");
    process.exit(1);
  }
  for (const name of names) {
    const a = first[name]?.sha256;
    const b = second[name]?.sha256;
    const same = a !== undefined && a === b;
    console.log(`${same ? "identical" : "DIFFERENT"}  ${name}  ${a ?? "-"}  ${b ?? "-"}`);
    if (!same) failed = true;
  }
  if (failed) {
    console.error("build:verify: two clean builds differ: the build is not reproducible");
    process.exit(1);
  }

  const manifest = { toolchain: toolchain(), files: first };
  if (update) {
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    console.log(`build:verify: wrote ${manifestPath}`);
    process.exit(0);
  }
  if (!existsSync(manifestPath)) {
    console.error("build:verify: wasm-manifest.json is missing; run `npm run build:verify -- --update` and commit it");
    process.exit(1);
  }
  const committed = JSON.parse(readFileSync(manifestPath, "utf8"));
  for (const name of names) {
    const want = committed.files?.[name]?.sha256;
    if (want !== first[name].sha256) {
      console.error(`build:verify: ${name} is ${first[name].sha256}, manifest says ${want ?? "nothing"}`);
      console.error(`  toolchain now ${JSON.stringify(toolchain())}, manifest ${JSON.stringify(committed.toolchain)}`);
      console.error(
        "  if assembly/ changed on purpose, run `npm run build:verify -- --update` and commit the manifest",
      );
      failed = true;
    }
  }
  for (const name of Object.keys(committed.files ?? {})) {
    if (!(name in first)) {
      console.error(`build:verify: manifest lists ${name}, which the build no longer produces`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
  console.log("build:verify: both builds identical and equal to wasm-manifest.json");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
