// Running a batch: the checks before it, one packet, the state root after it (used by the
// exports of ledger_exports.ts; kept apart so they are not WASM exports themselves).
import {
  G_INIT,
  G_LAST_SEQ,
  G_LAST_TIME,
  G_EPOCH,
  G_HALTED,
  G_HAS_GENESIS,
  G_PARAMS,
  INPUT_BYTES,
  MAX_PACKETS,
  IN_PACKETS,
  IN_AUDIT_HEAD,
  PARAM_EPOCH_LENGTH_MS,
  G_EMISSION_EPOCH0,
} from "./layout";
import { rollover } from "./emission";
import * as E from "./errors";
import { G, INPUT, OUTCOMES } from "./mem";
import { newBatchStamp } from "./accounts";
import { resetTouchedKeys } from "./keys";
import { evReset, evSetPacket, EV_BATCH_LEVEL } from "./events";
import { applyPacket, invariantTripped, MODE_GENESIS } from "./batch";
import { enterHalt } from "./admin_ops";
import { quickInvariantsHold } from "./invariants";
import { computeStateRoot } from "./root";
import { setBatch } from "./ctx";
import { reserveForBatch } from "./capacity";

export function cir302(): void {
  evSetPacket(EV_BATCH_LEVEL);
  enterHalt(E.HALT_CIR_302, E.E_INVARIANT_VIOLATED, false);
}

export function beginBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  if (load<u32>(G + G_INIT) == 0) return E.E_NOT_INITIALIZED;
  if (mode > MODE_GENESIS) return E.E_BATCH_MALFORMED;
  const hasGenesis = load<u32>(G + G_HAS_GENESIS) != 0;
  if (mode == MODE_GENESIS) {
    if (hasGenesis || seq != 0) return E.E_GENESIS;
  } else {
    if (!hasGenesis) return E.E_GENESIS;
    if (seq != load<u64>(G + G_LAST_SEQ) + 1) return E.E_BATCH_SEQ;
    if (timeMs < load<u64>(G + G_LAST_TIME)) return E.E_BATCH_TIME;
  }
  if (nPackets > MAX_PACKETS || inputLen > INPUT_BYTES) return E.E_BATCH_TOO_LARGE;
  if (inputLen < <u32>IN_PACKETS) return E.E_BATCH_MALFORMED;
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    if (inputLen - off < 4) return E.E_BATCH_MALFORMED;
    const len = load<u32>(INPUT + <usize>off);
    if (len < 4 || len > inputLen - off) return E.E_BATCH_MALFORMED;
    off += len;
  }
  if (off != inputLen) return E.E_BATCH_MALFORMED;
  // Grow now, for the most this batch could add: nothing moves once it runs (capacity.ts). Growth is
  // not state, so an abort of the batch need not undo it.
  const grown = reserveForBatch(nPackets, inputLen);
  if (grown != E.OK) return grown;

  newBatchStamp();
  resetTouchedKeys();
  evReset();
  const epoch = timeMs / load<u64>(G + G_PARAMS + <usize>PARAM_EPOCH_LENGTH_MS * 16);
  const oldEpoch = load<u64>(G + G_EPOCH);
  store<u64>(G + G_LAST_SEQ, seq);
  store<u64>(G + G_LAST_TIME, timeMs);
  store<u64>(G + G_EPOCH, epoch);
  if (mode == MODE_GENESIS) store<u64>(G + G_EMISSION_EPOCH0, epoch);
  setBatch(seq, timeMs, epoch, mode == MODE_GENESIS, INPUT + IN_AUDIT_HEAD);
  // Emission and the reward accumulator follow the signed logical time, halted or not; a failed
  // assertion of the accumulator is corrupted state (CIR-302).
  const rolled = mode == MODE_GENESIS || epoch <= oldEpoch || rollover(oldEpoch, epoch);
  if (load<u32>(G + G_HALTED) == 0 && (!rolled || !quickInvariantsHold())) cir302();
  return E.OK;
}

export function applyOne(i: u32, rec: usize, len: u32, mode: u32): u32 {
  evSetPacket(i);
  const code = applyPacket(rec, len, mode);
  store<u32>(OUTCOMES + <usize>i * 4, code);
  if (invariantTripped && load<u32>(G + G_HALTED) == 0) cir302();
  return code;
}

export function endBatch(): void {
  if (load<u32>(G + G_HALTED) == 0 && !quickInvariantsHold()) cir302();
  if (!computeStateRoot() && load<u32>(G + G_HALTED) == 0) {
    cir302();
    computeStateRoot();
  }
}
