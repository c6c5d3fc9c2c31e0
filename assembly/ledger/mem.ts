// Linear-memory regions of the ledger and the undo journal. The fixed buffers (journal, events,
// input, outcomes) are allocated once, on the first init. The tables (accounts, keys, their
// per-slot marks and touched lists) and the public key arena grow (capacity.ts, docs/ledger.md
// "Capacity"): their regions are replaced by larger ones between batches, so a pointer into them
// is valid only until the next batch starts. Every write to state goes through the journaled
// setters below, so a packet can be rolled back byte for byte.
import { G_SIZE, JOURNAL_BYTES, EVENT_BYTES, INPUT_BYTES, MAX_PACKETS } from "./layout";
import { undoBeforeWrite } from "./undo";

export const G: usize = memory.data(<i32>G_SIZE, 16);

export let ACC: usize = 0; // account table: accSlotCount records of ACC_SIZE bytes
export let KEYS: usize = 0; // key table: keySlotCount records of KEY_SIZE bytes
export let PK: usize = 0; // public key arena: pkArenaBytes bytes
export let JOURNAL: usize = 0;
export let EVENTS: usize = 0;
export let INPUT: usize = 0;
export let OUTCOMES: usize = 0; // u32 per packet
export let ACC_MARK: usize = 0; // u32 per account slot: batch stamp when touched (not state)
export let KEY_MARK: usize = 0;
export let TOUCHED_ACC: usize = 0; // u32 slot indices touched in this batch, first-touch order
export let TOUCHED_KEY: usize = 0;
// Live capacities (not state: the root never sees them, so growth cannot change a root).
export let accSlotCount: u32 = 0;
export let keySlotCount: u32 = 0;
export let pkArenaBytes: u32 = 0;

export function allocRegions(): void {
  if (JOURNAL != 0) return;
  JOURNAL = heap.alloc(<usize>JOURNAL_BYTES);
  EVENTS = heap.alloc(<usize>EVENT_BYTES);
  INPUT = heap.alloc(<usize>INPUT_BYTES);
  OUTCOMES = heap.alloc(<usize>MAX_PACKETS * 4);
}

// Installs a (re)allocated account table with its per-slot arrays (accounts.ts accResize).
export function setAccRegions(table: usize, mark: usize, touched: usize, slots: u32): void {
  ACC = table;
  ACC_MARK = mark;
  TOUCHED_ACC = touched;
  accSlotCount = slots;
}

export function setKeyRegions(table: usize, mark: usize, touched: usize, slots: u32): void {
  KEYS = table;
  KEY_MARK = mark;
  TOUCHED_KEY = touched;
  keySlotCount = slots;
}

export function setPkArena(arena: usize, bytes: u32): void {
  PK = arena;
  pkArenaBytes = bytes;
}

// ---- Undo journal: entries [old bytes][u32 ptr][u32 len], walked backwards on rollback. ----
let jTop: u32 = 0;
export let jOverflow: bool = false;

export function jBegin(): void {
  jTop = 0;
  jOverflow = false;
}

// Saves the current bytes at [ptr, ptr+len). Returns false (and sets jOverflow) when full, or
// when a pending batch's undo log (undo.ts) cannot save the record first.
function jSave(ptr: usize, len: u32): bool {
  if (!undoBeforeWrite(ptr) || jOverflow || jTop + len + 8 > JOURNAL_BYTES) {
    jOverflow = true;
    return false;
  }
  const e = JOURNAL + <usize>jTop;
  memory.copy(e, ptr, len);
  store<u32>(e + len, <u32>ptr);
  store<u32>(e + len, len, 4);
  jTop += len + 8;
  return true;
}

export function jRollback(): void {
  let top = jTop;
  while (top > 0) {
    const len = load<u32>(JOURNAL + <usize>top - 4);
    const ptr = <usize>load<u32>(JOURNAL + <usize>top - 8);
    top -= len + 8;
    memory.copy(ptr, JOURNAL + <usize>top, len);
  }
  jTop = 0;
  jOverflow = false;
}

export function wU32(ptr: usize, v: u32): void {
  if (jSave(ptr, 4)) store<u32>(ptr, v);
}
export function wU8(ptr: usize, v: u8): void {
  if (jSave(ptr, 1)) store<u8>(ptr, v);
}
export function wU64(ptr: usize, v: u64): void {
  if (jSave(ptr, 8)) store<u64>(ptr, v);
}
export function wU128(ptr: usize, lo: u64, hi: u64): void {
  if (jSave(ptr, 16)) {
    store<u64>(ptr, lo);
    store<u64>(ptr, hi, 8);
  }
}
export function wCopy(dst: usize, src: usize, len: u32): void {
  if (jSave(dst, len)) memory.copy(dst, src, len);
}

// ---- Small byte helpers ----
export function eq32(a: usize, b: usize): bool {
  return (
    load<u64>(a) == load<u64>(b) &&
    load<u64>(a, 8) == load<u64>(b, 8) &&
    load<u64>(a, 16) == load<u64>(b, 16) &&
    load<u64>(a, 24) == load<u64>(b, 24)
  );
}
export function isZero32(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}
