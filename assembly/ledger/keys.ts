// Key registry: open addressing keyed by the 32-byte key id (= SHA3-256 of the ML-DSA public key),
// capacity chosen at init (<= MAX_KEY_SLOTS, 7/8 usable). Public keys live in an append-only arena.
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
  G_KEY_SLOTS,
} from "./layout";
import { KEYS, G, KEY_MARK, TOUCHED_KEY, eq32, wCopy, wU8, wU32 } from "./mem";
import { batchStamp } from "./accounts";
import { undoNoteCreated, UNDO_KEY } from "./undo";
import { OK, E_KEY_UNKNOWN, E_KEY_REVOKED, E_KEY_ROTATED, E_KEY_EXPIRED, E_KEY_NOT_YET_VALID } from "./errors";

let touchedKeyCount: u32 = 0;

export function keySlots(): u32 {
  return load<u32>(G + G_KEY_SLOTS);
}

function keyHome(id: usize, slots: u32): u32 {
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
