// Shared by the commit-layer tests (SQLite and PostgreSQL): a seeded PRNG, random write sets over all six
// participants with a marker row per participant, and the expected state a sequence of write sets leaves.
import { PARTICIPANT_COUNT, REGISTRY_PARTICIPANT_ID } from "../../server/stores/limits.js";
import {
  compareRowKey,
  decodeWriteSet,
  encodeWriteSet,
  KIND_ACCOUNT,
  KIND_BALANCE,
  KIND_GLOBALS,
  KIND_KEY,
  KIND_SUPPLY,
  type Row,
  type WriteRow,
} from "../../server/stores/write-set.js";
import type { Participant } from "../../server/stores/participant.js";

/** xorshift32: seeded, replayable. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

export function key(byte0: number, byte1 = 0): Uint8Array {
  const k = new Uint8Array(32);
  k[0] = byte0;
  k[1] = byte1;
  return k;
}

export function u128(value: bigint): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** The marker row of a round: key 0xFF.. || round, on every participant; a token's as a BALANCE, the
 *  registry's as a KEY row. Either all six hold it after recovery, or none. */
export function markerRow(participantId: number, round: bigint): WriteRow {
  const k = new Uint8Array(32).fill(0xff);
  new DataView(k.buffer).setBigUint64(24, round, false);
  const kind = participantId === REGISTRY_PARTICIPANT_ID ? KIND_KEY : KIND_BALANCE;
  return { kind, key: k, value: u128(round), delete: false };
}

export function sortRows(rows: WriteRow[]): WriteRow[] {
  return rows.sort((a, b) => compareRowKey(a.kind, a.key, b.kind, b.key));
}

/** Random rows for one participant over a small key space (so rounds overwrite and delete each other's rows). */
function randomRows(rand: () => number, participantId: number, round: bigint): WriteRow[] {
  const byKey = new Map<string, WriteRow>();
  const n = 1 + (rand() % 6);
  for (let i = 0; i < n; i++) {
    let row: WriteRow;
    const del = rand() % 5 === 0;
    if (participantId === REGISTRY_PARTICIPANT_ID) {
      const kind = [KIND_ACCOUNT, KIND_KEY, KIND_GLOBALS][rand() % 3]!;
      const k = kind === KIND_GLOBALS ? key(0) : key(1 + (rand() % 16));
      const value = new Uint8Array(kind === KIND_ACCOUNT ? 160 : 32 + (rand() % 64)).fill(rand() & 0xff);
      row = { kind, key: k, value: del ? new Uint8Array(0) : value, delete: del };
    } else if (rand() % 4 === 0) {
      row = { kind: KIND_SUPPLY, key: key(0), value: u128(BigInt(rand())), delete: false };
    } else {
      row = {
        kind: KIND_BALANCE,
        key: key(1 + (rand() % 16)),
        value: del ? new Uint8Array(0) : u128(BigInt(rand())),
        delete: del,
      };
    }
    byKey.set(`${row.kind}:${Buffer.from(row.key).toString("hex")}`, row);
  }
  byKey.set("marker", markerRow(participantId, round));
  return sortRows([...byKey.values()]);
}

/** Six random write sets for a round (seeded by `seed` and the round). */
export function randomRound(seed: number, round: bigint): Uint8Array[] {
  const rand = prng(seed ^ Number(round & 0xffffffffn) ^ 0x5bd1e995);
  return Array.from({ length: PARTICIPANT_COUNT }, (_, p) => encodeWriteSet(p, round, randomRows(rand, p, round)));
}

/** The payload the tests store with a decision: the six write sets, each length-prefixed (u32 LE). */
export function packWriteSets(writeSets: readonly Uint8Array[]): Uint8Array {
  const total = writeSets.reduce((n, w) => n + 4 + w.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const w of writeSets) {
    view.setUint32(at, w.length, true);
    out.set(w, at + 4);
    at += 4 + w.length;
  }
  return out;
}

export function unpackWriteSets(payload: Uint8Array): Uint8Array[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < payload.length;) {
    const len = view.getUint32(at, true);
    out.push(payload.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

/** The state a sequence of committed write sets leaves on one participant: "kind:keyhex" -> value hex. */
export function applyExpected(state: Map<string, string>, writeSet: Uint8Array, participantId: number): void {
  const d = decodeWriteSet(writeSet, participantId);
  if (!d.ok) throw new Error(`test write set invalid: ${d.code}`);
  for (const r of d.writeSet.rows) {
    const k = `${r.kind}:${Buffer.from(r.key).toString("hex")}`;
    if (r.delete) state.delete(k);
    else state.set(k, Buffer.from(r.value).toString("hex"));
  }
}

/** Every committed row of a participant, read page by page across kinds. */
export async function readAll(p: Participant, pageRows = 7): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let last: Row | undefined;
  for (;;) {
    const page = await p.readRows(
      last ? { afterKind: last.kind, afterKey: last.key, limit: pageRows } : { limit: pageRows },
    );
    for (const r of page)
      out.set(`${r.kind}:${Buffer.from(r.key).toString("hex")}`, Buffer.from(r.value).toString("hex"));
    if (page.length < pageRows) return out;
    last = page[page.length - 1];
  }
}
