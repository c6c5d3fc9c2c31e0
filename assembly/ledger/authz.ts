// Authorisation of a packet before any operation runs (SPEC §5 order: keys, then roles): every
// signer key usable in this batch, and each operation's role requirement met by some signer.
// Resume and penalty need COUNCIL_THRESHOLD distinct COUNCIL signers (E_MULTISIG_THRESHOLD);
// stake, unstake and claim need no role (the account's own key signs).
import {
  OPH_LEN,
  OPH_CODE,
  OPH_TOKEN,
  OPH_ID,
  OPH_C,
  KEY_ROLES,
  TOKEN_COUNT,
  ROLE_ADMIN,
  ROLE_KEY_ADMIN,
  ROLE_COUNCIL,
  PARAM_COUNCIL_THRESHOLD,
  OP_TRANSFER,
  OP_MINT,
  OP_BURN,
  OP_KEY_REGISTER,
  OP_KEY_ROTATE,
  OP_KEY_REVOKE,
  OP_ROLE_GRANT,
  OP_ROLE_REVOKE,
  OP_PARAM_SET,
  OP_HALT,
  OP_RESUME,
  OP_PENALTY,
  roleMinter,
} from "./layout";
import { OK, E_ROLE_MISSING, E_MULTISIG_THRESHOLD, E_TOKEN_UNKNOWN } from "./errors";
import { eq32 } from "./mem";
import { keyFind, keyUsable } from "./keys";
import { paramLo } from "./params";
import { cSeq, cEpoch, cSigners, cNSigners } from "./ctx";

export let signerRoles: u32 = 0; // union of the signers' roles
export let councilSigners: u32 = 0; // distinct signers holding COUNCIL

// Checks every signer key; computes signerRoles and councilSigners.
export function checkSigners(): u32 {
  signerRoles = 0;
  councilSigners = 0;
  for (let i: u32 = 0; i < cNSigners; i++) {
    const id = cSigners + <usize>i * 32;
    const rec = keyFind(id);
    const code = keyUsable(rec, cSeq, cEpoch);
    if (code != OK) return code;
    const roles = load<u32>(rec + KEY_ROLES);
    signerRoles |= roles;
    if ((roles & ROLE_COUNCIL) != 0 && !seenBefore(i)) councilSigners++;
  }
  return OK;
}

function seenBefore(i: u32): bool {
  const id = cSigners + <usize>i * 32;
  for (let j: u32 = 0; j < i; j++) if (eq32(cSigners + <usize>j * 32, id)) return true;
  return false;
}

function isSigner(id: usize): bool {
  for (let j: u32 = 0; j < cNSigners; j++) if (eq32(cSigners + <usize>j * 32, id)) return true;
  return false;
}

function has(role: u32): bool {
  return (signerRoles & role) != 0;
}

// Role requirement of each operation (ops walked from `ops`, nOps of them; structure already valid).
export function checkRoles(ops: usize, nOps: u32): u32 {
  let op = ops;
  for (let i: u32 = 0; i < nOps; i++) {
    const code = <u32>load<u8>(op + OPH_CODE);
    const token = <u32>load<u8>(op + OPH_TOKEN);
    if (code == OP_TRANSFER || code == OP_MINT || code == OP_BURN) {
      if (token >= TOKEN_COUNT) return E_TOKEN_UNKNOWN;
      if (code != OP_TRANSFER && !has(roleMinter(token))) return E_ROLE_MISSING;
    } else if (code == OP_KEY_REGISTER) {
      // Registering a key with roles is also a role grant: KEY_ADMIN and ADMIN.
      if (!has(ROLE_KEY_ADMIN)) return E_ROLE_MISSING;
      if (load<u32>(op + OPH_C) != 0 && !has(ROLE_ADMIN)) return E_ROLE_MISSING;
    } else if (code == OP_KEY_ROTATE || code == OP_KEY_REVOKE) {
      if (!has(ROLE_KEY_ADMIN) && !isSigner(op + OPH_ID)) return E_ROLE_MISSING;
    } else if (code == OP_ROLE_GRANT || code == OP_ROLE_REVOKE || code == OP_PARAM_SET) {
      if (!has(ROLE_ADMIN)) return E_ROLE_MISSING;
    } else if (code == OP_HALT) {
      if (!has(ROLE_ADMIN | ROLE_COUNCIL)) return E_ROLE_MISSING;
    } else if (code == OP_RESUME || code == OP_PENALTY) {
      if (<u64>councilSigners < paramLo(PARAM_COUNCIL_THRESHOLD)) return E_MULTISIG_THRESHOLD;
    }
    op += <usize>load<u16>(op + OPH_LEN);
  }
  return OK;
}
