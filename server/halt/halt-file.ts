// DATA_DIR/halt.json: the node's current halt (a signed HaltJson, or null) and the history of ended ones. It is
// written whole or not at all (temp file, fsync, rename, fsync of the directory), so a crash leaves the old file
// or the new one, never half of one. The signatures are checked by the guard (guard.ts), not here.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { HaltJson } from "../node-service.js";
import { HALT_FILE_BYTES_MAX, HALT_FILE_VERSION, HALT_HISTORY_ENTRIES_MAX } from "./limits.js";

export const HALT_FILE = "halt.json";

export interface HaltEntry {
  halt: HaltJson;
  /** Why, for people: the failed check, or the packet whose HALT op ran. */
  detail: string;
  /** Wall-clock time the node raised it (the node's clock; not part of any signed record). */
  raisedAtMs: number;
  /** Node halts: the root the last commit decision recorded (the record holds the one the stores rebuild to). */
  expectedStateRoot?: string;
}

export type HaltEndHow =
  /** The core ran a COUNCIL M-of-N RESUME op (a ledger halt). */
  | "ledger-resume"
  /** A COUNCIL M-of-N resume packet accepted the stores' state (a node halt). */
  | "council-accepts-stores"
  /** A newer halt record replaced it (e.g. the ledger halted again at once, or the stores changed again). */
  | "superseded"
  /** At start the rebuilt ledger was no longer halted (its resume committed before a crash). */
  | "not-halted-at-start";

export interface HaltEnd {
  how: HaltEndHow;
  atMs: number;
  /** The ledger's seq when it ended. */
  seq: string;
  /** The resume packet's tx id, when one ended it. */
  txId?: string;
  /** Distinct COUNCIL signers of the resume. */
  councilSigners?: number;
  councilKeyIds?: string[];
  /** council-accepts-stores: what the last decision recorded, and the stores' root the council accepted. */
  expectedStateRoot?: string;
  acceptedStateRoot?: string;
}

export interface HaltFile {
  version: number;
  current: HaltEntry | null;
  history: (HaltEntry & { ended: HaltEnd })[];
}

export function emptyHaltFile(): HaltFile {
  return { version: HALT_FILE_VERSION, current: null, history: [] };
}

function shapeError(f: HaltFile): string | undefined {
  if (f === null || typeof f !== "object") return "not an object";
  if (f.version !== HALT_FILE_VERSION) return `version ${String(f.version)}`;
  if (f.current !== null && (typeof f.current !== "object" || typeof f.current.halt !== "object"))
    return "current is neither null nor an entry";
  if (!Array.isArray(f.history) || f.history.length > HALT_HISTORY_ENTRIES_MAX)
    return `history is not an array of at most ${HALT_HISTORY_ENTRIES_MAX}`;
  return undefined;
}

/** The file, undefined when there is none, or why it cannot be read (too large, not JSON, wrong shape). */
export function readHaltFile(dataDir: string): { file: HaltFile } | { unreadable: string } | undefined {
  const path = join(dataDir, HALT_FILE);
  if (!existsSync(path)) return undefined;
  const bytes = statSync(path).size;
  if (bytes > HALT_FILE_BYTES_MAX) return { unreadable: `${path} is ${bytes} B, above ${HALT_FILE_BYTES_MAX} B` };
  let file: HaltFile;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as HaltFile;
  } catch {
    return { unreadable: `${path} is not JSON` };
  }
  const why = shapeError(file);
  return why === undefined ? { file } : { unreadable: `${path}: ${why}` };
}

/** Moves an untrusted halt.json out of the way (to halt.json.untrusted, for the operator to look at). */
export function setAsideHaltFile(dataDir: string): void {
  const path = join(dataDir, HALT_FILE);
  if (existsSync(path)) renameSync(path, `${path}.untrusted`);
}

/** Atomic replace of halt.json; the history is trimmed to its cap first (oldest dropped). */
export function writeHaltFile(dataDir: string, file: HaltFile): void {
  if (file.history.length > HALT_HISTORY_ENTRIES_MAX)
    file.history.splice(0, file.history.length - HALT_HISTORY_ENTRIES_MAX);
  const path = join(dataDir, HALT_FILE);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeSync(fd, JSON.stringify(file, null, 2) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // The rename is durable only once the directory entry is: fsync the directory too.
  const dir = openSync(dataDir, "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
