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
  ACC_SIZE,
  KEY_SIZE,
  MAX_ACC_SLOTS,
  MAX_KEY_SLOTS,
  INPUT_BYTES,
  IN_PACKETS,
  G_SUPPLY,
  PARAM_TIMESTAMP_WINDOW_MS,
  PARAM_COUNCIL_THRESHOLD,
  PARAM_EPOCH_LENGTH_MS,
  DEFAULT_TIMESTAMP_WINDOW_MS,
  DEFAULT_COUNCIL_THRESHOLD,
  DEFAULT_EPOCH_LENGTH_MS,
  BATCH_UNDO_BYTES,
  WRITE_SET_BYTES,
} from "./layout";
import * as E from "./errors";
import { G, ACC, KEYS, PK, INPUT, OUTCOMES, EVENTS, allocRegions } from "./mem";
import { accFind, accRemove, clearMarks } from "./accounts";
import { keyFind, keyRemove } from "./keys";
import { evLength } from "./events";
import { MODE_GENESIS, MODE_VERIFY } from "./batch";
import { fullInvariantsHold, violatedToken } from "./invariants";
import { stateTreeInit } from "./root";
import { wireToRecord, REC, recLen } from "./wire_input";
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
// A prepared wire batch awaits ledgerCommit or ledgerAbort; no other batch may run meanwhile.
let pending: bool = false;

function validSlots(n: u32, max: u32): bool {
  return n >= 16 && n <= max && (n & (n - 1)) == 0;
}

// Resets the ledger: empty tables of the given capacities (powers of two), default parameters.
// Genesis (batch 0, mode 2) must follow.
export function ledgerInit(chainId: u32, accountSlots: u32, keySlots: u32): u32 {
  if (!validSlots(accountSlots, MAX_ACC_SLOTS) || !validSlots(keySlots, MAX_KEY_SLOTS)) return E.E_INIT_CAPACITY;
  allocRegions();
  if (!stateTreeInit()) return E.E_INIT_CAPACITY;
  memory.fill(G, 0, G_SIZE);
  memory.fill(ACC, 0, <usize>accountSlots * ACC_SIZE);
  memory.fill(KEYS, 0, <usize>keySlots * KEY_SIZE);
  clearMarks();
  store<u32>(G + G_CHAIN_ID, chainId);
  store<u32>(G + G_ACC_SLOTS, accountSlots);
  store<u32>(G + G_KEY_SLOTS, keySlots);
  store<u64>(G + G_PARAMS + <usize>PARAM_TIMESTAMP_WINDOW_MS * 16, DEFAULT_TIMESTAMP_WINDOW_MS);
  store<u64>(G + G_PARAMS + <usize>PARAM_COUNCIL_THRESHOLD * 16, DEFAULT_COUNCIL_THRESHOLD);
  store<u64>(G + G_PARAMS + <usize>PARAM_EPOCH_LENGTH_MS * 16, DEFAULT_EPOCH_LENGTH_MS);
  store<u32>(G + G_INIT, 1);
  auditTreeReset();
  pending = false;
  undoEnd();
  undoSetCap(BATCH_UNDO_BYTES);
  writeSetSetCap(WRITE_SET_BYTES);
  return E.OK;
}

// Applies one batch (seq, logical time from the sequencer's header). Input: INPUT[0..32) audit
// head, then nPackets length-prefixed packet records. mode 0: signers pre-verified; 1: verify the
// signatures here; 2: genesis (seq 0 only, no authorisation; any failure resets the ledger).
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
// wire decoder rejects gets its wire error (100s) as outcome. mode 0 (signers' signatures verified
// upstream) or 1 (the core verifies them); genesis is not a wire batch. On OK the outcomes, events,
// state root, audit entries (appended to the core's audit tree) and the six write sets are ready,
// and exactly one of ledgerCommit / ledgerAbort must follow. A batch-level code leaves nothing
// changed and nothing pending.
export function ledgerPrepareWireBatch(seq: u64, timeMs: u64, nPackets: u32, inputLen: u32, mode: u32): u32 {
  if (pending) return E.E_BATCH_PENDING;
  if (mode > MODE_VERIFY) return E.E_BATCH_MALFORMED;
  undoBegin();
  let rc = beginBatch(seq, timeMs, nPackets, inputLen, mode);
  if (rc != E.OK) {
    undoEnd(); // beginBatch changes nothing when it refuses
    return rc;
  }
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    const code = wireToRecord(INPUT + <usize>off + 4, len - 4, mode == MODE_VERIFY);
    if (code != 0) {
      auditNoBody(i);
      store<u32>(OUTCOMES + <usize>i * 4, code);
    } else {
      auditNoteBody(i, <u32>packetBodyLength());
      applyOne(i, REC, recLen, mode);
    }
    off += len;
  }
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

export function ledgerInputPtr(): usize {
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
// TEST HOOK ONLY (simulates a bug that breaks the supply invariant; never called by the bindings'
// production API): overwrites a token's total supply without touching balances.
export function ledgerTestCorruptSupply(token: u32, lo: u64, hi: u64): void {
  if (token >= 5) return;
  store<u64>(G + G_SUPPLY + <usize>token * 16, lo);
  store<u64>(G + G_SUPPLY + <usize>token * 16 + 8, hi);
}
// TEST HOOK ONLY (the real caps are not reachable within the input limits, see docs/ledger.md):
// lowers the batch undo log and write-set caps (bytes) until the next ledgerInit.
export function ledgerTestLimits(undoBytes: u32, writeSetBytes: u32): void {
  undoSetCap(undoBytes);
  writeSetSetCap(writeSetBytes);
}
// TEST HOOKS ONLY (they bypass the state tree, so the ledger is unusable afterwards): remove the
// account / key whose id the host wrote at ledgerQueryPtr() from its table (accRemove /
// keyRemove, which the abort of a pending batch uses). 1 removed, 0 absent.
export function ledgerTestAccountRemove(): u32 {
  return load<u32>(G + G_INIT) != 0 && accRemove(QUERY) ? 1 : 0;
}
export function ledgerTestKeyRemove(): u32 {
  return load<u32>(G + G_INIT) != 0 && keyRemove(QUERY) ? 1 : 0;
}
