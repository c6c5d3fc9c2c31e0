// Batches and packets: the pure function (state, batch header, ordered packets) -> state,
// per-packet outcome codes, events. A packet is one atomic transaction (undo journal).
import {
  TX_LEN,
  TX_CHAIN_ID,
  TX_NONCE,
  TX_TIMESTAMP,
  TX_NSIGNERS,
  TX_NOPS,
  TX_FLAGS,
  TX_RESERVED,
  TX_SIGNERS,
  TX_ACCOUNT,
  OP_LAST,
  OPH_LEN,
  OPH_CODE,
  OPH_C,
  OPH_SIZE,
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
  OP_STAKE,
  OP_UNSTAKE,
  OP_CLAIM,
  OP_PENALTY,
  OPH_PENALTY_SIZE,
  MAX_SIGNERS,
  MAX_OPS,
  KEY_OWNER,
  ACC_NONCE,
  G_CHAIN_ID,
  G_HALTED,
  PARAM_TIMESTAMP_WINDOW_MS,
} from "./layout";
import * as E from "./errors";
import { G, jBegin, jRollback, jOverflow, wU64, eq32 } from "./mem";
import { accFind, accEnsure, accTouch } from "./accounts";
import { keyFind } from "./keys";
import { checkSigners, checkRoles, councilSigners } from "./authz";
import { opTransfer, opMint, opBurn } from "./token_ops";
import { opKeyRegister, opKeyRotate, opKeyRevoke, opRoleChange } from "./key_ops";
import { opParamSet, opHalt, opResume } from "./admin_ops";
import { paramLo } from "./params";
import { opStake, opUnstake, opClaim, stakingOnAct } from "./staking";
import { opPenalty } from "./penalty";
import { resEvaluate } from "./resonance";
import { isPool } from "./pool";
import { evMark, evTruncate, evOverflow } from "./events";
import { quickInvariantsHold } from "./invariants";
import { verifyPacketSignatures } from "./verify";
import { undoFull } from "./undo";
import { cTime, cGenesis, setPacket, setTxAccount, cSigners, cTx } from "./ctx";

export const MODE_PREVERIFIED: u32 = 0;
export const MODE_VERIFY: u32 = 1;
export const MODE_GENESIS: u32 = 2;

let pOps: usize = 0;
let pNOps: u32 = 0;
let pSigs: usize = 0;
let pSigsLen: u32 = 0;
// Set when a packet's commit would have broken a supply invariant (the packet was rolled back).
export let invariantTripped: bool = false;

function opHasKey(code: u32): bool {
  return code == OP_KEY_REGISTER || code == OP_KEY_ROTATE;
}

// Size and structure of one packet record [p, p+len).
function parse(p: usize, len: u32, mode: u32): u32 {
  if (len < <u32>TX_SIGNERS) return E.E_MALFORMED;
  const nSigners = <u32>load<u8>(p + TX_NSIGNERS);
  const nOps = <u32>load<u8>(p + TX_NOPS);
  const flags = <u32>load<u16>(p + TX_FLAGS);
  if (load<u32>(p + TX_RESERVED) != 0 || flags > 1) return E.E_MALFORMED;
  if (nSigners > MAX_SIGNERS || (nSigners == 0 && mode != MODE_GENESIS)) return E.E_MALFORMED;
  if (nOps == 0 || nOps > MAX_OPS) return E.E_MALFORMED;
  if ((flags == 1) != (mode == MODE_VERIFY)) return E.E_MALFORMED;
  let off: u32 = <u32>TX_SIGNERS + nSigners * 32;
  if (off > len) return E.E_MALFORMED;
  pOps = p + <usize>off;
  pNOps = nOps;
  for (let i: u32 = 0; i < nOps; i++) {
    if (off + <u32>OPH_SIZE > len) return E.E_MALFORMED;
    const op = p + <usize>off;
    const opLen = <u32>load<u16>(op + OPH_LEN);
    const code = <u32>load<u8>(op + OPH_CODE);
    if (code < OP_TRANSFER || code > OP_LAST) return E.E_OP_UNKNOWN;
    if (opLen < <u32>OPH_SIZE || off + opLen > len) return E.E_MALFORMED;
    // PENALTY carries its res_burn bound in 16 more bytes; only key ops carry a public key.
    if (code == OP_PENALTY) {
      if (opLen != <u32>OPH_PENALTY_SIZE) return E.E_MALFORMED;
    } else if (opLen != <u32>OPH_SIZE && !opHasKey(code)) return E.E_MALFORMED;
    if (code != OP_KEY_REGISTER && load<u32>(op + OPH_C) != 0) return E.E_RESERVED_NONZERO;
    off += opLen;
  }
  pSigs = p + <usize>off;
  pSigsLen = len - off;
  if (mode != MODE_VERIFY && pSigsLen != 0) return E.E_MALFORMED;
  return E.OK;
}

function genesisAllows(code: u32): bool {
  return code == OP_KEY_REGISTER || code == OP_ROLE_GRANT || code == OP_PARAM_SET || code == OP_MINT;
}

function execOp(op: usize): u32 {
  const code = <u32>load<u8>(op + OPH_CODE);
  if (cGenesis && !genesisAllows(code)) return E.E_GENESIS;
  if (load<u32>(G + G_HALTED) != 0 && code != OP_RESUME) return E.E_HALTED;
  if (code == OP_TRANSFER) return opTransfer(op);
  if (code == OP_MINT) return opMint(op);
  if (code == OP_BURN) return opBurn(op);
  if (code == OP_KEY_REGISTER) return opKeyRegister(op);
  if (code == OP_KEY_ROTATE) return opKeyRotate(op);
  if (code == OP_KEY_REVOKE) return opKeyRevoke(op);
  if (code == OP_ROLE_GRANT) return opRoleChange(op, true);
  if (code == OP_ROLE_REVOKE) return opRoleChange(op, false);
  if (code == OP_PARAM_SET) return opParamSet(op);
  if (code == OP_HALT) return opHalt(op);
  if (code == OP_RESUME) return opResume(op, councilSigners);
  if (code == OP_STAKE) return opStake(op);
  if (code == OP_UNSTAKE) return opUnstake(op);
  if (code == OP_CLAIM) return opClaim(op);
  if (code == OP_PENALTY) return opPenalty(op);
  return E.E_OP_UNKNOWN; // parse() let through only OP_TRANSFER .. OP_LAST
}

// Some signer's key acts for the packet's account.
function accountSigned(account: usize): bool {
  const n = <u32>load<u8>(cTx + TX_NSIGNERS);
  for (let i: u32 = 0; i < n; i++) {
    if (eq32(keyFind(cSigners + <usize>i * 32) + KEY_OWNER, account)) return true;
  }
  return false;
}

function onlyResume(): bool {
  let op = pOps;
  for (let i: u32 = 0; i < pNOps; i++) {
    if (<u32>load<u8>(op + OPH_CODE) != OP_RESUME) return false;
    op += <usize>load<u16>(op + OPH_LEN);
  }
  return true;
}

// Validates and applies one packet; returns its outcome code. Nothing changes unless OK.
export function applyPacket(p: usize, len: u32, mode: u32): u32 {
  invariantTripped = false;
  let code = parse(p, len, mode);
  if (code != E.OK) return code;
  if (load<u32>(p + TX_CHAIN_ID) != load<u32>(G + G_CHAIN_ID)) return E.E_CHAIN_ID;
  if (load<u32>(G + G_HALTED) != 0 && !onlyResume()) return E.E_HALTED;
  setPacket(p, p + TX_SIGNERS, <u32>load<u8>(p + TX_NSIGNERS));
  let owner: usize = 0;
  const nonce = load<u64>(p + TX_NONCE);
  if (mode != MODE_GENESIS) {
    code = checkSigners();
    if (code != E.OK) return code;
    code = checkRoles(pOps, pNOps);
    if (code != E.OK) return code;
    if (mode == MODE_VERIFY) {
      code = verifyPacketSignatures(p, pSigs, pSigsLen);
      if (code != E.OK) return code;
    }
    owner = p + TX_ACCOUNT;
    if (!accountSigned(owner)) return E.E_SIGNER_NOT_ACCOUNT;
    if (isPool(owner)) return E.E_STAKING_POOL; // unreachable: key_ops refuses the pool as an owner
    const acc = accFind(owner);
    const last: u64 = acc == 0 ? 0 : load<u64>(acc + ACC_NONCE);
    if (last == u64.MAX_VALUE || nonce != last + 1) return E.E_NONCE;
    const ts = load<u64>(p + TX_TIMESTAMP);
    const diff = ts > cTime ? ts - cTime : cTime - ts;
    if (diff > paramLo(PARAM_TIMESTAMP_WINDOW_MS)) return E.E_TIMESTAMP_WINDOW;
  }
  jBegin();
  const mark = evMark();
  if (owner != 0) {
    const acc = accEnsure(owner);
    if (acc == 0) code = E.E_ACCOUNTS_FULL;
    else {
      setTxAccount(acc);
      wU64(acc + ACC_NONCE, nonce);
      accTouch(acc);
      // The account acts in this epoch: α catch-up and activity (stakers), resonance recovery.
      stakingOnAct(acc);
      resEvaluate(acc);
    }
  }
  let op = pOps;
  for (let i: u32 = 0; i < pNOps && code == E.OK; i++) {
    code = execOp(op);
    op += <usize>load<u16>(op + OPH_LEN);
  }
  // A full journal skipped writes, so any later result of the packet is meaningless.
  if (jOverflow) code = undoFull ? E.E_BATCH_UNDO_FULL : E.E_JOURNAL_FULL;
  else if (code == E.OK && evOverflow) code = E.E_EVENTS_FULL;
  if (code == E.OK && !quickInvariantsHold()) code = E.E_INVARIANT_VIOLATED;
  // An operation that found the books inconsistent (a running sum or supply that cannot absorb a
  // write) and a commit that would break them both mean corrupted state: CIR-302.
  if (code == E.E_INVARIANT_VIOLATED) invariantTripped = true;
  if (code != E.OK) {
    jRollback();
    evTruncate(mark);
  }
  return code;
}
