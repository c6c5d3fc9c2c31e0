// The sequencer's signed batch header (docs/replay.md §2): seq, logical time, previous checkpoint
// hash, the RFC 9162 root over the batch's packet ids and the hash of the checkpoint the batch
// produced, signed by the node's ML-DSA-87 key with context `QFS-V13/checkpoint`. It is the
// PQC-signed timestamp of SPEC §5: the ledger reads time only from it.
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { CHECKPOINT_CONTEXT } from "../audit/checkpoint.js";
import { qfsError } from "../errors/index.js";
import { emptyRoot, leafHash, nodeHash } from "../audit/hashes.js";
import { mldsaVerify } from "../mldsa.js";
import { packetId } from "../packet/ids.js";
import { putU64 } from "../bytes.js";

export const BATCH_HEADER_VERSION = 1;
export const BATCH_HEADER_LEN = 129;
// "QFSB": a header can never be read as a checkpoint (125 bytes, first byte 0x01) or vice versa.
export const BATCH_HEADER_MAGIC = Uint8Array.of(0x51, 0x46, 0x53, 0x42);

export interface BatchHeaderV1 {
  readonly chainId: number; // u32
  readonly seq: number; // u64 on the wire, < 2^53 here
  readonly timeMs: number; // u64 on the wire, < 2^53 here
  readonly prevCheckpointHash: Uint8Array; // 32
  readonly packetCount: number; // u32
  readonly batchRoot: Uint8Array; // 32: MTH over the packet ids, in batch order
  readonly checkpointHash: Uint8Array; // 32: checkpointHash of the checkpoint that closes the batch
}

function putU32(out: Uint8Array, o: number, v: number): void {
  for (let i = 0; i < 4; i++) out[o + i] = (v >>> (8 * i)) & 0xff;
}

function isU(v: unknown, max: number): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= max;
}

function is32(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array && b.length === 32;
}

// Layout (129 bytes, little-endian): magic "QFSB" | u8 version = 1 | u32 chain id | u64 seq
// | u64 time ms | [32] previous checkpoint hash | u32 packet count | [32] batch root
// | [32] checkpoint hash | u32 reserved = 0.
export function encodeBatchHeader(h: BatchHeaderV1): Uint8Array {
  if (!isU(h.chainId, 0xffffffff) || !isU(h.packetCount, 0xffffffff))
    throw qfsError("E_BATCH_HEADER_RANGE", "chain id and packet count are u32");
  if (!isU(h.seq, Number.MAX_SAFE_INTEGER) || !isU(h.timeMs, Number.MAX_SAFE_INTEGER))
    throw qfsError("E_BATCH_HEADER_RANGE", "seq and time are integers in [0, 2^53)");
  if (!is32(h.prevCheckpointHash) || !is32(h.batchRoot) || !is32(h.checkpointHash))
    throw qfsError("E_BATCH_HEADER_RANGE", "hashes are 32 bytes");
  const out = new Uint8Array(BATCH_HEADER_LEN);
  out.set(BATCH_HEADER_MAGIC, 0);
  out[4] = BATCH_HEADER_VERSION;
  putU32(out, 5, h.chainId);
  putU64(out, 9, h.seq);
  putU64(out, 17, h.timeMs);
  out.set(h.prevCheckpointHash, 25);
  putU32(out, 57, h.packetCount);
  out.set(h.batchRoot, 61);
  out.set(h.checkpointHash, 93);
  putU32(out, 125, 0);
  return out;
}

// RFC 9162 MTH over the packet ids (each id is one entry: leaf = SHA3-256(0x00 || id)).
export function batchRoot(packets: readonly Uint8Array[]): Uint8Array {
  if (packets.length === 0) return emptyRoot();
  const mth = (leaves: Uint8Array[]): Uint8Array => {
    if (leaves.length === 1) return leaves[0]!;
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
  };
  return mth(packets.map((p) => leafHash(packetId(p))));
}

// Node side (the secret key never enters WASM): deterministic ML-DSA-87 signature.
export function signBatchHeader(h: BatchHeaderV1, nodeSecretKey: Uint8Array): Uint8Array {
  return ml_dsa87.sign(encodeBatchHeader(h), nodeSecretKey, { context: CHECKPOINT_CONTEXT, extraEntropy: false });
}

// Verified by the core's ML-DSA (mldsaVerify, WASM). Never throws.
export function verifyBatchHeader(h: BatchHeaderV1, signature: Uint8Array, nodePublicKey: Uint8Array): boolean {
  let msg: Uint8Array;
  try {
    msg = encodeBatchHeader(h);
  } catch {
    return false;
  }
  return mldsaVerify(87, nodePublicKey, msg, signature, CHECKPOINT_CONTEXT);
}
