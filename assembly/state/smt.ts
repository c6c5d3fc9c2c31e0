// State-root commitment: a sparse Merkle tree over 256-bit keys (SHA3-256 account ids), with
// single-leaf subtrees collapsed to the leaf (docs/state-root.md).
//   empty subtree = 32 zero bytes
//   leaf          = SHA3-256(0x10 || key || value)      (value: 32-byte commitment to the account state)
//   node          = SHA3-256(0x11 || left || right)
// Canonical shape: an internal node exists exactly where its subtree holds at least two leaves;
// a subtree with one leaf is that leaf. So the root depends only on the set of (key, value).
// Key bits are read most significant bit of byte 0 first; bit 0 chooses the root's child (0 left).
//
// Storage: two stores (leaves, internal nodes) with free lists for deleted slots, addressed by
// index, so a store can move. smtInit gives fixed capacities (a full store fails the update and
// changes nothing); smtInitGrowing gives initial ones that double on demand up to SMT_MAX_*_CAP
// (the ledger's tree grows with its tables). Updates mark the path dirty; smtRoot rehashes only
// dirty nodes, so a batch of t updates costs O(t · depth) hashes, depth ≈ log2(n) for hashed keys.
import { sha3PrefixedPairTo } from "../crypto/pair-hash";
import { ioPtr } from "../crypto/exports";
import { regionAlloc, regionFree, regionGrow } from "../region";

export const SMT_OK: i32 = 0;
export const SMT_ABSENT: i32 = 1;
export const SMT_E_NOT_INIT: i32 = -1;
export const SMT_E_LEAVES_FULL: i32 = -2;
export const SMT_E_NODES_FULL: i32 = -3;
export const SMT_E_ARGS: i32 = -4;

export const SMT_MAX_LEAF_CAP: i32 = 1 << 22;
export const SMT_MAX_NODE_CAP: i32 = 1 << 24;

// Leaf slot: key[0..32) value[32..64) hash[64..96). Free slots link through their first i32.
const LEAF_SIZE: usize = 96;
// Internal slot: left i32, right i32, dirty i32, hash[12..44).
const NODE_SIZE: usize = 44;

const ZERO: usize = memory.data(32);
const KEY: usize = memory.data(32);
const ROOT_SLOT: usize = memory.data(4);
const PATH: usize = memory.data(257 * 4);

let leaves: usize = 0;
let nodes: usize = 0;
let leafCap: i32 = 0;
let nodeCap: i32 = 0;
let leafBump: i32 = 0;
let nodeBump: i32 = 0;
let leafFree: i32 = -1;
let nodeFree: i32 = -1;
let leafFreeCount: i32 = 0;
let nodeFreeCount: i32 = 0;
let leafCount: i32 = 0;
// Hashes computed since the last smtTakeHashCount (instrumentation for the O(t · log n) bound).
let hashCount: i32 = 0;

// Refs stored in slots: 0 empty, n > 0 internal node n - 1, n < 0 leaf -n - 1.
function leafAddr(i: i32): usize {
  return leaves + <usize>i * LEAF_SIZE;
}
function nodeAddr(i: i32): usize {
  return nodes + <usize>i * NODE_SIZE;
}
function bitAt(key: usize, d: i32): i32 {
  return ((<i32>load<u8>(key + <usize>(d >> 3))) >> (7 - (d & 7))) & 1;
}

function eq32(a: usize, b: usize): bool {
  for (let i: usize = 0; i < 32; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  return true;
}

function hashLeafTo(key: usize, value: usize, out: usize): void {
  hashCount++;
  sha3PrefixedPairTo(0x10, key, value, out);
}

function hashNodeTo(left: usize, right: usize, out: usize): void {
  hashCount++;
  sha3PrefixedPairTo(0x11, left, right, out);
}

function newLeaf(key: usize, value: usize): i32 {
  let i: i32;
  if (leafFree >= 0) {
    i = leafFree;
    leafFree = load<i32>(leafAddr(i));
    leafFreeCount--;
  } else {
    i = leafBump++;
  }
  const a = leafAddr(i);
  memory.copy(a, key, 32);
  memory.copy(a + 32, value, 32);
  hashLeafTo(a, a + 32, a + 64);
  return i;
}

function newNode(): i32 {
  let i: i32;
  if (nodeFree >= 0) {
    i = nodeFree;
    nodeFree = load<i32>(nodeAddr(i));
    nodeFreeCount--;
  } else {
    i = nodeBump++;
  }
  const a = nodeAddr(i);
  store<i32>(a, 0);
  store<i32>(a + 4, 0);
  store<i32>(a + 8, 1);
  return i;
}

function freeLeaf(i: i32): void {
  store<i32>(leafAddr(i), leafFree);
  leafFree = i;
  leafFreeCount++;
}

function freeNode(i: i32): void {
  store<i32>(nodeAddr(i), nodeFree);
  nodeFree = i;
  nodeFreeCount++;
}

// Capacities in slots: cap = allocated now, limit = the most a store may grow to.
let leafLimit: i32 = 0;
let nodeLimit: i32 = 0;

function validCaps(lcap: i32, ncap: i32): bool {
  return lcap >= 1 && lcap <= SMT_MAX_LEAF_CAP && ncap >= 1 && ncap <= SMT_MAX_NODE_CAP;
}

// Stores of at least the given capacities, cleared; false when memory cannot grow.
function initStores(lcap: i32, ncap: i32): bool {
  if (lcap > leafCap || leaves == 0) {
    const a = regionAlloc(<usize>lcap * LEAF_SIZE);
    if (a == 0) return false;
    regionFree(leaves, <usize>leafCap * LEAF_SIZE);
    leaves = a;
    leafCap = lcap;
  }
  if (ncap > nodeCap || nodes == 0) {
    const a = regionAlloc(<usize>ncap * NODE_SIZE);
    if (a == 0) return false;
    regionFree(nodes, <usize>nodeCap * NODE_SIZE);
    nodes = a;
    nodeCap = ncap;
  }
  smtClear();
  return true;
}

// Fixed capacities (slots): an update that needs more fails with SMT_E_LEAVES_FULL /
// SMT_E_NODES_FULL and changes nothing. Calling again clears the tree (stores are reused, or
// replaced by larger ones).
export function smtInit(lcap: i32, ncap: i32): i32 {
  if (!validCaps(lcap, ncap)) return SMT_E_ARGS;
  if (!initStores(lcap, ncap)) return SMT_E_ARGS;
  leafLimit = lcap;
  nodeLimit = ncap;
  return SMT_OK;
}

// Initial capacities; the stores then double on demand up to SMT_MAX_LEAF_CAP / SMT_MAX_NODE_CAP.
export function smtInitGrowing(lcap: i32, ncap: i32): i32 {
  if (!validCaps(lcap, ncap)) return SMT_E_ARGS;
  if (!initStores(lcap, ncap)) return SMT_E_ARGS;
  leafLimit = SMT_MAX_LEAF_CAP;
  nodeLimit = SMT_MAX_NODE_CAP;
  return SMT_OK;
}

// Free slots in a store: its free list plus the untouched rest of its capacity (or its limit).
function leafRoom(cap: i32): i32 {
  return leafFreeCount + (cap - leafBump);
}
function nodeRoom(cap: i32): i32 {
  return nodeFreeCount + (cap - nodeBump);
}

// Makes room for n more leaves; false when the limit or memory says no (nothing changed). Moves
// the leaf store: leaf addresses taken before are stale.
function reserveLeaves(n: i32): bool {
  if (leafRoom(min(leafCap, leafLimit)) >= n) return true;
  if (leafRoom(leafLimit) < n) return false;
  let cap = leafCap;
  while (leafRoom(cap) < n) cap = cap > leafLimit >> 1 ? leafLimit : cap << 1;
  const a = regionGrow(leaves, <usize>leafCap * LEAF_SIZE, <usize>cap * LEAF_SIZE, <usize>leafBump * LEAF_SIZE);
  if (a == 0) return false;
  leaves = a;
  leafCap = cap;
  return true;
}

// The same for internal nodes: moves the node store (slot addresses inside it are stale).
function reserveNodes(n: i32): bool {
  if (nodeRoom(min(nodeCap, nodeLimit)) >= n) return true;
  if (nodeRoom(nodeLimit) < n) return false;
  let cap = nodeCap;
  while (nodeRoom(cap) < n) cap = cap > nodeLimit >> 1 ? nodeLimit : cap << 1;
  const a = regionGrow(nodes, <usize>nodeCap * NODE_SIZE, <usize>cap * NODE_SIZE, <usize>nodeBump * NODE_SIZE);
  if (a == 0) return false;
  nodes = a;
  nodeCap = cap;
  return true;
}

// Room ahead of time for n more leaves and m more internal nodes, as far as the limits allow (the
// ledger calls it before a batch, so that the root update rarely needs memory). False only when
// memory cannot grow (nothing changed then).
export function smtReserve(n: i32, m: i32): bool {
  if (leaves == 0) return false;
  const nl = min(n, leafRoom(leafLimit));
  const nn = min(m, nodeRoom(nodeLimit));
  return (nl <= 0 || reserveLeaves(nl)) && (nn <= 0 || reserveNodes(nn));
}

export function smtClear(): void {
  leafBump = 0;
  nodeBump = 0;
  leafFree = -1;
  nodeFree = -1;
  leafFreeCount = 0;
  nodeFreeCount = 0;
  leafCount = 0;
  store<i32>(ROOT_SLOT, 0);
}

export function smtSize(): i32 {
  return leafCount;
}

export function smtTakeHashCount(): i32 {
  const n = hashCount;
  hashCount = 0;
  return n;
}

export function smtNodeCount(): i32 {
  return nodeBump - nodeFreeCount;
}

// Inserts or updates key -> value (32 bytes each, caller memory).
export function smtSetAt(key: usize, value: usize): i32 {
  if (leaves == 0) return SMT_E_NOT_INIT;
  let slot = ROOT_SLOT;
  let depth: i32 = 0;
  while (true) {
    const ref = load<i32>(slot);
    if (ref == 0) {
      if (!reserveLeaves(1)) return SMT_E_LEAVES_FULL; // `slot` is in the node store: still valid
      store<i32>(slot, -newLeaf(key, value) - 1);
      leafCount++;
      return SMT_OK;
    }
    if (ref < 0) {
      const oi = -ref - 1;
      const oa = leafAddr(oi);
      if (eq32(oa, key)) {
        if (!eq32(oa + 32, value)) {
          memory.copy(oa + 32, value, 32);
          hashLeafTo(oa, oa + 32, oa + 64);
        }
        return SMT_OK;
      }
      // Split: internal nodes from `depth` down to the first bit where the keys differ.
      let d = depth;
      while (bitAt(key, d) == bitAt(oa, d)) d++;
      // Room first (nothing changes on failure). Growth moves a store, so `slot` is kept as an
      // offset into the node store (or the root slot) and re-based.
      const slotOff: isize = slot == ROOT_SLOT ? -1 : <isize>(slot - nodes);
      if (!reserveLeaves(1)) return SMT_E_LEAVES_FULL;
      if (!reserveNodes(d - depth + 1)) return SMT_E_NODES_FULL;
      if (slotOff >= 0) slot = nodes + <usize>slotOff;
      const ob = bitAt(leafAddr(oi), d);
      const li = newLeaf(key, value);
      leafCount++;
      let cur = slot;
      for (let t = depth; t < d; t++) {
        const n = newNode();
        store<i32>(cur, n + 1);
        cur = nodeAddr(n) + <usize>(bitAt(key, t) << 2);
      }
      const n = newNode();
      store<i32>(cur, n + 1);
      const na = nodeAddr(n);
      store<i32>(na + <usize>(bitAt(key, d) << 2), -li - 1);
      store<i32>(na + <usize>(ob << 2), ref);
      return SMT_OK;
    }
    const na = nodeAddr(ref - 1);
    store<i32>(na + 8, 1);
    slot = na + <usize>(bitAt(key, depth) << 2);
    depth++;
  }
  return SMT_OK;
}

// Removes key. Returns SMT_OK, or SMT_ABSENT when the key is not in the tree.
export function smtDeleteAt(key: usize): i32 {
  if (leaves == 0) return SMT_E_NOT_INIT;
  let slot = ROOT_SLOT;
  let depth: i32 = 0;
  while (true) {
    const ref = load<i32>(slot);
    if (ref == 0) return SMT_ABSENT;
    if (ref < 0) {
      const li = -ref - 1;
      if (!eq32(leafAddr(li), key)) return SMT_ABSENT;
      store<i32>(slot, 0);
      freeLeaf(li);
      leafCount--;
      // Collapse: a node left with one leaf child and one empty child becomes that leaf.
      let k = depth - 1;
      while (k >= 0) {
        const ps = load<usize>(PATH + <usize>(k << 2));
        const nref = load<i32>(ps);
        const na = nodeAddr(nref - 1);
        const l = load<i32>(na);
        const r = load<i32>(na + 4);
        let only: i32 = 0;
        if (l == 0) only = r;
        else if (r == 0) only = l;
        if (only >= 0) break; // two children, or a single internal child: shape stays canonical
        store<i32>(ps, only);
        freeNode(nref - 1);
        k--;
      }
      return SMT_OK;
    }
    store<usize>(PATH + <usize>(depth << 2), slot);
    const na = nodeAddr(ref - 1);
    store<i32>(na + 8, 1);
    slot = na + <usize>(bitAt(key, depth) << 2);
    depth++;
  }
  return SMT_OK;
}

// Looks key up; copies its value to `out`. Returns SMT_OK or SMT_ABSENT.
export function smtGetAt(key: usize, out: usize): i32 {
  if (leaves == 0) return SMT_E_NOT_INIT;
  let ref = load<i32>(ROOT_SLOT);
  let depth: i32 = 0;
  while (ref > 0) {
    ref = load<i32>(nodeAddr(ref - 1) + <usize>(bitAt(key, depth) << 2));
    depth++;
  }
  if (ref == 0) return SMT_ABSENT;
  const a = leafAddr(-ref - 1);
  if (!eq32(a, key)) return SMT_ABSENT;
  memory.copy(out, a + 32, 32);
  return SMT_OK;
}

// Address of the hash of the subtree `ref`, rehashing dirty internal nodes (depth ≤ 256).
function hashOf(ref: i32): usize {
  if (ref == 0) return ZERO;
  if (ref < 0) return leafAddr(-ref - 1) + 64;
  const na = nodeAddr(ref - 1);
  if (load<i32>(na + 8) != 0) {
    const l = hashOf(load<i32>(na));
    const r = hashOf(load<i32>(na + 4));
    hashNodeTo(l, r, na + 12);
    store<i32>(na + 8, 0);
  }
  return na + 12;
}

export function smtRootTo(out: usize): i32 {
  if (leaves == 0) return SMT_E_NOT_INIT;
  memory.copy(out, hashOf(load<i32>(ROOT_SLOT)), 32);
  return SMT_OK;
}

// Proof for key, written at `out`:
//   [0] kind: 0 absent (empty subtree), 1 present, 2 absent (another leaf on the path)
//   [1..3) depth u16 LE = number of siblings
//   [3..35) leaf key, [35..67) leaf value (kind 1: the key's own; kind 2: the other leaf; kind 0: zeros)
//   [67..67 + 32·depth) sibling hashes from the root down.
// Returns the proof length in bytes, or a negative error.
export function smtProveAt(key: usize, out: usize): i32 {
  if (leaves == 0) return SMT_E_NOT_INIT;
  let ref = load<i32>(ROOT_SLOT);
  hashOf(ref);
  let depth: i32 = 0;
  while (ref > 0) {
    const na = nodeAddr(ref - 1);
    const b = bitAt(key, depth);
    memory.copy(out + 67 + <usize>(depth * 32), hashOf(load<i32>(na + <usize>((1 - b) << 2))), 32);
    ref = load<i32>(na + <usize>(b << 2));
    depth++;
  }
  if (ref == 0) {
    store<u8>(out, 0);
    memory.fill(out + 3, 0, 64);
  } else {
    const a = leafAddr(-ref - 1);
    store<u8>(out, eq32(a, key) ? 1 : 2);
    memory.copy(out + 3, a, 64);
  }
  store<u16>(out + 1, <u16>depth);
  return 67 + depth * 32;
}

// --- WASM exports over the I/O buffer ---

// key IO[0..32), value IO[32..64).
export function smtSet(): i32 {
  const io = ioPtr();
  return smtSetAt(io, io + 32);
}

// key IO[0..32).
export function smtDelete(): i32 {
  return smtDeleteAt(ioPtr());
}

// key IO[0..32) -> value IO[32..64).
export function smtGet(): i32 {
  const io = ioPtr();
  return smtGetAt(io, io + 32);
}

// root -> IO[0..32).
export function smtRoot(): i32 {
  return smtRootTo(ioPtr());
}

// key IO[0..32) -> proof at IO[0..). Returns the proof length.
export function smtProve(): i32 {
  const io = ioPtr();
  memory.copy(KEY, io, 32);
  return smtProveAt(KEY, io);
}

// Hash primitives for verifiers: IO[0..32) = leaf(IO[0..32), IO[32..64)) or node(IO[0..32), IO[32..64)).
export function smtLeafHash(): i32 {
  const io = ioPtr();
  hashLeafTo(io, io + 32, io);
  return SMT_OK;
}

export function smtNodeHash(): i32 {
  const io = ioPtr();
  hashNodeTo(io, io + 32, io);
  return SMT_OK;
}
