// WASM exports for ML-DSA verification (FIPS 204). Data moves through static buffers: the binding
// writes the public key, signature and message (M' or a chunk of it) at the pointers below, then
// calls one verify function. Every function returns 1 (valid) or 0 (invalid or malformed); none
// traps on any input. See docs/mldsa-internals.md for the layout.
import { MAX_PK_BYTES, MAX_SIG_BYTES, PK_BYTES, SIG_BYTES, setLevel } from "./params";
import { computeTr, muAbsorb, muBegin, muFinish, verifyWithMsg, verifyWithMu } from "./verify";
import {
  CACHE_ENTRIES,
  SLOT_BYTES,
  cacheClear,
  cacheCount,
  cacheEnabled,
  cacheHits,
  cacheMisses,
  cacheSetEnabled,
} from "./cache";

export const MLDSA_MSG_CAPACITY: i32 = 1 << 16;
export const MLDSA_BATCH_CAPACITY: i32 = 1 << 19;
export const MLDSA_BATCH_MAX_ITEMS: i32 = 1024;
const ITEM_HEADER: i32 = 16;

// Each buffer has 16 bytes of slack: decoders use 4-byte loads that may read past the data.
const PK_BUF: usize = memory.data(MAX_PK_BYTES + 16, 16);
const SIG_BUF: usize = memory.data(MAX_SIG_BYTES + 16, 16);
// The two large buffers come from the heap once, at instantiation (they do not fit the initial
// memory next to the other modules' static data); nothing is allocated afterwards.
const MSG_BUF: usize = heap.alloc(<usize>(MLDSA_MSG_CAPACITY + 16));
const MU_BUF: usize = memory.data(64, 16);
const MU_TMP: usize = memory.data(64, 16);
const BATCH_BUF: usize = heap.alloc(<usize>(MLDSA_BATCH_CAPACITY + 16));
const RESULT_BUF: usize = memory.data(MLDSA_BATCH_MAX_ITEMS, 16);

export function mldsaPkPtr(): usize {
  return PK_BUF;
}
export function mldsaSigPtr(): usize {
  return SIG_BUF;
}
export function mldsaMsgPtr(): usize {
  return MSG_BUF;
}
export function mldsaMsgCapacity(): i32 {
  return MLDSA_MSG_CAPACITY;
}
export function mldsaMuPtr(): usize {
  return MU_BUF;
}
export function mldsaBatchPtr(): usize {
  return BATCH_BUF;
}
export function mldsaBatchCapacity(): i32 {
  return MLDSA_BATCH_CAPACITY;
}
export function mldsaBatchMaxItems(): i32 {
  return MLDSA_BATCH_MAX_ITEMS;
}
export function mldsaResultPtr(): usize {
  return RESULT_BUF;
}

function verifyAt(level: i32, pk: usize, pkLen: i32, sig: usize, sigLen: i32, msg: usize, msgLen: i32): i32 {
  if (!setLevel(level) || pkLen != PK_BYTES || sigLen != SIG_BYTES || msgLen < 0) return 0;
  return verifyWithMsg(pk, sig, MU_TMP, msg, msgLen) ? 1 : 0;
}

// Verify_internal(pk, M', sig) with pk, sig and M' = MSG_BUF[0..msgLen) in their buffers.
export function mldsaVerifyInternal(level: i32, pkLen: i32, sigLen: i32, msgLen: i32): i32 {
  if (msgLen < 0 || msgLen > MLDSA_MSG_CAPACITY) return 0;
  return verifyAt(level, PK_BUF, pkLen, SIG_BUF, sigLen, MSG_BUF, msgLen);
}

// Verify with an external mu (64 bytes in MU_BUF).
export function mldsaVerifyMu(level: i32, pkLen: i32, sigLen: i32): i32 {
  if (!setLevel(level) || pkLen != PK_BYTES || sigLen != SIG_BYTES) return 0;
  return verifyWithMu(PK_BUF, SIG_BUF, MU_BUF, false) ? 1 : 0;
}

// Streaming M' of any length: begin (pk in PK_BUF), absorb chunks from MSG_BUF, finish (sig in SIG_BUF).
let streamLevel: i32 = 0;

export function mldsaStreamBegin(level: i32, pkLen: i32): i32 {
  streamLevel = 0;
  if (!setLevel(level) || pkLen != PK_BYTES) return 0;
  computeTr(PK_BUF, pkLen);
  muBegin();
  streamLevel = level;
  return 1;
}

export function mldsaStreamAbsorb(len: i32): i32 {
  if (streamLevel == 0 || len < 0 || len > MLDSA_MSG_CAPACITY) {
    streamLevel = 0;
    return 0;
  }
  muAbsorb(MSG_BUF, len);
  return 1;
}

export function mldsaStreamFinish(sigLen: i32): i32 {
  const level = streamLevel;
  streamLevel = 0;
  if (level == 0 || !setLevel(level) || sigLen != SIG_BYTES) return 0;
  muFinish(MU_TMP);
  // PK_BUF may have been rewritten since mldsaStreamBegin: tr is not trusted for a new cache entry.
  return verifyWithMu(PK_BUF, SIG_BUF, MU_TMP, false) ? 1 : 0;
}

// Batch of `count` items packed from BATCH_BUF[0..used): each item is a 16-byte header of four
// little-endian u32 (level, pkLen, sigLen, mLen) followed by pk, sig and M'. Writes one byte per
// item (1 valid, 0 not) to RESULT_BUF. Returns count, or -1 if the packing runs out of bounds.
export function mldsaVerifyBatch(count: i32, used: i32): i32 {
  if (count < 0 || count > MLDSA_BATCH_MAX_ITEMS || used < 0 || used > MLDSA_BATCH_CAPACITY) return -1;
  let off: u64 = 0;
  const end: u64 = <u64>used;
  for (let n: i32 = 0; n < count; n++) {
    if (off + <u64>ITEM_HEADER > end) return -1;
    const h = BATCH_BUF + <usize>off;
    const level = load<u32>(h);
    const pkLen = load<u32>(h, 4);
    const sigLen = load<u32>(h, 8);
    const mLen = load<u32>(h, 12);
    const pk = off + <u64>ITEM_HEADER;
    const sig = pk + <u64>pkLen;
    const msg = sig + <u64>sigLen;
    const next = msg + <u64>mLen;
    if (next > end) return -1;
    store<u8>(
      RESULT_BUF + <usize>n,
      <u8>(
        verifyAt(
          <i32>level,
          BATCH_BUF + <usize>pk,
          <i32>pkLen,
          BATCH_BUF + <usize>sig,
          <i32>sigLen,
          BATCH_BUF + <usize>msg,
          <i32>mLen,
        )
      ),
    );
    off = next;
  }
  return count;
}

// Key cache (cache.ts): on by default; off, every verify computes Â, NTT(t1·2^d) and tr afresh.
// Turning it off or on keeps the entries; mldsaCacheClear empties it and zeroes the counters.
export function mldsaCacheSetEnabled(on: i32): void {
  cacheSetEnabled(on != 0);
}
export function mldsaCacheEnabled(): i32 {
  return cacheEnabled() ? 1 : 0;
}
export function mldsaCacheClear(): void {
  cacheClear();
}
// Counters since instantiation or the last clear (u32, wrap around).
export function mldsaCacheHits(): u32 {
  return cacheHits();
}
export function mldsaCacheMisses(): u32 {
  return cacheMisses();
}
export function mldsaCacheEntries(): i32 {
  return cacheCount();
}
export function mldsaCacheCapacity(): i32 {
  return CACHE_ENTRIES;
}
export function mldsaCacheSlotBytes(): i32 {
  return SLOT_BYTES;
}
