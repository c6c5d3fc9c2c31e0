// Loading and validating zero-sim.config.json and the allow-list (zero-sim.allow.json).
// Every problem here is a usage error (exit code 2): a scan with a broken config proves nothing.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { RULES_BY_ID } from "./rules.js";

export class UsageError extends Error {}

export interface ZeroSimConfig {
  /** Paths (relative to the root) scanned when no PATHS are given: the deterministic core. */
  core: string[];
  /** Globs of AssemblyScript files: these also get the AS-only rules and the stricter Math rule. */
  assemblyScript: string[];
  /** Globs never scanned. */
  exclude: string[];
  /** Allow-list file, relative to the root. */
  allowList: string;
}

export interface AllowEntry {
  /** Position in the allow-list's `entries` array (0-based). */
  index: number;
  file: string;
  rule: string;
  line?: number;
  match?: string;
  reason: string;
}

export const CONFIG_FILE = "zero-sim.config.json";

export const DEFAULT_CONFIG: ZeroSimConfig = {
  core: ["assembly"],
  assemblyScript: ["**/assembly/**"],
  exclude: [],
  allowList: "zero-sim.allow.json",
};

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${what} ${file}: cannot read (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${what} ${file}: invalid JSON (${(e as Error).message})`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x.length > 0))
    throw new UsageError(`${where}: must be an array of non-empty strings`);
  return v as string[];
}

export function loadConfig(root: string, configPath?: string): ZeroSimConfig {
  const file = configPath ? path.resolve(configPath) : path.join(root, CONFIG_FILE);
  if (!configPath && !existsSync(file)) return { ...DEFAULT_CONFIG };
  const raw = readJson(file, "config");
  if (!isRecord(raw)) throw new UsageError(`config ${file}: must be a JSON object`);
  const cfg: ZeroSimConfig = { ...DEFAULT_CONFIG };
  for (const [k, v] of Object.entries(raw)) {
    if (k === "$comment" || k === "$schema") continue;
    if (k === "core" || k === "assemblyScript" || k === "exclude") cfg[k] = stringArray(v, `config ${file}: "${k}"`);
    else if (k === "allowList") {
      if (typeof v !== "string" || v === "") throw new UsageError(`config ${file}: "allowList" must be a path`);
      cfg.allowList = v;
    } else throw new UsageError(`config ${file}: unknown key "${k}"`);
  }
  if (cfg.core.length === 0) throw new UsageError(`config ${file}: "core" must list at least one path`);
  return cfg;
}

const ENTRY_KEYS = new Set(["file", "rule", "line", "match", "reason", "$comment"]);

/** Parses an allow-list document. `source` names it in error messages. */
export function parseAllowList(raw: unknown, source: string): AllowEntry[] {
  if (!isRecord(raw)) throw new UsageError(`allow-list ${source}: must be a JSON object with an "entries" array`);
  for (const k of Object.keys(raw))
    if (k !== "entries" && k !== "$comment" && k !== "$schema")
      throw new UsageError(`allow-list ${source}: unknown key "${k}"`);
  const entries = raw.entries;
  if (!Array.isArray(entries)) throw new UsageError(`allow-list ${source}: "entries" must be an array`);
  return entries.map((e: unknown, index): AllowEntry => {
    const at = `allow-list ${source}: entry #${index}`;
    if (!isRecord(e)) throw new UsageError(`${at}: must be an object`);
    for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) throw new UsageError(`${at}: unknown key "${k}"`);
    if (typeof e.file !== "string" || e.file.trim() === "")
      throw new UsageError(`${at}: "file" (path or glob) is required`);
    if (typeof e.rule !== "string" || !RULES_BY_ID.has(e.rule))
      throw new UsageError(`${at}: "rule" must be a rule id (ZS000…), got ${JSON.stringify(e.rule)}`);
    if (typeof e.reason !== "string" || e.reason.trim() === "")
      throw new UsageError(`${at}: "reason" is required: say why this construct cannot break determinism`);
    const out: AllowEntry = { index, file: e.file, rule: e.rule, reason: e.reason.trim() };
    if (e.line !== undefined) {
      if (typeof e.line !== "number" || !Number.isInteger(e.line) || e.line < 1)
        throw new UsageError(`${at}: "line" must be a positive integer`);
      out.line = e.line;
    }
    if (e.match !== undefined) {
      if (typeof e.match !== "string" || e.match === "")
        throw new UsageError(`${at}: "match" must be a non-empty string`);
      out.match = e.match;
    }
    return out;
  });
}

/** Loads the allow-list; a missing file is an empty list unless it was named explicitly. */
export function loadAllowList(file: string, explicit: boolean): AllowEntry[] {
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`allow-list ${file}: not found`);
    return [];
  }
  return parseAllowList(readJson(file, "allow-list"), file);
}
