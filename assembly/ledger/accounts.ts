// Accounts table: open addressing with linear probing, keyed by the 32-byte account id. Capacity
// is a power of two that grows (accResize, called by capacity.ts between batches) up to
// MAX_ACC_SLOTS; at most 7/8 of the slots are used (E_ACCOUNTS_FULL beyond, reached only at the
// hard limit). A packet never deletes an entry, so a packet rollback that clears a fresh slot keeps
// every probe chain intact; only the abort of a pending batch removes accounts (accRemove,
// backward-shift deletion), after the batch is over.
import { ACC_SIZE, ACC_ID, ACC_FLAGS, ACC_FLAG_OCCUPIED, ACC_BAL, G_ACC_COUNT, G_SUMS } from "./layout";
import {
  ACC,
  G,
  ACC_MARK,
  KEY_MARK,
  TOUCHED_ACC,
  accSlotCount,
  keySlotCount,
  setAccRegions,
  eq32,
  wCopy,
  wU32,
  wU128,
} from "./mem";
import { regionAlloc, regionFree } from "../region";
import { undoNoteCreated, UNDO_ACCOUNT } from "./undo";
import { add128, sub128, rLo, rHi } from "./u128";

export let batchStamp: u32 = 0;
let touchedAccCount: u32 = 0;

// Live capacity in slots; slots 0 .. accSlots() - 1 are the table (iterate with accSlotPtr and
// skip records without ACC_FLAG_OCCUPIED).
export function accSlots(): u32 {
  return accSlotCount;
}

export function accSlotPtr(i: u32): usize {
  return ACC + <usize>i * ACC_SIZE;
}

export function accHome(id: usize, slots: u32): u32 {
  return (load<u32>(id) ^ load<u32>(id, 12) ^ load<u32>(id, 24)) & (slots - 1);
}

// Record pointer of account `id`, or 0 when absent.
export function accFind(id: usize): usize {
  const slots = accSlots();
  let i = accHome(id, slots);
  for (let n: u32 = 0; n < slots; n++) {
    const rec = ACC + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) return 0;
    if (eq32(rec + ACC_ID, id)) return rec;
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Record pointer of account `id`, created (zero balances, nonce 0) when absent; 0 when full.
export function accEnsure(id: usize): usize {
  const slots = accSlots();
  let i = accHome(id, slots);
  for (let n: u32 = 0; n < slots; n++) {
    const rec = ACC + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) {
      const count = load<u32>(G + G_ACC_COUNT);
      if (count + 1 > slots - (slots >> 3)) return 0;
      undoNoteCreated(UNDO_ACCOUNT, id);
      wCopy(rec + ACC_ID, id, 32);
      wU32(rec + ACC_FLAGS, ACC_FLAG_OCCUPIED);
      wU32(G + G_ACC_COUNT, count + 1);
      accTouch(rec);
      return rec;
    }
    if (eq32(rec + ACC_ID, id)) return rec;
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Removes account `id` by backward-shift deletion (linear probing: every later record of the
// cluster whose home slot is not cyclically in (hole, its slot] moves back into the hole), so
// every remaining id stays reachable from its home slot. Not journaled and not touched: only the
// abort of a pending batch calls it. Returns false when `id` is absent.
export function accRemove(id: usize): bool {
  const slots = accSlots();
  const mask = slots - 1;
  let hole = accHome(id, slots);
  let n: u32 = 0;
  while (true) {
    const rec = ACC + <usize>hole * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0 || n == slots) return false;
    if (eq32(rec + ACC_ID, id)) break;
    hole = (hole + 1) & mask;
    n++;
  }
  let j = hole;
  while (true) {
    j = (j + 1) & mask;
    const rec = ACC + <usize>j * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) break;
    const home = accHome(rec + ACC_ID, slots);
    // Distances from the hole: the record may fill the hole iff its home is not after the hole.
    if (((j - home) & mask) >= ((j - hole) & mask)) {
      memory.copy(ACC + <usize>hole * ACC_SIZE, rec, ACC_SIZE);
      hole = j;
    }
  }
  memory.fill(ACC + <usize>hole * ACC_SIZE, 0, ACC_SIZE);
  store<u32>(G + G_ACC_COUNT, load<u32>(G + G_ACC_COUNT) - 1);
  return true;
}

export function accBalPtr(rec: usize, token: u32): usize {
  return rec + ACC_BAL + <usize>token * 16;
}

// Sets a balance and keeps the running per-token sum of balances in step. Returns false when the
// running sum would leave u128 (possible only if the invariant is already broken).
export function accSetBalance(rec: usize, token: u32, lo: u64, hi: u64): bool {
  const b = accBalPtr(rec, token);
  const s = G + G_SUMS + <usize>token * 16;
  if (!sub128(load<u64>(s), load<u64>(s, 8), load<u64>(b), load<u64>(b, 8))) return false;
  if (!add128(rLo, rHi, lo, hi)) return false;
  wU128(s, rLo, rHi);
  wU128(b, lo, hi);
  accTouch(rec);
  return true;
}

// ---- Touched set for the state root (not state: never journaled). ----
export function accTouch(rec: usize): void {
  const slot = <u32>((rec - ACC) / ACC_SIZE);
  const m = ACC_MARK + <usize>slot * 4;
  if (load<u32>(m) == batchStamp) return;
  store<u32>(m, batchStamp);
  store<u32>(TOUCHED_ACC + <usize>touchedAccCount * 4, slot);
  touchedAccCount++;
}

export function touchedAccounts(): u32 {
  return touchedAccCount;
}

export function touchedAccountPtr(i: u32): usize {
  return ACC + <usize>load<u32>(TOUCHED_ACC + <usize>i * 4) * ACC_SIZE;
}

export function clearMarks(): void {
  memory.fill(ACC_MARK, 0, <usize>accSlotCount * 4);
  memory.fill(KEY_MARK, 0, <usize>keySlotCount * 4);
}

// Starts a new batch for the touched sets (stamp 0 is never used, so fresh marks never match).
export function newBatchStamp(): void {
  batchStamp++;
  if (batchStamp == 0) {
    clearMarks();
    batchStamp = 1;
  }
  touchedAccCount = 0;
}

// ---- Growth ----

// Slot of `id` in `table`: where it is, or the empty slot that ends its probe chain.
function probe(table: usize, slots: u32, id: usize): u32 {
  let i = accHome(id, slots);
  while (true) {
    const rec = table + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0 || eq32(rec + ACC_ID, id)) return i;
    i = (i + 1) & (slots - 1);
  }
  return 0;
}

// Moves every record into a fresh table of `slots` slots (a power of two above the count / 7/8),
// with fresh mark and touched arrays; false (nothing changed) when memory cannot grow. Each record
// is reinserted by probing from its new home, so the result is a valid table whatever insertions
// and deletions (backward shift, no tombstones) shaped the old one. Records move: no record
// pointer may be held across this, and it never runs inside a packet (the undo journal holds
// record pointers); capacity.ts calls it before a batch starts.
export function accResize(slots: u32): bool {
  assert(slots >= 16 && (slots & (slots - 1)) == 0);
  assert(load<u32>(G + G_ACC_COUNT) <= slots - (slots >> 3));
  const table = regionAlloc(<usize>slots * ACC_SIZE);
  const mark: usize = table == 0 ? <usize>0 : regionAlloc(<usize>slots * 4);
  const touched: usize = mark == 0 ? <usize>0 : regionAlloc(<usize>slots * 4);
  if (touched == 0) {
    regionFree(mark, <usize>slots * 4);
    regionFree(table, <usize>slots * ACC_SIZE);
    return false;
  }
  const oldSlots = accSlotCount;
  for (let i: u32 = 0; i < oldSlots; i++) {
    const rec = ACC + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) continue;
    memory.copy(table + <usize>probe(table, slots, rec + ACC_ID) * ACC_SIZE, rec, ACC_SIZE);
  }
  // The touched set: the same live records in the same first-touch order, at their new slots.
  let n: u32 = 0;
  for (let t: u32 = 0; t < touchedAccCount; t++) {
    const rec = touchedAccountPtr(t);
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) continue;
    const slot = probe(table, slots, rec + ACC_ID);
    store<u32>(mark + <usize>slot * 4, batchStamp);
    store<u32>(touched + <usize>n * 4, slot);
    n++;
  }
  touchedAccCount = n;
  regionFree(TOUCHED_ACC, <usize>oldSlots * 4);
  regionFree(ACC_MARK, <usize>oldSlots * 4);
  regionFree(ACC, <usize>oldSlots * ACC_SIZE);
  setAccRegions(table, mark, touched, slots);
  return true;
}

// An empty table of `slots` slots (ledgerInit); false when memory cannot grow.
export function accTableInit(slots: u32): bool {
  regionFree(TOUCHED_ACC, <usize>accSlotCount * 4);
  regionFree(ACC_MARK, <usize>accSlotCount * 4);
  regionFree(ACC, <usize>accSlotCount * ACC_SIZE);
  setAccRegions(0, 0, 0, 0);
  touchedAccCount = 0;
  return accResize(slots);
}
