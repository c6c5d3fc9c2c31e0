// RFC 9162-style Merkle tree hashing with SHA3-256 (docs/audit-log.md).
//   leaf  = SHA3-256(0x00 || entry)
//   node  = SHA3-256(0x01 || left || right)
//   empty = SHA3-256("")
// All state is static: one sponge, one 65-byte scratch and a frontier of at most MAX_LEVELS
// subtree roots, so the append-only builder computes roots incrementally in O(log n) with no
// allocation. Data moves through the shared I/O buffer of crypto/exports (ioPtr()).
import { Sponge, DS_SHA3 } from "../crypto/sponge";
import { sha3PrefixedPairTo } from "../crypto/pair-hash";
import { ioPtr, ioCapacity } from "../crypto/exports";

// The builder accepts at most 2^MAX_LEVELS - 1 leaves (the frontier has one slot per bit of size).
export const AUDIT_MAX_LEVELS: i32 = 48;

const SP = new Sponge(memory.data(200), 136, DS_SHA3);
const SCRATCH: usize = memory.data(1);
// FRONTIER[k] holds the root of the complete subtree of 2^k leaves when bit k of size is set.
const FRONTIER: usize = memory.data(AUDIT_MAX_LEVELS * 32);
const ACC: usize = memory.data(32);
const LEAF: usize = memory.data(32);
let treeSize: u64 = 0;

// out = SHA3-256(0x00 || data[0..len)). `out` may alias `data`.
export function leafHashTo(data: usize, len: i32, out: usize): void {
  store<u8>(SCRATCH, 0x00);
  SP.reset(136, DS_SHA3);
  SP.absorb(SCRATCH, 1);
  SP.absorb(data, len);
  SP.finalize();
  SP.squeeze(out, 32);
}

// out = SHA3-256(0x01 || left || right). `out` may alias either input.
export function nodeHashTo(left: usize, right: usize, out: usize): void {
  sha3PrefixedPairTo(0x01, left, right, out);
}

export function emptyRootTo(out: usize): void {
  SP.reset(136, DS_SHA3);
  SP.finalize();
  SP.squeeze(out, 32);
}

// --- WASM exports (I/O buffer) ---

// IO[0..32) = leaf hash of IO[0..len). Returns 0, or -1 when len is out of range.
export function auditLeafHash(len: i32): i32 {
  if (len < 0 || len > ioCapacity()) return -1;
  leafHashTo(ioPtr(), len, ioPtr());
  return 0;
}

// IO[0..32) = node hash of IO[0..32) (left) and IO[32..64) (right).
export function auditNodeHash(): i32 {
  const io = ioPtr();
  nodeHashTo(io, io + 32, io);
  return 0;
}

// Resets the incremental builder to the empty tree.
export function auditTreeReset(): void {
  treeSize = 0;
  memory.fill(FRONTIER, 0, AUDIT_MAX_LEVELS * 32);
}

export function auditTreeSize(): u64 {
  return treeSize;
}

// Internal API for the ledger (its own memory): append a 32-byte leaf hash at `h`.
// Returns 0, or -2 when the tree is full.
export function auditTreeAppendLeafHashAt(h: usize): i32 {
  if (treeSize >= ((<u64>1) << AUDIT_MAX_LEVELS) - 1) return -2;
  memory.copy(ACC, h, 32);
  let s = treeSize;
  let k: i32 = 0;
  // Merge equal-size subtrees while the carry propagates (like binary increment).
  while (s & 1) {
    nodeHashTo(FRONTIER + <usize>(k * 32), ACC, ACC);
    s >>= 1;
    k++;
  }
  memory.copy(FRONTIER + <usize>(k * 32), ACC, 32);
  treeSize++;
  return 0;
}

// Appends the entry IO[0..len) as a leaf (hashes it). Returns 0, -1 bad length, -2 tree full.
export function auditTreeAppend(len: i32): i32 {
  if (len < 0 || len > ioCapacity()) return -1;
  leafHashTo(ioPtr(), len, LEAF);
  return auditTreeAppendLeafHashAt(LEAF);
}

// Appends an already-computed leaf hash IO[0..32). Returns 0 or -2 when full.
export function auditTreeAppendLeafHash(): i32 {
  memory.copy(LEAF, ioPtr(), 32);
  return auditTreeAppendLeafHashAt(LEAF);
}

// Internal API: hashes the entry data[0..len) as a leaf and appends it. 0, or -2 when full.
export function auditTreeAppendAt(data: usize, len: i32): i32 {
  leafHashTo(data, len, LEAF);
  return auditTreeAppendLeafHashAt(LEAF);
}

// Internal API: out[0..32) = root of the current tree, the frontier folded from the smallest
// subtree up.
export function auditTreeRootTo(out: usize): void {
  if (treeSize == 0) {
    emptyRootTo(out);
    return;
  }
  let s = treeSize;
  let k: i32 = 0;
  while ((s & 1) == 0) {
    s >>= 1;
    k++;
  }
  memory.copy(ACC, FRONTIER + <usize>(k * 32), 32);
  s >>= 1;
  k++;
  while (s != 0) {
    if (s & 1) nodeHashTo(FRONTIER + <usize>(k * 32), ACC, ACC);
    s >>= 1;
    k++;
  }
  memory.copy(out, ACC, 32);
}

// The builder's whole state (size, then the frontier), saved at the start of a pending batch and
// put back by its abort (assembly/ledger/undo.ts).
export const AUDIT_TREE_STATE_BYTES: i32 = 8 + AUDIT_MAX_LEVELS * 32;
export function auditTreeSaveTo(dst: usize): void {
  store<u64>(dst, treeSize);
  memory.copy(dst + 8, FRONTIER, AUDIT_MAX_LEVELS * 32);
}
export function auditTreeRestoreFrom(src: usize): void {
  treeSize = load<u64>(src);
  memory.copy(FRONTIER, src + 8, AUDIT_MAX_LEVELS * 32);
}

// IO[0..32) = root of the current tree.
export function auditTreeRoot(): i32 {
  auditTreeRootTo(ioPtr());
  return 0;
}

// --- Saving and loading the builder's state (ledger snapshots, docs/ledger.md "Snapshots") ---
// The state is the size and the frontier entries of the set bits of size, lowest level first:
// the other FRONTIER slots are never read (append writes a slot before reading it), so they are
// not state.

// IO = [u64 size][32 × popcount(size) frontier hashes]. Returns the byte length written.
export function auditTreeSave(): i32 {
  const io = ioPtr();
  store<u64>(io, treeSize);
  let off: usize = 8;
  for (let k: i32 = 0; k < AUDIT_MAX_LEVELS; k++) {
    if (((treeSize >> (<u64>k)) & 1) == 0) continue;
    memory.copy(io + off, FRONTIER + <usize>(k * 32), 32);
    off += 32;
  }
  return <i32>off;
}

// Sets the builder to `size` leaves with the frontier hashes at IO[0 .. 32 × popcount(size)),
// lowest level first. Returns 0, or -1 when size is beyond the builder's limit (nothing changed).
export function auditTreeLoad(size: u64): i32 {
  if (size >= (<u64>1) << AUDIT_MAX_LEVELS) return -1;
  const io = ioPtr();
  memory.fill(FRONTIER, 0, AUDIT_MAX_LEVELS * 32);
  let off: usize = 0;
  for (let k: i32 = 0; k < AUDIT_MAX_LEVELS; k++) {
    if (((size >> (<u64>k)) & 1) == 0) continue;
    memory.copy(FRONTIER + <usize>(k * 32), io + off, 32);
    off += 32;
  }
  treeSize = size;
  return 0;
}
