// The archive's audit entries, one row a round (docs/service.md "Archive"): a block holds the round's entries as
// length-prefixed bytes, keyed by the leaf index of its first entry. One insert a round instead of one an entry
// (a 3-token transfer makes five), and the events the API serves are decoded from these same bytes on read: the
// entries are what the proofs cover, so nothing is stored twice.
import type { DatabaseSyncInstance, StatementSyncInstance } from "@photostructure/sqlite";
import { qfsError } from "../../bindings/errors/index.js";
import { ENTRY_MAX_LEN } from "../../bindings/audit/entries.js";
import { decodeBlobs, encodeBlobs } from "../sequencer/payload.js";
import { ARCHIVE_FILE_NAME } from "./limits.js";

export const ENTRY_BLOCKS_SCHEMA = `
CREATE TABLE IF NOT EXISTS entry_blocks (first_idx INTEGER PRIMARY KEY, count INTEGER NOT NULL,
  seq INTEGER NOT NULL, entries BLOB NOT NULL);
`;

/** A round's entries: leaves first … first + entries.length − 1, of checkpoint `seq`. */
export interface EntryBlock {
  first: number;
  seq: number;
  entries: Uint8Array[];
}

interface BlockRow {
  first_idx: number;
  count: number;
  seq: number;
  entries: Uint8Array;
}

export class EntryBlocks {
  private readonly st: Record<"put" | "at" | "from", StatementSyncInstance>;

  constructor(db: DatabaseSyncInstance) {
    this.st = {
      put: db.prepare("INSERT INTO entry_blocks (first_idx, count, seq, entries) VALUES (?, ?, ?, ?)"),
      at: db.prepare(
        "SELECT first_idx, count, seq, entries FROM entry_blocks WHERE first_idx <= ? ORDER BY first_idx DESC LIMIT 1",
      ),
      from: db.prepare(
        "SELECT first_idx, count, seq, entries FROM entry_blocks WHERE first_idx >= ? ORDER BY first_idx LIMIT ?",
      ),
    };
  }

  put(first: number, seq: number, entries: readonly Uint8Array[]): void {
    if (entries.length > 0) this.st.put.run(first, entries.length, seq, encodeBlobs(entries));
  }

  /** The block holding leaf `index`, or undefined. */
  at(index: number): EntryBlock | undefined {
    const row = this.st.at.get(index) as BlockRow | undefined;
    if (row === undefined || index >= row.first_idx + row.count) return undefined;
    return blockOf(row);
  }

  /** Up to `limit` blocks whose first leaf is ≥ `first`, in order. */
  from(first: number, limit: number): EntryBlock[] {
    return (this.st.from.all(first, limit) as BlockRow[]).map(blockOf);
  }

  /** The entries of leaves [from, to), in order (fewer when the archive ends before `to`). */
  range(from: number, to: number): { index: number; entry: Uint8Array }[] {
    const out: { index: number; entry: Uint8Array }[] = [];
    let block = this.at(from);
    while (block !== undefined && out.length < to - from) {
      const start = Math.max(from, block.first) - block.first;
      const end = Math.min(to, block.first + block.entries.length) - block.first;
      for (let k = start; k < end; k++) out.push({ index: block.first + k, entry: block.entries[k]! });
      const next = block.first + block.entries.length;
      if (next >= to) break;
      block = this.at(next);
    }
    return out;
  }
}

function blockOf(row: BlockRow): EntryBlock {
  try {
    return {
      first: row.first_idx,
      seq: row.seq,
      entries: decodeBlobs(new Uint8Array(row.entries), row.count, ENTRY_MAX_LEN, "entry"),
    };
  } catch (e) {
    throw qfsError(
      "E_ARCHIVE",
      `entries from ${row.first_idx}: ${(e as Error).message} (delete ${ARCHIVE_FILE_NAME} to rebuild it)`,
    );
  }
}
