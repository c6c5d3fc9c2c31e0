// Per-public-key cache of the key-only work of verification: the expanded matrix Â = ExpandA(rho)
// (k·l polys), NTT(t1·2^d) (k polys) and tr = H(pk, 64). A hit skips ExpandA (the 2-way SHAKE128
// that is ~2/3 of a cold verify), the t1 decode + NTT and the hashing of pk. Entries are keyed by
// the full public key bytes (and the level), compared byte for byte, so a hit holds exactly the
// values a cold verify would compute: the cache never changes a verdict.
//
// Memory: CACHE_ENTRIES slots of SLOT_BYTES each, taken once, at the first verify that would fill an
// entry, through regionAlloc (never heap.alloc, and not at instantiation: the stub runtime grows memory
// by doubling it, and a heap.alloc made after an exact region growth would leave slack that lets the
// ledger's tables grow past a host's memory cap unnoticed; region.ts). A host that refuses the bytes
// leaves the cache empty (every verify cold) and is asked again at the next verify. A slot is sized for ML-DSA-87; a level uses part of it (see
// docs/mldsa-internals.md for bytes per entry per level). Eviction is least recently used, by a
// call counter (no clock).
import { MAX_K, MAX_L, MAX_PK_BYTES } from "./params";
import { regionAlloc } from "../region";

export const CACHE_ENTRIES: i32 = 16;
const A_OFF: usize = 0; // Â, entry (i, j) at ((i * l + j) << 10)
const T1_OFF: usize = A_OFF + <usize>(MAX_K * MAX_L * 1024); // NTT(t1_i·2^d) at (i << 10)
const TR_OFF: usize = T1_OFF + <usize>(MAX_K * 1024); // tr, 64 bytes
const PK_OFF: usize = TR_OFF + 64; // the public key the entry belongs to
export const SLOT_BYTES: i32 = <i32>(PK_OFF + <usize>((MAX_PK_BYTES + 15) & ~15));

// 16-byte aligned, zeroed (regionAlloc); 0 until taken.
let BASE: usize = 0;
const LEVEL: usize = memory.data(CACHE_ENTRIES * 4, 16); // 0 = empty
const LAST_USE: usize = memory.data(CACHE_ENTRIES * 8, 16);

let enabled: bool = true;
let tick: u64 = 0;
let hits: u32 = 0;
let misses: u32 = 0;

// True when the slots exist (taken now if need be).
function haveSlots(): bool {
  if (BASE == 0) BASE = regionAlloc(<usize>(CACHE_ENTRIES * SLOT_BYTES));
  return BASE != 0;
}

export function cacheSetEnabled(on: bool): void {
  enabled = on;
}
// Whether a verify may fill an entry now: on, and the slots exist.
export function cacheEnabled(): bool {
  return enabled && haveSlots();
}

export function cacheClear(): void {
  memory.fill(LEVEL, 0, CACHE_ENTRIES * 4);
  memory.fill(LAST_USE, 0, CACHE_ENTRIES * 8);
  tick = 0;
  hits = 0;
  misses = 0;
}

export function cacheHits(): u32 {
  return hits;
}
export function cacheMisses(): u32 {
  return misses;
}
export function cacheCount(): i32 {
  let n: i32 = 0;
  for (let s: i32 = 0; s < CACHE_ENTRIES; s++) n += <i32>(load<i32>(LEVEL + ((<usize>s) << 2)) != 0);
  return n;
}

export function slotBase(slot: i32): usize {
  return BASE + <usize>slot * <usize>SLOT_BYTES;
}
export function slotA(slot: i32): usize {
  return slotBase(slot) + A_OFF;
}
export function slotT1(slot: i32): usize {
  return slotBase(slot) + T1_OFF;
}
export function slotTr(slot: i32): usize {
  return slotBase(slot) + TR_OFF;
}

// pkLen is a multiple of 16 at every level (1312, 1952, 2592): compared 16 bytes at a time.
function sameKey(a: usize, b: usize, len: i32): bool {
  let diff = i32x4.splat(0);
  for (let p: usize = 0; p < <usize>len; p += 16) diff = v128.or(diff, v128.xor(v128.load(a + p), v128.load(b + p)));
  return !v128.any_true(diff);
}

// The slot holding pk at this level, or -1. Pure lookup: no statistics, no LRU update.
export function cacheFind(level: i32, pk: usize, pkLen: i32): i32 {
  if (!enabled || BASE == 0) return -1;
  const head = load<u64>(pk);
  for (let s: i32 = 0; s < CACHE_ENTRIES; s++) {
    if (load<i32>(LEVEL + ((<usize>s) << 2)) != level) continue;
    const spk = slotBase(s) + PK_OFF;
    if (load<u64>(spk) == head && sameKey(spk, pk, pkLen)) return s;
  }
  return -1;
}

// Counts a hit and marks the slot most recently used.
export function cacheTouch(slot: i32): void {
  hits++;
  tick++;
  store<u64>(LAST_USE + ((<usize>slot) << 3), tick);
}

// Takes a slot for a new entry (an empty one, else the least recently used) and marks it empty
// until cacheCommit: an entry that is being filled is never found.
export function cacheClaim(): i32 {
  misses++;
  let best: i32 = 0;
  let bestUse: u64 = U64.MAX_VALUE;
  for (let s: i32 = 0; s < CACHE_ENTRIES; s++) {
    if (load<i32>(LEVEL + ((<usize>s) << 2)) == 0) {
      best = s;
      break;
    }
    const u = load<u64>(LAST_USE + ((<usize>s) << 3));
    if (u < bestUse) {
      bestUse = u;
      best = s;
    }
  }
  store<i32>(LEVEL + ((<usize>best) << 2), 0);
  return best;
}

// Publishes a filled slot (Â, NTT(t1·2^d) and tr written) for pk at this level.
export function cacheCommit(slot: i32, level: i32, pk: usize, pkLen: i32): void {
  memory.copy(slotBase(slot) + PK_OFF, pk, <usize>pkLen);
  tick++;
  store<u64>(LAST_USE + ((<usize>slot) << 3), tick);
  store<i32>(LEVEL + ((<usize>slot) << 2), level);
}
