// Write set v1 (contracts.md §A): the bytes a prepared batch gives each participant. The stores treat
// (kind, key) -> value as opaque; this module only checks the framing strictly, so a malformed write set is a
// "no" vote with a named code and never a throw, and never reaches storage.
import {
  PARTICIPANT_COUNT,
  REGISTRY_PARTICIPANT_ID,
  ROW_VALUE_BYTES_MAX,
  WRITE_SET_BYTES_MAX,
  WRITE_SET_ROWS_MAX,
} from "./limits.js";

export const WS_MAGIC = [0x51, 0x57, 0x53, 0x31]; // "QWS1"
export const WS_VERSION = 1;
export const WS_HEADER_BYTES = 24;
export const WS_ROW_HEADER_BYTES = 4 + 32 + 4;
export const KEY_BYTES = 32;
export const ROW_FLAG_DELETE = 1;

export const KIND_BALANCE = 1;
export const KIND_SUPPLY = 2;
export const KIND_ACCOUNT = 3;
export const KIND_KEY = 4;
export const KIND_GLOBALS = 5;
/** u128 balances and supplies are 16 bytes. */
export const U128_BYTES = 16;

export interface Row {
  kind: number;
  key: Uint8Array; // 32 bytes
  value: Uint8Array; // empty when deleted
}
export interface WriteRow extends Row {
  delete: boolean;
}
export interface WriteSet {
  participantId: number;
  batchSeq: bigint;
  rows: WriteRow[];
}

/** Why a write set was refused; each is a "no" vote code. */
export type WriteSetCode =
  | "E_WS_TOO_LARGE"
  | "E_WS_SHORT"
  | "E_WS_MAGIC"
  | "E_WS_VERSION"
  | "E_WS_PARTICIPANT"
  | "E_WS_RESERVED"
  | "E_WS_ROW_COUNT"
  | "E_WS_ROW_TRUNCATED"
  | "E_WS_KIND"
  | "E_WS_FLAGS"
  | "E_WS_VALUE_LENGTH"
  | "E_WS_KEY"
  | "E_WS_ORDER"
  | "E_WS_TRAILING";

export type DecodeResult = { ok: true; writeSet: WriteSet } | { ok: false; code: WriteSetCode; reason: string };

const fail = (code: WriteSetCode, reason: string): DecodeResult => ({ ok: false, code, reason });

/** The kinds a participant may hold: tokens hold balances and their supply, the registry the rest. */
export function kindAllowed(participantId: number, kind: number): boolean {
  if (participantId === REGISTRY_PARTICIPANT_ID)
    return kind === KIND_ACCOUNT || kind === KIND_KEY || kind === KIND_GLOBALS;
  return kind === KIND_BALANCE || kind === KIND_SUPPLY;
}

/** (kind, key) order: kind first, then the key bytes unsigned lexicographically. */
export function compareRowKey(kindA: number, keyA: Uint8Array, kindB: number, keyB: Uint8Array): number {
  if (kindA !== kindB) return kindA - kindB;
  for (let i = 0; i < KEY_BYTES; i++) {
    const d = (keyA[i] as number) - (keyB[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function isZeroKey(key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== 0) return false;
  return true;
}

function checkHeader(bytes: Uint8Array, view: DataView, expectedParticipant: number): DecodeResult | null {
  if (bytes.length > WRITE_SET_BYTES_MAX)
    return fail("E_WS_TOO_LARGE", `${bytes.length} bytes > ${WRITE_SET_BYTES_MAX}`);
  if (bytes.length < WS_HEADER_BYTES)
    return fail("E_WS_SHORT", `${bytes.length} bytes < the ${WS_HEADER_BYTES}-byte header`);
  for (let i = 0; i < 4; i++) if (bytes[i] !== WS_MAGIC[i]) return fail("E_WS_MAGIC", "magic is not QWS1");
  const participantId = bytes[4] as number;
  if (bytes[5] !== WS_VERSION) return fail("E_WS_VERSION", `version ${bytes[5]} is not ${WS_VERSION}`);
  if (participantId >= PARTICIPANT_COUNT || participantId !== expectedParticipant)
    return fail("E_WS_PARTICIPANT", `write set for participant ${participantId}, this is ${expectedParticipant}`);
  if (view.getUint16(6, true) !== 0 || view.getUint32(20, true) !== 0)
    return fail("E_WS_RESERVED", "header reserved bytes not 0");
  const rowCount = view.getUint32(16, true);
  if (rowCount > WRITE_SET_ROWS_MAX) return fail("E_WS_ROW_COUNT", `${rowCount} rows > ${WRITE_SET_ROWS_MAX}`);
  // Each row takes at least its header: a count the bytes cannot hold is refused before any allocation.
  if (rowCount * WS_ROW_HEADER_BYTES > bytes.length - WS_HEADER_BYTES)
    return fail("E_WS_ROW_COUNT", `${rowCount} rows cannot fit in ${bytes.length} bytes`);
  return null;
}

/** Decodes and validates a write set for `expectedParticipant`. Never throws on any input. */
export function decodeWriteSet(bytes: Uint8Array, expectedParticipant: number): DecodeResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = checkHeader(bytes, view, expectedParticipant);
  if (bad) return bad;
  const rowCount = view.getUint32(16, true);
  const rows: WriteRow[] = [];
  let at = WS_HEADER_BYTES;
  for (let i = 0; i < rowCount; i++) {
    if (at + WS_ROW_HEADER_BYTES > bytes.length) return fail("E_WS_ROW_TRUNCATED", `row ${i} header past the end`);
    const kind = bytes[at] as number;
    const flags = bytes[at + 1] as number;
    if (!kindAllowed(expectedParticipant, kind))
      return fail("E_WS_KIND", `row ${i}: kind ${kind} not held by participant ${expectedParticipant}`);
    if ((flags & ~ROW_FLAG_DELETE) !== 0) return fail("E_WS_FLAGS", `row ${i}: unknown flags ${flags}`);
    if (view.getUint16(at + 2, true) !== 0) return fail("E_WS_RESERVED", `row ${i}: reserved bytes not 0`);
    const key = bytes.subarray(at + 4, at + 4 + KEY_BYTES);
    const valueLen = view.getUint32(at + 4 + KEY_BYTES, true);
    at += WS_ROW_HEADER_BYTES;
    const del = (flags & ROW_FLAG_DELETE) !== 0;
    const lengthBad = checkValueLength(kind, del, valueLen);
    if (lengthBad) return fail("E_WS_VALUE_LENGTH", `row ${i}: ${lengthBad}`);
    if (at + valueLen > bytes.length) return fail("E_WS_ROW_TRUNCATED", `row ${i} value past the end`);
    if ((kind === KIND_SUPPLY || kind === KIND_GLOBALS) && !isZeroKey(key))
      return fail("E_WS_KEY", `row ${i}: kind ${kind} has the all-zero key`);
    const prev = rows[i - 1];
    if (prev && compareRowKey(prev.kind, prev.key, kind, key) >= 0)
      return fail("E_WS_ORDER", `row ${i}: rows not sorted by (kind, key) or not unique`);
    rows.push({ kind, key, value: bytes.subarray(at, at + valueLen), delete: del });
    at += valueLen;
  }
  if (at !== bytes.length) return fail("E_WS_TRAILING", `${bytes.length - at} bytes after the last row`);
  return { ok: true, writeSet: { participantId: expectedParticipant, batchSeq: view.getBigUint64(8, true), rows } };
}

function checkValueLength(kind: number, del: boolean, valueLen: number): string | null {
  if (del) return valueLen === 0 ? null : `a delete carries ${valueLen} value bytes`;
  if (valueLen > ROW_VALUE_BYTES_MAX) return `${valueLen} value bytes > ${ROW_VALUE_BYTES_MAX}`;
  if ((kind === KIND_BALANCE || kind === KIND_SUPPLY) && valueLen !== U128_BYTES)
    return `a u128 row has ${valueLen} bytes, not ${U128_BYTES}`;
  if (valueLen === 0) return "an upsert with an empty value";
  return null;
}

/** Encodes a write set (tests, tools and the crash child use it; the core produces the real ones). Rows must be
 *  sorted and unique: the encoder does not reorder, so tests can build bad ones too. */
export function encodeWriteSet(participantId: number, batchSeq: bigint, rows: readonly WriteRow[]): Uint8Array {
  let size = WS_HEADER_BYTES;
  for (const r of rows) size += WS_ROW_HEADER_BYTES + (r.delete ? 0 : r.value.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(WS_MAGIC, 0);
  out[4] = participantId;
  out[5] = WS_VERSION;
  view.setBigUint64(8, batchSeq, true);
  view.setUint32(16, rows.length, true);
  let at = WS_HEADER_BYTES;
  for (const r of rows) {
    out[at] = r.kind;
    out[at + 1] = r.delete ? ROW_FLAG_DELETE : 0;
    out.set(r.key, at + 4);
    const value = r.delete ? new Uint8Array(0) : r.value;
    view.setUint32(at + 4 + KEY_BYTES, value.length, true);
    out.set(value, at + WS_ROW_HEADER_BYTES);
    at += WS_ROW_HEADER_BYTES + value.length;
  }
  return out;
}
