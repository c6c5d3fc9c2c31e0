// WASM exports of the ledger state machine (bindings/ledger/ wraps them). One ledger per WASM
// instance: ledgerInit resets it. Host I/O: the batch input buffer (ledgerInputPtr), the outcome
// list, the event buffer, the globals block, and record pointers returned by the find functions.
import {
  G_SIZE,
  G_INIT,
  G_CHAIN_ID,
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
  BATCH_UNDO_BYTES,
  WRITE_SET_BYTES,
} from "./layout";
import { paramsSetDefaults } from "./params";
import * as E from "./errors";
import { G, PK, INPUT, OUTCOMES, EVENTS, accSlotCount, keySlotCount, pkArenaBytes, allocRegions } from "./mem";
import { tablesInit, accReserve, keyReserve, pkReserve } from "./capacity";
import { accFind, clearMarks } from "./accounts";
import { keyFind } from "./keys";
import { evLength } from "./events";
import { MODE_GENESIS, MODE_VERIFY } from "./batch";
import { fullInvariantsHold, violatedToken } from "./invariants";
import { stateTreeInit } from "./root";
import { wireToRecord, REC, recLen } from "./wire_input";
import { setVerifiedSigners } from "./verify";
import { packetBodyLength } from "./packet";
import { beginBatch, applyOne, endBatch } from "./batch_run";
import { undoBegin, undoEnd, undoAbort, undoSetCap } from "./undo";
import { writeSetsBuild, writeSetPtr, writeSetLen, writeSetSetCap } from "./write_set";
import {
  auditBuildWire,
  auditBuildRecords,
  auditClear,
  auditAppendLeaves,
  auditRebuild,
  auditNoteBody,
  auditNoBody,
  auditOutPtr,
  auditOutLen,
  auditEntryCount,
  auditPacketHashesPtr,
} from "./audit_entries";
import { auditTreeReset, auditTreeRootTo, auditTreeSize } from "../audit/merkle";
import { cSeq } from "./ctx";

const QUERY: usize = memory.data(32, 8);
const AUDIT_ROOT: usize = memory.data(32, 8);
// Wire batches only: the core verifies the signatures whose bit is not set in the packet's byte of
// the verified-signer bitmap at ledgerVerifiedPtr() (one u8 per packet, bit i = signer i).
const MODE_VERIFY_BITMAP: u32 = 3;
const VERIFIED: usize = memory.data(<i32>MAX_PACKETS, 8);
// A prepared wire batch awaits ledgerCommit or ledgerAbort; no other batch may run meanwhile.
let pending: bool = false;

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
  paramsSetDefaults();
  store<u32>(G + G_INIT, 1);
  auditTreeReset();
  pending = false;
  undoEnd();
  undoSetCap(BATCH_UNDO_BYTES);
  writeSetSetCap(WRITE_SET_BYTES);
  return E.OK;
}

// Applies one batch (seq, logical time from the sequencer's header). Input: INPUT[0..32) audit
// head, then nPackets length-prefixed packet records. mode 0: signers taken as verified (the
// bindings offer it only to tests, _applyRecordsForTest; production input is ledgerApplyWireBatch);
// 1: verify the signatures here; 2: genesis (seq 0 only, no authorisation; any failure resets it).
// Returns OK or a batch-level code (then nothing was applied). Outcomes: u32 per packet.
export function ledgerApplyBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  if (pending) return E.E_BATCH_PENDING;
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
  // Genesis events open the audit log. The TS-encoded path (tests) has no packet bytes, so its
  // other batches make no audit entries (docs/ledger.md "Pending batches").
  if (mode == MODE_GENESIS) {
    auditBuildRecords();
    assert(auditAppendLeaves(), "audit tree full");
  } else auditClear();
  return E.OK;
}

// Runs a batch of raw DRV packets (docs/wire-format.md) and leaves it PENDING: INPUT[0..32) audit
// head, then nPackets entries [u32 entry length including this field][packet bytes]. A packet the
// wire decoder rejects gets its wire error (100s) as outcome. Every signature is verified here:
// mode 1 verifies all of them; mode 3 skips those the host's bitmap at ledgerVerifiedPtr() marks
// as verified upstream (docs/ledger.md "Trust boundary"). There is no unverified wire mode; genesis
// is not a wire batch. On OK the outcomes, events, state root, audit entries (appended to the
// core's audit tree) and the six write sets are ready, and exactly one of ledgerCommit /
// ledgerAbort must follow. A batch-level code leaves nothing changed and nothing pending.
export function ledgerPrepareWireBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  if (pending) return E.E_BATCH_PENDING;
  if (mode != MODE_VERIFY && mode != MODE_VERIFY_BITMAP) return E.E_BATCH_MALFORMED;
  undoBegin();
  let rc = beginBatch(seq, timeMs, nPackets, inputLen, MODE_VERIFY);
  if (rc != E.OK) {
    undoEnd(); // beginBatch changes nothing when it refuses
    return rc;
  }
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    const code = wireToRecord(INPUT + <usize>off + 4, len - 4, true);
    if (code != 0) {
      auditNoBody(i);
      store<u32>(OUTCOMES + <usize>i * 4, code);
    } else {
      auditNoteBody(i, <u32>packetBodyLength());
      setVerifiedSigners(mode == MODE_VERIFY_BITMAP ? <u32>load<u8>(VERIFIED + <usize>i) : 0);
      applyOne(i, REC, recLen, MODE_VERIFY);
    }
    off += len;
  }
  setVerifiedSigners(0);
  endBatch();
  auditBuildWire(nPackets);
  assert(auditAppendLeaves(), "audit tree full");
  rc = writeSetsBuild(cSeq);
  if (rc != E.OK) {
    const undone = undoAbort();
    return undone != E.OK ? undone : rc;
  }
  pending = true;
  return E.OK;
}

// Keeps the prepared batch. OK, or E_NO_PENDING_BATCH.
export function ledgerCommit(): u32 {
  if (!pending) return E.E_NO_PENDING_BATCH;
  pending = false;
  undoEnd();
  return E.OK;
}

// Undoes the prepared batch: records, globals, key arena top, state tree and audit tree are as
// before the prepare. OK, E_NO_PENDING_BATCH, or E_ABORT_MISMATCH (the restored state tree's root
// differs from the saved root: a core bug, the ledger must not go on).
export function ledgerAbort(): u32 {
  if (!pending) return E.E_NO_PENDING_BATCH;
  pending = false;
  return undoAbort();
}

export function ledgerIsPending(): u32 {
  return pending ? 1 : 0;
}

// prepare + commit.
export function ledgerApplyWireBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  const rc = ledgerPrepareWireBatch(seq, timeMs, nPackets, inputLen, mode);
  return rc != E.OK ? rc : ledgerCommit();
}

// Results of the last batch: write set p (0..5) at ledgerWriteSetPtr(p), ledgerWriteSetLen(p)
// bytes (a wire batch only); audit entries as [u32 length][bytes] x ledgerAuditEntryCount();
// per packet its id and body hash (2 x 32 bytes, a wire batch only).
export function ledgerWriteSetPtr(p: u32): usize {
  return p < 6 ? writeSetPtr(p) : 0;
}
export function ledgerWriteSetLen(p: u32): u32 {
  return p < 6 ? writeSetLen(p) : 0;
}
export function ledgerAuditEntriesPtr(): usize {
  return auditOutPtr();
}
export function ledgerAuditEntriesLen(): u32 {
  return auditOutLen();
}
export function ledgerAuditEntryCount(): u32 {
  return auditEntryCount();
}
export function ledgerPacketHashesPtr(): usize {
  return auditPacketHashesPtr();
}
// Rebuilds the last batch's audit entries in place (the same bytes; the tree is not touched).
// For the benchmark of the core's entry building; returns the entry count.
export function ledgerAuditRebuild(): u32 {
  return auditRebuild();
}
// The core's audit tree (one per ledger: reset by ledgerInit, appended by every batch).
export function ledgerAuditSize(): u64 {
  return auditTreeSize();
}
export function ledgerAuditRootPtr(): usize {
  auditTreeRootTo(AUDIT_ROOT);
  return AUDIT_ROOT;
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
