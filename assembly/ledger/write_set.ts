// Write sets of a prepared batch (docs/ledger.md "Write sets"): one per participant (0..4 the
// tokens, 5 the registry), each holding every row the batch changed with its full new value.
// Built from the batch undo log (undo.ts): its entries name every record the batch wrote, with the
// old bytes, so "changed" is a byte comparison of old and new, and the current record is found by
// id (safe when tables moved during the batch). Two passes: count the bytes, then write them.
//   header: "QWS1" | u8 participant | u8 version 1 | u16 0 | u64 batch seq | u32 rows | u32 0
//   row:    u8 kind | u8 flags (bit 0 delete) | u16 0 | [32] key | u32 value length | value
// Rows are sorted by (kind, key), key bytes compared as unsigned big-endian strings, and unique.
import {
  ACC_SIZE,
  ACC_BAL,
  KEY_SIZE,
  KEY_PK_OFF,
  KEY_PK_LEN,
  G_SUPPLY,
  G_ROOT,
  TOKEN_COUNT,
  BATCH_UNDO_BYTES,
  WRITE_SET_BYTES,
  WS_PARTICIPANTS,
  WS_REGISTRY,
  WS_HEADER_SIZE,
  WS_ROW_HEADER_SIZE,
  WS_VERSION,
  WS_FLAG_DELETE,
  WS_KIND_BALANCE,
  WS_KIND_SUPPLY,
  WS_KIND_ACCOUNT,
  WS_KIND_KEY,
  WS_KIND_GLOBALS,
} from "./layout";
import { G, PK } from "./mem";
import { accFind } from "./accounts";
import { keyFind } from "./keys";
import { undoEntries, undoEntry, G_SAVE, UNDO_ACCOUNT, UNDO_CREATED, UNDO_HEADER } from "./undo";
import * as E from "./errors";

const ZERO: usize = memory.data(32, 8);
const MAX_ENTRIES: u32 = BATCH_UNDO_BYTES / <u32>UNDO_HEADER;

let OUT: usize = 0;
let ORDER: usize = 0; // u32 undo entry indices, sorted
const LEN: usize = memory.data(<i32>WS_PARTICIPANTS * 4, 8); // bytes per participant
const ROWS: usize = memory.data(<i32>WS_PARTICIPANTS * 4, 8);
const START: usize = memory.data(<i32>WS_PARTICIPANTS * 4, 8);
let writing: bool = false;
// The cap in force: WRITE_SET_BYTES, lowered only by the test hook ledgerTestLimits.
let capBytes: u32 = WRITE_SET_BYTES;
export function writeSetSetCap(bytes: u32): void {
  capBytes = bytes < WRITE_SET_BYTES ? bytes : WRITE_SET_BYTES;
}

export function writeSetPtr(p: u32): usize {
  return OUT + <usize>load<u32>(START + <usize>p * 4);
}
export function writeSetLen(p: u32): u32 {
  return <u32>WS_HEADER_SIZE + load<u32>(LEN + <usize>p * 4);
}

// Reserves a row; returns where its value goes (0 while counting).
function row(p: u32, kind: u32, flags: u32, key: usize, valueLen: u32): usize {
  const at = LEN + <usize>p * 4;
  const len = load<u32>(at);
  store<u32>(at, len + <u32>WS_ROW_HEADER_SIZE + valueLen);
  store<u32>(ROWS + <usize>p * 4, load<u32>(ROWS + <usize>p * 4) + 1);
  if (!writing) return 0;
  const r = OUT + <usize>(load<u32>(START + <usize>p * 4) + <u32>WS_HEADER_SIZE + len);
  store<u8>(r, <u8>kind);
  store<u8>(r + 1, <u8>flags);
  store<u16>(r + 2, 0);
  memory.copy(r + 4, key, 32);
  store<u32>(r + 36, valueLen);
  return r + WS_ROW_HEADER_SIZE;
}

function differ(a: usize, b: usize, len: usize): bool {
  return memory.compare(a, b, len) != 0;
}

// -1, 0, 1: a before b in (kind, id, log position).
function cmp(i: u32, j: u32): i32 {
  const a = undoEntry(i);
  const b = undoEntry(j);
  const ka = <i32>load<u8>(a);
  const kb = <i32>load<u8>(b);
  if (ka != kb) return ka < kb ? -1 : 1;
  for (let o: usize = 8; o < 40; o += 8) {
    const x = bswap<u64>(load<u64>(a + o));
    const y = bswap<u64>(load<u64>(b + o));
    if (x != y) return x < y ? -1 : 1;
  }
  return i < j ? -1 : i > j ? 1 : 0;
}

function at(k: u32): u32 {
  return load<u32>(ORDER + <usize>k * 4);
}
function swap(a: u32, b: u32): void {
  const t = at(a);
  store<u32>(ORDER + <usize>a * 4, at(b));
  store<u32>(ORDER + <usize>b * 4, t);
}
function siftDown(root: u32, n: u32): void {
  let r = root;
  while (true) {
    let c: u32 = 2 * r + 1;
    if (c >= n) return;
    if (c + 1 < n && cmp(at(c), at(c + 1)) < 0) c++;
    if (cmp(at(r), at(c)) >= 0) return;
    swap(r, c);
    r = c;
  }
}
// Heapsort: O(n log n), no recursion, no allocation.
function sortEntries(n: u32): void {
  for (let k: u32 = 0; k < n; k++) store<u32>(ORDER + <usize>k * 4, k);
  for (let k = <i32>(n >> 1) - 1; k >= 0; k--) siftDown(<u32>k, n);
  for (let end = n; end > 1; end--) {
    swap(0, end - 1);
    siftDown(0, end - 1);
  }
}

function accountRows(e: usize): void {
  const id = e + 8;
  const had = <u32>load<u8>(e + 1) != UNDO_CREATED;
  const old = e + UNDO_HEADER;
  const cur = accFind(id);
  if (!had && cur == 0) return; // created and rolled back within the batch
  for (let t: u32 = 0; t < TOKEN_COUNT; t++) {
    const ob = had ? old + ACC_BAL + <usize>t * 16 : ZERO;
    if (cur == 0) {
      if (differ(ob, ZERO, 16)) row(t, WS_KIND_BALANCE, WS_FLAG_DELETE, id, 0);
      continue;
    }
    const nb = cur + ACC_BAL + <usize>t * 16;
    if (!differ(ob, nb, 16)) continue;
    const v = row(t, WS_KIND_BALANCE, 0, id, 16);
    if (v != 0) memory.copy(v, nb, 16);
  }
  if (cur == 0) {
    row(WS_REGISTRY, WS_KIND_ACCOUNT, WS_FLAG_DELETE, id, 0);
    return;
  }
  const changed =
    !had || differ(old, cur, ACC_BAL) || differ(old + ACC_BAL + 80, cur + ACC_BAL + 80, ACC_SIZE - ACC_BAL - 80);
  if (!changed) return;
  const v = row(WS_REGISTRY, WS_KIND_ACCOUNT, 0, id, <u32>ACC_SIZE);
  if (v != 0) {
    memory.copy(v, cur, ACC_SIZE);
    memory.fill(v + ACC_BAL, 0, 80); // balances live in the token participants
  }
}

function keyRows(e: usize): void {
  const id = e + 8;
  const had = <u32>load<u8>(e + 1) != UNDO_CREATED;
  const cur = keyFind(id);
  if (!had && cur == 0) return;
  if (cur == 0) {
    row(WS_REGISTRY, WS_KIND_KEY, WS_FLAG_DELETE, id, 0);
    return;
  }
  if (had && !differ(e + UNDO_HEADER, cur, KEY_SIZE)) return;
  const pkLen = load<u32>(cur + KEY_PK_LEN);
  const v = row(WS_REGISTRY, WS_KIND_KEY, 0, id, <u32>KEY_SIZE + pkLen);
  if (v != 0) {
    memory.copy(v, cur, KEY_SIZE);
    memory.copy(v + KEY_SIZE, PK + <usize>load<u32>(cur + KEY_PK_OFF), pkLen);
  }
}

function pass(n: u32): void {
  memory.fill(LEN, 0, <usize>WS_PARTICIPANTS * 4);
  memory.fill(ROWS, 0, <usize>WS_PARTICIPANTS * 4);
  for (let k: u32 = 0; k < n; k++) {
    const i = at(k);
    if (k > 0) {
      const prev = undoEntry(at(k - 1));
      const e = undoEntry(i);
      // The earliest entry of an id holds its pre-batch state; later ones repeat it.
      if (load<u8>(prev) == load<u8>(e) && !differ(prev + 8, e + 8, 32)) continue;
    }
    const e = undoEntry(i);
    if (<u32>load<u8>(e) == UNDO_ACCOUNT) accountRows(e);
    else keyRows(e);
  }
  for (let t: u32 = 0; t < TOKEN_COUNT; t++) {
    const s = G + G_SUPPLY + <usize>t * 16;
    if (!differ(s, G_SAVE + G_SUPPLY + <usize>t * 16, 16)) continue;
    const v = row(t, WS_KIND_SUPPLY, 0, ZERO, 16);
    if (v != 0) memory.copy(v, s, 16);
  }
  if (differ(G, G_SAVE, G_ROOT)) {
    const v = row(WS_REGISTRY, WS_KIND_GLOBALS, 0, ZERO, <u32>G_ROOT);
    if (v != 0) memory.copy(v, G, G_ROOT);
  }
}

function header(p: u32, seq: u64): void {
  const h = writeSetPtr(p);
  store<u32>(h, 0x31535751); // "QWS1"
  store<u8>(h + 4, <u8>p);
  store<u8>(h + 5, <u8>WS_VERSION);
  store<u16>(h + 6, 0);
  store<u64>(h + 8, seq);
  store<u32>(h + 16, load<u32>(ROWS + <usize>p * 4));
  store<u32>(h + 20, 0);
}

// Builds the six write sets of the pending batch `seq`. OK, or E_WRITE_SET_FULL past WRITE_SET_BYTES.
export function writeSetsBuild(seq: u64): u32 {
  if (OUT == 0) {
    OUT = heap.alloc(<usize>WRITE_SET_BYTES);
    ORDER = heap.alloc(<usize>MAX_ENTRIES * 4);
  }
  const n = undoEntries();
  sortEntries(n);
  writing = false;
  pass(n);
  let total: u64 = 0;
  for (let p: u32 = 0; p < WS_PARTICIPANTS; p++) {
    store<u32>(START + <usize>p * 4, <u32>total);
    total += <u64>WS_HEADER_SIZE + <u64>load<u32>(LEN + <usize>p * 4);
  }
  if (total > <u64>capBytes) return E.E_WRITE_SET_FULL;
  writing = true;
  pass(n);
  for (let p: u32 = 0; p < WS_PARTICIPANTS; p++) header(p, seq);
  return E.OK;
}
