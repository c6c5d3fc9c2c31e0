// Scanning a set of paths: file collection, dialect choice, allow-list application.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UsageError, type AllowEntry, type ZeroSimConfig } from "./config.js";
import { anyGlobMatch, globMatch } from "./glob.js";
import { scanSource, type Finding } from "./scanner.js";

export const EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];
const SKIP_DIRS = new Set(["node_modules", ".git"]);

export interface Suppressed extends Finding {
  allowIndex: number;
  reason: string;
}

export interface ScanResult {
  root: string;
  /** The paths as given (or the config's core paths). */
  paths: string[];
  /** Display paths of the files scanned, sorted. */
  files: string[];
  findings: Finding[];
  suppressed: Suppressed[];
  unusedAllow: AllowEntry[];
}

/** Display path: root-relative posix when inside the root, else absolute posix. */
export function displayPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel.split(path.sep).join("/");
  return abs.split(path.sep).join("/");
}

function hasExtension(p: string): boolean {
  return EXTENSIONS.some((e) => p.endsWith(e));
}

/** Expands files and directories (recursively, sorted) into absolute file paths. */
export function collectFiles(root: string, inputs: readonly string[], exclude: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      if (anyGlobMatch(exclude, displayPath(root, abs))) continue;
      if (ent.isDirectory()) {
        if (!SKIP_DIRS.has(ent.name) && !ent.name.startsWith(".")) walk(abs);
      } else if (ent.isFile() && hasExtension(ent.name)) out.add(abs);
    }
  };
  for (const input of inputs) {
    const abs = path.resolve(root, input);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`path not found: ${input}`);
    }
    if (st.isDirectory()) walk(abs);
    else if (st.isFile()) {
      if (!hasExtension(abs)) throw new UsageError(`not a scannable file (${EXTENSIONS.join(", ")}): ${input}`);
      if (!anyGlobMatch(exclude, displayPath(root, abs))) out.add(abs);
    } else throw new UsageError(`not a file or directory: ${input}`);
  }
  return [...out].sort((a, b) => {
    const x = displayPath(root, a);
    const y = displayPath(root, b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function entryMatches(e: AllowEntry, f: Finding): boolean {
  return (
    e.rule === f.rule &&
    globMatch(e.file, f.file) &&
    (e.line === undefined || e.line === f.line) &&
    (e.match === undefined || f.text.includes(e.match))
  );
}

export interface ScanOptions {
  root: string;
  config: ZeroSimConfig;
  allow: AllowEntry[];
  /** Paths given on the command line; empty means the config's core. */
  paths: readonly string[];
}

export function scanPaths(opts: ScanOptions): ScanResult {
  const { root, config, allow } = opts;
  const explicit = opts.paths.length > 0;
  const paths = explicit ? [...opts.paths] : [...config.core];
  const files = collectFiles(root, paths, config.exclude);
  const shown = files.map((f) => displayPath(root, f));
  const findings: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const used = new Set<number>();
  files.forEach((abs, i) => {
    const file = shown[i] as string;
    let source: string;
    try {
      source = readFileSync(abs, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const dialect = anyGlobMatch(config.assemblyScript, file) ? "as" : "ts";
    for (const f of scanSource(file, source, dialect)) {
      const entry = allow.find((e) => entryMatches(e, f));
      if (entry) {
        used.add(entry.index);
        suppressed.push({ ...f, allowIndex: entry.index, reason: entry.reason });
      } else findings.push(f);
    }
  });
  // An unused entry is stale. On an explicit partial scan, only entries about scanned files can be judged.
  const unusedAllow = allow.filter((e) => !used.has(e.index) && (!explicit || shown.some((f) => globMatch(e.file, f))));
  const shownPaths = paths.map((p) =>
    path.resolve(root, p) === root ? "." : displayPath(root, path.resolve(root, p)),
  );
  return { root, paths: shownPaths, files: shown, findings, suppressed, unusedAllow };
}
