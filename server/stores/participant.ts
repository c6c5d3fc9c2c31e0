// The interface every 2PC participant implements (one per token, one for the registry; SPEC §10), whatever
// stores it: SQLite files (sqlite/) or PostgreSQL databases (postgres/). docs/commit.md describes the protocol.
import type { Row, WriteSetCode } from "./write-set.js";
import { ERROR_CATALOGUE, qfsError, type QfsError, type QfsErrorName } from "../../bindings/errors/index.js";
import { ROUND_MAX } from "./limits.js";

export type { Row } from "./write-set.js";

/** Why a participant voted no. Write-set codes come from write-set.ts; the others: */
export type VoteNoCode =
  | WriteSetCode
  | "E_FENCED" // the coordinator's term is lower than the highest this participant has seen
  | "E_ROUND_STALE" // the round is not above the participant's last committed round
  | "E_ROUND_PENDING" // another round is still prepared here: recovery must settle it first
  | "E_ROUND_CONFLICT" // this round is already prepared with other bytes
  | "E_ROUND_RANGE" // round or term outside 1..2^63-1
  | "E_STORAGE"; // the store failed (I/O, worker gone, lock timeout, connection lost)

export type Vote = { vote: "yes" } | { vote: "no"; code: VoteNoCode; reason: string };

export interface ReadRowsOptions {
  /** Only rows of this kind. */
  kind?: number;
  /** Cursor: rows after (afterKind, afterKey) in (kind, key) order. With `kind` set, only afterKey is used;
   *  without it, both or neither must be given. */
  afterKind?: number;
  afterKey?: Uint8Array;
  /** Page size, 1..READ_ROWS_LIMIT_MAX. */
  limit: number;
}

export interface Participant {
  readonly participantId: number;
  /** Phase 1. Validates the write set and the term, then makes it durable (one forced write). Never throws:
   *  any failure is a "no" vote with its code. Preparing the same round with the same bytes again votes yes. */
  prepare(round: bigint, term: bigint, writeSet: Uint8Array): Promise<Vote>;
  /** Phase 2, commit: applies the prepared write set. Idempotent (a round already committed is a no-op). */
  commit(round: bigint): Promise<void>;
  /** Phase 2, abort: drops the prepared write set. Idempotent. */
  abort(round: bigint): Promise<void>;
  /** Rounds prepared here and neither committed nor aborted (in doubt), ascending. */
  recover(): Promise<bigint[]>;
  /** Committed rows in (kind, key) order, one page at a time (loading the core from rows). */
  readRows(opts: ReadRowsOptions): Promise<Row[]>;
  lastCommittedRound(): Promise<bigint>;
  /** The highest coordinator term this participant has seen (stored durably). */
  highestTerm(): Promise<bigint>;
  /** How many forced (fsynced) transactions this participant has run since it was opened: the fsync
   *  instrument of docs/commit.md ("fsyncs per round"). */
  forcedWrites(): number;
  close(): Promise<void>;
}

/** A store failure that crossed a thread boundary as (code, detail): the same QfsError again, or E_STORAGE when
 *  the code is not a catalogue name (a driver's own code). */
export function storeErrorFrom(code: string, detail: string): QfsError {
  return qfsError(code in ERROR_CATALOGUE ? (code as QfsErrorName) : "E_STORAGE", detail);
}

/** The detail of an error's message, without the "NAME: " prefix a QfsError puts in front of it. */
export function errorDetail(e: unknown): string {
  const message = String((e as Error | undefined)?.message ?? e);
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}

/** Rounds and terms live in signed 64-bit columns; 0 means "none yet". */
export function roundInRange(value: bigint): boolean {
  return value >= 1n && value <= ROUND_MAX;
}

export function checkReadOptions(opts: ReadRowsOptions, limitMax: number): void {
  if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > limitMax)
    throw qfsError("E_READ_LIMIT", `limit ${opts.limit} outside 1..${limitMax}`);
  if (opts.afterKey !== undefined && opts.afterKey.length !== 32)
    throw qfsError("E_READ_CURSOR", `afterKey is ${opts.afterKey.length} bytes, not 32`);
  if (opts.kind === undefined && (opts.afterKey === undefined) !== (opts.afterKind === undefined))
    throw qfsError("E_READ_CURSOR", "without kind, afterKind and afterKey go together");
}
