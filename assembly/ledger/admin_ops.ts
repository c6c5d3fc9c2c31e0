// Governance operations: parameter change, halt, resume (CIR-302 halts share the halt record).
import {
  OPH_A,
  OPH_ID,
  OPH_AMOUNT,
  G_HALTED,
  G_HALT_REC,
  G_HALT_HASH,
  G_ROOT,
  G_EPOCH,
  HR_CODE,
  HR_MESSAGE,
  HR_SEQ,
  HR_ROOT,
  HR_AUDIT_HEAD,
  HALT_REC_SIZE,
  PARAM_EPOCH_LENGTH_MS,
  PARAM_LAST,
  G_EMISSION_EPOCH0,
} from "./layout";
import { paramPtr, paramValid } from "./params";
import {
  OK,
  E_PARAM_UNKNOWN,
  E_PARAM_IMMUTABLE,
  E_PARAM_INVALID,
  E_NOT_HALTED,
  E_HALT_RECORD_MISMATCH,
  HALT_OPERATOR,
} from "./errors";
import { G, eq32, wU32, wU64, wU128, wCopy } from "./mem";
import { sha3Into } from "./hashing";
import { cSeq, cTime, cGenesis, cAuditHead, setEpoch } from "./ctx";
import { evBegin, evU32, evU64, evBytes, EV_PARAM_CHANGED, EV_HALT, EV_RESUME } from "./events";

const HALT_HASH_TMP: usize = memory.data(32, 8);

export function opParamSet(op: usize): u32 {
  const id = load<u32>(op + OPH_A);
  const lo = load<u64>(op + OPH_AMOUNT);
  const hi = load<u64>(op + OPH_AMOUNT, 8);
  if (id > PARAM_LAST) return E_PARAM_UNKNOWN;
  if (id == PARAM_EPOCH_LENGTH_MS && !cGenesis) return E_PARAM_IMMUTABLE;
  if (!paramValid(id, lo, hi)) return E_PARAM_INVALID;
  const p = paramPtr(id);
  const oldLo = load<u64>(p);
  const oldHi = load<u64>(p, 8);
  wU128(p, lo, hi);
  if (id == PARAM_EPOCH_LENGTH_MS) {
    wU64(G + G_EPOCH, cTime / lo);
    wU64(G + G_EMISSION_EPOCH0, cTime / lo); // genesis only: decay steps count from its epoch
    setEpoch(cTime / lo);
  }
  if (evBegin(EV_PARAM_CHANGED, 36)) {
    evU32(id);
    evU64(oldLo);
    evU64(oldHi);
    evU64(lo);
    evU64(hi);
  }
  return OK;
}

// Fills the halt record (code, message, seq, state root of the last batch, audit head), its hash,
// and the halted flag; emits Halt. `journaled` is false for a CIR-302 halt outside any packet.
export function enterHalt(code: u32, message: u32, journaled: bool): void {
  const r = G + G_HALT_REC;
  if (journaled) {
    wU32(G + G_HALTED, 1);
    wU32(r + HR_CODE, code);
    wU32(r + HR_MESSAGE, message);
    wU64(r + HR_SEQ, cSeq);
    wCopy(r + HR_ROOT, G + G_ROOT, 32);
    wCopy(r + HR_AUDIT_HEAD, cAuditHead, 32);
  } else {
    store<u32>(G + G_HALTED, 1);
    store<u32>(r + HR_CODE, code);
    store<u32>(r + HR_MESSAGE, message);
    store<u64>(r + HR_SEQ, cSeq);
    memory.copy(r + HR_ROOT, G + G_ROOT, 32);
    memory.copy(r + HR_AUDIT_HEAD, cAuditHead, 32);
  }
  const h = HALT_HASH_TMP;
  sha3Into(h, r, <u32>HALT_REC_SIZE);
  if (journaled) wCopy(G + G_HALT_HASH, h, 32);
  else memory.copy(G + G_HALT_HASH, h, 32);
  if (evBegin(EV_HALT, <u32>HALT_REC_SIZE + 32)) {
    evBytes(r, <u32>HALT_REC_SIZE);
    evBytes(G + G_HALT_HASH, 32);
  }
}

export function opHalt(op: usize): u32 {
  enterHalt(HALT_OPERATOR, load<u32>(op + OPH_A), true);
  return OK;
}

// Resume: the op names the halt record hash; the M-of-N COUNCIL count was checked in authz.ts.
export function opResume(op: usize, councilSigners: u32): u32 {
  if (load<u32>(G + G_HALTED) == 0) return E_NOT_HALTED;
  if (!eq32(op + OPH_ID, G + G_HALT_HASH)) return E_HALT_RECORD_MISMATCH;
  wU32(G + G_HALTED, 0);
  if (evBegin(EV_RESUME, 36)) {
    evBytes(G + G_HALT_HASH, 32);
    evU32(councilSigners);
  }
  return OK;
}
