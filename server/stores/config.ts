// Where the 2PC participants and the decision log live. The embedded default is SQLite under one data
// directory; PostgreSQL participants (one database per participant, possibly on several servers) come from a
// JSON config file. Every option is checked once, with a named error (a QfsError of an E_CONFIG_* row).
import { qfsError } from "../../bindings/errors/index.js";
import { readFileSync } from "node:fs";
import { PARTICIPANT_COUNT } from "./limits.js";

/** Largest config file read (bytes). */
export const CONFIG_FILE_BYTES_MAX = 64 * 1024;
/** Longest connection URL or path accepted (characters). */
export const CONFIG_STRING_CHARS_MAX = 4096;

export interface SqliteStoresConfig {
  kind: "sqlite";
  /** Directory of the participant files and the decision log (created if missing). */
  dir: string;
}
export interface PostgresStoresConfig {
  kind: "postgres";
  /** Exactly six, in participant order (CHR, FLX, PSY, ATR, RES, registry): each its own database. */
  participants: { url: string }[];
  /** The coordinator's decision log: a SQLite file, or its own PostgreSQL database. */
  decisionLog: { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };
}
export type StoresConfig = SqliteStoresConfig | PostgresStoresConfig;

export function defaultStoresConfig(dataDir: string): SqliteStoresConfig {
  return validateStoresConfig({ kind: "sqlite", dir: dataDir }) as SqliteStoresConfig;
}

function str(value: unknown, where: string): string {
  if (typeof value !== "string" || value.length === 0)
    throw qfsError("E_CONFIG_TYPE", `${where} must be a non-empty string`);
  if (value.length > CONFIG_STRING_CHARS_MAX)
    throw qfsError("E_CONFIG_LIMIT", `${where} is longer than ${CONFIG_STRING_CHARS_MAX} characters`);
  return value;
}

function object(value: unknown, where: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw qfsError("E_CONFIG_TYPE", `${where} must be an object`);
  for (const k of Object.keys(value))
    if (!keys.includes(k)) throw qfsError("E_CONFIG_UNKNOWN", `${where}.${k} is not an option`);
  return value as Record<string, unknown>;
}

function postgresUrl(value: unknown, where: string): string {
  const url = str(value, where);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw qfsError("E_CONFIG_URL", `${where} is not a URL`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:")
    throw qfsError("E_CONFIG_URL", `${where} must be a postgres:// URL`);
  if (parsed.pathname.length <= 1) throw qfsError("E_CONFIG_URL", `${where} must name its database (postgres://…/db)`);
  return url;
}

/** Checks a parsed config object; returns it typed or throws a QfsError (E_CONFIG_*). */
export function validateStoresConfig(raw: unknown): StoresConfig {
  const top = object(raw, "stores", ["kind", "dir", "participants", "decisionLog"]);
  if (top.kind === "sqlite") {
    object(raw, "stores", ["kind", "dir"]);
    return { kind: "sqlite", dir: str(top.dir, "stores.dir") };
  }
  if (top.kind !== "postgres") throw qfsError("E_CONFIG_KIND", `stores.kind must be "sqlite" or "postgres"`);
  if (!Array.isArray(top.participants) || top.participants.length !== PARTICIPANT_COUNT)
    throw qfsError("E_CONFIG_PARTICIPANTS", `stores.participants must list exactly ${PARTICIPANT_COUNT} entries`);
  const participants = top.participants.map((p, i) => ({
    url: postgresUrl(object(p, `stores.participants[${i}]`, ["url"]).url, `stores.participants[${i}].url`),
  }));
  const urls = new Set(participants.map((p) => p.url));
  if (urls.size !== participants.length)
    throw qfsError("E_CONFIG_PARTICIPANTS", "each participant needs its own database (URLs repeat)");
  const log = object(top.decisionLog, "stores.decisionLog", ["kind", "file", "url"]);
  if (log.kind === "sqlite") {
    object(log, "stores.decisionLog", ["kind", "file"]);
    return {
      kind: "postgres",
      participants,
      decisionLog: { kind: "sqlite", file: str(log.file, "stores.decisionLog.file") },
    };
  }
  if (log.kind !== "postgres")
    throw qfsError("E_CONFIG_KIND", `stores.decisionLog.kind must be "sqlite" or "postgres"`);
  object(log, "stores.decisionLog", ["kind", "url"]);
  const url = postgresUrl(log.url, "stores.decisionLog.url");
  if (urls.has(url)) throw qfsError("E_CONFIG_PARTICIPANTS", "the decision log needs its own database");
  return { kind: "postgres", participants, decisionLog: { kind: "postgres", url } };
}

/** Reads `{ "stores": … }` from a JSON config file (the `--config qfs.json` of `qfs start`). */
export function loadStoresConfig(file: string): StoresConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw qfsError("E_CONFIG_READ", `cannot read ${file}: ${(e as Error).message}`);
  }
  if (text.length > CONFIG_FILE_BYTES_MAX)
    throw qfsError("E_CONFIG_LIMIT", `${file} is over ${CONFIG_FILE_BYTES_MAX} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw qfsError("E_CONFIG_JSON", `${file} is not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== "object" || json === null || !("stores" in json))
    throw qfsError("E_CONFIG_TYPE", `${file} has no "stores" object`);
  return validateStoresConfig((json as { stores: unknown }).stores);
}
