// Big growable regions (ledger tables, public key arena, state tree stores) on top of the stub
// runtime's bump heap, whose heap.free reclaims only the last block.
//   - Memory is grown here first, by the exact page count, before heap.alloc takes the block: a
//     host that refuses memory then gives a clean failure (0) instead of the stub's trap in the
//     middle of a batch, and the stub never doubles memory on its own, so memory.buffer.byteLength
//     tracks what the regions use (bench:core measures bytes per account and per key with it).
//   - A released region goes to a small free list (adjacent extents merged, best fit, the rest of
//     a split extent kept), so a table that doubles leaves its old block to later, smaller growth;
//     a released region at the end of the heap goes back to the bump pointer.
//   - regionGrow extends the last block of the heap in place (the copy-based stores: public key
//     arena, state tree), so their growth leaves nothing behind when nothing was allocated since.
// Everything here is a deterministic function of the sequence of calls.

// Runtime stub block layout (node_modules/assemblyscript/std/assembly/rt/stub.ts, common.ts):
// a 4-byte header before each 16-byte aligned payload of size ((n + 4 + 15) & ~15) - 4.
const BLOCK_OVERHEAD: usize = 4;
const AL_MASK: usize = 15;
// Never let the heap end come within a page of 4 GiB: the stub computes the end of memory as
// pages << 16 in 32 bits, which wraps to 0 at 65,536 pages.
const HEAP_END_MAX: usize = 0xffff0000;
const PAGE_BYTES: usize = 65536;

// Free extents [start, end) cover whole blocks (header included), so adjacent ones merge exactly.
const FREE_MAX: i32 = 32;
const FREE_START: usize = memory.data(FREE_MAX * 4, 8);
const FREE_END: usize = memory.data(FREE_MAX * 4, 8);
let freeCount: i32 = 0;
// The most pages regionAlloc may grow memory to (a test hook lowers it to simulate a host that
// refuses memory; memory.grow failing is the real case).
let pagesMax: usize = 65536;

// TEST HOOK ONLY: allow `extra` more pages than memory has now (u32.MAX_VALUE: no cap).
export function regionCapGrowth(extra: u32): void {
  pagesMax = extra == u32.MAX_VALUE ? 65536 : <usize>memory.size() + <usize>extra;
}

function payloadSize(bytes: usize): usize {
  return ((bytes + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

function fStart(i: i32): usize {
  return <usize>load<u32>(FREE_START + ((<usize>i) << 2));
}
function fEnd(i: i32): usize {
  return <usize>load<u32>(FREE_END + ((<usize>i) << 2));
}
function fSet(i: i32, start: usize, end: usize): void {
  store<u32>(FREE_START + ((<usize>i) << 2), <u32>start);
  store<u32>(FREE_END + ((<usize>i) << 2), <u32>end);
}
function fRemove(i: i32): void {
  freeCount--;
  fSet(i, fStart(freeCount), fEnd(freeCount));
}

// Best fit from the free list: returns a 16-byte aligned payload of `bytes`, or 0.
function takeFree(bytes: usize): usize {
  const need = payloadSize(bytes) + BLOCK_OVERHEAD;
  let best: i32 = -1;
  for (let i: i32 = 0; i < freeCount; i++) {
    const size = fEnd(i) - fStart(i);
    if (size >= need && (best < 0 || size < fEnd(best) - fStart(best))) best = i;
  }
  if (best < 0) return 0;
  const start = fStart(best);
  const end = fEnd(best);
  if (end - start - need >= PAGE_BYTES) fSet(best, start + need, end);
  else fRemove(best);
  return start + BLOCK_OVERHEAD;
}

// The stub's bump pointer, as the payload address its next block would get: a 0-byte probe is
// the last block, and freeing it returns the bump pointer to the probe's header.
function heapNext(): usize {
  const probe = heap.alloc(0);
  heap.free(probe);
  return probe;
}

// Grows memory so that [0, end) plus one page of headroom exists (the page keeps heapNext's probe
// from ever making the stub grow memory itself, which would double it). False when it cannot.
function ensureMemory(end: usize): bool {
  if (end > HEAP_END_MAX - PAGE_BYTES) return false;
  const have = <usize>memory.size() * PAGE_BYTES;
  const want = end + PAGE_BYTES;
  if (want <= have) return true;
  const pages = (want - have + PAGE_BYTES - 1) / PAGE_BYTES;
  return <usize>memory.size() + pages <= pagesMax && memory.grow(<i32>pages) >= 0;
}

// A zeroed region of `bytes`, 16-byte aligned; 0 when memory cannot grow (nothing changed then).
export function regionAlloc(bytes: usize): usize {
  if (bytes == 0 || bytes > HEAP_END_MAX) return 0;
  let p = takeFree(bytes);
  if (p == 0) {
    const next = heapNext();
    if (bytes > HEAP_END_MAX - next || !ensureMemory(next + payloadSize(bytes))) return 0;
    p = heap.alloc(bytes);
    assert(p == next);
  }
  // Reused extents and a heap tail given back by regionFree may hold old bytes.
  memory.fill(p, 0, bytes);
  return p;
}

// A region of `newBytes` (> oldBytes) holding the first `keepBytes` of `ptr`'s; bytes past
// keepBytes are unspecified. In place when `ptr` is the last block of the heap (no copy, nothing
// left behind), else moved (the old region freed). 0 when memory cannot grow (nothing changed).
export function regionGrow(ptr: usize, oldBytes: usize, newBytes: usize, keepBytes: usize): usize {
  assert(newBytes > oldBytes && keepBytes <= oldBytes);
  if (ptr != 0 && newBytes <= HEAP_END_MAX && ptr + payloadSize(oldBytes) + BLOCK_OVERHEAD == heapNext()) {
    if (newBytes > HEAP_END_MAX - ptr || !ensureMemory(ptr + payloadSize(newBytes))) return 0;
    // Re-allocate the last block larger: free it (the stub's header says its payload size, set
    // here in case the region came from a free extent) and take it back; the stub keeps bytes.
    store<usize>(ptr - BLOCK_OVERHEAD, payloadSize(oldBytes));
    heap.free(ptr);
    const p = heap.alloc(newBytes);
    assert(p == ptr);
    return p;
  }
  const p = regionAlloc(newBytes);
  if (p == 0) return 0;
  memory.copy(p, ptr, keepBytes);
  regionFree(ptr, oldBytes);
  return p;
}

// Returns a region to the free list (merged with free neighbours); an extent that ends the heap
// goes back to the stub's bump pointer instead. A full list keeps the region out of use rather
// than grow without bound.
export function regionFree(ptr: usize, bytes: usize): void {
  if (ptr == 0) return;
  let start = ptr - BLOCK_OVERHEAD;
  let end = ptr + payloadSize(bytes);
  for (let i: i32 = freeCount - 1; i >= 0; i--) {
    if (fEnd(i) == start) {
      start = fStart(i);
      fRemove(i);
    } else if (fStart(i) == end) {
      end = fEnd(i);
      fRemove(i);
    }
  }
  if (end + BLOCK_OVERHEAD == heapNext()) {
    store<usize>(start, end - start - BLOCK_OVERHEAD); // one block spanning the extent
    heap.free(start + BLOCK_OVERHEAD);
    return;
  }
  if (freeCount == FREE_MAX) return;
  fSet(freeCount, start, end);
  freeCount++;
}
