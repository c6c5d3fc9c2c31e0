// Which file a SQLite participant's worker thread runs. From dist/ it is the compiled worker.js beside this
// module. From source (tsx, vitest) Node 20 workers cannot load .ts, and registering tsx inside each worker
// costs ~1 s per worker (each starts its own esbuild), so the worker is bundled with esbuild into
// node_modules/.cache/qfs/, named by a hash of the sources it may include (every .ts under server/stores/), so
// a process whose sources are unchanged reuses the bundle without starting esbuild at all. Written atomically,
// so parallel test processes agree.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

let bundled: Promise<URL> | undefined;

export function sqliteWorkerUrl(): Promise<URL> {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return Promise.resolve(new URL("./worker.js", self));
  bundled ??= bundleWorker(fileURLToPath(new URL("./worker.ts", self)), fileURLToPath(new URL("../../../", self)));
  return bundled;
}

/** A hash of every .ts file under `dir` (names and contents). */
function sourcesHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) h.update(path).update(readFileSync(path));
    }
  };
  walk(dir);
  return h.digest("hex").slice(0, 16);
}

async function bundleWorker(entry: string, repoRoot: string): Promise<URL> {
  const dir = join(repoRoot, "node_modules", ".cache", "qfs");
  const file = join(dir, `sqlite-worker-${sourcesHash(join(repoRoot, "server", "stores"))}.mjs`);
  if (!existsSync(file)) {
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
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out.outputFiles[0]!.contents);
    renameSync(tmp, file);
  }
  return pathToFileURL(file);
}
