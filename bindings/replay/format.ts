// The replay log, version 1 (docs/replay.md §3): a JSON document with hex hashes, base64 blobs
// and decimal-string bigints. `parseReplayLog` checks the size caps (QfsError E_INPUT_TOO_LARGE), validates
// every field (QfsError E_REPLAY_LOG_MALFORMED otherwise) and returns typed values; `serializeReplayLog` writes
// the canonical form (fixed key order, two-space indentation, trailing newline). Version 2 (JSON
// Lines, streamed) is format-v2.ts. Pure: no Node APIs.
import type { Checkpoint } from "../audit/checkpoint.js";
import type { Genesis } from "../ledger/types.js";
import { toBase64 } from "../sdk/base64.js";
import { inputTooLarge } from "./errors.js";
import {
  arr,
  b64,
  batchJson,
  checkpointJson,
  fail,
  genesisJson,
  hex,
  int,
  obj,
  parseBatch,
  parseCheckpoint,
  parseGenesis,
  str,
  type Json,
} from "./fields.js";
import type { BatchHeaderV1 } from "./header.js";
import { toHex } from "../bytes.js";
import { REPLAY_LOG_V1_BYTES_MAX, REPLAY_PUBLIC_KEY_BYTES_MAX, REPLAY_SIGNATURE_BYTES_MAX } from "./limits.js";

export const REPLAY_LOG_FORMAT = "qfs-replay-log";
export const REPLAY_LOG_VERSION = 1;

export interface LoggedBatch {
  readonly header: BatchHeaderV1;
  readonly headerSignature: Uint8Array;
  readonly packets: readonly Uint8Array[];
  readonly checkpoint: Checkpoint;
  readonly checkpointSignature: Uint8Array;
}

// Free-form metadata (vectors): kept, never trusted by the replay.
export interface ReplayLogMeta {
  readonly name?: string;
  readonly description?: string;
  readonly expectedStateRoot?: string;
}

// Everything of a log but its batches: what a streamed (version 2) log's first line carries.
export interface ReplayLogHead {
  readonly chainId: number;
  readonly nodePublicKey: Uint8Array; // ML-DSA-87, 2592 bytes
  readonly genesis: Genesis;
  readonly genesisCheckpoint: Checkpoint;
  readonly genesisCheckpointSignature: Uint8Array;
  readonly meta?: ReplayLogMeta;
}

export interface ReplayLog extends ReplayLogHead {
  readonly batches: readonly LoggedBatch[];
}

const META_KEYS = ["name", "description", "expectedStateRoot"];

export function parseMeta(o: Record<string, Json>, path: string): ReplayLogMeta | undefined {
  const m: { name?: string; description?: string; expectedStateRoot?: string } = {};
  if (o.name !== undefined) m.name = str(o.name, `${path}.name`);
  if (o.description !== undefined) m.description = str(o.description, `${path}.description`);
  if (o.expectedStateRoot !== undefined)
    m.expectedStateRoot = toHex(hex(o.expectedStateRoot, `${path}.expectedStateRoot`, 32));
  return Object.keys(m).length > 0 ? m : undefined;
}

// The fields common to both versions' heads (chain, node key, genesis and its checkpoint).
export function parseHeadFields(o: Record<string, Json>): Omit<ReplayLogHead, "meta"> {
  const chainId = int(o.chainId, "$.chainId", 0xffffffff);
  const gc = obj(o.genesisCheckpoint, "$.genesisCheckpoint", ["checkpoint", "signature"]);
  return {
    chainId,
    nodePublicKey: b64(o.nodePublicKey, "$.nodePublicKey", REPLAY_PUBLIC_KEY_BYTES_MAX),
    genesis: parseGenesis(o.genesis, "$.genesis", chainId),
    genesisCheckpoint: parseCheckpoint(gc.checkpoint, "$.genesisCheckpoint.checkpoint", chainId),
    genesisCheckpointSignature: b64(gc.signature, "$.genesisCheckpoint.signature", REPLAY_SIGNATURE_BYTES_MAX),
  };
}

export function headJson(log: ReplayLogHead): Record<string, Json> {
  return {
    chainId: log.chainId,
    nodePublicKey: toBase64(log.nodePublicKey),
    genesis: genesisJson(log.genesis),
    genesisCheckpoint: {
      checkpoint: checkpointJson(log.genesisCheckpoint),
      signature: toBase64(log.genesisCheckpointSignature),
    },
  };
}

// UTF-8 bytes or text → the JSON value, with the byte cap checked first.
export function decodeJsonText(input: string | Uint8Array, maxBytes: number, path: string): Json {
  let text: string;
  if (input instanceof Uint8Array) {
    if (input.length > maxBytes) throw inputTooLarge(path, maxBytes);
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return fail(path, "not UTF-8");
    }
  } else {
    // Each UTF-16 unit is at least one UTF-8 byte: a longer string is surely above the cap.
    if (input.length > maxBytes) throw inputTooLarge(path, maxBytes);
    text = input;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(path, `not JSON (${(e as Error).message})`);
  }
}

// Accepts the JSON text, its UTF-8 bytes, or the already-parsed value.
export function parseReplayLog(input: string | Uint8Array | Json): ReplayLog {
  const v: Json =
    typeof input === "string" || input instanceof Uint8Array
      ? decodeJsonText(input, REPLAY_LOG_V1_BYTES_MAX, "$")
      : input;
  const keys = ["format", "version", "chainId", "nodePublicKey", "genesis", "genesisCheckpoint", "batches"];
  const o = obj(v, "$", keys, META_KEYS);
  if (o.format !== REPLAY_LOG_FORMAT) fail("$.format", `expected "${REPLAY_LOG_FORMAT}"`);
  if (o.version !== REPLAY_LOG_VERSION)
    fail(
      "$.version",
      `unsupported version in a JSON document (this reader: ${REPLAY_LOG_VERSION}; version 2 is JSON Lines)`,
    );
  const head = parseHeadFields(o);
  // The document's byte cap bounds the batch count; each batch's fields are capped in parseBatch.
  const batches = arr(o.batches, "$.batches", Number.MAX_SAFE_INTEGER).map((b, i) =>
    parseBatch(b, `$.batches[${i}]`, head.chainId),
  );
  const meta = parseMeta(o, "$");
  const log: ReplayLog = { ...head, batches };
  return meta !== undefined ? { ...log, meta } : log;
}

// The canonical JSON value of a log (fixed key order); metadata first when present.
export function replayLogToJson(log: ReplayLog): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (log.meta?.name !== undefined) out.name = log.meta.name;
  if (log.meta?.description !== undefined) out.description = log.meta.description;
  if (log.meta?.expectedStateRoot !== undefined) out.expectedStateRoot = log.meta.expectedStateRoot;
  Object.assign(out, {
    format: REPLAY_LOG_FORMAT,
    version: REPLAY_LOG_VERSION,
    ...headJson(log),
    batches: log.batches.map(batchJson),
  });
  return out;
}

export function serializeReplayLog(log: ReplayLog): string {
  return JSON.stringify(replayLogToJson(log), null, 2) + "\n";
}
