// Batch undo log of a pending batch (docs/ledger.md "Pending batches"). While a prepared batch is
// open, the first write to an existing account or key record saves the record's id and old bytes,
// and the creation of a record notes its id as "was absent"; the globals block and the audit
// tree's frontier are copied whole at the start. Abort walks the log backwards and restores by
// record id, never by slot address, so it stays right when a table moves or rehashes during the
// batch; a record saved twice (marks lost to a rehash) is restored to its earliest, pre-batch bytes
// because the earliest entry is undone last.
//
// Growth (memory.grow + rehash during a batch) must move each record's touch mark with it, or
// clear the marks: a stale mark left on a slot that receives another record would skip that
// record's save. Cleared marks only cause duplicate saves, which the backward walk makes harmless.
//
// Entry: u8 kind (UNDO_ACCOUNT / UNDO_KEY) | u8 type (saved / created) | u16 0 | u32 0 | [32] id |
//        old record bytes (saved only). Entries are found through an index of their offsets.
import {
  ACC_SIZE,
  ACC_FLAGS,
  ACC_FLAG_OCCUPIED,
  KEY_SIZE,
  KEY_ID,
  KEY_STATUS,
  G_SIZE,
  G_ROOT,
  BATCH_UNDO_BYTES,
} from "./layout";
import { G, ACC, KEYS, ACC_MARK, KEY_MARK, accSlotCount, keySlotCount, eq32 } from "./mem";
import { batchStamp, accTouch, accFind, accRemove } from "./accounts";
import { keyTouch, keyFind, keyRemove } from "./keys";
import { stateSetAccount, stateDeleteAccount, stateSetKey, stateDeleteKey, stateSetGlobals } from "./root";
import { smtRootTo, SMT_OK } from "../state/smt";
import { auditTreeSaveTo, auditTreeRestoreFrom, AUDIT_TREE_STATE_BYTES } from "../audit/merkle";
import * as E from "./errors";

export const UNDO_ACCOUNT: u32 = 1;
export const UNDO_KEY: u32 = 2;
export const UNDO_SAVED: u32 = 0;
export const UNDO_CREATED: u32 = 1;
export const UNDO_HEADER: usize = 40; // kind, type, reserved, id
const MAX_ENTRIES: u32 = BATCH_UNDO_BYTES / <u32>UNDO_HEADER;

let LOG: usize = 0;
let INDEX: usize = 0; // u32 offset of each entry, in append order
export let G_SAVE: usize = 0; // globals block before the batch
let AUDIT_SAVE: usize = 0;
const ROOT_TMP: usize = memory.data(32, 8);

let undoOn: bool = false;
// The cap in force: BATCH_UNDO_BYTES, lowered only by the test hook ledgerTestLimits.
let capBytes: u32 = BATCH_UNDO_BYTES;
export function undoSetCap(bytes: u32): void {
  capBytes = bytes < BATCH_UNDO_BYTES ? bytes : BATCH_UNDO_BYTES;
}
let logTop: u32 = 0;
let entries: u32 = 0;
// Set for the rest of the batch when an entry did not fit: from then on every write to a table
// record is refused, so its packet fails with E_BATCH_UNDO_FULL (batch.ts). Sticky because a
// refused write is still followed by the operation's touch mark, and a marked record is never
// saved again.
export let undoFull: bool = false;

function alloc(): void {
  if (LOG != 0) return;
  LOG = heap.alloc(<usize>BATCH_UNDO_BYTES);
  INDEX = heap.alloc(<usize>MAX_ENTRIES * 4);
  G_SAVE = heap.alloc(<usize>G_SIZE);
  AUDIT_SAVE = heap.alloc(<usize>AUDIT_TREE_STATE_BYTES);
}

export function undoActive(): bool {
  return undoOn;
}
export function undoEntries(): u32 {
  return entries;
}
export function undoEntry(i: u32): usize {
  return LOG + <usize>load<u32>(INDEX + <usize>i * 4);
}

// Opens the log: called before the batch changes anything.
export function undoBegin(): void {
  alloc();
  logTop = 0;
  entries = 0;
  undoFull = false;
  memory.copy(G_SAVE, G, G_SIZE);
  auditTreeSaveTo(AUDIT_SAVE);
  undoOn = true;
}

// Closes the log and keeps the batch (commit).
export function undoEnd(): void {
  undoOn = false;
}

function append(kind: u32, type: u32, id: usize, rec: usize, recLen: u32): bool {
  const size = <u32>UNDO_HEADER + recLen;
  if (undoFull || logTop + size > capBytes || entries >= MAX_ENTRIES) {
    undoFull = true;
    return false;
  }
  const e = LOG + <usize>logTop;
  store<u8>(e, <u8>kind);
  store<u8>(e + 1, <u8>type);
  store<u16>(e + 2, 0);
  store<u32>(e + 4, 0);
  memory.copy(e + 8, id, 32);
  if (recLen != 0) memory.copy(e + UNDO_HEADER, rec, recLen);
  store<u32>(INDEX + <usize>entries * 4, logTop);
  logTop += size;
  entries++;
  return true;
}

// A record for `id` is about to be created (its slot was empty). False when the log is full.
export function undoNoteCreated(kind: u32, id: usize): bool {
  if (!undoOn) return true;
  return append(kind, UNDO_CREATED, id, 0, 0);
}

// Called by the journal (mem.ts jSave) before every state write at `ptr`, before the journal's
// own capacity check: the first write attempt to an occupied account or key record in this batch
// saves the record (and marks it touched, which the operation does right after the write anyway;
// no operation touches a record it did not try to write). False when the log is full: the write
// is refused and the packet fails.
export function undoBeforeWrite(ptr: usize): bool {
  if (!undoOn) return true;
  // The live capacities (the tables grow; G_ACC_SLOTS / G_KEY_SLOTS are only the genesis hints).
  const accEnd = ACC + <usize>accSlotCount * ACC_SIZE;
  if (ptr >= ACC && ptr < accEnd) {
    if (undoFull) return false;
    const slot = <u32>((ptr - ACC) / ACC_SIZE);
    const rec = ACC + <usize>slot * ACC_SIZE;
    if (load<u32>(ACC_MARK + <usize>slot * 4) == batchStamp) return true;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) return true; // creation: noted by accEnsure
    if (!append(UNDO_ACCOUNT, UNDO_SAVED, rec, rec, <u32>ACC_SIZE)) return false;
    accTouch(rec);
    return true;
  }
  const keyEnd = KEYS + <usize>keySlotCount * KEY_SIZE;
  if (ptr >= KEYS && ptr < keyEnd) {
    if (undoFull) return false;
    const slot = <u32>((ptr - KEYS) / KEY_SIZE);
    const rec = KEYS + <usize>slot * KEY_SIZE;
    if (load<u32>(KEY_MARK + <usize>slot * 4) == batchStamp) return true;
    if (load<u8>(rec + KEY_STATUS) == 0) return true; // creation: noted by keyInsert
    if (!append(UNDO_KEY, UNDO_SAVED, rec + KEY_ID, rec, <u32>KEY_SIZE)) return false;
    keyTouch(rec);
    return true;
  }
  return true;
}

// Undoes one entry in the tables and the state tree. False if a saved record is missing (a core bug).
function undoOne(e: usize): bool {
  const kind = <u32>load<u8>(e);
  const created = <u32>load<u8>(e + 1) == UNDO_CREATED;
  const id = e + 8;
  if (kind == UNDO_ACCOUNT) {
    if (created) {
      accRemove(id);
      stateDeleteAccount(id);
      return true;
    }
    const rec = accFind(id);
    if (rec == 0) return false;
    memory.copy(rec, e + UNDO_HEADER, ACC_SIZE);
    return stateSetAccount(rec);
  }
  if (created) {
    keyRemove(id);
    stateDeleteKey(id);
    return true;
  }
  const rec = keyFind(id);
  if (rec == 0) return false;
  memory.copy(rec, e + UNDO_HEADER, KEY_SIZE);
  return stateSetKey(rec);
}

// Puts back every record, the globals, the audit tree and the state tree's leaves as they were
// before the batch, then checks that the state tree's root is the saved one.
export function undoAbort(): u32 {
  let ok = true;
  for (let i = <i32>entries - 1; i >= 0; i--) ok = undoOne(undoEntry(<u32>i)) && ok;
  memory.copy(G, G_SAVE, G_SIZE);
  auditTreeRestoreFrom(AUDIT_SAVE);
  ok = stateSetGlobals() && ok;
  ok = smtRootTo(ROOT_TMP) == SMT_OK && ok;
  undoOn = false;
  if (!ok || !eq32(ROOT_TMP, G + G_ROOT)) return E.E_ABORT_MISMATCH;
  return E.OK;
}
