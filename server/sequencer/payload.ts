// The coordinator payload stored beside each commit decision (docs/commit.md): the batch as the sequencer ran
// it — header (seq, logical time), packets — and the roots it reached: the state root the stores' rows must
// rebuild to at the next start, and the core's audit tree (size, frontier, root) so the log continues there.
//   u32 meta length | meta (UTF-8 JSON) | per packet: u32 length | bytes          (little-endian)
import { qfsError } from "../../bindings/errors/index.js";
import type { AuditTreeState } from "../../bindings/ledger/state-io.js";

export const PAYLOAD_VERSION = 1;
/** Largest meta JSON, bytes (roots and a 48-level frontier are ~3.5 KB). */
const META_BYTES_MAX = 64 * 1024;

export interface RoundPayload {
  seq: bigint;
  timeMs: bigint;
  stateRoot: Uint8Array;
  audit: AuditTreeState;
  packets: Uint8Array[];
}

interface Meta {
  v: number;
  seq: string;
  timeMs: string;
  stateRoot: string;
  audit: { size: string; frontier: string; root: string };
  packets: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

export function encodePayload(p: RoundPayload): Uint8Array {
  const meta: Meta = {
    v: PAYLOAD_VERSION,
    seq: String(p.seq),
    timeMs: String(p.timeMs),
    stateRoot: hex(p.stateRoot),
    audit: { size: String(p.audit.size), frontier: hex(p.audit.frontier), root: hex(p.audit.root) },
    packets: p.packets.length,
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const total = 4 + metaBytes.length + p.packets.reduce((n, b) => n + 4 + b.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, metaBytes.length, true);
  out.set(metaBytes, 4);
  let off = 4 + metaBytes.length;
  for (const b of p.packets) {
    dv.setUint32(off, b.length, true);
    out.set(b, off + 4);
    off += 4 + b.length;
  }
  return out;
}

/** Decodes a payload this module wrote; anything else is E_STORAGE (a corrupt decision record). */
export function decodePayload(bytes: Uint8Array): RoundPayload {
  const bad = (why: string) => qfsError("E_STORAGE", `decision payload: ${why}`);
  if (bytes.length < 4) throw bad("shorter than its header");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const metaLen = dv.getUint32(0, true);
  if (metaLen > META_BYTES_MAX || 4 + metaLen > bytes.length) throw bad(`meta length ${metaLen}`);
  let meta: Meta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + metaLen))) as Meta;
  } catch {
    throw bad("meta is not JSON");
  }
  if (meta.v !== PAYLOAD_VERSION) throw bad(`version ${meta.v}`);
  const packets: Uint8Array[] = [];
  let off = 4 + metaLen;
  for (let i = 0; i < meta.packets; i++) {
    if (off + 4 > bytes.length) throw bad(`packet ${i} runs past the end`);
    const len = dv.getUint32(off, true);
    if (off + 4 + len > bytes.length) throw bad(`packet ${i} runs past the end`);
    packets.push(bytes.slice(off + 4, off + 4 + len));
    off += 4 + len;
  }
  if (off !== bytes.length) throw bad("bytes after the last packet");
  return {
    seq: BigInt(meta.seq),
    timeMs: BigInt(meta.timeMs),
    stateRoot: unhex(meta.stateRoot),
    audit: { size: BigInt(meta.audit.size), frontier: unhex(meta.audit.frontier), root: unhex(meta.audit.root) },
    packets,
  };
}
