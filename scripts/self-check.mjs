#!/usr/bin/env node
// `npm run self-check`: a short self-check of the deterministic core — the WASM
// build against the committed manifest, hashes against published values, CertifiedMath spot checks.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const wasmPath = resolve(root, "build/core.wasm");
if (!existsSync(wasmPath) || !existsSync(resolve(root, "dist/index.js"))) {
  console.error("self-check: build/core.wasm or dist/ missing — run `npm run build` (npm install does it)");
  process.exit(1);
}
const core = await import("../dist/index.js");
const hex = (u8) => Buffer.from(u8).toString("hex");
let failures = 0;
function check(label, got, want) {
  const ok = got === want;
  if (!ok) failures++;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${ok ? "" : `\n     got  ${got}\n     want ${want}`}`);
}

console.log("QFS V13 core self-check");
const wasmSha = createHash("sha256").update(readFileSync(wasmPath)).digest("hex");
const manifest = JSON.parse(readFileSync(resolve(root, "wasm-manifest.json"), "utf8"));
check(
  `build/core.wasm sha256 ${wasmSha.slice(0, 16)}… matches wasm-manifest.json`,
  wasmSha,
  manifest.files["build/core.wasm"].sha256,
);

// FIPS 202 example values.
check(
  'SHA3-256("abc")',
  hex(core.sha3_256(new TextEncoder().encode("abc"))),
  "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
);
check(
  'SHAKE256("", 32)',
  hex(core.shake256(new Uint8Array(0), 32)),
  "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f",
);

if (typeof core.mulDiv === "function") {
  const S = 10n ** 18n;
  check(
    "mulDiv(2^128-1, 2^128-1, 2^128-1) exact",
    String(core.mulDiv(2n ** 128n - 1n, 2n ** 128n - 1n, 2n ** 128n - 1n)),
    String(2n ** 128n - 1n),
  );
  check("φ (18 decimals)", String(core.PHI), "1618033988749894848");
  check("fpSqrt(2.0)", String(core.fpSqrt(2n * S)), "1414213562373095048");
  let code = "none";
  try {
    core.add(2n ** 128n - 1n, 1n);
  } catch (err) {
    code = err.code;
  }
  check("add(2^128-1, 1) fails with E_MATH_OVERFLOW", code, "E_MATH_OVERFLOW");
}
if (typeof core.mldsaVerify === "function") {
  check(
    "ML-DSA verify rejects an empty signature",
    String(core.mldsaVerify(87, new Uint8Array(2592), new Uint8Array(0), new Uint8Array(0))),
    "false",
  );
}

console.log(failures === 0 ? "self-check passed" : `self-check: ${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);
