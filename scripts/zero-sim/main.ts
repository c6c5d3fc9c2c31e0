// Command-line logic, separate from cli.ts so tests can run it in-process.
//   zero-sim [--json] [--md FILE] [--config FILE] [--allow FILE] [--root DIR] [--list-rules] [--] [PATHS...]
// Exit codes: 0 clean, 1 findings, 2 usage error.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadAllowList, loadConfig, UsageError } from "./config.js";
import { scanPaths } from "./project.js";
import { toJson, toMarkdown, toText, unusedWarnings } from "./reporters.js";
import { RULES } from "./rules.js";

export interface Io {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const USAGE = `usage: npm run zero-sim [-- [options] [PATHS...]]
Scans .ts/.mts/.js/.mjs files under PATHS (files or directories; default: the "core" paths of
zero-sim.config.json) for constructs that break determinism.
  --json           print a JSON report on stdout (nothing else goes to stdout)
  --md FILE        also write a Markdown report to FILE
  --config FILE    config file (default: <root>/zero-sim.config.json)
  --allow FILE     allow-list (default: the config's "allowList", zero-sim.allow.json)
  --root DIR       repository root: paths, globs and reports are relative to it (default: cwd)
  --list-rules     print the rules and exit
  -h, --help       this help
Exit codes: 0 clean, 1 findings, 2 usage error. See docs/zero-simulation.md.
`;

interface Args {
  json: boolean;
  md?: string;
  config?: string;
  allow?: string;
  root?: string;
  listRules: boolean;
  help: boolean;
  paths: string[];
}

export function parseArgs(argv: readonly string[]): Args {
  const a: Args = { json: false, listRules: false, help: false, paths: [] };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      a.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "--json") a.json = true;
    else if (arg === "--list-rules") a.listRules = true;
    else if (arg === "-h" || arg === "--help") a.help = true;
    else if (arg === "--md" || arg === "--config" || arg === "--allow" || arg === "--root") {
      const key = arg.slice(2) as "md" | "config" | "allow" | "root";
      a[key] = value(i, arg);
      i++;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else a.paths.push(arg);
  }
  return a;
}

export function main(argv: readonly string[], io: Io): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (args.listRules) {
      for (const r of RULES)
        io.stdout(`${r.id} ${r.name} (${r.scope === "as" ? "AssemblyScript" : "all"}): ${r.message}\n`);
      return 0;
    }
    const root = path.resolve(io.cwd, args.root ?? ".");
    const config = loadConfig(root, args.config && path.resolve(io.cwd, args.config));
    const allowFile = path.resolve(args.allow ? io.cwd : root, args.allow ?? config.allowList);
    const allow = loadAllowList(allowFile, args.allow !== undefined);
    const result = scanPaths({ root, config, allow, paths: args.paths.map((p) => path.resolve(io.cwd, p)) });
    if (args.md) {
      const md = path.resolve(io.cwd, args.md);
      try {
        mkdirSync(path.dirname(md), { recursive: true });
        writeFileSync(md, toMarkdown(result));
      } catch (e) {
        throw new UsageError(`--md ${args.md}: cannot write (${(e as Error).message})`);
      }
    }
    if (args.json) io.stdout(JSON.stringify(toJson(result), null, 2) + "\n");
    else io.stdout(toText(result));
    for (const w of unusedWarnings(result)) io.stderr(w + "\n");
    return result.findings.length === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`zero-sim: error: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
