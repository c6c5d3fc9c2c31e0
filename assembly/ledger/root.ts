// State root: the sparse Merkle tree of assembly/state/smt.ts (docs/state-root.md), updated at the
// end of every batch for the records touched in it only (O(touched · log n) hashes). Leaves:
//   account id                      -> SHA3-256("QFS-V13/ledger/account/v2" || account record[232])
//   SHA3-256("QFS-V13/ledger/key/v1" || key id)
//                                   -> SHA3-256("QFS-V13/ledger/key/v1" || key record[144])
//   SHA3-256("QFS-V13/ledger/globals/v2")
//                                   -> SHA3-256("QFS-V13/ledger/globals/v2" || globals[0..G_ROOT))
// (v2: state layout v2 of the token mechanics, 232-byte accounts and the staking globals.)
// So an account's balances and nonce are provable against a checkpoint's state root with the
// account id as the key; key-registry and global state (supplies, parameters, halt record) are
// committed too. The ledger owns the core instance's tree (one tree per WASM instance).
import { G_ROOT, ACC_SIZE, KEY_SIZE, ACC_FLAGS, ACC_FLAG_OCCUPIED, KEY_STATUS } from "./layout";
import { G } from "./mem";
import { LEDGER_SPONGE } from "./hashing";
import { DS_SHA3 } from "../crypto/sponge";
import { touchedAccounts, touchedAccountPtr, accSlots, accSlotPtr } from "./accounts";
import { touchedKeys, touchedKeyPtr, keySlots, keySlotPtr } from "./keys";
import { smtInitGrowing, smtClear, smtSetAt, smtDeleteAt, smtRootTo, SMT_OK } from "../state/smt";

// "QFS-V13/ledger/account/v2", "QFS-V13/ledger/key/v1", "QFS-V13/ledger/globals/v2"
const D_ACCOUNT: usize = memory.data<u8>([
  0x51, 0x46, 0x53, 0x2d, 0x56, 0x31, 0x33, 0x2f, 0x6c, 0x65, 0x64, 0x67, 0x65, 0x72, 0x2f, 0x61, 0x63, 0x63, 0x6f,
  0x75, 0x6e, 0x74, 0x2f, 0x76, 0x32,
]);
const D_ACCOUNT_LEN: i32 = 25;
const D_KEY: usize = memory.data<u8>([
  0x51, 0x46, 0x53, 0x2d, 0x56, 0x31, 0x33, 0x2f, 0x6c, 0x65, 0x64, 0x67, 0x65, 0x72, 0x2f, 0x6b, 0x65, 0x79, 0x2f,
  0x76, 0x31,
]);
const D_KEY_LEN: i32 = 21;
const D_GLOBALS: usize = memory.data<u8>([
  0x51, 0x46, 0x53, 0x2d, 0x56, 0x31, 0x33, 0x2f, 0x6c, 0x65, 0x64, 0x67, 0x65, 0x72, 0x2f, 0x67, 0x6c, 0x6f, 0x62,
  0x61, 0x6c, 0x73, 0x2f, 0x76, 0x32,
]);
const D_GLOBALS_LEN: i32 = 25;

const LEAF_KEY: usize = memory.data(32, 8);
const LEAF_VALUE: usize = memory.data(32, 8);

function hash2(out: usize, d: usize, dLen: i32, data: usize, len: i32): void {
  const s = LEDGER_SPONGE;
  s.reset(136, DS_SHA3);
  s.absorb(d, dLen);
  if (len > 0) s.absorb(data, len);
  s.finalize();
  s.squeeze(out, 32);
}

// Clears the state tree, with stores sized for about `records` leaves; they grow with the tables
// (state/smt.ts) up to SMT_MAX_LEAF_CAP >= MAX_ACCOUNTS + MAX_KEYS + 1 leaves.
export function stateTreeInit(records: u32): bool {
  const leaves = <i32>records + 1;
  return smtInitGrowing(leaves, 2 * leaves) == SMT_OK;
}

// Leaf updates for one record (also used by the abort of a pending batch, undo.ts).
export function stateSetAccount(rec: usize): bool {
  hash2(LEAF_VALUE, D_ACCOUNT, D_ACCOUNT_LEN, rec, <i32>ACC_SIZE);
  return smtSetAt(rec, LEAF_VALUE) == SMT_OK;
}
export function stateDeleteAccount(id: usize): void {
  smtDeleteAt(id);
}
export function stateSetKey(rec: usize): bool {
  hash2(LEAF_KEY, D_KEY, D_KEY_LEN, rec, 32);
  hash2(LEAF_VALUE, D_KEY, D_KEY_LEN, rec, <i32>KEY_SIZE);
  return smtSetAt(LEAF_KEY, LEAF_VALUE) == SMT_OK;
}
export function stateDeleteKey(id: usize): void {
  hash2(LEAF_KEY, D_KEY, D_KEY_LEN, id, 32);
  smtDeleteAt(LEAF_KEY);
}
export function stateSetGlobals(): bool {
  hash2(LEAF_KEY, D_GLOBALS, D_GLOBALS_LEN, 0, 0);
  hash2(LEAF_VALUE, D_GLOBALS, D_GLOBALS_LEN, G, <i32>G_ROOT);
  return smtSetAt(LEAF_KEY, LEAF_VALUE) == SMT_OK;
}

// Updates the tree for every record touched in this batch and writes the root to G_ROOT.
// Returns false if the tree failed (cannot happen within the table limits; the caller halts).
export function computeStateRoot(): bool {
  let ok = true;
  const na = touchedAccounts();
  for (let i: u32 = 0; i < na; i++) {
    const rec = touchedAccountPtr(i);
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) continue; // creation rolled back
    ok = stateSetAccount(rec) && ok;
  }
  const nk = touchedKeys();
  for (let i: u32 = 0; i < nk; i++) {
    const rec = touchedKeyPtr(i);
    if (load<u8>(rec + KEY_STATUS) == 0) continue;
    ok = stateSetKey(rec) && ok;
  }
  ok = stateSetGlobals() && ok;
  return ok && smtRootTo(G + G_ROOT) == SMT_OK;
}

// Rebuilds the whole tree from every occupied record (a ledger loaded from a snapshot or rows has
// no touched sets to go by) and writes the root to `out`. O(records · log n) hashes. Returns false
// if the tree failed (cannot happen within the table limits).
export function computeFullStateRootTo(out: usize): bool {
  smtClear();
  let ok = true;
  const na = accSlots();
  for (let i: u32 = 0; i < na && ok; i++) {
    const rec = accSlotPtr(i);
    if ((load<u32>(rec + ACC_FLAGS) & ACC_FLAG_OCCUPIED) == 0) continue;
    hash2(LEAF_VALUE, D_ACCOUNT, D_ACCOUNT_LEN, rec, <i32>ACC_SIZE);
    ok = smtSetAt(rec, LEAF_VALUE) == SMT_OK;
  }
  const nk = keySlots();
  for (let i: u32 = 0; i < nk && ok; i++) {
    const rec = keySlotPtr(i);
    if (load<u8>(rec + KEY_STATUS) == 0) continue;
    hash2(LEAF_KEY, D_KEY, D_KEY_LEN, rec, 32);
    hash2(LEAF_VALUE, D_KEY, D_KEY_LEN, rec, <i32>KEY_SIZE);
    ok = smtSetAt(LEAF_KEY, LEAF_VALUE) == SMT_OK;
  }
  hash2(LEAF_KEY, D_GLOBALS, D_GLOBALS_LEN, 0, 0);
  hash2(LEAF_VALUE, D_GLOBALS, D_GLOBALS_LEN, G, <i32>G_ROOT);
  ok = ok && smtSetAt(LEAF_KEY, LEAF_VALUE) == SMT_OK;
  return ok && smtRootTo(out) == SMT_OK;
}
