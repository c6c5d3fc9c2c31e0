// Loading a ledger from outside state: a snapshot (bindings/ledger/snapshot.ts) or the rows a
// store holds (docs/ledger.md "Snapshots", "Loading from rows"). The host streams the records
// through the batch input buffer in chunks; this module checks each one and places it, then
// ledgerLoadFinish rebuilds the state tree from scratch and accepts the ledger only if the root
// equals the one the host expects. Until then the ledger is not initialised (every batch gets
// E_NOT_INITIALIZED), and any failure leaves it so: a load is all or nothing.
//
// Every check here returns a named code; none traps. Integrity rests on the state root (it commits
// every account record, every key record and the globals block) plus key id = SHA3-256(public
// key), which ties the arena bytes to the committed key records.
import {
  G_INIT,
  G_CHAIN_ID,
  G_HAS_GENESIS,
  G_ACC_COUNT,
  G_KEY_COUNT,
  G_PK_TOP,
  G_ACC_SLOTS,
  G_KEY_SLOTS,
  G_ROOT,
  G_SIZE,
  ACC_SIZE,
  ACC_ID,
  ACC_FLAGS,
  ACC_FLAG_OCCUPIED,
  ACC_BAL,
  KEY_SIZE,
  KEY_ID,
  KEY_STATUS,
  KEY_ACTIVE,
  KEY_REVOKED,
  KEY_LEVEL,
  KEY_PK_OFF,
  KEY_PK_LEN,
  TOKEN_COUNT,
  INPUT_BYTES,
  PK_ARENA_MAX_BYTES,
  pkSizeForLevel,
} from "./layout";
import * as E from "./errors";
import { G, PK, INPUT, eq32, pkArenaBytes } from "./mem";
import { accSlots, accSlotPtr, accHome, accFind } from "./accounts";
import { keySlots, keySlotPtr, keyHome } from "./keys";
import { sha3Into } from "./hashing";
import { computeFullStateRootTo } from "./root";
import { ledgerInit, ledgerQueryPtr } from "./ledger_exports";
import { accReserve, keyReserve, pkReserve } from "./capacity";

// Public keys start on 32-byte blocks: every ML-DSA public key length (1312, 1952, 2592) is a
// multiple of 32 and the arena is filled append-only from 0. One bit per block marks the blocks a
// loaded key claims, so two key records cannot share arena bytes.
const PK_BLOCK_BYTES: u32 = 32;
const PK_USED_BYTES: usize = <usize>(PK_ARENA_MAX_BYTES / PK_BLOCK_BYTES / 8); // 2 MiB, made at the first load
let pkUsed: usize = 0;

// The load session (not ledger state; ledgerLoadBegin resets it).
let loading: bool = false;
let loadedAccounts: u32 = 0;
let loadedKeys: u32 = 0;
let loadedPkBytes: u64 = 0;
const LAST_ACC: usize = memory.data(32, 8);
const LAST_KEY: usize = memory.data(32, 8);
const ID_CHECK: usize = memory.data(32, 8);
const ROOT_CHECK: usize = memory.data(32, 8);

const LOAD_ORDERED: u32 = 1; // ids must be strictly increasing (snapshots: one canonical order)
const LOAD_BALANCES_ZERO: u32 = 2; // account records carry no balances (rows: they are separate)

function usable(slots: u32): u32 {
  return slots - (slots >> 3);
}

// Ends the session with `code`: a failed load leaves the ledger uninitialised.
function fail(code: u32): u32 {
  loading = false;
  store<u32>(G + G_INIT, 0);
  return code;
}

// Byte-wise comparison of two 32-byte ids (byte 0 most significant): <0, 0, >0.
function cmp32(a: usize, b: usize): i32 {
  for (let i: usize = 0; i < 32; i++) {
    const x = <i32>load<u8>(a + i);
    const y = <i32>load<u8>(b + i);
    if (x != y) return x - y;
  }
  return 0;
}

// Starts a load from the globals block at INPUT[0..G_ROOT) (the state root is not part of it: the
// host passes the expected root to ledgerLoadFinish). Resets the ledger to empty tables of the
// capacities the globals name, then takes the globals as they are.
export function ledgerLoadBegin(): u32 {
  const g = INPUT;
  if (load<u32>(g + G_INIT) != 1 || load<u32>(g + G_HAS_GENESIS) != 1) return fail(E.E_RESTORE_GLOBALS);
  const aSlots = load<u32>(g + G_ACC_SLOTS);
  const kSlots = load<u32>(g + G_KEY_SLOTS);
  if (ledgerInit(load<u32>(g + G_CHAIN_ID), aSlots, kSlots) != E.OK) return fail(E.E_RESTORE_GLOBALS);
  // ledgerInit accepted the capacities; now the counts must fit them.
  // The slot counts in the globals are genesis hints (tables grow past them): make room for the
  // counts the globals name, within the hard limits, before any record is placed.
  const pkTop = load<u32>(g + G_PK_TOP);
  if (pkTop > PK_ARENA_MAX_BYTES || pkTop % PK_BLOCK_BYTES != 0) return fail(E.E_RESTORE_GLOBALS);
  const accounts = load<u32>(g + G_ACC_COUNT);
  const keys = load<u32>(g + G_KEY_COUNT);
  if (!accReserve(accounts) || !keyReserve(keys) || !pkReserve(pkTop)) return fail(E.E_RESTORE_GLOBALS);
  // A table at its hard limit is not grown past it: the counts must fit what the tables now are.
  if (accounts > usable(accSlots()) || keys > usable(keySlots()) || pkTop > pkArenaBytes)
    return fail(E.E_RESTORE_GLOBALS);
  memory.copy(G, g, G_ROOT);
  memory.fill(G + G_ROOT, 0, G_SIZE - G_ROOT);
  store<u32>(G + G_INIT, 0); // unusable until ledgerLoadFinish has checked the root
  if (pkUsed == 0) pkUsed = heap.alloc(PK_USED_BYTES);
  memory.fill(pkUsed, 0, PK_USED_BYTES);
  loadedAccounts = 0;
  loadedKeys = 0;
  loadedPkBytes = 0;
  loading = true;
  return E.OK;
}

// Loads n account records (ACC_SIZE bytes each) from INPUT. flags: LOAD_ORDERED,
// LOAD_BALANCES_ZERO.
export function ledgerLoadAccounts(n: u32, flags: u32): u32 {
  if (!loading) return E.E_NOT_INITIALIZED;
  if (n > INPUT_BYTES / <u32>ACC_SIZE) return fail(E.E_SNAPSHOT_LENGTH);
  const slots = accSlots();
  for (let i: u32 = 0; i < n; i++) {
    const rec = INPUT + <usize>i * ACC_SIZE;
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) return fail(E.E_RESTORE_RECORD);
    if ((flags & LOAD_BALANCES_ZERO) != 0) {
      for (let b: usize = 0; b < <usize>TOKEN_COUNT * 16; b += 8)
        if (load<u64>(rec + ACC_BAL + b) != 0) return fail(E.E_ROWS_MALFORMED);
    }
    if ((flags & LOAD_ORDERED) != 0) {
      if (loadedAccounts > 0 && cmp32(LAST_ACC, rec + ACC_ID) >= 0) return fail(E.E_RESTORE_ORDER);
      memory.copy(LAST_ACC, rec + ACC_ID, 32);
    }
    if (loadedAccounts >= load<u32>(G + G_ACC_COUNT)) return fail(E.E_RESTORE_COUNT);
    let s = accHome(rec + ACC_ID, slots);
    while ((load<u32>(accSlotPtr(s) + ACC_FLAGS) & ACC_FLAG_OCCUPIED) != 0) {
      if (eq32(accSlotPtr(s) + ACC_ID, rec + ACC_ID)) return fail(E.E_RESTORE_RECORD); // duplicate
      s = (s + 1) & (slots - 1);
    }
    memory.copy(accSlotPtr(s), rec, ACC_SIZE);
    loadedAccounts++;
  }
  return E.OK;
}

// Sets one token's balances: n entries [32 account id][u128 balance] at INPUT. The account must be
// loaded and its balance of that token still zero (one row per account and token).
export function ledgerLoadBalances(token: u32, n: u32): u32 {
  if (!loading) return E.E_NOT_INITIALIZED;
  if (token >= TOKEN_COUNT) return fail(E.E_ROWS_MALFORMED);
  if (n > INPUT_BYTES / 48) return fail(E.E_SNAPSHOT_LENGTH);
  for (let i: u32 = 0; i < n; i++) {
    const e = INPUT + <usize>i * 48;
    const rec = accFind(e);
    if (rec == 0) return fail(E.E_ROWS_MALFORMED); // a balance of an account the registry lacks
    const b = rec + ACC_BAL + <usize>token * 16;
    if ((load<u64>(b) | load<u64>(b, 8)) != 0) return fail(E.E_ROWS_MALFORMED);
    store<u64>(b, load<u64>(e + 32));
    store<u64>(b, load<u64>(e + 40), 8);
  }
  return E.OK;
}

// Claims the arena blocks of [off, off + len) for one key; false if any is already claimed.
function claimPk(off: u32, len: u32): bool {
  const first = off / PK_BLOCK_BYTES;
  const last = (off + len) / PK_BLOCK_BYTES;
  for (let b = first; b < last; b++) {
    const p = pkUsed + <usize>(b >> 3);
    const bit = <u8>((<u32>1) << (b & 7));
    if ((load<u8>(p) & bit) != 0) return false;
    store<u8>(p, load<u8>(p) | bit);
  }
  return true;
}

// Checks one key entry at `rec` (KEY_SIZE record, then its public key) with `avail` bytes left in
// the input; returns OK or the code. Sets `entryLen`.
let entryLen: u32 = 0;
function checkKey(rec: usize, avail: u32, flags: u32): u32 {
  if (avail < <u32>KEY_SIZE) return E.E_SNAPSHOT_LENGTH;
  const status = <u32>load<u8>(rec + KEY_STATUS);
  if (status < KEY_ACTIVE || status > KEY_REVOKED) return E.E_RESTORE_RECORD;
  const want = pkSizeForLevel(<u32>load<u8>(rec + KEY_LEVEL));
  const pkLen = load<u32>(rec + KEY_PK_LEN);
  if (want < 0 || pkLen != <u32>want) return E.E_RESTORE_RECORD;
  if (avail - <u32>KEY_SIZE < pkLen) return E.E_SNAPSHOT_LENGTH;
  const off = load<u32>(rec + KEY_PK_OFF);
  if (off % PK_BLOCK_BYTES != 0 || <u64>off + <u64>pkLen > <u64>load<u32>(G + G_PK_TOP)) return E.E_RESTORE_RECORD;
  sha3Into(ID_CHECK, rec + KEY_SIZE, pkLen);
  if (!eq32(ID_CHECK, rec + KEY_ID)) return E.E_RESTORE_RECORD;
  if ((flags & LOAD_ORDERED) != 0) {
    if (loadedKeys > 0 && cmp32(LAST_KEY, rec + KEY_ID) >= 0) return E.E_RESTORE_ORDER;
    memory.copy(LAST_KEY, rec + KEY_ID, 32);
  }
  if (loadedKeys >= load<u32>(G + G_KEY_COUNT)) return E.E_RESTORE_COUNT;
  if (!claimPk(off, pkLen)) return E.E_RESTORE_RECORD;
  entryLen = <u32>KEY_SIZE + pkLen;
  return E.OK;
}

// Loads n key entries from INPUT[0..inputLen): each the KEY_SIZE record, then its public key
// (KEY_PK_LEN bytes, placed at KEY_PK_OFF in the arena). flags: LOAD_ORDERED.
export function ledgerLoadKeys(n: u32, inputLen: u32, flags: u32): u32 {
  if (!loading) return E.E_NOT_INITIALIZED;
  if (inputLen > INPUT_BYTES) return fail(E.E_SNAPSHOT_LENGTH);
  const slots = keySlots();
  let off: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const rec = INPUT + <usize>off;
    const code = checkKey(rec, inputLen - off, flags);
    if (code != E.OK) return fail(code);
    let s = keyHome(rec + KEY_ID, slots);
    while (load<u8>(keySlotPtr(s) + KEY_STATUS) != 0) {
      if (eq32(keySlotPtr(s) + KEY_ID, rec + KEY_ID)) return fail(E.E_RESTORE_RECORD); // duplicate
      s = (s + 1) & (slots - 1);
    }
    memory.copy(keySlotPtr(s), rec, KEY_SIZE);
    const pkLen = load<u32>(rec + KEY_PK_LEN);
    memory.copy(PK + <usize>load<u32>(rec + KEY_PK_OFF), rec + KEY_SIZE, pkLen);
    loadedKeys++;
    loadedPkBytes += <u64>pkLen;
    off += entryLen;
  }
  return off == inputLen ? E.OK : fail(E.E_SNAPSHOT_LENGTH);
}

// Ends the load: the counts in the globals must match what was loaded (so the arena is exactly
// tiled by the keys), then the whole state tree is rebuilt and its root must equal the expected
// root the host wrote at ledgerQueryPtr(). OK makes the ledger usable.
export function ledgerLoadFinish(): u32 {
  if (!loading) return E.E_NOT_INITIALIZED;
  if (loadedAccounts != load<u32>(G + G_ACC_COUNT) || loadedKeys != load<u32>(G + G_KEY_COUNT))
    return fail(E.E_RESTORE_COUNT);
  if (loadedPkBytes != <u64>load<u32>(G + G_PK_TOP)) return fail(E.E_RESTORE_COUNT);
  // The root commits G_INIT as it was saved (1): set it back before hashing.
  store<u32>(G + G_INIT, 1);
  if (!computeFullStateRootTo(ROOT_CHECK) || !eq32(ROOT_CHECK, ledgerQueryPtr())) return fail(E.E_RESTORE_ROOT);
  memory.copy(G + G_ROOT, ROOT_CHECK, 32);
  loading = false;
  return E.OK;
}

// Table walking for snapshots and row exports (the host reads records through these pointers).
export function ledgerAccountSlots(): u32 {
  return load<u32>(G + G_INIT) == 0 ? 0 : accSlots();
}
export function ledgerAccountSlotPtr(i: u32): usize {
  return i < accSlots() ? accSlotPtr(i) : 0;
}
export function ledgerKeySlots(): u32 {
  return load<u32>(G + G_INIT) == 0 ? 0 : keySlots();
}
export function ledgerKeySlotPtr(i: u32): usize {
  return i < keySlots() ? keySlotPtr(i) : 0;
}
