// WASM exports of the ledger state machine (bindings/ledger/ wraps them). One ledger per WASM
// instance: ledgerInit resets it. Host I/O: the batch input buffer (ledgerInputPtr), the outcome
// list, the event buffer, the globals block, and record pointers returned by the find functions.
import {
  G_SIZE,
  G_INIT,
  G_CHAIN_ID,
  G_LAST_SEQ,
  G_LAST_TIME,
  G_EPOCH,
  G_HALTED,
  G_ACC_SLOTS,
  G_KEY_SLOTS,
  G_HAS_GENESIS,
  G_PARAMS,
  MAX_ACC_SLOTS,
  MAX_KEY_SLOTS,
  MIN_SLOTS,
  INPUT_BYTES,
  MAX_PACKETS,
  IN_PACKETS,
  IN_AUDIT_HEAD,
  PARAM_TIMESTAMP_WINDOW_MS,
  PARAM_COUNCIL_THRESHOLD,
  PARAM_EPOCH_LENGTH_MS,
  DEFAULT_TIMESTAMP_WINDOW_MS,
  DEFAULT_COUNCIL_THRESHOLD,
  DEFAULT_EPOCH_LENGTH_MS,
} from "./layout";
import * as E from "./errors";
import { G, PK, INPUT, OUTCOMES, EVENTS, accSlotCount, keySlotCount, pkArenaBytes, allocRegions } from "./mem";
import { tablesInit, reserveForBatch, accReserve, keyReserve, pkReserve } from "./capacity";
import { accFind, newBatchStamp, clearMarks } from "./accounts";
import { keyFind, resetTouchedKeys } from "./keys";
import { evReset, evLength, evSetPacket, EV_BATCH_LEVEL } from "./events";
import { applyPacket, invariantTripped, MODE_GENESIS } from "./batch";
import { enterHalt } from "./admin_ops";
import { quickInvariantsHold, fullInvariantsHold, violatedToken } from "./invariants";
import { computeStateRoot, stateTreeInit } from "./root";
import { setBatch } from "./ctx";
import { wireToRecord, REC, recLen } from "./wire_input";
import { MODE_VERIFY } from "./batch";
import { setVerifiedSigners } from "./verify";

const QUERY: usize = memory.data(32, 8);
// Wire batches only: the core verifies the signatures whose bit is not set in the packet's byte of
// the verified-signer bitmap at ledgerVerifiedPtr() (one u8 per packet, bit i = signer i).
const MODE_VERIFY_BITMAP: u32 = 3;
const VERIFIED: usize = memory.data(<i32>MAX_PACKETS, 8);

function validSlots(n: u32, max: u32): bool {
  return n >= MIN_SLOTS && n <= max && (n & (n - 1)) == 0;
}

// Resets the ledger: empty tables with the given initial capacities (powers of two; hints, the
// tables grow: capacity.ts), default parameters. Genesis (batch 0, mode 2) must follow.
// The hints are committed as given (G_ACC_SLOTS / G_KEY_SLOTS, part of the globals leaf), never
// the live capacities, so growth does not change the state root.
export function ledgerInit(chainId: u32, accountSlots: u32, keySlots: u32): u32 {
  if (!validSlots(accountSlots, MAX_ACC_SLOTS) || !validSlots(keySlots, MAX_KEY_SLOTS)) return E.E_INIT_CAPACITY;
  allocRegions();
  memory.fill(G, 0, G_SIZE);
  if (!tablesInit(accountSlots, keySlots)) return E.E_INIT_CAPACITY;
  if (!stateTreeInit(accountSlots + keySlots)) return E.E_INIT_CAPACITY;
  clearMarks();
  store<u32>(G + G_CHAIN_ID, chainId);
  store<u32>(G + G_ACC_SLOTS, accountSlots);
  store<u32>(G + G_KEY_SLOTS, keySlots);
  store<u64>(G + G_PARAMS + <usize>PARAM_TIMESTAMP_WINDOW_MS * 16, DEFAULT_TIMESTAMP_WINDOW_MS);
  store<u64>(G + G_PARAMS + <usize>PARAM_COUNCIL_THRESHOLD * 16, DEFAULT_COUNCIL_THRESHOLD);
  store<u64>(G + G_PARAMS + <usize>PARAM_EPOCH_LENGTH_MS * 16, DEFAULT_EPOCH_LENGTH_MS);
  store<u32>(G + G_INIT, 1);
  return E.OK;
}

function cir302(): void {
  evSetPacket(EV_BATCH_LEVEL);
  enterHalt(E.HALT_CIR_302, E.E_INVARIANT_VIOLATED, false);
}

function beginBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
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
  // Grow now, for the most this batch could add: nothing moves once it runs (capacity.ts).
  const grown = reserveForBatch(nPackets, inputLen);
  if (grown != E.OK) return grown;

  newBatchStamp();
  resetTouchedKeys();
  evReset();
  const epoch = timeMs / load<u64>(G + G_PARAMS + <usize>PARAM_EPOCH_LENGTH_MS * 16);
  store<u64>(G + G_LAST_SEQ, seq);
  store<u64>(G + G_LAST_TIME, timeMs);
  store<u64>(G + G_EPOCH, epoch);
  setBatch(seq, timeMs, epoch, mode == MODE_GENESIS, INPUT + IN_AUDIT_HEAD);
  if (load<u32>(G + G_HALTED) == 0 && !quickInvariantsHold()) cir302();
  return E.OK;
}

function applyOne(i: u32, rec: usize, len: u32, mode: u32): u32 {
  evSetPacket(i);
  const code = applyPacket(rec, len, mode);
  store<u32>(OUTCOMES + <usize>i * 4, code);
  if (invariantTripped && load<u32>(G + G_HALTED) == 0) cir302();
  return code;
}

function endBatch(): void {
  if (load<u32>(G + G_HALTED) == 0 && !quickInvariantsHold()) cir302();
  if (!computeStateRoot() && load<u32>(G + G_HALTED) == 0) {
    cir302();
    computeStateRoot();
  }
}

// Applies one batch (seq, logical time from the sequencer's header). Input: INPUT[0..32) audit
// head, then nPackets length-prefixed packet records. mode 0: signers taken as verified (the
// bindings offer it only to tests, _applyRecordsForTest; production input is ledgerApplyWireBatch);
// 1: verify the signatures here; 2: genesis (seq 0 only, no authorisation; any failure resets it).
// Returns OK or a batch-level code (then nothing was applied). Outcomes: u32 per packet.
export function ledgerApplyBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  const rc = beginBatch(seq, timeMs, nPackets, inputLen, mode);
  if (rc != E.OK) return rc;
  let off: u32 = <u32>IN_PACKETS;
  let failed = false;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    if (applyOne(i, INPUT + <usize>off, len, mode) != E.OK) failed = true;
    off += len;
  }
  if (mode == MODE_GENESIS) {
    if (failed) {
      store<u32>(G + G_INIT, 0);
      return E.E_GENESIS;
    }
    store<u32>(G + G_HAS_GENESIS, 1);
  }
  endBatch();
  return E.OK;
}

// The same for raw DRV packets (docs/wire-format.md): INPUT[0..32) audit head, then nPackets
// entries [u32 entry length including this field][packet bytes]. A packet the wire decoder rejects
// gets its wire error (100s) as outcome. Every signature is verified here: mode 1 verifies all of
// them; mode 3 skips those the host's bitmap at ledgerVerifiedPtr() marks as verified upstream
// (docs/ledger.md "Trust boundary"). There is no unverified wire mode; genesis is not a wire batch.
export function ledgerApplyWireBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  if (mode != MODE_VERIFY && mode != MODE_VERIFY_BITMAP) return E.E_BATCH_MALFORMED;
  const rc = beginBatch(seq, timeMs, nPackets, inputLen, MODE_VERIFY);
  if (rc != E.OK) return rc;
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    const code = wireToRecord(INPUT + <usize>off + 4, len - 4, true);
    if (code != 0) store<u32>(OUTCOMES + <usize>i * 4, code);
    else {
      setVerifiedSigners(mode == MODE_VERIFY_BITMAP ? <u32>load<u8>(VERIFIED + <usize>i) : 0);
      applyOne(i, REC, recLen, MODE_VERIFY);
    }
    off += len;
  }
  setVerifiedSigners(0);
  endBatch();
  return E.OK;
}

export function ledgerVerifiedPtr(): usize {
  return VERIFIED;
}

// Allocates the fixed regions on first use: a core that loads a snapshot or rows writes its input
// before any ledgerInit.
export function ledgerInputPtr(): usize {
  allocRegions();
  return INPUT;
}
export function ledgerInputCapacity(): u32 {
  return INPUT_BYTES;
}
export function ledgerOutcomesPtr(): usize {
  return OUTCOMES;
}
export function ledgerEventsPtr(): usize {
  return EVENTS;
}
export function ledgerEventsLen(): u32 {
  return evLength();
}
export function ledgerGlobalsPtr(): usize {
  return G;
}
export function ledgerPubKeyArenaPtr(): usize {
  return PK;
}
// Grows the tables now for `accounts` more accounts, `keys` more keys and `pkBytes` more bytes of
// public keys (a host about to load that many rows; tests), as a batch would: capacity stays
// within the hard limits (inserts still fail past them). OK, or E_ACCOUNTS_FULL / E_KEYS_FULL when
// memory cannot grow. Not state: the root does not change. Call between batches only.
export function ledgerReserve(accounts: u32, keys: u32, pkBytes: u32): u32 {
  if (load<u32>(G + G_INIT) == 0) return E.E_NOT_INITIALIZED;
  if (!accReserve(accounts)) return E.E_ACCOUNTS_FULL;
  if (!keyReserve(keys)) return E.E_KEYS_FULL;
  if (!pkReserve(pkBytes)) return E.E_KEYS_FULL;
  return E.OK;
}
// Live capacities (they grow; not state): account slots, key slots, public key arena bytes.
export function ledgerAccountCapacity(): u32 {
  return accSlotCount;
}
export function ledgerKeyCapacity(): u32 {
  return keySlotCount;
}
export function ledgerPubKeyArenaCapacity(): u32 {
  return pkArenaBytes;
}
export function ledgerQueryPtr(): usize {
  return QUERY;
}
// Record pointer of the account / key whose id the host wrote at ledgerQueryPtr(), or 0.
export function ledgerAccountFind(): usize {
  return load<u32>(G + G_INIT) == 0 ? 0 : accFind(QUERY);
}
export function ledgerKeyFind(): usize {
  return load<u32>(G + G_INIT) == 0 ? 0 : keyFind(QUERY);
}
// Full O(capacity) invariant scan: OK, or E_INVARIANT_VIOLATED (token in ledgerViolatedToken).
export function ledgerCheckInvariants(): u32 {
  return fullInvariantsHold() ? E.OK : E.E_INVARIANT_VIOLATED;
}
export function ledgerViolatedToken(): u32 {
  return violatedToken;
}
export function ledgerIsHalted(): u32 {
  return load<u32>(G + G_HALTED);
}
