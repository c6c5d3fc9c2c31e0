// Key operations: register, rotate, revoke, role grant/revoke (SPEC §7). Authorisation (which
// signer may do what) is checked before any operation runs (authz.ts); these apply the rules.
import {
  OPH_LEN,
  OPH_A,
  OPH_B,
  OPH_ID,
  OPH_SIZE,
  OPH_C,
  OPH_AMOUNT,
  KEY_OWNER,
  KEY_ROLES,
  KEY_LEVEL,
  KEY_STATUS,
  KEY_VALID_FROM,
  KEY_MAX_AGE,
  KEY_ROTATED_AT,
  KEY_PK_OFF,
  KEY_PK_LEN,
  KEY_SUCCESSOR,
  KEY_REGISTERED_SEQ,
  KEY_ROTATED,
  KEY_REVOKED,
  G_PK_TOP,
  ROLE_ALL,
  pkSizeForLevel,
} from "./layout";
import { isPool } from "./pool";
import { E_STAKING_POOL } from "./errors";
import {
  OK,
  E_KEY_UNKNOWN,
  E_KEY_REVOKED,
  E_KEY_ROTATED,
  E_KEY_EXISTS,
  E_KEY_LEVEL,
  E_KEYS_FULL,
  E_ACCOUNTS_FULL,
  E_ROLE_INVALID,
} from "./errors";
import { G, PK, pkArenaBytes, wCopy, wU8, wU32, wU64, isZero32 } from "./mem";
import { keyFind, keyInsert, keyTouch } from "./keys";
import { accEnsure } from "./accounts";
import { sha3Into } from "./hashing";
import { cSeq, cEpoch } from "./ctx";
import {
  evBegin,
  evU8,
  evU32,
  evU64,
  evBytes,
  EV_KEY_REGISTERED,
  EV_KEY_ROTATED,
  EV_KEY_REVOKED,
  EV_ROLE_CHANGED,
} from "./events";

const NEW_KEY_ID: usize = memory.data(32, 8);
export let newKeyRec: usize = 0;

// Creates an ACTIVE key from the op's public key (level in A, max age in B) owned by `owner`
// (0 = the key's own id, i.e. a new account). Sets newKeyRec.
function createKey(op: usize, owner: usize, roles: u32): u32 {
  const level = load<u32>(op + OPH_A);
  const pkLen = <u32>load<u16>(op + OPH_LEN) - <u32>OPH_SIZE;
  const want = pkSizeForLevel(level);
  if (want < 0 || <u32>want != pkLen) return E_KEY_LEVEL;
  const pk = op + OPH_SIZE;
  sha3Into(NEW_KEY_ID, pk, pkLen);
  if (keyFind(NEW_KEY_ID) != 0) return E_KEY_EXISTS;
  // The arena and tables were grown for this whole batch before it started (capacity.ts), so this
  // and keyInsert fail only at their hard limits, and no record moves: `owner` (which may point
  // into the key table) and `rec` stay valid across keyInsert and accEnsure.
  const top = load<u32>(G + G_PK_TOP);
  if (<u64>top + pkLen > <u64>pkArenaBytes) return E_KEYS_FULL;
  const rec = keyInsert(NEW_KEY_ID);
  if (rec == 0) return E_KEYS_FULL;
  const ownerId = owner == 0 ? NEW_KEY_ID : owner;
  // A key of the staking pool could move the pool's CHR outside the staking rules.
  if (isPool(ownerId)) return E_STAKING_POOL;
  if (accEnsure(ownerId) == 0) return E_ACCOUNTS_FULL;
  // The arena is append-only: bytes above the (journaled) top are dead after a rollback.
  memory.copy(PK + <usize>top, pk, pkLen);
  wU32(G + G_PK_TOP, top + pkLen);
  wCopy(rec + KEY_OWNER, ownerId, 32);
  wU32(rec + KEY_ROLES, roles);
  wU8(rec + KEY_LEVEL, <u8>level);
  wU64(rec + KEY_VALID_FROM, cEpoch);
  wU64(rec + KEY_MAX_AGE, <u64>load<u32>(op + OPH_B));
  wU32(rec + KEY_PK_OFF, top);
  wU32(rec + KEY_PK_LEN, pkLen);
  wU64(rec + KEY_REGISTERED_SEQ, cSeq);
  newKeyRec = rec;
  return OK;
}

export function opKeyRegister(op: usize): u32 {
  const owner = op + OPH_ID;
  const roles = load<u32>(op + OPH_C);
  if ((roles & ~ROLE_ALL) != 0) return E_ROLE_INVALID;
  const code = createKey(op, isZero32(owner) ? 0 : owner, roles);
  if (code != OK) return code;
  const rec = newKeyRec;
  // Valid from the requested epoch, never before the current one.
  const from = load<u64>(op + OPH_AMOUNT);
  if (from > cEpoch) wU64(rec + KEY_VALID_FROM, from);
  if (evBegin(EV_KEY_REGISTERED, 85)) {
    evBytes(rec, 32);
    evBytes(rec + KEY_OWNER, 32);
    evU8(<u32>load<u8>(rec + KEY_LEVEL));
    evU64(load<u64>(rec + KEY_VALID_FROM));
    evU64(load<u64>(rec + KEY_MAX_AGE));
    evU32(roles);
  }
  return OK;
}

// Rotation: the old key (op ID) hands owner and roles to the new key (op public key); the old key
// is ROTATED at this batch's seq and rejected from the next batch on.
export function opKeyRotate(op: usize): u32 {
  const old = keyFind(op + OPH_ID);
  if (old == 0) return E_KEY_UNKNOWN;
  const status = <u32>load<u8>(old + KEY_STATUS);
  if (status == KEY_REVOKED) return E_KEY_REVOKED;
  if (status == KEY_ROTATED) return E_KEY_ROTATED;
  const code = createKey(op, old + KEY_OWNER, load<u32>(old + KEY_ROLES));
  if (code != OK) return code;
  const rec = newKeyRec;
  wU8(old + KEY_STATUS, <u8>KEY_ROTATED);
  wU64(old + KEY_ROTATED_AT, cSeq);
  wCopy(old + KEY_SUCCESSOR, rec, 32);
  keyTouch(old);
  if (evBegin(EV_KEY_ROTATED, 97)) {
    evBytes(old, 32);
    evBytes(rec, 32);
    evBytes(rec + KEY_OWNER, 32);
    evU8(<u32>load<u8>(rec + KEY_LEVEL));
  }
  return OK;
}

export function opKeyRevoke(op: usize): u32 {
  const rec = keyFind(op + OPH_ID);
  if (rec == 0) return E_KEY_UNKNOWN;
  if (<u32>load<u8>(rec + KEY_STATUS) == KEY_REVOKED) return E_KEY_REVOKED;
  wU8(rec + KEY_STATUS, <u8>KEY_REVOKED);
  keyTouch(rec);
  if (evBegin(EV_KEY_REVOKED, 32)) evBytes(rec, 32);
  return OK;
}

export function opRoleChange(op: usize, grant: bool): u32 {
  const mask = load<u32>(op + OPH_A);
  if (mask == 0 || (mask & ~ROLE_ALL) != 0) return E_ROLE_INVALID;
  const rec = keyFind(op + OPH_ID);
  if (rec == 0) return E_KEY_UNKNOWN;
  const status = <u32>load<u8>(rec + KEY_STATUS);
  if (grant && status == KEY_REVOKED) return E_KEY_REVOKED;
  if (grant && status == KEY_ROTATED) return E_KEY_ROTATED;
  const before = load<u32>(rec + KEY_ROLES);
  const after = grant ? before | mask : before & ~mask;
  wU32(rec + KEY_ROLES, after);
  keyTouch(rec);
  if (evBegin(EV_ROLE_CHANGED, 40)) {
    evBytes(rec, 32);
    evU32(before);
    evU32(after);
  }
  return OK;
}
