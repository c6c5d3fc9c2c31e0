// Canonical binary encoding of audit-log entries, version 1 (docs/audit-log.md). Exactly one
// encoding per entry: fixed widths, little-endian, no optional fields, limits enforced on both
// encode and decode. The leaf hash of an entry is SHA3-256(0x00 || encoding).
import { qfsError } from "../errors/index.js";
import { isHash } from "./hashes.js";

export const ENTRY_VERSION = 1;
export const ENTRY_KIND_PACKET = 1;
export const ENTRY_KIND_OUTCOME = 2;
export const ENTRY_KIND_EVENT = 3;
export const EVENT_MAX_FIELDS = 16;
export const EVENT_MAX_FIELD_LEN = 1024;
export const ENTRY_MAX_LEN = 4096;

// Event type codes (stable; append only).
export const AUDIT_EVENT_TYPES = {
  Mint: 1,
  Burn: 2,
  Transfer: 3,
  Stake: 4,
  Unstake: 5,
  Reward: 6,
  Penalty: 7,
  KeyRotated: 8,
  KeyRevoked: 9,
  RoleChanged: 10,
  ParamChanged: 11,
  Halt: 12,
  Resume: 13,
  KeyRegistered: 14,
  ResState: 15,
} as const;

export interface EventField {
  readonly tag: number; // u8, strictly increasing within an event
  readonly value: Uint8Array; // ≤ EVENT_MAX_FIELD_LEN bytes
}

export type AuditEntry =
  | { readonly kind: "packet"; readonly packetId: Uint8Array; readonly packetHash: Uint8Array }
  | { readonly kind: "outcome"; readonly txId: Uint8Array; readonly status: number }
  | { readonly kind: "event"; readonly type: number; readonly fields: readonly EventField[] };

function malformed(why: string): never {
  throw qfsError("E_AUDIT_ENTRY_MALFORMED", why);
}

function isU16(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 0xffff;
}

export function encodeEntry(e: AuditEntry): Uint8Array {
  switch (e?.kind) {
    case "packet": {
      if (!isHash(e.packetId) || !isHash(e.packetHash)) malformed("packet id and hash are 32 bytes");
      const out = new Uint8Array(66);
      out[0] = ENTRY_VERSION;
      out[1] = ENTRY_KIND_PACKET;
      out.set(e.packetId, 2);
      out.set(e.packetHash, 34);
      return out;
    }
    case "outcome": {
      if (!isHash(e.txId)) malformed("tx id is 32 bytes");
      if (!isU16(e.status)) malformed("status is a u16");
      const out = new Uint8Array(36);
      out[0] = ENTRY_VERSION;
      out[1] = ENTRY_KIND_OUTCOME;
      out.set(e.txId, 2);
      out[34] = e.status & 0xff;
      out[35] = e.status >> 8;
      return out;
    }
    case "event": {
      if (!isU16(e.type) || e.type === 0) malformed("event type is a non-zero u16");
      if (!Array.isArray(e.fields) || e.fields.length > EVENT_MAX_FIELDS) malformed("too many fields");
      let len = 5;
      let prev = -1;
      for (const f of e.fields) {
        if (!Number.isInteger(f?.tag) || f.tag <= prev || f.tag > 0xff) malformed("field tags strictly increasing u8");
        if (!(f.value instanceof Uint8Array) || f.value.length > EVENT_MAX_FIELD_LEN) malformed("field too long");
        prev = f.tag;
        len += 3 + f.value.length;
      }
      if (len > ENTRY_MAX_LEN) throw qfsError("E_AUDIT_ENTRY_TOO_LARGE", `${len} > ${ENTRY_MAX_LEN}`);
      const out = new Uint8Array(len);
      out[0] = ENTRY_VERSION;
      out[1] = ENTRY_KIND_EVENT;
      out[2] = e.type & 0xff;
      out[3] = e.type >> 8;
      out[4] = e.fields.length;
      let o = 5;
      for (const f of e.fields) {
        out[o] = f.tag;
        out[o + 1] = f.value.length & 0xff;
        out[o + 2] = f.value.length >> 8;
        out.set(f.value, o + 3);
        o += 3 + f.value.length;
      }
      return out;
    }
    default:
      return malformed("unknown entry kind");
  }
}

// Decodes exactly one canonical encoding; throws QfsError otherwise.
export function decodeEntry(b: Uint8Array): AuditEntry {
  if (!(b instanceof Uint8Array) || b.length < 2) malformed("too short");
  if (b.length > ENTRY_MAX_LEN) throw qfsError("E_AUDIT_ENTRY_TOO_LARGE");
  if (b[0] !== ENTRY_VERSION) malformed(`unknown version ${b[0]}`);
  switch (b[1]) {
    case ENTRY_KIND_PACKET:
      if (b.length !== 66) malformed("packet entry is 66 bytes");
      return { kind: "packet", packetId: b.slice(2, 34), packetHash: b.slice(34, 66) };
    case ENTRY_KIND_OUTCOME:
      if (b.length !== 36) malformed("outcome entry is 36 bytes");
      return { kind: "outcome", txId: b.slice(2, 34), status: b[34]! | (b[35]! << 8) };
    case ENTRY_KIND_EVENT: {
      if (b.length < 5) malformed("truncated event");
      const type = b[2]! | (b[3]! << 8);
      const count = b[4]!;
      if (type === 0) malformed("event type 0");
      if (count > EVENT_MAX_FIELDS) malformed("too many fields");
      const fields: EventField[] = [];
      let o = 5;
      let prev = -1;
      for (let i = 0; i < count; i++) {
        if (o + 3 > b.length) malformed("truncated field header");
        const tag = b[o]!;
        const len = b[o + 1]! | (b[o + 2]! << 8);
        if (tag <= prev) malformed("field tags not strictly increasing");
        if (len > EVENT_MAX_FIELD_LEN) malformed("field too long");
        if (o + 3 + len > b.length) malformed("truncated field");
        fields.push({ tag, value: b.slice(o + 3, o + 3 + len) });
        prev = tag;
        o += 3 + len;
      }
      if (o !== b.length) malformed("trailing bytes");
      return { kind: "event", type, fields };
    }
    default:
      return malformed(`unknown kind ${b[1]}`);
  }
}
