// The static module graph of the browser entry (dist/browser.js): every file it imports, transitively,
// found by parsing each file with TypeScript (real import/export/import() syntax, not comments or strings).
// Relative specifiers resolve against the importing file; bare ones ("@noble/post-quantum/ml-dsa.js")
// through node_modules and the package's "exports" map, as a bundler or an import map would.
// Used by the browser suite (the no-`node:` scan, the import map, the server's allow-list) and by the
// VM test (the module linker).
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BROWSER_ENTRY = path.join(REPO, "dist/browser.js");
export const CORE_WASM = path.join(REPO, "build/core.wasm");

export interface ModuleGraph {
  /** Absolute path of the entry file. */
  readonly entry: string;
  /** Every reachable file (absolute paths), the entry first. */
  readonly files: readonly string[];
  /** For each file, its import specifiers mapped to the resolved absolute path. */
  readonly edges: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Every bare (package) specifier in the graph mapped to the resolved absolute path. */
  readonly bare: Readonly<Record<string, string>>;
}

/**
 * The import specifiers of one ES module source, in order, without duplicates: import and export-from
 * declarations (including `export * as ns from`, which ts.preProcessFile misses) and import() calls with a
 * string literal. A non-literal import() is an error: the graph could not be known statically.
 */
export function importSpecifiers(source: string, fileName = "module.js"): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg === undefined || !ts.isStringLiteralLike(arg)) {
        throw new Error(`${fileName}: import() with a non-literal specifier at ${node.getStart()}`);
      }
      specs.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...new Set(specs)];
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** True for `node:*` and for the bare names of Node built-ins (fs, path, crypto, ...). */
export function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith("node:") || BUILTINS.has(spec) || BUILTINS.has(spec.split("/")[0] ?? "");
}

function resolveBare(spec: string, fromFile: string): string {
  const parts = spec.split("/");
  const nameLen = spec.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, nameLen).join("/");
  const sub = parts.slice(nameLen).join("/");
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, "node_modules", name);
    const pkgJson = path.join(pkgDir, "package.json");
    if (existsSync(pkgJson)) {
      const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { exports?: unknown; main?: string };
      const key = sub === "" ? "." : `./${sub}`;
      let target: unknown = typeof pkg.exports === "string" && key === "." ? pkg.exports : undefined;
      if (pkg.exports !== null && typeof pkg.exports === "object") {
        target = (pkg.exports as Record<string, unknown>)[key];
        // Conditional exports: take what a browser would (browser, import, default).
        while (target !== null && typeof target === "object") {
          const t = target as Record<string, unknown>;
          target = t.browser ?? t.import ?? t.default;
        }
      } else if (pkg.exports === undefined) {
        target = sub === "" ? (pkg.main ?? "index.js") : sub;
      }
      if (typeof target !== "string") throw new Error(`cannot resolve ${spec} (imported by ${fromFile}): not exported`);
      const file = path.join(pkgDir, target);
      if (!existsSync(file)) throw new Error(`cannot resolve ${spec} (imported by ${fromFile}): ${file} missing`);
      return file;
    }
    if (dir === path.dirname(dir)) throw new Error(`cannot resolve ${spec} (imported by ${fromFile}): no package`);
  }
}

/** Resolves one specifier as a browser (with an import map for the bare ones) would. */
export function resolveSpecifier(spec: string, fromFile: string): string {
  if (isNodeBuiltin(spec)) throw new Error(`${fromFile} imports the Node built-in ${spec}`);
  if (spec.startsWith("./") || spec.startsWith("../") || spec.startsWith("/")) {
    const file = spec.startsWith("/") ? spec : path.resolve(path.dirname(fromFile), spec);
    if (!existsSync(file)) throw new Error(`cannot resolve ${spec} (imported by ${fromFile})`);
    return file;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) throw new Error(`${fromFile} imports the URL ${spec}`);
  return resolveBare(spec, fromFile);
}

/**
 * Walks the graph from entry. Throws on the first `node:` (or bare built-in) import, naming the file, so the
 * caller gets a clear failure; use `scanSpecifiers` to list them all instead.
 */
export function moduleGraph(entry: string = BROWSER_ENTRY): ModuleGraph {
  const files: string[] = [];
  const edges: Record<string, Record<string, string>> = {};
  const bare: Record<string, string> = {};
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (file in edges) continue;
    files.push(file);
    const e: Record<string, string> = {};
    edges[file] = e;
    for (const spec of importSpecifiers(readFileSync(file, "utf8"), file)) {
      const to = resolveSpecifier(spec, file);
      e[spec] = to;
      if (!spec.startsWith(".") && !spec.startsWith("/")) {
        if (bare[spec] !== undefined && bare[spec] !== to) throw new Error(`${spec} resolves to two files`);
        bare[spec] = to;
      }
      if (!(to in edges)) queue.push(to);
    }
  }
  return { entry, files, edges, bare };
}

/** Every (file, specifier) pair reachable from entry that names a Node built-in: empty for a browser entry. */
export function scanSpecifiers(entry: string = BROWSER_ENTRY): { file: string; spec: string }[] {
  const bad: { file: string; spec: string }[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importSpecifiers(readFileSync(file, "utf8"), file)) {
      if (isNodeBuiltin(spec)) bad.push({ file: path.relative(REPO, file), spec });
      else queue.push(resolveSpecifier(spec, file));
    }
  }
  return bad;
}

/** The URL path under which the test server serves a repo file ("/dist/browser.js"). */
export function urlPathOf(file: string): string {
  const rel = path.relative(REPO, file);
  if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`${file} is outside the repo`);
  return "/" + rel.split(path.sep).join("/");
}
