// Key registry: open addressing keyed by the 32-byte key id (= SHA3-256 of the ML-DSA public key).
// Capacity is a power of two that grows (keyResize, called by capacity.ts between batches) up to
// MAX_KEY_SLOTS, 7/8 usable (E_KEYS_FULL beyond, reached only at the hard limit). Public keys live
// in an append-only arena (capacity.ts grows it).
import {
  KEY_SIZE,
  KEY_ID,
  KEY_STATUS,
  KEY_EMPTY,
  KEY_ACTIVE,
  KEY_ROTATED,
  KEY_REVOKED,
  KEY_VALID_FROM,
  KEY_MAX_AGE,
  KEY_ROTATED_AT,
  G_KEY_COUNT,
} from "./layout";
import { KEYS, G, KEY_MARK, TOUCHED_KEY, keySlotCount, setKeyRegions, eq32, wCopy, wU8, wU32 } from "./mem";
import { regionAlloc, regionFree } from "../region";
import { batchStamp } from "./accounts";
import { undoNoteCreated, UNDO_KEY } from "./undo";
import { OK, E_KEY_UNKNOWN, E_KEY_REVOKED, E_KEY_ROTATED, E_KEY_EXPIRED, E_KEY_NOT_YET_VALID } from "./errors";

let touchedKeyCount: u32 = 0;

// Live capacity in slots; iterate slots 0 .. keySlots() - 1 with keySlotPtr and skip records whose
// KEY_STATUS is KEY_EMPTY.
export function keySlots(): u32 {
  return keySlotCount;
}

export function keySlotPtr(i: u32): usize {
  return KEYS + <usize>i * KEY_SIZE;
}

export function keyHome(id: usize, slots: u32): u32 {
  return (load<u32>(id) ^ load<u32>(id, 12) ^ load<u32>(id, 24)) & (slots - 1);
}

export function keyFind(id: usize): usize {
  const slots = keySlots();
  let i = keyHome(id, slots);
  for (let n: u32 = 0; n < slots; n++) {
    const rec = KEYS + <usize>i * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY) return 0;
    if (eq32(rec + KEY_ID, id)) return rec;
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Claims the empty slot for `id` (caller checked it is absent); returns 0 when the table is full.
// The record is ACTIVE with every other field zero; the caller fills it in (journaled).
export function keyInsert(id: usize): usize {
  const slots = keySlots();
  const count = load<u32>(G + G_KEY_COUNT);
  if (count + 1 > slots - (slots >> 3)) return 0;
  let i = keyHome(id, slots);
  for (let n: u32 = 0; n < slots; n++) {
    const rec = KEYS + <usize>i * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY) {
      undoNoteCreated(UNDO_KEY, id);
      wCopy(rec + KEY_ID, id, 32);
      wU8(rec + KEY_STATUS, <u8>KEY_ACTIVE);
      wU32(G + G_KEY_COUNT, count + 1);
      keyTouch(rec);
      return rec;
    }
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Removes key `id` by backward-shift deletion (see accRemove in accounts.ts); its public key bytes
// stay in the arena (the arena top lives in the globals, which the abort restores). Only the
// abort of a pending batch calls it. Returns false when `id` is absent.
export function keyRemove(id: usize): bool {
  const slots = keySlots();
  const mask = slots - 1;
  let hole = keyHome(id, slots);
  let n: u32 = 0;
  while (true) {
    const rec = KEYS + <usize>hole * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY || n == slots) return false;
    if (eq32(rec + KEY_ID, id)) break;
    hole = (hole + 1) & mask;
    n++;
  }
  let j = hole;
  while (true) {
    j = (j + 1) & mask;
    const rec = KEYS + <usize>j * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY) break;
    const home = keyHome(rec + KEY_ID, slots);
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      memory.copy(KEYS + <usize>hole * KEY_SIZE, rec, KEY_SIZE);
      hole = j;
    }
  }
  memory.fill(KEYS + <usize>hole * KEY_SIZE, 0, KEY_SIZE);
  store<u32>(G + G_KEY_COUNT, load<u32>(G + G_KEY_COUNT) - 1);
  return true;
}

// Whether the key may sign in the batch (seq, epoch): known, not revoked, not rotated out before
// this batch, inside [valid-from, valid-from + max-age) epochs.
export function keyUsable(rec: usize, seq: u64, epoch: u64): u32 {
  if (rec == 0) return E_KEY_UNKNOWN;
  const status = <u32>load<u8>(rec + KEY_STATUS);
  if (status == KEY_REVOKED) return E_KEY_REVOKED;
  if (status == KEY_ROTATED && load<u64>(rec + KEY_ROTATED_AT) < seq) return E_KEY_ROTATED;
  const from = load<u64>(rec + KEY_VALID_FROM);
  if (epoch < from) return E_KEY_NOT_YET_VALID;
  const maxAge = load<u64>(rec + KEY_MAX_AGE);
  if (maxAge != 0 && epoch - from >= maxAge) return E_KEY_EXPIRED;
  return OK;
}

export function keyTouch(rec: usize): void {
  const slot = <u32>((rec - KEYS) / KEY_SIZE);
  const m = KEY_MARK + <usize>slot * 4;
  if (load<u32>(m) == batchStamp) return;
  store<u32>(m, batchStamp);
  store<u32>(TOUCHED_KEY + <usize>touchedKeyCount * 4, slot);
  touchedKeyCount++;
}

export function touchedKeys(): u32 {
  return touchedKeyCount;
}
export function touchedKeyPtr(i: u32): usize {
  return KEYS + <usize>load<u32>(TOUCHED_KEY + <usize>i * 4) * KEY_SIZE;
}
export function resetTouchedKeys(): void {
  touchedKeyCount = 0;
}

// ---- Growth (the same scheme as accounts.ts accResize) ----

// Slot of `id` in `table`: where it is, or the empty slot that ends its probe chain.
function probe(table: usize, slots: u32, id: usize): u32 {
  let i = keyHome(id, slots);
  while (true) {
    const rec = table + <usize>i * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY || eq32(rec + KEY_ID, id)) return i;
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Moves every key record into a fresh table of `slots` slots, with fresh mark and touched arrays;
// false (nothing changed) when memory cannot grow. Reinsertion by probing from each record's new
// home is correct whatever insertions and deletions (backward shift) shaped the old table.
// Records move: never inside a packet (the undo journal holds record pointers).
export function keyResize(slots: u32): bool {
  assert(slots >= 16 && (slots & (slots - 1)) == 0);
  assert(load<u32>(G + G_KEY_COUNT) <= slots - (slots >> 3));
  const table = regionAlloc(<usize>slots * KEY_SIZE);
  const mark: usize = table == 0 ? <usize>0 : regionAlloc(<usize>slots * 4);
  const touched: usize = mark == 0 ? <usize>0 : regionAlloc(<usize>slots * 4);
  if (touched == 0) {
    regionFree(mark, <usize>slots * 4);
    regionFree(table, <usize>slots * KEY_SIZE);
    return false;
  }
  const oldSlots = keySlotCount;
  for (let i: u32 = 0; i < oldSlots; i++) {
    const rec = KEYS + <usize>i * KEY_SIZE;
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY) continue;
    memory.copy(table + <usize>probe(table, slots, rec + KEY_ID) * KEY_SIZE, rec, KEY_SIZE);
  }
  let n: u32 = 0;
  for (let t: u32 = 0; t < touchedKeyCount; t++) {
    const rec = touchedKeyPtr(t);
    if (<u32>load<u8>(rec + KEY_STATUS) == KEY_EMPTY) continue;
    const slot = probe(table, slots, rec + KEY_ID);
    store<u32>(mark + <usize>slot * 4, batchStamp);
    store<u32>(touched + <usize>n * 4, slot);
    n++;
  }
  touchedKeyCount = n;
  regionFree(TOUCHED_KEY, <usize>oldSlots * 4);
  regionFree(KEY_MARK, <usize>oldSlots * 4);
  regionFree(KEYS, <usize>oldSlots * KEY_SIZE);
  setKeyRegions(table, mark, touched, slots);
  return true;
}

// An empty table of `slots` slots (ledgerInit); false when memory cannot grow.
export function keyTableInit(slots: u32): bool {
  regionFree(TOUCHED_KEY, <usize>keySlotCount * 4);
  regionFree(KEY_MARK, <usize>keySlotCount * 4);
  regionFree(KEYS, <usize>keySlotCount * KEY_SIZE);
  setKeyRegions(0, 0, 0, 0);
  touchedKeyCount = 0;
  return keyResize(slots);
}
