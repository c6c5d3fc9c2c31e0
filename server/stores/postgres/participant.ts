// A participant in its own PostgreSQL database (SPEC §10, the scale-out path: the six databases may sit on
// different servers). Phase 1 applies the write set inside a transaction and ends it with PREPARE TRANSACTION
// 'qfs_<participant>_<round>': PostgreSQL then holds the changes durably, invisible, until COMMIT PREPARED or
// ROLLBACK PREPARED — from any session, after any restart. recover() lists this database's prepared
// transactions with our prefix. The server must allow prepared transactions (max_prepared_transactions > 0).
//
// Fencing: the highest term seen is raised in its own autocommit statement before the transaction (so it stays
// durable even when the prepare is then refused), and the transaction re-reads it under a share lock.
// Forced writes per round: PREPARE TRANSACTION flushes the WAL, and so does COMMIT PREPARED (PostgreSQL does
// not support asynchronous commit of prepared transactions), so a PostgreSQL participant costs two per round.
import { qfsError, QfsError } from "../../../bindings/errors/index.js";
import pg from "pg";
import {
  PARTICIPANT_NAMES,
  PG_LOCK_TIMEOUT_MS,
  PG_POOL_CONNECTIONS_MAX,
  READ_ROWS_LIMIT_MAX,
  ROUND_MAX,
} from "../limits.js";
import { checkReadOptions, roundInRange, type Participant, type ReadRowsOptions, type Vote } from "../participant.js";
import { decodeWriteSet, type Row, type WriteRow } from "../write-set.js";
import { ensureDatabase, pgCode } from "./admin.js";

/** Rows per INSERT/DELETE statement when applying a write set (bounds one statement's parameter arrays). */
const APPLY_CHUNK_ROWS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS qfs_rows (kind smallint NOT NULL, key bytea NOT NULL, value bytea NOT NULL,
  PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS qfs_meta (id int PRIMARY KEY CHECK (id = 1), participant_id int NOT NULL,
  highest_term bigint NOT NULL, last_committed_round bigint NOT NULL);
`;

export class PostgresParticipant implements Participant {
  private forced = 0;
  private readonly gidPrefix: string;

  private constructor(
    readonly participantId: number,
    private readonly pool: pg.Pool,
  ) {
    this.gidPrefix = `qfs_${PARTICIPANT_NAMES[participantId]}_`;
  }

  /** Connects, creates the database and schema if missing, and checks that 2PC is enabled on the server. */
  static async open(url: string, participantId: number): Promise<PostgresParticipant> {
    if (!Number.isInteger(participantId) || participantId < 0 || participantId >= PARTICIPANT_NAMES.length)
      throw qfsError("E_STORE_IDENTITY", `participant id ${participantId} outside 0..${PARTICIPANT_NAMES.length - 1}`);
    await ensureDatabase(url);
    const pool = new pg.Pool({
      connectionString: url,
      max: PG_POOL_CONNECTIONS_MAX,
      options: `-c lock_timeout=${PG_LOCK_TIMEOUT_MS}`,
    });
    // An idle connection dropped by the server (restart, -m immediate) must not crash the process; the next
    // query on the pool reconnects.
    pool.on("error", () => undefined);
    const self = new PostgresParticipant(participantId, pool);
    try {
      await self.init();
    } catch (e) {
      await pool.end();
      throw e;
    }
    return self;
  }

  private async init(): Promise<void> {
    const mpt = await this.pool.query("SHOW max_prepared_transactions");
    if (Number(mpt.rows[0].max_prepared_transactions) <= 0)
      throw qfsError(
        "E_PG_PREPARED_TRANSACTIONS_DISABLED",
        "the PostgreSQL server has max_prepared_transactions = 0; two-phase commit needs it above 0 " +
          "(set it in postgresql.conf and restart the server; docs/commit.md)",
      );
    await this.pool.query(SCHEMA);
    // Read before insert: a prepared round holds the meta row's lock, and even INSERT … ON CONFLICT DO NOTHING
    // would wait for it; a plain read does not (found by the crash suite).
    const meta = async () => (await this.pool.query("SELECT participant_id FROM qfs_meta WHERE id = 1")).rows[0];
    if (!(await meta()))
      await this.pool.query(
        "INSERT INTO qfs_meta (id, participant_id, highest_term, last_committed_round) VALUES (1, $1, 0, 0) ON CONFLICT (id) DO NOTHING",
        [this.participantId],
      );
    const owner = Number((await meta()).participant_id);
    if (owner !== this.participantId)
      throw qfsError("E_STORE_IDENTITY", `this database belongs to participant ${owner}, not ${this.participantId}`);
  }

  private gid(round: bigint): string {
    return `${this.gidPrefix}${round}`;
  }

  private async preparedRounds(client: pg.PoolClient | pg.Pool): Promise<bigint[]> {
    const r = await client.query(
      "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, $1)",
      [this.gidPrefix],
    );
    return r.rows
      .map((row: { gid: string }) => BigInt(row.gid.slice(this.gidPrefix.length)))
      .sort((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async prepare(round: bigint, term: bigint, writeSet: Uint8Array): Promise<Vote> {
    if (!roundInRange(round) || !roundInRange(term))
      return { vote: "no", code: "E_ROUND_RANGE", reason: `round ${round} or term ${term} outside 1..${ROUND_MAX}` };
    const decoded = decodeWriteSet(writeSet, this.participantId);
    if (!decoded.ok) return { vote: "no", code: decoded.code, reason: decoded.reason };
    let client: pg.PoolClient | undefined;
    let broken = false;
    try {
      client = await this.pool.connect();
      // A checked-out client has no pool listener: a server that dies now would emit an unhandled 'error'
      // and kill the process. The failing query rejects anyway, which is the no vote.
      client.on("error", ignoreError);
      // Pending rounds first: a prepared round holds the meta row's lock, which raising the term would wait on.
      for (const r of await this.preparedRounds(client)) {
        if (r === round) return { vote: "yes" }; // already prepared: PostgreSQL holds it durably
        return { vote: "no", code: "E_ROUND_PENDING", reason: `round ${r} is still prepared (in doubt)` };
      }
      const raised = await client.query("UPDATE qfs_meta SET highest_term = $1 WHERE id = 1 AND highest_term < $1", [
        term,
      ]);
      if (raised.rowCount) this.forced++;
      await client.query("BEGIN");
      const meta = (
        await client.query("SELECT highest_term, last_committed_round FROM qfs_meta WHERE id = 1 FOR SHARE")
      ).rows[0];
      const refusal = checkMeta(round, term, BigInt(meta.highest_term), BigInt(meta.last_committed_round));
      if (refusal) {
        await client.query("ROLLBACK");
        return refusal;
      }
      await applyRows(client, decoded.writeSet.rows);
      await client.query("UPDATE qfs_meta SET last_committed_round = $1 WHERE id = 1", [round]);
      await client.query(`PREPARE TRANSACTION '${this.gid(round)}'`);
      this.forced++;
      return { vote: "yes" };
    } catch (e) {
      broken = true;
      return { vote: "no", code: "E_STORAGE", reason: `${pgCode(e) ?? ""} ${(e as Error).message}`.trim() };
    } finally {
      // A failed session may be mid-transaction: destroy it rather than hand it back to the pool.
      client?.off("error", ignoreError);
      client?.release(broken ? true : undefined);
    }
  }

  async commit(round: bigint): Promise<void> {
    try {
      await this.pool.query(`COMMIT PREPARED '${this.gid(round)}'`);
      this.forced++;
    } catch (e) {
      if (pgCode(e) !== "42704") throw storageError(e); // 42704: no such prepared transaction
      if (round > (await this.lastCommittedRound()))
        throw qfsError("E_NOT_PREPARED", `round ${round} was never prepared here`);
    }
  }

  async abort(round: bigint): Promise<void> {
    try {
      await this.pool.query(`ROLLBACK PREPARED '${this.gid(round)}'`);
      this.forced++;
    } catch (e) {
      if (pgCode(e) !== "42704") throw storageError(e); // already settled or never prepared: idempotent
    }
  }

  async recover(): Promise<bigint[]> {
    try {
      return await this.preparedRounds(this.pool);
    } catch (e) {
      throw storageError(e);
    }
  }

  async readRows(opts: ReadRowsOptions): Promise<Row[]> {
    checkReadOptions(opts, READ_ROWS_LIMIT_MAX);
    let sql = "SELECT kind, key, value FROM qfs_rows";
    const args: unknown[] = [];
    if (opts.kind !== undefined) {
      args.push(opts.kind);
      sql += " WHERE kind = $1";
      if (opts.afterKey) sql += ` AND key > $${args.push(Buffer.from(opts.afterKey))}`;
    } else if (opts.afterKind !== undefined) {
      args.push(opts.afterKind, Buffer.from(opts.afterKey!));
      sql += " WHERE (kind, key) > ($1, $2)";
    }
    sql += ` ORDER BY kind, key LIMIT $${args.push(opts.limit)}`;
    try {
      const r = await this.pool.query(sql, args);
      return r.rows.map((row: { kind: number; key: Buffer; value: Buffer }) => ({
        kind: row.kind,
        key: new Uint8Array(row.key),
        value: new Uint8Array(row.value),
      }));
    } catch (e) {
      throw storageError(e);
    }
  }

  async lastCommittedRound(): Promise<bigint> {
    return BigInt(
      (await this.pool.query("SELECT last_committed_round FROM qfs_meta WHERE id = 1")).rows[0].last_committed_round,
    );
  }

  async highestTerm(): Promise<bigint> {
    return BigInt((await this.pool.query("SELECT highest_term FROM qfs_meta WHERE id = 1")).rows[0].highest_term);
  }

  forcedWrites(): number {
    return this.forced;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function ignoreError(): void {}

function checkMeta(round: bigint, term: bigint, highestTerm: bigint, lastCommitted: bigint): Vote | null {
  if (term < highestTerm) return { vote: "no", code: "E_FENCED", reason: `term ${term} < highest seen ${highestTerm}` };
  if (round <= lastCommitted)
    return { vote: "no", code: "E_ROUND_STALE", reason: `round ${round} <= last committed ${lastCommitted}` };
  return null;
}

/** Upserts and deletes in chunks, each one statement over unnest()ed arrays. */
async function applyRows(client: pg.PoolClient, rows: readonly WriteRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += APPLY_CHUNK_ROWS) {
    const chunk = rows.slice(at, at + APPLY_CHUNK_ROWS);
    const upserts = chunk.filter((r) => !r.delete);
    const deletes = chunk.filter((r) => r.delete);
    if (upserts.length)
      await client.query(
        "INSERT INTO qfs_rows (kind, key, value) SELECT * FROM unnest($1::smallint[], $2::bytea[], $3::bytea[]) " +
          "ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value",
        [upserts.map((r) => r.kind), upserts.map((r) => Buffer.from(r.key)), upserts.map((r) => Buffer.from(r.value))],
      );
    if (deletes.length)
      await client.query(
        "DELETE FROM qfs_rows WHERE (kind, key) IN (SELECT * FROM unnest($1::smallint[], $2::bytea[]))",
        [deletes.map((r) => r.kind), deletes.map((r) => Buffer.from(r.key))],
      );
  }
}

function storageError(e: unknown): QfsError {
  if (e instanceof QfsError) return e;
  return qfsError("E_STORAGE", `${pgCode(e) ?? ""} ${(e as Error).message}`.trim());
}
