// The coordinator payload stored beside each commit decision (docs/commit.md "Payload"), version 2. The decision
// log is the node's source of truth, so a round's payload holds everything the node serves about it:
//   - the batch as a replay-log batch (docs/replay.md §3): signed header, packets, signed checkpoint — or, for the
//     genesis round, the genesis checkpoint and its signature;
//   - the batch's audit entries (docs/replay.md §4), so the archive and the proofs are rebuilt from the log alone;
//   - the roots it reached: the state root the stores' rows must rebuild to at the next start, and the core's
//     audit tree (size, frontier, root) so the log continues there.
// Layout (little-endian):
//   u32 meta length | meta (UTF-8 JSON) | per packet: u32 length | bytes | per entry: u32 length | bytes
import { qfsError } from "../../bindings/errors/index.js";
import type { Checkpoint } from "../../bindings/audit/checkpoint.js";
import { ENTRY_MAX_LEN } from "../../bindings/audit/entries.js";
import type { AuditTreeState } from "../../bindings/ledger/state-io.js";
import { batchJson, checkpointJson, parseBatch, parseCheckpoint } from "../../bindings/replay/fields.js";
import type { LoggedBatch } from "../../bindings/replay/format.js";

export const PAYLOAD_VERSION = 2;
/** Largest meta JSON, bytes: roots, a 48-level frontier (~3.5 KB) and two ML-DSA-87 signatures as base64
 *  (2 × 6.2 KB) fit in ~20 KB. */
const META_BYTES_MAX = 64 * 1024;

export interface RoundPayload {
  chainId: number;
  seq: bigint;
  timeMs: bigint;
  stateRoot: Uint8Array;
  audit: AuditTreeState;
  packets: Uint8Array[];
  /** The checkpoint that closes the round (the genesis checkpoint, seq 0, in the genesis round) and its
   *  signature by the node key. */
  checkpoint: Checkpoint;
  checkpointSignature: Uint8Array;
  /** The replay-log batch (header, header signature, packets, checkpoint); undefined in the genesis round. */
  batch: LoggedBatch | undefined;
  /** The audit entries the round appended, in log order: leaves checkpoint.treeSize − entries.length … */
  entries: Uint8Array[];
}

interface Meta {
  v: number;
  chainId: number;
  seq: string;
  timeMs: string;
  stateRoot: string;
  audit: { size: string; frontier: string; root: string };
  packets: number;
  entries: number;
  checkpoint: unknown;
  checkpointSignature: string;
  /** The replay-log batch without its packets (they follow the meta as bytes). */
  batch: Record<string, unknown> | null;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "base64"));

/** The replay-log batch without its packets, as JSON (the archive stores it beside the packets' bytes too). */
export function batchMeta(b: LoggedBatch | undefined): Record<string, unknown> | null {
  if (b === undefined) return null;
  const { packets: _packets, ...rest } = batchJson({ ...b, packets: [] });
  return rest;
}

/** The batch back from batchMeta's JSON and its packets; throws the parser's error on a bad meta. */
export function batchOfMeta(meta: Record<string, unknown>, packets: Uint8Array[], chainId: number): LoggedBatch {
  return { ...parseBatch({ ...meta, packets: [] } as Parameters<typeof parseBatch>[0], "$.batch", chainId), packets };
}

/** Length-prefixed blobs (u32 LE length, bytes), the layout of the payload's packets and entries. */
export function encodeBlobs(blobs: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(blobs.reduce((n, b) => n + 4 + b.length, 0));
  const dv = new DataView(out.buffer);
  let off = 0;
  for (const b of blobs) {
    dv.setUint32(off, b.length, true);
    out.set(b, off + 4);
    off += 4 + b.length;
  }
  return out;
}

/** Exactly `count` blobs of at most `maxBytes` each, filling `bytes`; E_STORAGE otherwise. */
export function decodeBlobs(bytes: Uint8Array, count: number, maxBytes: number, what: string): Uint8Array[] {
  const { blobs, off } = readBlobs(bytes, 0, count, maxBytes, what);
  if (off !== bytes.length) throw qfsError("E_STORAGE", `${what}s: bytes after the last one`);
  return blobs;
}

export function encodePayload(p: RoundPayload): Uint8Array {
  const meta: Meta = {
    v: PAYLOAD_VERSION,
    chainId: p.chainId,
    seq: String(p.seq),
    timeMs: String(p.timeMs),
    stateRoot: hex(p.stateRoot),
    audit: { size: String(p.audit.size), frontier: hex(p.audit.frontier), root: hex(p.audit.root) },
    packets: p.packets.length,
    entries: p.entries.length,
    checkpoint: checkpointJson(p.checkpoint),
    checkpointSignature: b64(p.checkpointSignature),
    batch: batchMeta(p.batch),
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const blobs = encodeBlobs([...p.packets, ...p.entries]);
  const out = new Uint8Array(4 + metaBytes.length + blobs.length);
  new DataView(out.buffer).setUint32(0, metaBytes.length, true);
  out.set(metaBytes, 4);
  out.set(blobs, 4 + metaBytes.length);
  return out;
}

/** Reads `count` length-prefixed blobs from `off`, each at most `maxBytes`. */
function readBlobs(
  bytes: Uint8Array,
  off: number,
  count: number,
  maxBytes: number,
  what: string,
): { blobs: Uint8Array[]; off: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    if (off + 4 > bytes.length) throw qfsError("E_STORAGE", `decision payload: ${what} ${i} runs past the end`);
    const len = dv.getUint32(off, true);
    if (len > maxBytes || off + 4 + len > bytes.length)
      throw qfsError("E_STORAGE", `decision payload: ${what} ${i} of ${len} B runs past the end or its cap`);
    blobs.push(bytes.slice(off + 4, off + 4 + len));
    off += 4 + len;
  }
  return { blobs, off };
}

function parseMeta(bytes: Uint8Array): { meta: Meta; off: number } {
  const bad = (why: string) => qfsError("E_STORAGE", `decision payload: ${why}`);
  if (bytes.length < 4) throw bad("shorter than its header");
  const metaLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (metaLen > META_BYTES_MAX || 4 + metaLen > bytes.length) throw bad(`meta length ${metaLen}`);
  let meta: Meta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + metaLen))) as Meta;
  } catch {
    throw bad("meta is not JSON");
  }
  if (meta === null || typeof meta !== "object" || meta.v !== PAYLOAD_VERSION) throw bad(`version ${meta?.v}`);
  return { meta, off: 4 + metaLen };
}

/** Decodes a payload this module wrote; anything else is E_STORAGE (a corrupt decision record). */
export function decodePayload(bytes: Uint8Array): RoundPayload {
  const { meta, off: metaEnd } = parseMeta(bytes);
  // The packet cap is the core's input (4 MiB); an entry's is the audit encoding's.
  const packets = readBlobs(bytes, metaEnd, meta.packets, 4 * 1024 * 1024, "packet");
  const entries = readBlobs(bytes, packets.off, meta.entries, ENTRY_MAX_LEN, "entry");
  if (entries.off !== bytes.length) throw qfsError("E_STORAGE", "decision payload: bytes after the last entry");
  let checkpoint: Checkpoint;
  let batch: LoggedBatch | undefined;
  try {
    checkpoint = parseCheckpoint(meta.checkpoint, "$.checkpoint", meta.chainId);
    batch = meta.batch === null ? undefined : batchOfMeta(meta.batch, packets.blobs, meta.chainId);
  } catch (e) {
    throw qfsError("E_STORAGE", `decision payload: ${(e as Error).message}`);
  }
  return {
    chainId: meta.chainId,
    seq: BigInt(meta.seq),
    timeMs: BigInt(meta.timeMs),
    stateRoot: unhex(meta.stateRoot),
    audit: { size: BigInt(meta.audit.size), frontier: unhex(meta.audit.frontier), root: unhex(meta.audit.root) },
    packets: packets.blobs,
    checkpoint,
    checkpointSignature: unb64(meta.checkpointSignature),
    batch,
    entries: entries.blobs,
  };
}
