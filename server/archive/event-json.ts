// A ledger event as the API sends it (EventJson), read back from its audit entry (docs/replay.md §4): the entry is
// what the log holds and what a proof covers, so the archive derives every event it serves from the entries alone
// (a catch-up from the decision log has no other copy of the events). Ids and blobs hex, u8/u32 JSON integers,
// u64/u128 decimal strings, `token` the token number; `packet` is tag 0 (the packet's index in its batch, or the
// genesis record's; 0xFFFFFFFF for a batch-level event).
import { qfsError } from "../../bindings/errors/index.js";
import { AUDIT_EVENT_TYPES, decodeEntry } from "../../bindings/audit/entries.js";
import type { EventJson } from "../node-service.js";

/** "bool": a u8 0/1 as false/true; "res": a u8 RES state as its name — the JSON of the ledger event
 *  (bindings/ledger/events.ts), which the receipt verifier (bindings/sdk/receipt.ts) reads back. */
type Width = "u8" | "u32" | "u64" | "u128" | "bytes" | "bool" | "res";
const RES_STATE_NAMES = ["NEUTRAL", "RESONANT", "PENALIZED"] as const;

/** Field names and widths of each audit event type, tags 1… in order (the table of docs/replay.md §4). */
const EVENT_FIELDS: Record<number, { type: string; fields: [string, Width][] }> = {
  [AUDIT_EVENT_TYPES.Mint]: {
    type: "Mint",
    fields: [
      ["token", "u8"],
      ["account", "bytes"],
      ["amount", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.Burn]: {
    type: "Burn",
    fields: [
      ["token", "u8"],
      ["account", "bytes"],
      ["amount", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.Transfer]: {
    type: "Transfer",
    fields: [
      ["token", "u8"],
      ["from", "bytes"],
      ["to", "bytes"],
      ["amount", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.Stake]: {
    type: "Stake",
    fields: [
      ["account", "bytes"],
      ["amount", "u128"],
      ["epoch", "u64"],
    ],
  },
  [AUDIT_EVENT_TYPES.Unstake]: {
    type: "Unstake",
    fields: [
      ["account", "bytes"],
      ["amount", "u128"],
      ["forfeited", "u128"],
      ["emergency", "bool"],
    ],
  },
  [AUDIT_EVENT_TYPES.Reward]: {
    type: "Reward",
    fields: [
      ["account", "bytes"],
      ["amount", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.Penalty]: {
    type: "Penalty",
    fields: [
      ["target", "bytes"],
      ["slashed", "u128"],
      ["resBurnt", "u128"],
      ["share", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.ResState]: {
    type: "ResState",
    fields: [
      ["account", "bytes"],
      ["from", "res"],
      ["to", "res"],
      ["epoch", "u64"],
    ],
  },
  [AUDIT_EVENT_TYPES.KeyRotated]: {
    type: "KeyRotated",
    fields: [
      ["oldKeyId", "bytes"],
      ["newKeyId", "bytes"],
      ["owner", "bytes"],
      ["level", "u8"],
    ],
  },
  [AUDIT_EVENT_TYPES.KeyRevoked]: { type: "KeyRevoked", fields: [["keyId", "bytes"]] },
  [AUDIT_EVENT_TYPES.RoleChanged]: {
    type: "RoleChanged",
    fields: [
      ["keyId", "bytes"],
      ["before", "u32"],
      ["after", "u32"],
    ],
  },
  [AUDIT_EVENT_TYPES.ParamChanged]: {
    type: "ParamChanged",
    fields: [
      ["param", "u32"],
      ["before", "u128"],
      ["after", "u128"],
    ],
  },
  [AUDIT_EVENT_TYPES.Halt]: {
    type: "Halt",
    fields: [
      ["record", "bytes"],
      ["hash", "bytes"],
    ],
  },
  [AUDIT_EVENT_TYPES.Resume]: {
    type: "Resume",
    fields: [
      ["haltRecordHash", "bytes"],
      ["councilSigners", "u32"],
    ],
  },
  [AUDIT_EVENT_TYPES.KeyRegistered]: {
    type: "KeyRegistered",
    fields: [
      ["keyId", "bytes"],
      ["owner", "bytes"],
      ["level", "u8"],
      ["validFromEpoch", "u64"],
      ["maxAgeEpochs", "u64"],
      ["roles", "u32"],
    ],
  },
};

/** The fields of an event that name an account: its history (GET /v1/accounts/:id/events) lists the event. */
const ACCOUNT_FIELDS = ["account", "from", "to", "owner", "target"];

const BYTE_WIDTH: Record<Exclude<Width, "bytes">, number> = { u8: 1, u32: 4, u64: 8, u128: 16, bool: 1, res: 1 };

function uintLE(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

function fieldValue(width: Width, value: Uint8Array, what: string): unknown {
  if (width === "bytes") return Buffer.from(value).toString("hex");
  if (value.length !== BYTE_WIDTH[width]) throw qfsError("E_ARCHIVE", `${what}: ${value.length} B for a ${width}`);
  const x = uintLE(value);
  if (width === "bool") {
    if (x > 1n) throw qfsError("E_ARCHIVE", `${what}: ${x} for a boolean`);
    return x === 1n;
  }
  if (width === "res") {
    const name = RES_STATE_NAMES[Number(x)];
    if (name === undefined) throw qfsError("E_ARCHIVE", `${what}: RES state ${x}`);
    return name;
  }
  return width === "u64" || width === "u128" ? String(x) : Number(x);
}

export interface DecodedEvent {
  json: EventJson;
  /** Accounts the event names (hex), for their histories. */
  accounts: string[];
}

/** The event of an audit event entry at leaf `auditIndex`; undefined when the entry is not an event entry.
 *  E_ARCHIVE when it is an event of a type or shape this node does not know (the log is the node's own). */
export function eventFromEntry(entry: Uint8Array, auditIndex: number): DecodedEvent | undefined {
  const e = decodeEntry(entry);
  if (e.kind !== "event") return undefined;
  const spec = EVENT_FIELDS[e.type];
  const what = `audit entry ${auditIndex}`;
  if (spec === undefined) throw qfsError("E_ARCHIVE", `${what}: unknown event type ${e.type}`);
  if (e.fields.length !== spec.fields.length + 1 || e.fields[0]!.tag !== 0)
    throw qfsError("E_ARCHIVE", `${what}: ${e.fields.length} fields for a ${spec.type}`);
  const json: EventJson = { type: spec.type, auditIndex, packet: fieldValue("u32", e.fields[0]!.value, what) };
  const accounts: string[] = [];
  spec.fields.forEach(([name, width], i) => {
    const v = fieldValue(width, e.fields[i + 1]!.value, what);
    json[name] = v;
    if (ACCOUNT_FIELDS.includes(name) && !accounts.includes(v as string)) accounts.push(v as string);
  });
  return { json, accounts };
}
