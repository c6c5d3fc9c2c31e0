// Pending batches (docs/ledger.md "Pending batches"): `ledger.prepare(header, packets)` runs a
// batch of DRV packets in the core and leaves it pending; the result carries the outcomes, events,
// state root, the audit entries the core made (and appended to its audit tree) and one write set
// per participant (contracts: tokens 0..4, registry 5). Then exactly one of commit() or abort().
import { errorName, qfsError, type QfsError } from "../errors/index.js";
import { decodeEvents } from "./events.js";
import type { BatchResult } from "./ledger.js";
import type { BatchHeader, WireBatchOptions } from "./types.js";

// A refusal by the core: the QfsError of the catalogue number it returned.
function coreError(rc: number, what: string): QfsError {
  const name = errorName(rc);
  return name === undefined
    ? qfsError("E_INTERNAL", `${what}: the core returned unknown code ${rc}`)
    : qfsError(name, what);
}

export interface PendingExports {
  ledgerInputPtr(): number;
  ledgerInputCapacity(): number;
  ledgerOutcomesPtr(): number;
  ledgerEventsPtr(): number;
  ledgerEventsLen(): number;
  ledgerVerifiedPtr(): number;
  ledgerPrepareWireBatch(seq: bigint, timeMs: bigint, nPackets: number, inputLen: number, mode: number): number;
  ledgerCommit(): number;
  ledgerAbort(): number;
  ledgerWriteSetPtr(p: number): number;
  ledgerWriteSetLen(p: number): number;
  ledgerAuditEntriesPtr(): number;
  ledgerAuditEntryCount(): number;
  ledgerPacketHashesPtr(): number;
  ledgerAuditSize(): bigint;
  ledgerAuditRootPtr(): number;
}

// How the pending code reaches the ledger's core (the Ledger passes its own accessors).
export interface CoreAccess {
  exports(): PendingExports;
  bytes(): Uint8Array;
  view(): DataView;
}

// Write sets: one per participant, ids 0..4 = tokens CHR, FLX, PSY, ATR, RES; 5 = registry.
export const WRITE_SET_PARTICIPANTS = 6;
export const WRITE_SET_REGISTRY = 5;

export interface PacketIds {
  readonly id: Uint8Array; // SHA3-256 of the packet bytes
  readonly bodyHash: Uint8Array; // SHA3-256 of the signed body; zeros when the packet does not decode
}

export interface WireBatchResult extends BatchResult {
  readonly writeSets: Uint8Array[]; // WRITE_SET_PARTICIPANTS byte strings (docs/ledger.md "Write sets")
  readonly packets: PacketIds[];
  readonly auditEntries: Uint8Array[]; // encoded entries, in log order (docs/replay.md §4)
  readonly auditRoot: Uint8Array; // the core's audit tree after the batch
  readonly auditSize: number;
}

const MODE_VERIFY = 1; // the core verifies every signature
const MODE_VERIFY_BITMAP = 3; // … except those the verified-signer bitmap marks (docs/ledger.md "Trust boundary")

function writeInput(x: PendingExports, core: CoreAccess, header: BatchHeader, packets: readonly Uint8Array[]): number {
  let total = 32;
  for (const p of packets) total += 4 + p.length;
  if (total > x.ledgerInputCapacity()) throw qfsError("E_BATCH_TOO_LARGE", "batch input exceeds the core buffer");
  const head = header.auditHead ?? new Uint8Array(32);
  if (head.length !== 32) throw qfsError("E_LEDGER_INPUT", "auditHead must be 32 bytes");
  const base = x.ledgerInputPtr();
  const m = core.bytes();
  const dv = core.view();
  m.set(head, base);
  let off = base + 32;
  for (const p of packets) {
    dv.setUint32(off, p.length + 4, true);
    m.set(p, off + 4);
    off += 4 + p.length;
  }
  return total;
}

function readResult(
  x: PendingExports,
  core: CoreAccess,
  n: number,
  halted: boolean,
  root: Uint8Array,
): WireBatchResult {
  const m = core.bytes();
  const dv = core.view();
  const outcomes: number[] = [];
  const outs = x.ledgerOutcomesPtr();
  for (let i = 0; i < n; i++) outcomes.push(dv.getUint32(outs + 4 * i, true));
  const ev = x.ledgerEventsPtr();
  const events = decodeEvents(m.slice(ev, ev + x.ledgerEventsLen()));
  const writeSets: Uint8Array[] = [];
  for (let p = 0; p < WRITE_SET_PARTICIPANTS; p++) {
    const at = x.ledgerWriteSetPtr(p);
    writeSets.push(m.slice(at, at + x.ledgerWriteSetLen(p)));
  }
  const hashes = x.ledgerPacketHashesPtr();
  const packets: PacketIds[] = [];
  for (let i = 0; i < n; i++)
    packets.push({
      id: m.slice(hashes + 64 * i, hashes + 64 * i + 32),
      bodyHash: m.slice(hashes + 64 * i + 32, hashes + 64 * i + 64),
    });
  const auditEntries: Uint8Array[] = [];
  let e = x.ledgerAuditEntriesPtr();
  for (let i = x.ledgerAuditEntryCount(); i > 0; i--) {
    const len = dv.getUint32(e, true);
    auditEntries.push(m.slice(e + 4, e + 4 + len));
    e += 4 + len;
  }
  const r = x.ledgerAuditRootPtr();
  const auditRoot = core.bytes().slice(r, r + 32);
  const auditSize = Number(x.ledgerAuditSize());
  return { outcomes, events, stateRoot: root, halted, writeSets, packets, auditEntries, auditRoot, auditSize };
}

// A batch run by the core and not yet kept or undone: its results (also as `result`, a plain
// object), then exactly one of commit() or abort(); the
// ledger refuses every other call (E_BATCH_PENDING) until then, and a second commit/abort throws
// E_NO_PENDING_BATCH.
export class PreparedBatch implements WireBatchResult {
  private settled = false;
  readonly outcomes: number[];
  readonly events: WireBatchResult["events"];
  readonly stateRoot: Uint8Array;
  readonly halted: boolean;
  readonly writeSets: Uint8Array[];
  readonly packets: PacketIds[];
  readonly auditEntries: Uint8Array[];
  readonly auditRoot: Uint8Array;
  readonly auditSize: number;

  constructor(
    readonly result: WireBatchResult,
    private readonly core: CoreAccess,
    private readonly onSettled: () => void,
  ) {
    this.outcomes = result.outcomes;
    this.events = result.events;
    this.stateRoot = result.stateRoot;
    this.halted = result.halted;
    this.writeSets = result.writeSets;
    this.packets = result.packets;
    this.auditEntries = result.auditEntries;
    this.auditRoot = result.auditRoot;
    this.auditSize = result.auditSize;
  }

  get isPending(): boolean {
    return !this.settled;
  }

  private settle(what: string, call: (x: PendingExports) => number): void {
    if (this.settled) throw qfsError("E_NO_PENDING_BATCH", `${what}: the batch was already settled`);
    this.settled = true;
    this.onSettled();
    const rc = call(this.core.exports());
    if (rc !== 0) throw coreError(rc, what);
  }

  // Keeps the batch; returns its result.
  commit(): WireBatchResult {
    this.settle("commit", (x) => x.ledgerCommit());
    return this.result;
  }

  // Undoes the batch: the ledger's state, state root and audit tree are as before the prepare.
  abort(): void {
    this.settle("abort", (x) => x.ledgerAbort());
  }
}

// Safe by default: the core verifies every signature; `verified` (one u8 bitmap per packet, from
// the verify pool) lets it skip the signatures verified upstream.
export type PrepareOptions = WireBatchOptions;

// Runs the batch in the core and leaves it pending. A batch-level refusal throws a QfsError and
// leaves nothing pending. `state` reads the ledger's halted flag and state root after the run.
export function prepareWireBatch(
  core: CoreAccess,
  header: BatchHeader,
  packets: readonly Uint8Array[],
  opts: PrepareOptions,
  state: () => { halted: boolean; stateRoot: Uint8Array },
  onSettled: () => void,
): PreparedBatch {
  const x = core.exports();
  const { verified } = opts;
  if (verified !== undefined && (!(verified instanceof Uint8Array) || verified.length !== packets.length))
    throw qfsError("E_BATCH_MALFORMED", "verified: one u8 bitmap per packet");
  const total = writeInput(x, core, header, packets);
  if (verified !== undefined) core.bytes().set(verified, x.ledgerVerifiedPtr());
  const mode = verified === undefined ? MODE_VERIFY : MODE_VERIFY_BITMAP;
  const rc = x.ledgerPrepareWireBatch(header.seq, header.timeMs, packets.length, total, mode);
  if (rc !== 0) throw coreError(rc, `batch ${header.seq} rejected`);
  const s = state();
  return new PreparedBatch(readResult(x, core, packets.length, s.halted, s.stateRoot), core, onSettled);
}
