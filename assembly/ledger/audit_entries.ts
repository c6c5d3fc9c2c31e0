// The audit-log entries of a batch, made in the core (docs/replay.md §4, docs/audit-log.md): the
// exact bytes bindings/replay/entries.ts makes (kept as the reference a test compares against).
// Wire batch: for each packet in batch order its packet entry, its outcome entry, then the events
// it emitted in emission order; then the batch-level events. Genesis (a record batch): the event
// entries in emission order. The leaf hashes go to the core's audit tree.
//   packet entry  = 01 01 | packet id = SHA3-256(packet bytes) | packet hash = SHA3-256(body), or
//                   zeros when the packet does not decode
//   outcome entry = 01 02 | packet id | u16 outcome
//   event entry   = 01 03 | u16 audit type | u8 field count | fields (u8 tag, u16 length, bytes);
//                   tag 0 = u32 packet index, tags 1… = the ledger event's payload fields
import { MAX_PACKETS, IN_PACKETS, AUDIT_OUT_BYTES, MAX_AUDIT_ENTRIES } from "./layout";
import { INPUT, OUTCOMES, EVENTS } from "./mem";
import { evLength, EV_BATCH_LEVEL } from "./events";
import { sha3Into } from "./hashing";
import { leafHashTo, auditTreeAppendLeafHashAt } from "../audit/merkle";

// Per ledger event type 1..15: the audit event type, then the payload field widths (0 ends; a
// width with bit 7 set skips that many padding bytes (& 0x7f) without making a field).
// Mint, Burn, Transfer, KeyRegistered, KeyRotated, KeyRevoked, RoleChanged, ParamChanged, Halt, Resume,
// Stake, Unstake, Reward, Penalty, ResState.
// prettier-ignore
const EVENT_TABLE: usize = memory.data<u8>([
  1, 1, 32, 16, 0, 0, 0, 0,
  2, 1, 32, 16, 0, 0, 0, 0,
  3, 1, 32, 32, 16, 0, 0, 0,
  14, 32, 32, 1, 8, 8, 4, 0,
  8, 32, 32, 32, 1, 0, 0, 0,
  9, 32, 0, 0, 0, 0, 0, 0,
  10, 32, 4, 4, 0, 0, 0, 0,
  11, 4, 16, 16, 0, 0, 0, 0,
  12, 80, 32, 0, 0, 0, 0, 0,
  13, 32, 4, 0, 0, 0, 0, 0,
  4, 32, 16, 8, 0, 0, 0, 0,
  5, 32, 16, 16, 1, 0, 0, 0,
  6, 32, 16, 0, 0, 0, 0, 0,
  7, 32, 16, 16, 16, 0, 0, 0,
  15, 32, 1, 1, 0x86, 8, 0, 0,
]);
const EVENT_TYPES: u32 = 15;
const SKIP: u32 = 0x80;
const NO_BODY: u32 = 0xffffffff;

let OUT: usize = 0; // entries, each [u32 length][bytes]
let LEAVES: usize = 0; // 32-byte leaf hash per entry
let PKT: usize = 0; // per packet: id [32], body hash [32]
let BODY_LEN: usize = 0; // per packet: u32 body length, NO_BODY when it did not decode
let outTop: u32 = 0;
let count: u32 = 0;
let lastPackets: u32 = 0;
let lastWire: bool = false;

function alloc(): void {
  if (OUT != 0) return;
  OUT = heap.alloc(<usize>AUDIT_OUT_BYTES);
  LEAVES = heap.alloc(<usize>MAX_AUDIT_ENTRIES * 32);
  PKT = heap.alloc(<usize>MAX_PACKETS * 64);
  BODY_LEN = heap.alloc(<usize>MAX_PACKETS * 4);
}

export function auditOutPtr(): usize {
  return OUT;
}
export function auditOutLen(): u32 {
  return outTop;
}
export function auditEntryCount(): u32 {
  return count;
}
export function auditPacketHashesPtr(): usize {
  return PKT;
}

// Records packet i's body length (the wire decoder's result) while the batch runs.
export function auditNoteBody(i: u32, bodyLen: u32): void {
  alloc();
  store<u32>(BODY_LEN + <usize>i * 4, bodyLen);
}
export function auditNoBody(i: u32): void {
  auditNoteBody(i, NO_BODY);
}

// Starts an entry of `len` bytes; returns where its bytes go. The bound in layout.ts
// (AUDIT_OUT_BYTES, MAX_AUDIT_ENTRIES) holds for every batch the input limits admit.
function begin(len: u32): usize {
  assert(outTop + 4 + len <= AUDIT_OUT_BYTES && count < MAX_AUDIT_ENTRIES, "audit entry buffer");
  const p = OUT + <usize>outTop;
  store<u32>(p, len);
  outTop += 4 + len;
  count++;
  return p + 4;
}

function eventEntry(ev: usize): void {
  const type = <u32>load<u16>(ev);
  assert(type >= 1 && type <= EVENT_TYPES, "event type");
  const row = EVENT_TABLE + <usize>(type - 1) * 8;
  let nCols: u32 = 0;
  let nFields: u32 = 0;
  let len: u32 = 5 + 7;
  while (nCols < 7 && load<u8>(row + 1 + nCols) != 0) {
    const width = <u32>load<u8>(row + 1 + nCols);
    if ((width & SKIP) == 0) {
      len += 3 + width;
      nFields++;
    }
    nCols++;
  }
  const o = begin(len);
  store<u8>(o, 1);
  store<u8>(o + 1, 3);
  store<u16>(o + 2, <u16>load<u8>(row));
  store<u8>(o + 4, <u8>(nFields + 1));
  store<u8>(o + 5, 0);
  store<u16>(o + 6, 4);
  store<u32>(o + 8, load<u32>(ev, 4));
  let w = o + 12;
  let src = ev + 8;
  let f: u32 = 0;
  for (let c: u32 = 0; c < nCols; c++) {
    const width = <u32>load<u8>(row + 1 + c);
    if ((width & SKIP) != 0) {
      src += width & ~SKIP;
      continue;
    }
    f++;
    store<u8>(w, <u8>f);
    store<u16>(w + 1, <u16>width);
    memory.copy(w + 3, src, width);
    w += 3 + width;
    src += width;
  }
}

function eventAt(off: u32): usize {
  return EVENTS + <usize>off;
}
function eventNext(off: u32): u32 {
  return off + 8 + <u32>load<u16>(EVENTS + <usize>off, 2);
}

function packetEntries(i: u32, wire: usize, wireLen: u32): void {
  const ids = PKT + <usize>i * 64;
  sha3Into(ids, wire, wireLen);
  const body = load<u32>(BODY_LEN + <usize>i * 4);
  if (body == NO_BODY) memory.fill(ids + 32, 0, 32);
  else sha3Into(ids + 32, wire, body);
  const p = begin(66);
  store<u16>(p, 0x0101);
  memory.copy(p + 2, ids, 64);
  const o = begin(36);
  store<u16>(o, 0x0201);
  memory.copy(o + 2, ids, 32);
  store<u16>(o + 34, <u16>load<u32>(OUTCOMES + <usize>i * 4));
}

function hashLeaves(): void {
  let p = OUT;
  for (let i: u32 = 0; i < count; i++) {
    const len = load<u32>(p);
    leafHashTo(p + 4, <i32>len, LEAVES + <usize>i * 32);
    p += 4 + <usize>len;
  }
}

// Builds the entries of the wire batch just run (INPUT still holds its packets) and their leaf
// hashes; returns the entry count. Repeatable: it reads only the batch's input and results.
export function auditBuildWire(nPackets: u32): u32 {
  alloc();
  lastPackets = nPackets;
  lastWire = true;
  outTop = 0;
  count = 0;
  const evEnd = evLength();
  let cur: u32 = 0;
  let off: u32 = <u32>IN_PACKETS;
  for (let i: u32 = 0; i < nPackets; i++) {
    const len = load<u32>(INPUT + <usize>off);
    packetEntries(i, INPUT + <usize>off + 4, len - 4);
    off += len;
    // Packet i's events are contiguous in emission order; batch-level ones are skipped here.
    while (cur < evEnd) {
      const pkt = load<u32>(eventAt(cur), 4);
      if (pkt == EV_BATCH_LEVEL) cur = eventNext(cur);
      else if (pkt == i) {
        eventEntry(eventAt(cur));
        cur = eventNext(cur);
      } else break;
    }
  }
  for (let e: u32 = 0; e < evEnd; e = eventNext(e)) {
    if (load<u32>(eventAt(e), 4) == EV_BATCH_LEVEL) eventEntry(eventAt(e));
  }
  hashLeaves();
  return count;
}

// No entries for the last batch (a TS-encoded batch after genesis).
export function auditClear(): void {
  alloc();
  lastPackets = 0;
  lastWire = false;
  outTop = 0;
  count = 0;
}

// Builds the event entries of genesis (a record batch).
export function auditBuildRecords(): u32 {
  alloc();
  lastPackets = 0;
  lastWire = false;
  outTop = 0;
  count = 0;
  const evEnd = evLength();
  for (let e: u32 = 0; e < evEnd; e = eventNext(e)) eventEntry(eventAt(e));
  hashLeaves();
  return count;
}

// Rebuilds the last batch's entries (same bytes); for the benchmark and tests.
export function auditRebuild(): u32 {
  if (lastWire) return auditBuildWire(lastPackets);
  return count == 0 ? 0 : auditBuildRecords();
}

// Appends the built entries' leaf hashes to the core's audit tree. False when the tree is full.
export function auditAppendLeaves(): bool {
  for (let i: u32 = 0; i < count; i++) {
    if (auditTreeAppendLeafHashAt(LEAVES + <usize>i * 32) != 0) return false;
  }
  return true;
}
