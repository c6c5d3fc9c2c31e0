// Which file a SQLite participant's worker thread runs. From dist/ it is the compiled worker.js beside this
// module. From source (tsx, vitest) Node 20 workers cannot load .ts, and registering tsx inside each worker
// costs ~1 s per worker (each starts its own esbuild), so the worker is bundled once per process with esbuild
// into node_modules/.cache/qfs/ (named by content hash, written atomically, so parallel test processes agree).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

let bundled: Promise<URL> | undefined;

export function sqliteWorkerUrl(): Promise<URL> {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return Promise.resolve(new URL("./worker.js", self));
  bundled ??= bundleWorker(fileURLToPath(new URL("./worker.ts", self)), fileURLToPath(new URL("../../../", self)));
  return bundled;
}

async function bundleWorker(entry: string, repoRoot: string): Promise<URL> {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    external: ["@photostructure/sqlite"],
    logLevel: "silent",
  });
  const code = out.outputFiles[0]!.contents;
  const dir = `${repoRoot}node_modules/.cache/qfs`;
  const file = `${dir}/sqlite-worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`;
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  }
  return pathToFileURL(file);
}
