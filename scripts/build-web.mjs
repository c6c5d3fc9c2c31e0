#!/usr/bin/env node
// `npm run build:web`: the verification page (web/, docs/web.md) as static files in build/web/ — index.html,
// style.css, the page and its Web Worker bundled by esbuild (ES modules, every import resolved, @noble included),
// core.wasm (a copy of build/core.wasm, which must be built first) and wasm-manifest.json. The directory works
// from any static server that sends .wasm as application/wasm, and offline once loaded.
// The bundle is checked before it is kept: no `node:` or bare import, no require(), no Node global left.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// The catalogue only (loads no WASM); build:ts runs before build:web, so dist/ is there.
import { qfsError } from "../dist/errors/index.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const WEB_OUT_DIR = join(REPO, "build/web");
const WEB_SRC = join(REPO, "web");
const CORE_WASM = join(REPO, "build/core.wasm");
const MANIFEST = join(REPO, "wasm-manifest.json");

// What a browser bundle must not contain: an import of anything but a relative chunk, a Node built-in,
// CommonJS, or Node's globals (process/Buffer would throw a ReferenceError in a browser).
const FORBIDDEN = [
  [/^\s*(?:import|export)\b[^;]*?\bfrom\s*["'](?![./])[^"']+["']/m, "a bare or absolute import"],
  [/^\s*import\s*["'](?![./])[^"']+["']/m, "a bare side-effect import"],
  [/\bimport\s*\(\s*["'](?![./])[^"']+["']\s*\)/, "a bare dynamic import"],
  [/["']node:[a-z_/]+["']/, "a node: specifier"],
  [/\brequire\s*\(/, "require()"],
  [/\bprocess\.(env|versions|platform|argv)\b/, "process.*"],
  [/\bBuffer\.(from|alloc|concat|isBuffer)\b/, "Buffer"],
];

/** Problems found in the bundled .js files of `dir` (empty when it is a clean browser bundle). */
export function checkBundle(dir) {
  const out = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    const text = readFileSync(join(dir, f), "utf8");
    for (const [re, what] of FORBIDDEN) {
      const m = re.exec(text);
      if (m) out.push(`${f}: ${what}: ${JSON.stringify(m[0].slice(0, 80))}`);
    }
  }
  return out;
}

/** Builds build/web/ afresh; throws when core.wasm is missing or the bundle is not a clean browser bundle. */
export async function buildWeb({ quiet = false } = {}) {
  if (!existsSync(CORE_WASM)) throw qfsError("E_INTERNAL", "build/core.wasm is missing: run npm run build:wasm first");
  const esbuild = await import("esbuild");
  const tmp = `${WEB_OUT_DIR}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: { app: join(WEB_SRC, "src/main.ts"), worker: join(WEB_SRC, "src/log-worker.ts") },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["chrome111", "firefox115"],
    chunkNames: "chunk-[hash]",
    minify: false,
    sourcemap: false,
    logLevel: quiet ? "error" : "warning",
    legalComments: "none",
  });
  const problems = checkBundle(tmp);
  if (problems.length > 0) throw qfsError("E_INTERNAL", `build:web: not a browser bundle:\n  ${problems.join("\n  ")}`);
  copyFileSync(join(WEB_SRC, "index.html"), join(tmp, "index.html"));
  copyFileSync(join(WEB_SRC, "style.css"), join(tmp, "style.css"));
  copyFileSync(CORE_WASM, join(tmp, "core.wasm"));
  copyFileSync(MANIFEST, join(tmp, "wasm-manifest.json"));
  // Built aside, then swapped in: a server reading build/web/ never sees half a build.
  rmSync(WEB_OUT_DIR, { recursive: true, force: true });
  renameSync(tmp, WEB_OUT_DIR);
  if (!quiet) console.log(`build:web: ${readdirSync(WEB_OUT_DIR).join(", ")} -> ${WEB_OUT_DIR}`);
  return WEB_OUT_DIR;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  buildWeb().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
