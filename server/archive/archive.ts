// The archive (docs/service.md "Archive"): DATA_DIR/archive.sqlite, an index DERIVED from the decision log —
// checkpoints and batches (as bytes) by seq, audit entries as one block a round, transactions by tx id and by body
// hash, event leaves by account (events are decoded from their entries on read). It is written after each commit and caught up from the decision log at start (every
// round above its high-water mark), so a crash between a decision and its index loses nothing: the decision log
// stays the only source of truth. Proofs come from an in-memory AuditLog loaded from the entries at open.
//
// SQLite with synchronous=NORMAL, not FULL like the stores: a lost index write (power cut) is redone from the
// forced decision log by the next start's catch-up, so an fsync per batch here would buy nothing. Each round is
// indexed in one transaction, so a kill leaves it all there or not at all.
import { join } from "node:path";
import type { DatabaseSyncInstance, StatementSyncInstance } from "@photostructure/sqlite";
import { errorName, qfsError } from "../../bindings/errors/index.js";
import { ledgerCodeName } from "../../bindings/index.js";
import { AuditLog } from "../../bindings/audit/log.js";
import { checkpointHash, type Checkpoint } from "../../bindings/audit/checkpoint.js";
import { decodeEntry } from "../../bindings/audit/entries.js";
import { replayLogV2BatchLine } from "../../bindings/replay/format-v2.js";
import { crashPoint } from "../commit/crash-points.js";
import type { DecisionLog } from "../commit/decision-log.js";
import { openDatabase } from "../stores/sqlite/database.js";
import type { AccountEventJson, EntryJson, EventJson, ReceiptJson, SignedCheckpointJson } from "../node-service.js";
import {
  batchMeta,
  batchOfMeta,
  decodeBlobs,
  decodePayload,
  encodeBlobs,
  type RoundPayload,
} from "../sequencer/payload.js";
import { MAX_PACKET_BYTES } from "../../bindings/packet/types.js";
import { signedCheckpointJson } from "./checkpoint-json.js";
import { eventFromEntry } from "./event-json.js";
import { ENTRY_BLOCKS_SCHEMA, EntryBlocks, type EntryBlock } from "./entry-blocks.js";
import { ARCHIVE_FILE_NAME, ARCHIVE_PAGE_MAX, CATCH_UP_ROUNDS_PAGE, LOAD_BLOCKS_PAGE } from "./limits.js";

export const ARCHIVE_FILE = ARCHIVE_FILE_NAME;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), high_round INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (id, high_round) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS checkpoints (seq INTEGER PRIMARY KEY, round INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batch_packets (seq INTEGER PRIMARY KEY, chain_id INTEGER NOT NULL,
  packet_count INTEGER NOT NULL, meta TEXT NOT NULL, packets BLOB NOT NULL);
${ENTRY_BLOCKS_SCHEMA}CREATE TABLE IF NOT EXISTS txs (tx_id BLOB PRIMARY KEY, body_hash BLOB NOT NULL, seq INTEGER NOT NULL,
  idx INTEGER NOT NULL, code INTEGER NOT NULL, audit_index INTEGER NOT NULL, events_from INTEGER NOT NULL,
  events_to INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS txs_applied_body ON txs (body_hash) WHERE code = 0;
CREATE TABLE IF NOT EXISTS account_events (account BLOB NOT NULL, audit_index INTEGER NOT NULL,
  tx_id BLOB NOT NULL, PRIMARY KEY (account, audit_index)) WITHOUT ROWID;
`;

/** Tables only older layouts have (batch lines as text, a row an entry, events as JSON): such a file is dropped
 *  and rebuilt from the decision log. */
const OLD_LAYOUT_TABLES = ["batches", "entries", "events"];

/** Account-event rows a multi-row insert takes (a round of 256 3-token transfers has 1,536; SQLite allows 32,766
 *  parameters a statement). */
const ACCOUNT_EVENTS_PER_INSERT = 64;

/** The tx id of events no packet emitted (genesis, batch-level halts). */
const NO_TX = new Uint8Array(32);

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

interface TxRow {
  tx_id: Uint8Array;
  body_hash: Uint8Array;
  seq: number;
  idx: number;
  code: number;
  audit_index: number;
  events_from: number;
  events_to: number;
}

/** A transaction being indexed: its packet entry seen, its outcome and events to come. */
interface TxIndex {
  txId: Uint8Array;
  bodyHash: Uint8Array;
  idx: number;
  code: number;
  auditIndex: number;
  eventsFrom: number;
  eventsTo: number;
}

/** What write() indexed, for the receipts index() returns. */
interface Written {
  checkpoint: SignedCheckpointJson;
  txs: TxIndex[];
  /** The event of each entry of the round, by leaf − start (packet and outcome entries have none). */
  events: (EventJson | undefined)[];
}

/** One receipt from its parts: the one shape both the archive's rows and a round just indexed give. */
function receiptJson(r: {
  txId: Uint8Array;
  bodyHash: Uint8Array;
  code: number;
  seq: number;
  idx: number;
  auditIndex: number;
  outcomeEntry: Uint8Array;
  events: EventJson[];
  checkpoint: SignedCheckpointJson;
  inclusionProof: string[];
}): ReceiptJson {
  return {
    txId: hex(r.txId),
    bodyHash: hex(r.bodyHash),
    outcome: r.code === 0 ? "OK" : (errorName(r.code) ?? ledgerCodeName(r.code)),
    code: r.code,
    seq: String(r.seq),
    index: r.idx,
    stateRoot: r.checkpoint.stateRoot,
    auditIndex: r.auditIndex,
    outcomeEntry: Buffer.from(r.outcomeEntry).toString("base64"),
    events: r.events,
    checkpoint: r.checkpoint,
    inclusionProof: r.inclusionProof,
    repeat: false,
  };
}

export class Archive {
  private readonly st: Record<string, StatementSyncInstance>;
  private readonly auditLog = new AuditLog();
  private readonly blocks: EntryBlocks;

  private constructor(private readonly db: DatabaseSyncInstance) {
    this.blocks = new EntryBlocks(db);
    const st = (sql: string): StatementSyncInstance => db.prepare(sql);
    this.st = {
      high: st("SELECT high_round AS r FROM meta WHERE id = 1"),
      setHigh: st("UPDATE meta SET high_round = ? WHERE id = 1"),
      putCheckpoint: st("INSERT INTO checkpoints (seq, round, json) VALUES (?, ?, ?)"),
      checkpoint: st("SELECT json FROM checkpoints WHERE seq = ?"),
      checkpoints: st("SELECT json FROM checkpoints WHERE seq >= ? ORDER BY seq LIMIT ?"),
      latest: st("SELECT json FROM checkpoints ORDER BY seq DESC LIMIT 1"),
      putBatch: st("INSERT INTO batch_packets (seq, chain_id, packet_count, meta, packets) VALUES (?, ?, ?, ?, ?)"),
      batches: st(
        "SELECT seq, chain_id, packet_count, meta, packets FROM batch_packets WHERE seq > ? ORDER BY seq LIMIT ?",
      ),
      putTx: st(
        `INSERT OR IGNORE INTO txs (tx_id, body_hash, seq, idx, code, audit_index, events_from, events_to)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      tx: st("SELECT * FROM txs WHERE tx_id = ?"),
      txByBody: st("SELECT * FROM txs WHERE body_hash = ? AND code = 0 ORDER BY seq, idx LIMIT 1"),
      putAccountEvent: st("INSERT OR IGNORE INTO account_events (account, audit_index, tx_id) VALUES (?, ?, ?)"),
      putAccountEvents: st(
        "INSERT OR IGNORE INTO account_events (account, audit_index, tx_id) VALUES " +
          Array(ACCOUNT_EVENTS_PER_INSERT).fill("(?, ?, ?)").join(", "),
      ),
      accountEvents: st(
        "SELECT audit_index, tx_id FROM account_events WHERE account = ? AND audit_index >= ? ORDER BY audit_index LIMIT ?",
      ),
    };
  }

  /** Opens (or makes) DATA_DIR/archive.sqlite and loads its entries into the in-memory audit log. */
  static open(dataDir: string): Archive {
    let db: DatabaseSyncInstance;
    try {
      db = openDatabase(join(dataDir, ARCHIVE_FILE), SCHEMA);
      db.exec("PRAGMA synchronous = NORMAL;");
      const old = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      if (OLD_LAYOUT_TABLES.some((t) => old.get(t) !== undefined)) {
        // Derived data: drop the old layout and let catchUp rebuild it from the decision log.
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        for (const t of tables) db.exec(`DROP TABLE "${t.name.replace(/"/g, '""')}"`);
        db.exec(SCHEMA);
      }
    } catch (e) {
      throw qfsError("E_ARCHIVE", `${join(dataDir, ARCHIVE_FILE)}: ${(e as Error).message}`);
    }
    const a = new Archive(db);
    a.loadAuditLog();
    return a;
  }

  private loadAuditLog(): void {
    for (;;) {
      const page = this.blocks.from(this.auditLog.size, LOAD_BLOCKS_PAGE);
      for (const b of page) {
        if (b.first !== this.auditLog.size) throw qfsError("E_ARCHIVE", `entry ${this.auditLog.size} is missing`);
        for (const e of b.entries) this.auditLog.append(e);
      }
      if (page.length < LOAD_BLOCKS_PAGE) return;
    }
  }

  /** The highest decision-log round indexed (commit or abort). */
  highRound(): bigint {
    return BigInt((this.st.high!.get() as { r: number | bigint }).r);
  }

  get auditSize(): number {
    return this.auditLog.size;
  }

  /** Indexes every decision above the high-water mark, in round order (a page at a time). */
  async catchUp(log: DecisionLog): Promise<number> {
    let indexed = 0;
    for (;;) {
      const page = await log.after(this.highRound(), CATCH_UP_ROUNDS_PAGE);
      for (const rec of page) {
        this.index(rec.round, rec.decision === "commit" ? decodePayload(rec.payload) : undefined);
        indexed++;
      }
      if (page.length < CATCH_UP_ROUNDS_PAGE) return indexed;
    }
  }

  /** Indexes one decided round (undefined payload: an abort record, which only moves the high-water mark), in one
   *  transaction; then appends its entries to the in-memory audit log. Returns the receipts of its packets, in
   *  batch order, built from what was just written (equal to receipt() of each; none for an abort or a round
   *  already indexed). */
  index(round: bigint, p: RoundPayload | undefined): ReceiptJson[] {
    if (round <= this.highRound()) return [];
    const start = p === undefined ? this.auditLog.size : p.checkpoint.treeSize - p.entries.length;
    if (start !== this.auditLog.size)
      throw qfsError(
        "E_ARCHIVE",
        `round ${round} starts at leaf ${start}, the archive holds ${this.auditLog.size} (delete ${ARCHIVE_FILE} to rebuild it)`,
      );
    let written: Written | undefined;
    this.db.exec("BEGIN");
    try {
      if (p !== undefined) written = this.write(round, p, start);
      this.st.setHigh!.run(round);
      this.db.exec("COMMIT");
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw qfsError("E_ARCHIVE", `indexing round ${round}: ${(e as Error).message}`);
    }
    for (const e of p?.entries ?? []) this.auditLog.append(e);
    if (p !== undefined && this.auditLog.size !== p.checkpoint.treeSize)
      throw qfsError(
        "E_ARCHIVE",
        `round ${round}: ${this.auditLog.size} leaves, its checkpoint says ${p.checkpoint.treeSize}`,
      );
    if (p === undefined || written === undefined) return [];
    const w = written;
    return w.txs.map((t) =>
      receiptJson({
        txId: t.txId,
        bodyHash: t.bodyHash,
        code: t.code,
        seq: p.checkpoint.seq,
        idx: t.idx,
        auditIndex: t.auditIndex,
        outcomeEntry: p.entries[t.auditIndex - start]!,
        events: w.events.slice(t.eventsFrom - start, t.eventsTo - start).map((e, k) => {
          if (e === undefined) throw qfsError("E_ARCHIVE", `round ${round}: leaf ${t.eventsFrom + k} is not an event`);
          return e;
        }),
        checkpoint: w.checkpoint,
        inclusionProof: this.inclusionProof(t.auditIndex, p.checkpoint.treeSize),
      }),
    );
  }

  private write(round: bigint, p: RoundPayload, start: number): Written {
    const seq = p.checkpoint.seq;
    const checkpoint = signedCheckpointJson(p.checkpoint, p.checkpointSignature);
    this.st.putCheckpoint!.run(seq, round, JSON.stringify(checkpoint));
    // The batch as bytes: its replay-log line (base64 of every packet) is made when the log is read, not per round.
    if (p.batch !== undefined)
      this.st.putBatch!.run(
        seq,
        p.chainId,
        p.batch.packets.length,
        JSON.stringify(batchMeta(p.batch)),
        encodeBlobs(p.batch.packets),
      );
    this.blocks.put(start, seq, p.entries);
    // Test-only: a kill here leaves the transaction half written; SQLite drops it, the next start redoes it.
    crashPoint("mid-archive");
    let tx: TxIndex | undefined;
    const txs: TxIndex[] = [];
    // Every entry's event (undefined for packet and outcome entries), by leaf − start.
    const events: ({ json: EventJson } | undefined)[] = [];
    // (account, leaf, tx id) triples, flat: inserted ACCOUNT_EVENTS_PER_INSERT rows a statement.
    const accountRows: (Uint8Array | number)[] = [];
    const flush = () => {
      if (tx === undefined) return;
      const t = tx;
      this.st.putTx!.run(t.txId, t.bodyHash, seq, t.idx, t.code, t.auditIndex, t.eventsFrom, t.eventsTo);
      txs.push(t);
    };
    let packets = 0;
    p.entries.forEach((bytes, k) => {
      const leaf = start + k;
      const e = decodeEntry(bytes);
      events.push(undefined);
      if (e.kind === "packet") {
        flush();
        tx = {
          txId: e.packetId,
          bodyHash: e.packetHash,
          idx: packets++,
          code: -1,
          auditIndex: -1,
          eventsFrom: 0,
          eventsTo: 0,
        };
      } else if (e.kind === "outcome") {
        if (tx === undefined || tx.auditIndex !== -1)
          throw qfsError("E_ARCHIVE", `leaf ${leaf}: an outcome out of place`);
        Object.assign(tx, { code: e.status, auditIndex: leaf, eventsFrom: leaf + 1, eventsTo: leaf + 1 });
      } else {
        const ev = eventFromEntry(bytes, leaf)!;
        events[k] = ev;
        const mine = tx !== undefined && ev.json.packet === tx.idx;
        if (mine) tx!.eventsTo = leaf + 1;
        const txId = mine ? tx!.txId : NO_TX;
        for (const a of ev.accounts) accountRows.push(unhex(a), leaf, txId);
      }
    });
    flush();
    this.putAccountEvents(accountRows);
    if (packets !== p.packets.length)
      throw qfsError("E_ARCHIVE", `round ${round}: ${packets} packet entries for ${p.packets.length} packets`);
    return { checkpoint, txs, events: events.map((e) => e?.json) };
  }

  private putAccountEvents(flat: (Uint8Array | number)[]): void {
    const perInsert = 3 * ACCOUNT_EVENTS_PER_INSERT;
    let i = 0;
    for (; i + perInsert <= flat.length; i += perInsert) this.st.putAccountEvents!.run(...flat.slice(i, i + perInsert));
    for (; i < flat.length; i += 3) this.st.putAccountEvent!.run(...flat.slice(i, i + 3));
  }

  checkpoint(seq: number): SignedCheckpointJson | undefined {
    const row = this.st.checkpoint!.get(seq) as { json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.json) as SignedCheckpointJson);
  }

  latestCheckpoint(): SignedCheckpointJson | undefined {
    const row = this.st.latest!.get() as { json: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.json) as SignedCheckpointJson);
  }

  checkpoints(fromSeq: number, limit: number): SignedCheckpointJson[] {
    const rows = this.st.checkpoints!.all(fromSeq, Math.min(limit, ARCHIVE_PAGE_MAX)) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as SignedCheckpointJson);
  }

  /** Batch lines of the replay log with seq > afterSeq, at most `limit`. */
  batchLines(afterSeq: number, limit: number): { seq: number; line: string }[] {
    const rows = this.st.batches!.all(afterSeq, limit) as {
      seq: number;
      chain_id: number;
      packet_count: number;
      meta: string;
      packets: Uint8Array;
    }[];
    return rows.map((r) => {
      try {
        const packets = decodeBlobs(new Uint8Array(r.packets), r.packet_count, MAX_PACKET_BYTES, "packet");
        const batch = batchOfMeta(JSON.parse(r.meta) as Record<string, unknown>, packets, r.chain_id);
        return { seq: r.seq, line: replayLogV2BatchLine(batch) };
      } catch (e) {
        throw qfsError("E_ARCHIVE", `batch ${r.seq}: ${(e as Error).message} (delete ${ARCHIVE_FILE} to rebuild it)`);
      }
    });
  }

  /** Entries [from, to); the caller checks the range (to − from ≤ ARCHIVE_PAGE_MAX, to ≤ auditSize). */
  entries(from: number, to: number): EntryJson[] {
    return this.blocks
      .range(from, Math.min(to, from + ARCHIVE_PAGE_MAX))
      .map((r) => ({ index: r.index, entry: Buffer.from(r.entry).toString("base64") }));
  }

  accountEvents(account: Uint8Array, fromAuditIndex: number, limit: number): AccountEventJson[] {
    const rows = this.st.accountEvents!.all(account, fromAuditIndex, Math.min(limit, ARCHIVE_PAGE_MAX)) as {
      audit_index: number;
      tx_id: Uint8Array;
    }[];
    let block: EntryBlock | undefined;
    return rows.map((r) => {
      if (block === undefined || r.audit_index >= block.first + block.entries.length)
        block = this.blockAt(r.audit_index);
      return {
        auditIndex: r.audit_index,
        seq: String(block.seq),
        txId: hex(r.tx_id),
        event: this.eventAt(block, r.audit_index),
      };
    });
  }

  private blockAt(index: number): EntryBlock {
    const b = this.blocks.at(index);
    if (b === undefined) throw qfsError("E_ARCHIVE", `entry ${index} is not in the archive`);
    return b;
  }

  private eventAt(block: EntryBlock, index: number): EventJson {
    const ev = eventFromEntry(block.entries[index - block.first]!, index);
    if (ev === undefined) throw qfsError("E_ARCHIVE", `entry ${index} is not an event`);
    return ev.json;
  }

  inclusionProof(index: number, treeSize: number): string[] {
    return this.auditLog.inclusionProof(index, treeSize).map(hex);
  }

  consistencyProof(first: number, second: number): string[] {
    return this.auditLog.consistencyProof(first, second).map(hex);
  }

  auditRoot(size: number): Uint8Array {
    return this.auditLog.root(size);
  }

  /** The receipt of a sequenced packet (repeat: false), or undefined. */
  receipt(txId: Uint8Array): ReceiptJson | undefined {
    const row = this.st.tx!.get(txId) as TxRow | undefined;
    return row === undefined ? undefined : this.receiptOf(row);
  }

  /** The receipt of the first applied packet (code 0) with this signed body, or undefined. */
  appliedReceiptByBody(bodyHash: Uint8Array): ReceiptJson | undefined {
    const row = this.st.txByBody!.get(bodyHash) as TxRow | undefined;
    return row === undefined ? undefined : this.receiptOf(row);
  }

  private receiptOf(row: TxRow): ReceiptJson {
    const checkpoint = this.checkpoint(row.seq);
    const block = this.blocks.at(row.audit_index);
    if (checkpoint === undefined || block === undefined || row.events_to > block.first + block.entries.length)
      throw qfsError("E_ARCHIVE", `tx ${hex(row.tx_id)}: checkpoint ${row.seq} or entry ${row.audit_index} missing`);
    const events: EventJson[] = [];
    for (let leaf = row.events_from; leaf < row.events_to; leaf++) events.push(this.eventAt(block, leaf));
    return receiptJson({
      txId: row.tx_id,
      bodyHash: row.body_hash,
      code: row.code,
      seq: row.seq,
      idx: row.idx,
      auditIndex: row.audit_index,
      outcomeEntry: block.entries[row.audit_index - block.first]!,
      events,
      checkpoint,
      inclusionProof: this.inclusionProof(row.audit_index, checkpoint.treeSize),
    });
  }

  /** After the catch-up the archive must end at the last committed round's checkpoint, with its audit root. */
  checkEndsAt(last: Checkpoint): void {
    const latest = this.latestCheckpoint();
    if (latest === undefined || latest.hash !== hex(checkpointHash(last)))
      throw qfsError("E_ARCHIVE", `the archive ends at checkpoint ${latest?.seq ?? "none"}, the log at ${last.seq}`);
    if (this.auditLog.size !== last.treeSize || hex(this.auditLog.root()) !== hex(last.auditRoot))
      throw qfsError(
        "E_ARCHIVE",
        `the archive's ${this.auditLog.size} entries do not reach checkpoint ${last.seq}'s root`,
      );
  }

  close(): void {
    this.db.close();
  }
}
