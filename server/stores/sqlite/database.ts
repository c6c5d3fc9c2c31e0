// Opening a SQLite file the way every QFS store does: WAL, synchronous=FULL (each commit is fsynced
// unless a caller lowers it for one transaction), a busy timeout, the schema, and statements that
// read integers as bigint (rounds and terms are u64).
import { DatabaseSync, type DatabaseSyncInstance, type StatementSyncInstance } from "@photostructure/sqlite";

export function openDatabase(file: string, schema: string): DatabaseSyncInstance {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
  db.exec(schema);
  return db;
}

export function statementOf(db: DatabaseSyncInstance, sql: string): StatementSyncInstance {
  const s = db.prepare(sql);
  s.setReadBigInts(true);
  return s;
}
