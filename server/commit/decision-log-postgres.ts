// The decision log in a PostgreSQL database (SPEC §10: "SQLite or PostgreSQL"), for deployments whose
// coordinator should keep no local state. Same contract as the SQLite log (decision-log.ts): each append and each
// term claim is one committed transaction, which PostgreSQL flushes (synchronous_commit = on, the default) before
// it returns. The term row is locked for the length of an append, so two coordinators on one log serialize and
// the fenced one is refused.
import { qfsError, QfsError } from "../../bindings/errors/index.js";
import pg from "pg";
import { DECISION_PAGE_MAX, ROUND_MAX } from "../stores/limits.js";
import { ensureDatabase, pgCode } from "../stores/postgres/admin.js";
import { alreadyLogged, checkAppend, type Decision, type DecisionLog, type DecisionRecord } from "./decision-log.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS qfs_decisions (round bigint PRIMARY KEY, term bigint NOT NULL,
  decision text NOT NULL CHECK (decision IN ('commit', 'abort')), payload bytea NOT NULL);
CREATE TABLE IF NOT EXISTS qfs_coordinator (id int PRIMARY KEY CHECK (id = 1), highest_term bigint NOT NULL);
INSERT INTO qfs_coordinator (id, highest_term) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
`;

type RawRecord = { round: string; term: string; decision: Decision; payload: Buffer };
const toRecord = (r: RawRecord): DecisionRecord => ({
  round: BigInt(r.round),
  term: BigInt(r.term),
  decision: r.decision,
  payload: new Uint8Array(r.payload),
});

export class PostgresDecisionLog implements DecisionLog {
  private forced = 0;

  private constructor(private readonly pool: pg.Pool) {}

  /** Connects, creating the database and the schema if missing. */
  static async open(url: string): Promise<PostgresDecisionLog> {
    await ensureDatabase(url);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on("error", () => undefined); // a dropped idle connection; the next query reconnects
    try {
      await pool.query(SCHEMA);
    } catch (e) {
      await pool.end();
      throw storageError(e);
    }
    return new PostgresDecisionLog(pool);
  }

  /** Runs fn in one transaction on one connection; the COMMIT is the forced write. */
  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((e) => Promise.reject(storageError(e)));
    const ignore = () => undefined;
    client.on("error", ignore); // a checked-out client has no pool listener
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      this.forced++;
      return result;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => (broken = true));
      throw storageError(e);
    } finally {
      client.off("error", ignore);
      client.release(broken ? true : undefined);
    }
  }

  async claimTerm(): Promise<bigint> {
    return this.transaction(async (c) => {
      const r = await c.query(
        "UPDATE qfs_coordinator SET highest_term = highest_term + 1 WHERE id = 1 RETURNING highest_term",
      );
      const term = BigInt(r.rows[0].highest_term);
      if (term > ROUND_MAX) throw qfsError("E_ROUND_RANGE", "term space exhausted");
      return term;
    });
  }

  async append(round: bigint, term: bigint, decision: Decision, payload: Uint8Array): Promise<void> {
    checkAppend(round, term, decision, payload);
    if (alreadyLogged(await this.get(round), round, term, decision)) return;
    await this.transaction(async (c) => {
      const highest = BigInt(
        (await c.query("SELECT highest_term FROM qfs_coordinator WHERE id = 1 FOR UPDATE")).rows[0].highest_term,
      );
      if (term < highest) throw qfsError("E_FENCED", `term ${term} < highest ${highest}`);
      const last = BigInt((await c.query("SELECT COALESCE(MAX(round), 0) AS r FROM qfs_decisions")).rows[0].r);
      if (round <= last) throw qfsError("E_ROUND_ORDER", `round ${round} <= last logged ${last}`);
      await c.query("INSERT INTO qfs_decisions (round, term, decision, payload) VALUES ($1, $2, $3, $4)", [
        round.toString(),
        term.toString(),
        decision,
        Buffer.from(payload),
      ]);
      await c.query("UPDATE qfs_coordinator SET highest_term = $1 WHERE id = 1 AND highest_term < $1", [
        term.toString(),
      ]);
    });
  }

  async get(round: bigint): Promise<DecisionRecord | undefined> {
    const r = await this.query("SELECT round, term, decision, payload FROM qfs_decisions WHERE round = $1", [
      round.toString(),
    ]);
    return r.rows[0] ? toRecord(r.rows[0] as RawRecord) : undefined;
  }

  async after(afterRound: bigint, limit: number): Promise<DecisionRecord[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > DECISION_PAGE_MAX)
      throw qfsError("E_READ_LIMIT", `limit ${limit} outside 1..${DECISION_PAGE_MAX}`);
    const r = await this.query(
      "SELECT round, term, decision, payload FROM qfs_decisions WHERE round > $1 ORDER BY round LIMIT $2",
      [afterRound.toString(), limit],
    );
    return (r.rows as RawRecord[]).map(toRecord);
  }

  async highestTerm(): Promise<bigint> {
    return BigInt((await this.query("SELECT highest_term FROM qfs_coordinator WHERE id = 1")).rows[0].highest_term);
  }

  async highestRound(): Promise<bigint> {
    return BigInt((await this.query("SELECT COALESCE(MAX(round), 0) AS r FROM qfs_decisions")).rows[0].r);
  }

  private async query(sql: string, args: unknown[] = []): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(sql, args);
    } catch (e) {
      throw storageError(e);
    }
  }

  forcedWrites(): number {
    return this.forced;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function storageError(e: unknown): QfsError {
  if (e instanceof QfsError) return e;
  return qfsError("E_STORAGE", `${pgCode(e) ?? ""} ${(e as Error).message}`.trim());
}
