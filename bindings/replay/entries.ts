// The audit-log entries a batch produces (docs/replay.md §4), in this order: for each packet, in
// batch order, its packet entry, its outcome entry, then the events it emitted (in emission
// order); then the batch-level events (a CIR-302 halt raised by the batch itself). The core makes
// these entries itself (assembly/ledger/audit_entries.ts) and the sequencer and the replay use its
// bytes; this module is the TS reference that test/ledger/pending.test.ts compares them with.
import { encodeEntry, AUDIT_EVENT_TYPES, type AuditEntry, type EventField } from "../audit/entries.js";
import { sha3_256 } from "../hash.js";
import { BATCH_LEVEL, type LedgerEvent } from "../ledger/events.js";
import { wasmDecodePacket } from "../packet/wasm.js";
import { u128Bytes, u32Bytes, u64Bytes, u8Bytes } from "../bytes.js";

const ZERO32 = new Uint8Array(32);
const RES_STATE_NUMBER = { NEUTRAL: 0, RESONANT: 1, PENALIZED: 2 } as const;

// An event entry: tag 0 = packet index in the batch (u32, 0xFFFFFFFF batch-level), tags 1… = the
// ledger event's payload fields in the ledger's order and widths (docs/ledger.md "Events").
export function eventEntry(ev: LedgerEvent): AuditEntry & { kind: "event" } {
  let type: number;
  let values: Uint8Array[];
  switch (ev.type) {
    case "Mint":
    case "Burn":
      type = AUDIT_EVENT_TYPES[ev.type];
      values = [u8Bytes(ev.token), ev.account, u128Bytes(ev.amount)];
      break;
    case "Transfer":
      type = AUDIT_EVENT_TYPES.Transfer;
      values = [u8Bytes(ev.token), ev.from, ev.to, u128Bytes(ev.amount)];
      break;
    case "KeyRegistered":
      type = AUDIT_EVENT_TYPES.KeyRegistered;
      values = [
        ev.keyId,
        ev.owner,
        u8Bytes(ev.level),
        u64Bytes(ev.validFromEpoch),
        u64Bytes(ev.maxAgeEpochs),
        u32Bytes(ev.roles),
      ];
      break;
    case "KeyRotated":
      type = AUDIT_EVENT_TYPES.KeyRotated;
      values = [ev.oldKeyId, ev.newKeyId, ev.owner, u8Bytes(ev.level)];
      break;
    case "KeyRevoked":
      type = AUDIT_EVENT_TYPES.KeyRevoked;
      values = [ev.keyId];
      break;
    case "RoleChanged":
      type = AUDIT_EVENT_TYPES.RoleChanged;
      values = [ev.keyId, u32Bytes(ev.before), u32Bytes(ev.after)];
      break;
    case "ParamChanged":
      type = AUDIT_EVENT_TYPES.ParamChanged;
      values = [u32Bytes(ev.param), u128Bytes(ev.before), u128Bytes(ev.after)];
      break;
    case "Halt":
      type = AUDIT_EVENT_TYPES.Halt;
      values = [ev.record, ev.hash];
      break;
    case "Resume":
      type = AUDIT_EVENT_TYPES.Resume;
      values = [ev.haltRecordHash, u32Bytes(ev.councilSigners)];
      break;
    case "Stake":
      type = AUDIT_EVENT_TYPES.Stake;
      values = [ev.account, u128Bytes(ev.amount), u64Bytes(ev.epoch)];
      break;
    case "Unstake":
      type = AUDIT_EVENT_TYPES.Unstake;
      values = [ev.account, u128Bytes(ev.amount), u128Bytes(ev.forfeited), u8Bytes(ev.emergency ? 1 : 0)];
      break;
    case "Reward":
      type = AUDIT_EVENT_TYPES.Reward;
      values = [ev.account, u128Bytes(ev.amount)];
      break;
    case "Penalty":
      type = AUDIT_EVENT_TYPES.Penalty;
      values = [ev.target, u128Bytes(ev.slashed), u128Bytes(ev.resBurnt), u128Bytes(ev.share)];
      break;
    case "ResState":
      type = AUDIT_EVENT_TYPES.ResState;
      values = [ev.account, u8Bytes(RES_STATE_NUMBER[ev.from]), u8Bytes(RES_STATE_NUMBER[ev.to]), u64Bytes(ev.epoch)];
      break;
  }
  const fields: EventField[] = [{ tag: 0, value: u32Bytes(ev.packet) }];
  values.forEach((value, i) => fields.push({ tag: i + 1, value }));
  return { kind: "event", type, fields };
}

// Packet entry: packet id = SHA3-256(packet bytes), packet hash = SHA3-256(signed body) (zeros when
// the packet does not decode; its outcome entry then carries the wire error).
export function packetEntry(packet: Uint8Array): AuditEntry & { kind: "packet" } {
  const packetId = sha3_256(packet);
  const d = wasmDecodePacket(packet);
  const packetHash = d.code === 0 ? sha3_256(packet.subarray(0, d.bodyLength)) : ZERO32.slice();
  return { kind: "packet", packetId, packetHash };
}

// The encoded entries of one batch (docs/replay.md §4).
export function batchAuditEntries(
  packets: readonly Uint8Array[],
  outcomes: readonly number[],
  events: readonly LedgerEvent[],
): Uint8Array[] {
  const byPacket = new Map<number, LedgerEvent[]>();
  for (const ev of events) {
    const list = byPacket.get(ev.packet);
    if (list === undefined) byPacket.set(ev.packet, [ev]);
    else list.push(ev);
  }
  const out: Uint8Array[] = [];
  packets.forEach((p, i) => {
    const pe = packetEntry(p);
    out.push(encodeEntry(pe));
    out.push(encodeEntry({ kind: "outcome", txId: pe.packetId, status: outcomes[i] ?? 0 }));
    for (const ev of byPacket.get(i) ?? []) out.push(encodeEntry(eventEntry(ev)));
  });
  for (const ev of byPacket.get(BATCH_LEVEL) ?? []) out.push(encodeEntry(eventEntry(ev)));
  return out;
}

// The entries of genesis (batch 0, no packets): the event entries of the genesis events
// (ParamChanged, KeyRegistered, Mint …, `Ledger.genesisResult`), tag 0 = the genesis record index.
export function genesisAuditEntries(events: readonly LedgerEvent[]): Uint8Array[] {
  return events.map((ev) => encodeEntry(eventEntry(ev)));
}
