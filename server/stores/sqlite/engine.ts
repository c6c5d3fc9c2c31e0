// One SQLite participant's storage, synchronous: it runs inside that participant's worker thread (worker.ts), so
// the fsyncs of the six participants overlap. Schema: the committed rows, the prepared write set of the round in
// doubt, and one meta row (participant id, highest term seen, last committed round).
//
// Durability: the file is in WAL mode with synchronous=FULL, so the prepare transaction is forced to disk before
// it returns (the one fsync a participant owes per round). Commit and abort run with synchronous=NORMAL: they
// need no fsync of their own, because a commit lost in a power cut leaves its prepared row behind (the WAL keeps
// order: a later synced prepare also syncs every earlier frame), and recovery re-runs the commit from the
// coordinator's forced decision record; a lost abort likewise leaves a prepared row that presumed abort drops.
// A killed process (not a power cut) loses nothing either way: the OS already has the WAL frames.
import { qfsError } from "../../../bindings/errors/index.js";
import type { DatabaseSyncInstance, StatementSyncInstance } from "@photostructure/sqlite";
import { checkReadOptions, roundInRange, type ReadRowsOptions, type Vote } from "../participant.js";
import { decodeWriteSet, type Row } from "../write-set.js";
import { READ_ROWS_LIMIT_MAX, ROUND_MAX } from "../limits.js";
import { openDatabase, statementOf } from "./database.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rows (kind INTEGER NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,
  PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS prepared (round INTEGER PRIMARY KEY, term INTEGER NOT NULL, write_set BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), participant_id INTEGER NOT NULL,
  highest_term INTEGER NOT NULL, last_committed_round INTEGER NOT NULL);
`;

const YES: Vote = { vote: "yes" };

interface Meta {
  participant_id: bigint;
  highest_term: bigint;
  last_committed_round: bigint;
}

export class SqliteEngine {
  private readonly db: DatabaseSyncInstance;
  private readonly st: Record<string, StatementSyncInstance>;
  /** Transactions committed with synchronous=FULL since open (the fsync instrument). */
  forcedWrites = 0;

  constructor(
    file: string,
    readonly participantId: number,
  ) {
    this.db = openDatabase(file, SCHEMA);
    const st = (sql: string): StatementSyncInstance => statementOf(this.db, sql);
    this.st = {
      meta: st("SELECT participant_id, highest_term, last_committed_round FROM meta WHERE id = 1"),
      initMeta: st("INSERT INTO meta (id, participant_id, highest_term, last_committed_round) VALUES (1, ?, 0, 0)"),
      prepared: st("SELECT round, term, write_set FROM prepared ORDER BY round"),
      preparedOne: st("SELECT write_set FROM prepared WHERE round = ?"),
      insertPrepared: st("INSERT INTO prepared (round, term, write_set) VALUES (?, ?, ?)"),
      deletePrepared: st("DELETE FROM prepared WHERE round = ?"),
      raiseTerm: st("UPDATE meta SET highest_term = ? WHERE id = 1 AND highest_term < ?"),
      setCommitted: st("UPDATE meta SET last_committed_round = ? WHERE id = 1"),
      upsert: st(
        "INSERT INTO rows (kind, key, value) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
      ),
      deleteRow: st("DELETE FROM rows WHERE kind = ? AND key = ?"),
      rowsAll: st("SELECT kind, key, value FROM rows ORDER BY kind, key LIMIT ?"),
      rowsAfter: st("SELECT kind, key, value FROM rows WHERE (kind, key) > (?, ?) ORDER BY kind, key LIMIT ?"),
      rowsKind: st("SELECT kind, key, value FROM rows WHERE kind = ? ORDER BY key LIMIT ?"),
      rowsKindAfter: st("SELECT kind, key, value FROM rows WHERE kind = ? AND key > ? ORDER BY key LIMIT ?"),
    };
    this.transaction(true, () => {
      const meta = this.meta(false);
      if (!meta) this.st.initMeta!.run(participantId);
      else if (Number(meta.participant_id) !== participantId)
        throw qfsError(
          "E_STORE_IDENTITY",
          `${file} belongs to participant ${meta.participant_id}, not ${participantId}`,
        );
    });
  }

  private meta(required = true): Meta | undefined {
    const m = this.st.meta!.get() as Meta | undefined;
    if (!m && required) throw qfsError("E_STORAGE", "meta row missing");
    return m;
  }

  /** Runs fn in one IMMEDIATE transaction; forced = the commit is fsynced (synchronous=FULL). */
  private transaction(forced: boolean, fn: () => void): void {
    if (!forced) this.db.exec("PRAGMA synchronous = NORMAL");
    try {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        fn();
        this.db.exec("COMMIT");
      } catch (e) {
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw e;
      }
      if (forced) this.forcedWrites++;
    } finally {
      if (!forced) this.db.exec("PRAGMA synchronous = FULL");
    }
  }

  prepare(round: bigint, term: bigint, writeSet: Uint8Array): Vote {
    if (!roundInRange(round) || !roundInRange(term))
      return { vote: "no", code: "E_ROUND_RANGE", reason: `round ${round} or term ${term} outside 1..${ROUND_MAX}` };
    const decoded = decodeWriteSet(writeSet, this.participantId);
    if (!decoded.ok) return { vote: "no", code: decoded.code, reason: decoded.reason };
    try {
      const meta = this.meta()!;
      if (term < meta.highest_term)
        return { vote: "no", code: "E_FENCED", reason: `term ${term} < highest seen ${meta.highest_term}` };
      if (round <= meta.last_committed_round)
        return {
          vote: "no",
          code: "E_ROUND_STALE",
          reason: `round ${round} <= last committed ${meta.last_committed_round}`,
        };
      for (const p of this.st.prepared!.all() as { round: bigint; write_set: Uint8Array }[]) {
        if (p.round !== round)
          return { vote: "no", code: "E_ROUND_PENDING", reason: `round ${p.round} is still prepared (in doubt)` };
        if (!sameBytes(p.write_set, writeSet))
          return { vote: "no", code: "E_ROUND_CONFLICT", reason: `round ${round} already prepared with other bytes` };
        return YES; // the same prepare again: already durable
      }
      this.transaction(true, () => {
        this.st.insertPrepared!.run(round, term, writeSet);
        this.st.raiseTerm!.run(term, term);
      });
      return YES;
    } catch (e) {
      return { vote: "no", code: "E_STORAGE", reason: String((e as Error).message ?? e) };
    }
  }

  commit(round: bigint): void {
    const row = this.st.preparedOne!.get(round) as { write_set: Uint8Array } | undefined;
    if (!row) {
      if (round <= this.meta()!.last_committed_round) return; // committed before: idempotent
      throw qfsError("E_NOT_PREPARED", `round ${round} was never prepared here`);
    }
    const decoded = decodeWriteSet(row.write_set, this.participantId);
    if (!decoded.ok) throw qfsError("E_STORAGE", `stored write set of round ${round} is corrupt: ${decoded.code}`);
    this.transaction(false, () => {
      for (const r of decoded.writeSet.rows) {
        if (r.delete) this.st.deleteRow!.run(r.kind, r.key);
        else this.st.upsert!.run(r.kind, r.key, r.value);
      }
      this.st.setCommitted!.run(round);
      this.st.deletePrepared!.run(round);
    });
  }

  abort(round: bigint): void {
    if (!this.st.preparedOne!.get(round)) return; // never prepared or already settled: idempotent
    this.transaction(false, () => void this.st.deletePrepared!.run(round));
  }

  recover(): bigint[] {
    return (this.st.prepared!.all() as { round: bigint }[]).map((p) => p.round);
  }

  readRows(opts: ReadRowsOptions): Row[] {
    checkReadOptions(opts, READ_ROWS_LIMIT_MAX);
    const lim = opts.limit;
    let out: unknown[];
    if (opts.kind !== undefined) {
      out = opts.afterKey
        ? this.st.rowsKindAfter!.all(opts.kind, opts.afterKey, lim)
        : this.st.rowsKind!.all(opts.kind, lim);
    } else if (opts.afterKind !== undefined) {
      out = this.st.rowsAfter!.all(opts.afterKind, opts.afterKey!, lim);
    } else out = this.st.rowsAll!.all(lim);
    return (out as { kind: bigint; key: Uint8Array; value: Uint8Array }[]).map((r) => ({
      kind: Number(r.kind),
      key: new Uint8Array(r.key),
      value: new Uint8Array(r.value),
    }));
  }

  lastCommittedRound(): bigint {
    return this.meta()!.last_committed_round;
  }

  highestTerm(): bigint {
    return this.meta()!.highest_term;
  }

  close(): void {
    this.db.close();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
