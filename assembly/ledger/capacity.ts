// Capacity policy (docs/ledger.md "Capacity"): when and how far the account table, the key table
// and the public key arena grow. Growth happens only at the start of a batch, before anything of
// the batch is applied, for the most the batch could add: so no record moves while a batch runs
// (the undo journal, the touched sets and any pointer an operation holds stay valid), and a host
// that refuses memory rejects the batch as a whole (batch-level E_ACCOUNTS_FULL / E_KEYS_FULL,
// nothing applied) instead of failing a packet, which would make outcomes depend on the host.
// Capacities are not state: the state root never sees them, so growth cannot change a root.
import {
  G_ACC_COUNT,
  G_KEY_COUNT,
  G_PK_TOP,
  IN_PACKETS,
  MAX_OPS,
  MIN_SLOTS,
  MAX_ACC_SLOTS,
  MAX_KEY_SLOTS,
  PK_ARENA_MIN_BYTES,
  PK_ARENA_MAX_BYTES,
  GROW_LOAD_NUM,
  GROW_LOAD_SHIFT,
  pkSizeForLevel,
} from "./layout";
import { OK, E_ACCOUNTS_FULL, E_KEYS_FULL } from "./errors";
import { G, INPUT, PK, accSlotCount, keySlotCount, pkArenaBytes, setPkArena } from "./mem";
import { accResize, accTableInit } from "./accounts";
import { keyResize, keyTableInit } from "./keys";
import { regionAlloc, regionFree, regionGrow } from "../region";
import { smtReserve } from "../state/smt";

// The hard limits in force: layout.ts's, unless a test lowered them (ledgerTestSetLimits) to reach
// E_ACCOUNTS_FULL / E_KEYS_FULL without millions of records. They hold until changed again.
let accSlotsMax: u32 = MAX_ACC_SLOTS;
let keySlotsMax: u32 = MAX_KEY_SLOTS;
let pkBytesMax: u32 = PK_ARENA_MAX_BYTES;

function pow2Within(n: u32, max: u32): u32 {
  if (n == 0 || n > max) return max;
  return n < MIN_SLOTS || (n & (n - 1)) != 0 ? max : n;
}

// TEST HOOK ONLY. Slot limits: powers of two in [16, the layout limit]; bytes: at most the layout
// limit; 0 (or anything else out of range) restores the layout limit.
export function setLimits(accSlots: u32, keySlots: u32, pkBytes: u32): void {
  accSlotsMax = pow2Within(accSlots, MAX_ACC_SLOTS);
  keySlotsMax = pow2Within(keySlots, MAX_KEY_SLOTS);
  pkBytesMax = pkBytes == 0 || pkBytes > PK_ARENA_MAX_BYTES ? PK_ARENA_MAX_BYTES : pkBytes;
}

// The smallest power of two >= slots holding `want` records at no more than 3/4 load, or `max`.
function growTarget(slots: u32, max: u32, want: u64): u32 {
  let s = slots;
  while (s < max && want > <u64>((s >> GROW_LOAD_SHIFT) * GROW_LOAD_NUM)) s <<= 1;
  return s;
}

// Room for `extra` more accounts below the grow threshold (or the table at its hard limit).
// False only when memory cannot grow (nothing changed then).
export function accReserve(extra: u32): bool {
  const s = growTarget(accSlotCount, accSlotsMax, <u64>load<u32>(G + G_ACC_COUNT) + extra);
  return s == accSlotCount || accResize(s);
}

export function keyReserve(extra: u32): bool {
  const s = growTarget(keySlotCount, keySlotsMax, <u64>load<u32>(G + G_KEY_COUNT) + extra);
  return s == keySlotCount || keyResize(s);
}

// Room for `extra` more bytes of public keys (doubling), or the arena at its hard limit.
export function pkReserve(extra: u32): bool {
  const top = load<u32>(G + G_PK_TOP);
  const want = <u64>top + extra;
  let cap = pkArenaBytes;
  while (cap < pkBytesMax && want > <u64>cap) cap = cap > pkBytesMax >> 1 ? pkBytesMax : cap << 1;
  if (cap == pkArenaBytes) return true;
  const arena = regionGrow(PK, <usize>pkArenaBytes, <usize>cap, <usize>top);
  if (arena == 0) return false;
  setPkArena(arena, cap);
  return true;
}

// Grows for the most one batch can add, read from its framing alone (record and wire inputs are
// both u32-length-prefixed, and beginBatch has checked the framing): a packet creates at most its
// own account and one account per operation (MAX_OPS), at most one key per operation that
// carries a public key (>= 1,312 bytes each, so also at most len / 1,312), and no more public key
// bytes than the input holds. Returns OK or the batch-level code of the table that cannot grow.
export function reserveForBatch(nPackets: u32, inputLen: u32): u32 {
  const minPk = <u32>pkSizeForLevel(44);
  let accounts: u32 = 0;
  let keys: u32 = 0;
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    accounts += 1 + MAX_OPS;
    keys += min(MAX_OPS, len / minPk);
    off += len;
  }
  if (!accReserve(accounts)) return E_ACCOUNTS_FULL;
  if (!keyReserve(keys)) return E_KEYS_FULL;
  if (!pkReserve(inputLen)) return E_KEYS_FULL;
  // The state tree: a leaf and, typically, under two internal nodes for each new record (hashed
  // ids). Adversarial ids can need more nodes; those the tree grows during the root update.
  const records = accounts + keys + 1;
  if (!smtReserve(<i32>records, <i32>(2 * records))) return E_ACCOUNTS_FULL;
  return OK;
}

// Empty tables at the genesis hints (powers of two, checked by the caller) and the smallest arena.
// The hint may exceed a test-lowered limit; the table then starts at the limit.
export function tablesInit(accountSlots: u32, keySlots: u32): bool {
  regionFree(PK, <usize>pkArenaBytes);
  setPkArena(0, 0);
  if (!accTableInit(min(accountSlots, accSlotsMax)) || !keyTableInit(min(keySlots, keySlotsMax))) return false;
  const bytes = min(PK_ARENA_MIN_BYTES, pkBytesMax);
  const arena = regionAlloc(<usize>bytes);
  if (arena == 0) return false;
  setPkArena(arena, bytes);
  return true;
}
