// The bytes of one verify task: the packets, the public keys they name and room for the results,
// all in ONE ArrayBuffer. The pool transfers it to a worker (zero-copy), the worker writes the
// results in place and transfers it back: no structured clone, no per-packet objects.
//
// Task v1, little-endian (docs/pool.md):
//   header (48 bytes):  magic "QVT1" | u32 chain id | u32 packet count | u32 key count |
//                       u32 packets offset | u32 keys offset | u32 results offset | u32 total bytes |
//                       u32 worker run µs (written by the worker) | u32 worker thread id (idem) | u64 reserved = 0
//   packet ends:        u32[packet count], end of packet i relative to the packets offset (start = end of i-1)
//   packets:            the packet bytes, back to back (a packet longer than the wire limit is cut at limit + 1)
//   keys:               per key: [32] key id | u8 level | u8 0 | u16 public key length | public key bytes
//   results (8-aligned): RESULT_RECORD_BYTES per packet, zeroed by the pool, filled by the worker
import { qfsError } from "../../bindings/errors/index.js";
import { PACKET_BYTES_MAX, TASK_BYTES_MAX, TASK_PACKETS_MAX } from "./limits.js";

export const TASK_MAGIC = 0x31545651; // "QVT1" read as a little-endian u32
export const TASK_HEADER_BYTES = 48;
export const KEY_ENTRY_HEADER_BYTES = 36;
export const KEY_ID_BYTES = 32;

/** Header field offsets. */
export const H = {
  magic: 0,
  chainId: 4,
  packetCount: 8,
  keyCount: 12,
  packetsOffset: 16,
  keysOffset: 20,
  resultsOffset: 24,
  totalBytes: 28,
  workerRunMicros: 32,
  workerThreadId: 36,
} as const;

// Result record v1 (per packet, little-endian):
//   +0 u16 decode code (0 = structurally valid; else the wire-format code of docs/wire-format.md)
//   +2 u16 first error code (0 = every stateless check and every signature passed)
//   +4 u8  signer count (0 when the packet did not decode)
//   +5 u8  verified-signer bitmap (contracts.md C: bit i = signer i's signature verified)
//   +6 u8  index of the signer that gave the first error (0xff: none, or not a signer's error)
//   +7 u8  reserved = 0
//   +8 u32 body length (bytes of the signed body; 0 when the packet did not decode)
//   +12 u32 reserved = 0
//   +16 [32] packet id = SHA3-256(packet)     (zero when the packet did not decode)
//   +48 [32] body hash = SHA3-256(body)       (idem)
export const RESULT_RECORD_BYTES = 80;
export const R = {
  decodeCode: 0,
  firstErrorCode: 2,
  signerCount: 4,
  verifiedBitmap: 5,
  firstErrorSigner: 6,
  bodyLength: 8,
  packetId: 16,
  bodyHash: 48,
} as const;
export const NO_SIGNER = 0xff;

/** A registered key as the sequencer knows it (the SDK's RegisteredKey shape). */
export interface PoolKey {
  readonly level: number;
  readonly publicKey: Uint8Array;
}
/** Looks a key up by id; undefined when the registry does not know it. */
export type PoolKeyLookup = (keyId: Uint8Array) => PoolKey | undefined;

// Wire-format facts the pool reads before decoding, to know which keys a packet names
// (docs/wire-format.md §2.1: signer count at byte 6, key ids from byte 64, 32 bytes each).
const SIGNER_COUNT_AT = 6;
const SIGNERS_AT = 64;
const SIGNERS_MAX_WIRE = 8;
/** ML-DSA-87's public key, the longest a key entry holds. */
const PUBLIC_KEY_BYTES_MAX = 2592;

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Hex of the 32-byte id at `at` (the map key for ids on both sides). */
export function hexId(bytes: Uint8Array, at: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + at, KEY_ID_BYTES).toString("hex");
}

/**
 * Key ids a packet names, read from the fixed header positions without decoding: a malformed
 * packet may name garbage, which only costs a lookup miss (the worker reports its decode code).
 * Adds them to `out` (hex id -> id view) and returns how many the packet names.
 */
export function namedKeyIds(packet: Uint8Array, out: Map<string, Uint8Array>): string[] {
  const named: string[] = [];
  if (packet.length < SIGNERS_AT) return named;
  const n = Math.min(packet[SIGNER_COUNT_AT] as number, SIGNERS_MAX_WIRE);
  for (let i = 0; i < n; i++) {
    const at = SIGNERS_AT + i * KEY_ID_BYTES;
    if (at + KEY_ID_BYTES > packet.length) break;
    const hex = hexId(packet, at);
    if (!out.has(hex)) out.set(hex, packet.subarray(at, at + KEY_ID_BYTES));
    named.push(hex);
  }
  return named;
}

/** Bytes a packet takes in a task: a longer input is cut at the limit + 1, enough for E_PACKET_TOO_LONG. */
export function packetTaskBytes(packet: Uint8Array): number {
  return Math.min(packet.length, PACKET_BYTES_MAX + 1);
}

/** Bytes a key entry takes in a task. */
export function keyEntryBytes(key: PoolKey): number {
  return KEY_ENTRY_HEADER_BYTES + key.publicKey.length;
}

/** Bytes of a task holding `packetBytes` of packets and `keyBytes` of key entries. */
export function taskBytes(packetCount: number, packetBytes: number, keyBytes: number): number {
  return align8(TASK_HEADER_BYTES + 4 * packetCount + packetBytes + keyBytes) + RESULT_RECORD_BYTES * packetCount;
}

/** A key the registry returned, checked for shape (a bad one is a bug in the lookup, not client input). */
export function checkPoolKey(key: PoolKey): PoolKey {
  if (
    typeof key !== "object" ||
    key === null ||
    !(key.publicKey instanceof Uint8Array) ||
    key.publicKey.length > PUBLIC_KEY_BYTES_MAX ||
    !Number.isInteger(key.level) ||
    key.level < 0 ||
    key.level > 0xff
  )
    throw qfsError("E_POOL_TASK_MALFORMED", "a key lookup returned something other than { level, publicKey }");
  return key;
}

/**
 * Builds one task buffer for `packets` (the pool cuts tasks to TASK_PACKETS_MAX / TASK_BYTES_MAX),
 * with the keys in `keys` (hex id -> id and key, already looked up and checked). The worker reports
 * E_KEY_UNKNOWN for a named id that is not there.
 */
export function encodeTask(
  chainId: number,
  packets: readonly Uint8Array[],
  keys: ReadonlyMap<string, { readonly id: Uint8Array; readonly key: PoolKey }>,
): ArrayBuffer {
  if (packets.length < 1 || packets.length > TASK_PACKETS_MAX)
    throw qfsError("E_POOL_TASK_MALFORMED", `a task holds 1..${TASK_PACKETS_MAX} packets, got ${packets.length}`);
  if (!Number.isInteger(chainId) || chainId < 0 || chainId > 0xffffffff)
    throw qfsError("E_POOL_TASK_MALFORMED", "chain id must be a u32");
  let packetBytes = 0;
  for (const p of packets) packetBytes += packetTaskBytes(p);
  let keyBytes = 0;
  for (const { key } of keys.values()) keyBytes += keyEntryBytes(key);
  const total = taskBytes(packets.length, packetBytes, keyBytes);
  if (total > TASK_BYTES_MAX) throw qfsError("E_POOL_TASK_MALFORMED", `task of ${total} bytes > ${TASK_BYTES_MAX}`);
  const buf = new ArrayBuffer(total);
  const bytes = new Uint8Array(buf);
  const dv = new DataView(buf);
  const packetsOffset = TASK_HEADER_BYTES + 4 * packets.length;
  const keysOffset = packetsOffset + packetBytes;
  const resultsOffset = align8(keysOffset + keyBytes);
  dv.setUint32(H.magic, TASK_MAGIC, true);
  dv.setUint32(H.chainId, chainId, true);
  dv.setUint32(H.packetCount, packets.length, true);
  dv.setUint32(H.keyCount, keys.size, true);
  dv.setUint32(H.packetsOffset, packetsOffset, true);
  dv.setUint32(H.keysOffset, keysOffset, true);
  dv.setUint32(H.resultsOffset, resultsOffset, true);
  dv.setUint32(H.totalBytes, total, true);
  let end = 0;
  packets.forEach((p, i) => {
    const n = packetTaskBytes(p);
    bytes.set(n === p.length ? p : p.subarray(0, n), packetsOffset + end);
    end += n;
    dv.setUint32(TASK_HEADER_BYTES + 4 * i, end, true);
  });
  let at = keysOffset;
  for (const { id, key } of keys.values()) {
    bytes.set(id, at);
    dv.setUint8(at + 32, key.level);
    dv.setUint16(at + 34, key.publicKey.length, true);
    bytes.set(key.publicKey, at + KEY_ENTRY_HEADER_BYTES);
    at += keyEntryBytes(key);
  }
  return buf;
}

/** A task buffer, read and bounds-checked (by the worker before it touches anything, and by the pool's results). */
export interface TaskView {
  readonly buf: ArrayBuffer;
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  readonly chainId: number;
  readonly packetCount: number;
  readonly keyCount: number;
  readonly packetsOffset: number;
  readonly keysOffset: number;
  readonly resultsOffset: number;
}

/** Checks a task buffer's framing; throws E_POOL_TASK_MALFORMED (a bug in the pool, never bad client input). */
export function readTask(buf: ArrayBuffer): TaskView {
  const bad = (why: string): never => {
    throw qfsError("E_POOL_TASK_MALFORMED", why);
  };
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < TASK_HEADER_BYTES || buf.byteLength > TASK_BYTES_MAX)
    bad("not a task buffer");
  const dv = new DataView(buf);
  const u32 = (at: number): number => dv.getUint32(at, true);
  if (u32(H.magic) !== TASK_MAGIC) bad("magic");
  if (u32(H.totalBytes) !== buf.byteLength) bad("total bytes");
  const packetCount = u32(H.packetCount);
  if (packetCount < 1 || packetCount > TASK_PACKETS_MAX) bad("packet count");
  const packetsOffset = u32(H.packetsOffset);
  const keysOffset = u32(H.keysOffset);
  const resultsOffset = u32(H.resultsOffset);
  if (packetsOffset !== TASK_HEADER_BYTES + 4 * packetCount) bad("packets offset");
  if (keysOffset < packetsOffset || resultsOffset !== align8(resultsOffset) || resultsOffset < keysOffset) bad("keys");
  if (resultsOffset + RESULT_RECORD_BYTES * packetCount !== buf.byteLength) bad("results offset");
  let prev = 0;
  for (let i = 0; i < packetCount; i++) {
    const end = u32(TASK_HEADER_BYTES + 4 * i);
    if (end < prev || end - prev > PACKET_BYTES_MAX + 1) bad("packet end");
    prev = end;
  }
  if (packetsOffset + prev !== keysOffset) bad("packets length");
  return {
    buf,
    bytes: new Uint8Array(buf),
    dv,
    chainId: u32(H.chainId),
    packetCount,
    keyCount: u32(H.keyCount),
    packetsOffset,
    keysOffset,
    resultsOffset,
  };
}

/** Packet i of a checked task, as a view into the buffer. */
export function taskPacket(t: TaskView, i: number): Uint8Array {
  const start = i === 0 ? 0 : t.dv.getUint32(TASK_HEADER_BYTES + 4 * (i - 1), true);
  const end = t.dv.getUint32(TASK_HEADER_BYTES + 4 * i, true);
  return t.bytes.subarray(t.packetsOffset + start, t.packetsOffset + end);
}

/** The key entries of a checked task, by hex key id; a malformed key section throws E_POOL_TASK_MALFORMED. */
export function taskKeys(t: TaskView): Map<string, { level: number; publicKey: Uint8Array; id: Uint8Array }> {
  const out = new Map<string, { level: number; publicKey: Uint8Array; id: Uint8Array }>();
  let at = t.keysOffset;
  for (let k = 0; k < t.keyCount; k++) {
    if (at + KEY_ENTRY_HEADER_BYTES > t.resultsOffset) throw qfsError("E_POOL_TASK_MALFORMED", "key entry");
    const len = t.dv.getUint16(at + 34, true);
    const pkAt = at + KEY_ENTRY_HEADER_BYTES;
    if (pkAt + len > t.resultsOffset) throw qfsError("E_POOL_TASK_MALFORMED", "key length");
    out.set(hexId(t.bytes, at), {
      id: t.bytes.subarray(at, at + KEY_ID_BYTES),
      level: t.dv.getUint8(at + 32),
      publicKey: t.bytes.subarray(pkAt, pkAt + len),
    });
    at = pkAt + len;
  }
  return out;
}
