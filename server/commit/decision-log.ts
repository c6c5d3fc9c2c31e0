// The coordinator's durable decision log (SPEC §10): one record per decided round, forced to disk before phase 2
// starts. Presumed abort: a round with no record was never decided commit, so recovery aborts it.
// SQLite file, WAL, synchronous=FULL: each append is one fsync. It runs on the caller's thread: an append is
// one small transaction (one fsync, ~0.1-1 ms here) taken once per round, after every participant has voted,
// so nothing would overlap with it; the participants are the ones that get worker threads.
import { qfsError } from "../../bindings/errors/index.js";
import type { DatabaseSyncInstance, StatementSyncInstance } from "@photostructure/sqlite";
import { DECISION_PAGE_MAX, DECISION_PAYLOAD_BYTES_MAX, ROUND_MAX } from "../stores/limits.js";
import { roundInRange } from "../stores/participant.js";
import { openDatabase, statementOf } from "../stores/sqlite/database.js";

export type Decision = "commit" | "abort";

export interface DecisionRecord {
  round: bigint;
  term: bigint;
  decision: Decision;
  payload: Uint8Array;
}

export interface DecisionLog {
  /** Takes a new coordinator term: highest seen + 1, stored durably before it is returned. */
  claimTerm(): Promise<bigint>;
  /** Forces the decision for `round` to disk. Refuses a term below the highest (E_FENCED) and a round not above
   *  the last one logged (E_ROUND_ORDER), except that appending the identical record again is a no-op. */
  append(round: bigint, term: bigint, decision: Decision, payload: Uint8Array): Promise<void>;
  get(round: bigint): Promise<DecisionRecord | undefined>;
  /** Records with round > `afterRound`, ascending, at most `limit` (1..DECISION_PAGE_MAX). */
  after(afterRound: bigint, limit: number): Promise<DecisionRecord[]>;
  highestTerm(): Promise<bigint>;
  highestRound(): Promise<bigint>;
  /** Forced (fsynced) transactions since open: the fsync instrument. */
  forcedWrites(): number;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS decisions (round INTEGER PRIMARY KEY, term INTEGER NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('commit', 'abort')), payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), highest_term INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (id, highest_term) VALUES (1, 0);
`;

type RawRecord = { round: bigint; term: bigint; decision: Decision; payload: Uint8Array };
const toRecord = (r: RawRecord): DecisionRecord => ({ ...r, payload: new Uint8Array(r.payload) });

// The checks every decision log makes before it appends (both stores share them): ranges, the
// decision's name, the payload cap.
export function checkAppend(round: bigint, term: bigint, decision: Decision, payload: Uint8Array): void {
  if (!roundInRange(round) || !roundInRange(term))
    throw qfsError("E_ROUND_RANGE", `round ${round} or term ${term} outside 1..${ROUND_MAX}`);
  if (decision !== "commit" && decision !== "abort")
    throw qfsError("E_DECISION_INVALID", `unknown decision ${decision}`);
  if (payload.length > DECISION_PAYLOAD_BYTES_MAX)
    throw qfsError("E_DECISION_PAYLOAD", `${payload.length} bytes > ${DECISION_PAYLOAD_BYTES_MAX}`);
}

// An append of a decision already on record is a no-op (a retried force); another decision or term
// for the same round is a conflict.
export function alreadyLogged(
  existing: DecisionRecord | undefined,
  round: bigint,
  term: bigint,
  decision: Decision,
): boolean {
  if (existing === undefined) return false;
  if (existing.decision === decision && existing.term === term) return true;
  throw qfsError("E_DECISION_CONFLICT", `round ${round} already decided ${existing.decision} in term ${existing.term}`);
}

export class SqliteDecisionLog implements DecisionLog {
  private readonly db: DatabaseSyncInstance;
  private readonly st: Record<string, StatementSyncInstance>;
  private forced = 0;

  private constructor(file: string) {
    this.db = openDatabase(file, SCHEMA);
    const st = (sql: string): StatementSyncInstance => statementOf(this.db, sql);
    this.st = {
      term: st("SELECT highest_term FROM meta WHERE id = 1"),
      setTerm: st("UPDATE meta SET highest_term = ? WHERE id = 1 AND highest_term < ?"),
      maxRound: st("SELECT COALESCE(MAX(round), 0) AS r FROM decisions"),
      get: st("SELECT round, term, decision, payload FROM decisions WHERE round = ?"),
      after: st("SELECT round, term, decision, payload FROM decisions WHERE round > ? ORDER BY round LIMIT ?"),
      insert: st("INSERT INTO decisions (round, term, decision, payload) VALUES (?, ?, ?, ?)"),
    };
  }

  static async open(file: string): Promise<SqliteDecisionLog> {
    try {
      return new SqliteDecisionLog(file);
    } catch (e) {
      throw qfsError("E_STORAGE", `cannot open the decision log ${file}: ${(e as Error).message}`);
    }
  }

  private forcedTransaction(fn: () => void): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      fn();
      this.db.exec("COMMIT");
    } catch (e) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
    this.forced++;
  }

  private termNow(): bigint {
    return (this.st.term!.get() as { highest_term: bigint }).highest_term;
  }

  async claimTerm(): Promise<bigint> {
    let term = 0n;
    this.forcedTransaction(() => {
      term = this.termNow() + 1n;
      if (term > ROUND_MAX) throw qfsError("E_ROUND_RANGE", "term space exhausted");
      this.st.setTerm!.run(term, term);
    });
    return term;
  }

  async append(round: bigint, term: bigint, decision: Decision, payload: Uint8Array): Promise<void> {
    checkAppend(round, term, decision, payload);
    if (alreadyLogged(await this.get(round), round, term, decision)) return;
    this.forcedTransaction(() => {
      const highest = this.termNow();
      if (term < highest) throw qfsError("E_FENCED", `term ${term} < highest ${highest}`);
      const last = (this.st.maxRound!.get() as { r: bigint }).r;
      if (round <= last) throw qfsError("E_ROUND_ORDER", `round ${round} <= last logged ${last}`);
      this.st.insert!.run(round, term, decision, payload);
      this.st.setTerm!.run(term, term);
    });
  }

  async get(round: bigint): Promise<DecisionRecord | undefined> {
    const r = this.st.get!.get(round) as RawRecord | undefined;
    return r ? toRecord(r) : undefined;
  }

  async after(afterRound: bigint, limit: number): Promise<DecisionRecord[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > DECISION_PAGE_MAX)
      throw qfsError("E_READ_LIMIT", `limit ${limit} outside 1..${DECISION_PAGE_MAX}`);
    return (this.st.after!.all(afterRound, limit) as RawRecord[]).map(toRecord);
  }

  async highestTerm(): Promise<bigint> {
    return this.termNow();
  }

  async highestRound(): Promise<bigint> {
    return (this.st.maxRound!.get() as { r: bigint }).r;
  }

  forcedWrites(): number {
    return this.forced;
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
