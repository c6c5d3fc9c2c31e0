// Receipt verification (docs/cli.md "qfs verify-receipt"): what a client can prove about a receipt the node gave it
// (server/node-service.ts ReceiptJson) with the node's public key. The checkpoint is signed; everything else in the
// receipt must either be a field of that checkpoint or hash, as an audit entry, into the checkpoint's audit root.
// Node and browsers alike (no Node APIs): the CLI and the browser page both call verifyReceipt.
import { checkpointHash, verifyCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { decodeEntry, encodeEntry, type AuditEntry } from "../audit/entries.js";
import { leafHash } from "../audit/hashes.js";
import { checkInclusion } from "../audit/proof.js";
import { bytesEqual, fromHex, toHex } from "../bytes.js";
import { errorName, isQfsError, qfsError } from "../errors/index.js";
import type { LedgerEvent } from "../ledger/events.js";
import { eventEntry } from "../replay/entries.js";
import { jsonFields } from "./json-fields.js";

/** Most events one receipt may list (a packet carries at most 64 ops, each emitting at most a few events). */
export const RECEIPT_EVENTS_MAX = 1024;
/** Most hashes in an inclusion proof (trees below 2^53 leaves need at most 53). */
const PROOF_HASHES_MAX = 64;

/** Why a receipt does not verify: the receipt field that fails, and what failed. */
export interface ReceiptFailure {
  readonly ok: false;
  readonly field: string;
  readonly reason: string;
}

export interface ReceiptVerified {
  readonly ok: true;
  readonly txId: string;
  readonly seq: string;
  readonly outcome: string;
  readonly code: number;
  readonly auditIndex: number;
  readonly treeSize: number;
  /** Fields the log does not cover here, each with the reason (e.g. `repeat` describes the answer, not the tx). */
  readonly unchecked: readonly string[];
}

export type ReceiptVerdict = ReceiptVerified | ReceiptFailure;

/** Inclusion proofs (hex hashes) in the receipt checkpoint's tree, by leaf index: of the packet entry
 *  (auditIndex − 1) and of every event entry. The node serves them (GET /v1/audit/proofs/inclusion); they need no
 *  trust, since each is checked against the signed audit root. */
export type ReceiptProofs = ReadonlyMap<number, readonly string[]>;

const fail = (field: string, reason: string): never => {
  throw qfsError("E_RECEIPT_INVALID", `${field}: ${reason}`, { field, reason });
};

const { obj, hex32, uint, base64, checkpoint: parseCheckpoint } = jsonFields(fail);

function decimal(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,38})$/.test(v)) fail(field, "not a decimal string");
  return v as string;
}

// The fields of each ledger event after `packet`, in the ledger's order (bindings/ledger/events.ts): how the JSON
// form (bytes hex, u64/u128 decimal strings, small integers numbers) turns back into the event.
type Kind = "int" | "big" | "bytes" | "bool" | "res";
const RES_STATES = new Set(["NEUTRAL", "RESONANT", "PENALIZED"]);
const EVENT_FIELDS: Record<LedgerEvent["type"], readonly (readonly [string, Kind])[]> = {
  Mint: [
    ["token", "int"],
    ["account", "bytes"],
    ["amount", "big"],
  ],
  Burn: [
    ["token", "int"],
    ["account", "bytes"],
    ["amount", "big"],
  ],
  Transfer: [
    ["token", "int"],
    ["from", "bytes"],
    ["to", "bytes"],
    ["amount", "big"],
  ],
  KeyRegistered: [
    ["keyId", "bytes"],
    ["owner", "bytes"],
    ["level", "int"],
    ["validFromEpoch", "big"],
    ["maxAgeEpochs", "big"],
    ["roles", "int"],
  ],
  KeyRotated: [
    ["oldKeyId", "bytes"],
    ["newKeyId", "bytes"],
    ["owner", "bytes"],
    ["level", "int"],
  ],
  KeyRevoked: [["keyId", "bytes"]],
  RoleChanged: [
    ["keyId", "bytes"],
    ["before", "int"],
    ["after", "int"],
  ],
  ParamChanged: [
    ["param", "int"],
    ["before", "big"],
    ["after", "big"],
  ],
  Halt: [
    ["record", "bytes"],
    ["hash", "bytes"],
  ],
  Resume: [
    ["haltRecordHash", "bytes"],
    ["councilSigners", "int"],
  ],
  Stake: [
    ["account", "bytes"],
    ["amount", "big"],
    ["epoch", "big"],
  ],
  Unstake: [
    ["account", "bytes"],
    ["amount", "big"],
    ["forfeited", "big"],
    ["emergency", "bool"],
  ],
  Reward: [
    ["account", "bytes"],
    ["amount", "big"],
  ],
  Penalty: [
    ["target", "bytes"],
    ["slashed", "big"],
    ["resBurnt", "big"],
    ["share", "big"],
  ],
  ResState: [
    ["account", "bytes"],
    ["from", "res"],
    ["to", "res"],
    ["epoch", "big"],
  ],
};

// Every field an event's JSON form may carry besides its payload.
const EVENT_COMMON = new Set(["type", "auditIndex", "packet"]);

/** An event of a receipt (EventJson) back as the ledger event it was made from; throws a failure naming `field`.
 *  Fields it does not know are listed in `extra` (not covered by the entry's hash). */
function eventFromJson(v: unknown, field: string, packetIndex: number, extra: string[]): LedgerEvent {
  const o = obj(v, field);
  const type = o.type;
  if (typeof type !== "string" || !Object.hasOwn(EVENT_FIELDS, type)) fail(`${field}.type`, "not a ledger event type");
  const spec = EVENT_FIELDS[type as LedgerEvent["type"]];
  if (o.packet !== undefined && o.packet !== packetIndex)
    fail(`${field}.packet`, `names packet ${String(o.packet)}, the receipt's index is ${packetIndex}`);
  const ev: Record<string, unknown> = { type, packet: packetIndex };
  for (const [name, kind] of spec) {
    const x = o[name];
    const f = `${field}.${name}`;
    if (kind === "int") ev[name] = uint(x, f);
    else if (kind === "bool") ev[name] = typeof x === "boolean" ? x : fail(f, "not a boolean");
    else if (kind === "res") ev[name] = typeof x === "string" && RES_STATES.has(x) ? x : fail(f, "not a RES state");
    else if (kind === "big") ev[name] = BigInt(typeof x === "number" ? uint(x, f) : decimal(x, f));
    else {
      // Event byte fields are ids (32 bytes) or a halt record (80 bytes).
      const b = typeof x === "string" && x.length <= 160 ? fromHex(x) : undefined;
      ev[name] = b ?? fail(f, "not lower-case hex");
    }
  }
  for (const k of Object.keys(o)) if (!EVENT_COMMON.has(k) && !spec.some(([n]) => n === k)) extra.push(`${field}.${k}`);
  return ev as unknown as LedgerEvent;
}

function proofFor(proofs: ReceiptProofs, index: number, field: string): Uint8Array[] {
  const p = proofs.get(index) ?? fail(field, `no inclusion proof for leaf ${index}`);
  if (!Array.isArray(p) || p.length > PROOF_HASHES_MAX) fail(field, `the proof for leaf ${index} is not a hash list`);
  return p.map((h, i) => hex32(h, `${field} (proof node ${i})`));
}

function included(entry: AuditEntry | Uint8Array, index: number, proof: Uint8Array[], cp: Checkpoint): string | null {
  const bytes = entry instanceof Uint8Array ? entry : encodeEntry(entry);
  const bad = checkInclusion(leafHash(bytes), index, cp.treeSize, proof, cp.auditRoot);
  return bad === null ? null : `${bad.code}: ${bad.message}`;
}

/** The leaf indexes whose inclusion proofs (in `checkpoint.treeSize`) verifyReceipt wants beside the receipt's own:
 *  the packet entry and each event entry. Throws nothing: a malformed receipt gives []. */
export function receiptProofIndexes(receipt: unknown): number[] {
  const r = receipt as { auditIndex?: unknown; events?: unknown };
  if (typeof r?.auditIndex !== "number" || !Number.isSafeInteger(r.auditIndex) || r.auditIndex < 1) return [];
  const out = [r.auditIndex - 1];
  if (Array.isArray(r.events) && r.events.length <= RECEIPT_EVENTS_MAX)
    r.events.forEach((_e, i) => out.push((r.auditIndex as number) + 1 + i));
  return out;
}

/**
 * Verifies a receipt (parsed JSON) under the node's ML-DSA-87 public key:
 * - the checkpoint's signature, and its `hash` = checkpointHash of its fields;
 * - `seq` and `stateRoot` are the checkpoint's;
 * - `outcomeEntry` is an outcome entry naming `txId` and `code`, leaf `auditIndex` of the checkpoint's tree
 *   (`inclusionProof`); `outcome` is the catalogue name of `code` ("OK" for 0);
 * - with `proofs` (receiptProofIndexes): the packet entry (txId, bodyHash) is leaf auditIndex − 1, and each event is
 *   leaf auditIndex + 1 + i with its packet index = `index` (tag 0 of the entry).
 * Without `proofs`, bodyHash, index and events are listed as unchecked. `repeat` is never covered: it says whether
 * this answer was for a retry, not what the log holds.
 */
export function verifyReceipt(receipt: unknown, nodePublicKey: Uint8Array, proofs?: ReceiptProofs): ReceiptVerdict {
  try {
    return verify(receipt, nodePublicKey, proofs);
  } catch (e) {
    if (isQfsError(e, "E_RECEIPT_INVALID"))
      return { ok: false, field: String(e.details?.field), reason: String(e.details?.reason) };
    throw e;
  }
}

function verify(receipt: unknown, nodePublicKey: Uint8Array, proofs: ReceiptProofs | undefined): ReceiptVerified {
  const r = obj(receipt, "receipt");
  const txId = hex32(r.txId, "txId");
  const bodyHash = hex32(r.bodyHash, "bodyHash");
  if (typeof r.outcome !== "string") fail("outcome", "not a string");
  const code = uint(r.code, "code");
  const seq = decimal(r.seq, "seq");
  const index = uint(r.index, "index");
  const stateRoot = hex32(r.stateRoot, "stateRoot");
  const auditIndex = uint(r.auditIndex, "auditIndex");
  // An outcome entry is 36 bytes.
  const outcomeEntry = base64(r.outcomeEntry, "outcomeEntry", 36);
  if (!Array.isArray(r.events) || r.events.length > RECEIPT_EVENTS_MAX)
    fail("events", `not a list of at most ${RECEIPT_EVENTS_MAX} events`);
  const events = r.events as unknown[];
  if (!Array.isArray(r.inclusionProof) || r.inclusionProof.length > PROOF_HASHES_MAX)
    fail("inclusionProof", "not a list of hashes");
  const inclusionProof = (r.inclusionProof as unknown[]).map((h, i) => hex32(h, `inclusionProof[${i}]`));
  if (typeof r.repeat !== "boolean") fail("repeat", "not a boolean");
  const { cp, hash, signature } = parseCheckpoint(r.checkpoint);

  if (!verifyCheckpoint(cp, signature, nodePublicKey))
    fail(
      "checkpoint",
      "the signature does not verify under the node key (a checkpoint field or the signature changed)",
    );
  if (!bytesEqual(checkpointHash(cp), hash)) fail("checkpoint.hash", "is not the SHA3-256 of the checkpoint");
  if (seq !== String(cp.seq)) fail("seq", `${seq} is not the checkpoint's seq ${cp.seq}`);
  if (!bytesEqual(stateRoot, cp.stateRoot)) fail("stateRoot", "is not the checkpoint's state root");

  let entry: AuditEntry;
  try {
    entry = decodeEntry(outcomeEntry);
  } catch (e) {
    return fail("outcomeEntry", `not an audit entry (${(e as Error).message})`);
  }
  if (entry.kind !== "outcome") fail("outcomeEntry", `a ${entry.kind} entry, not an outcome entry`);
  const badInclusion = included(outcomeEntry, auditIndex, inclusionProof, cp);
  if (badInclusion !== null)
    fail("inclusionProof", `leaf ${auditIndex} is not in the checkpoint's tree (${badInclusion})`);
  const outcome = entry as AuditEntry & { kind: "outcome" };
  if (!bytesEqual(outcome.txId, txId)) fail("txId", "is not the tx id the outcome entry names");
  if (outcome.status !== code) fail("code", `${code} is not the outcome entry's status ${outcome.status}`);
  const name = code === 0 ? "OK" : errorName(code);
  if (name === undefined) fail("code", `${code} is not in the error catalogue`);
  if (r.outcome !== name) fail("outcome", `'${String(r.outcome)}' is not the name of code ${code} ('${name}')`);

  const unchecked: string[] = ["repeat (it describes this answer, not the logged transaction)"];
  const extra: string[] = [];
  events.forEach((e, i) => {
    const at = (e as { auditIndex?: unknown })?.auditIndex;
    if (at !== auditIndex + 1 + i)
      fail(`events[${i}].auditIndex`, `${String(at)}; the events follow the outcome entry, so ${auditIndex + 1 + i}`);
  });
  if (proofs === undefined) {
    unchecked.push("bodyHash, index, events (no inclusion proofs given for the packet and event entries)");
  } else {
    const packetLeaf = { kind: "packet" as const, packetId: txId, packetHash: bodyHash };
    if (auditIndex < 1) fail("auditIndex", "0: a packet's outcome entry follows its packet entry");
    const badPacket = included(packetLeaf, auditIndex - 1, proofFor(proofs, auditIndex - 1, "bodyHash"), cp);
    if (badPacket !== null)
      fail("bodyHash", `the packet entry (txId, bodyHash) is not leaf ${auditIndex - 1} (${badPacket})`);
    events.forEach((e, i) => {
      const field = `events[${i}]`;
      const ev = eventFromJson(e, field, index, extra);
      const at = auditIndex + 1 + i;
      const bad = included(eventEntry(ev), at, proofFor(proofs, at, field), cp);
      if (bad !== null) fail(field, `is not leaf ${at} of the checkpoint's tree for packet ${index} (${bad})`);
    });
    if (events.length === 0) unchecked.push("index (the packet emitted no event, whose entry would name it)");
    if (extra.length > 0) unchecked.push(`${extra.join(", ")} (not a field of the ledger event)`);
  }
  return { ok: true, txId: toHex(txId), seq, outcome: name!, code, auditIndex, treeSize: cp.treeSize, unchecked };
}
