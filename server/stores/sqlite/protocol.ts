// The messages between the main thread and one SQLite participant's worker. Every request carries an id; the
// reply echoes it with the result or a named error, plus the worker's forced-write count so the main thread can
// read the fsync instrument without a round trip of its own.
import type { ReadRowsOptions, Vote } from "../participant.js";
import type { Row } from "../write-set.js";

export interface WorkerInit {
  file: string;
  participantId: number;
}

export type Request =
  | { id: number; op: "prepare"; round: bigint; term: bigint; writeSet: Uint8Array }
  | { id: number; op: "commit"; round: bigint }
  | { id: number; op: "abort"; round: bigint }
  | { id: number; op: "recover" }
  | { id: number; op: "readRows"; opts: ReadRowsOptions }
  | { id: number; op: "lastCommittedRound" }
  | { id: number; op: "highestTerm" }
  | { id: number; op: "close" };

export type Result = Vote | bigint[] | Row[] | bigint | null;

export type Reply =
  | { id: number; ok: true; result: Result; forcedWrites: number }
  | { id: number; ok: false; code: string; message: string; forcedWrites: number };

/** The first message a worker sends: opened, or why not. */
export type Ready = { ready: true } | { ready: false; code: string; message: string };
