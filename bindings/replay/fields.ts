// The JSON fields of a replay log, shared by version 1 (one document, format.ts) and version 2
// (JSON Lines, format-v2.ts): readers that validate every field (QfsError E_REPLAY_LOG_MALFORMED naming its JSON
// path) and check each cap before decoding (QfsError E_INPUT_TOO_LARGE), and the canonical writers.
import type { Checkpoint } from "../audit/checkpoint.js";
import type { Genesis, GenesisKey } from "../ledger/types.js";
import { fromBase64, toBase64 } from "../sdk/base64.js";
import { inputTooLarge, replayLogMalformed } from "./errors.js";
import type { LoggedBatch } from "./format.js";
import type { BatchHeaderV1 } from "./header.js";
import { fromHex, toHex } from "../bytes.js";
import { MAX_ACC_SLOTS, MAX_KEY_SLOTS } from "../ledger/layout.generated.js";
import {
  REPLAY_BATCH_PACKETS_MAX,
  REPLAY_GENESIS_ALLOCATIONS_MAX,
  REPLAY_GENESIS_KEYS_MAX,
  REPLAY_PACKET_BYTES_MAX,
  REPLAY_PUBLIC_KEY_BYTES_MAX,
  REPLAY_SIGNATURE_BYTES_MAX,
  REPLAY_TEXT_CHARS_MAX,
} from "./limits.js";

export type Json = unknown;

export function fail(path: string, why: string): never {
  throw replayLogMalformed(path, why);
}

export function obj(
  v: Json,
  path: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Record<string, Json> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "expected an object");
  const o = v as Record<string, Json>;
  for (const k of Object.keys(o)) if (!keys.includes(k) && !optional.includes(k)) fail(`${path}.${k}`, "unknown field");
  for (const k of keys) if (!(k in o)) fail(`${path}.${k}`, "missing");
  return o;
}

// An array of at most `max` items (the cap is checked before any item is read).
export function arr(v: Json, path: string, max: number): Json[] {
  if (!Array.isArray(v)) fail(path, "expected an array");
  if (v.length > max) throw inputTooLarge(path, max, "items");
  return v;
}

export function int(v: Json, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > max)
    fail(path, `expected an integer in [0, ${max}]`);
  return v;
}

export function big(v: Json, path: string): bigint {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,38})$/.test(v)) fail(path, "expected a decimal string");
  const x = BigInt(v);
  if (x >> 128n !== 0n) fail(path, "above 2^128 - 1");
  return x;
}

export function hex(v: Json, path: string, len: number): Uint8Array {
  const b = typeof v === "string" && v.length === 2 * len ? fromHex(v) : undefined;
  if (b === undefined || b.length !== len) fail(path, `expected ${len} bytes of lower-case hex`);
  return b;
}

// Canonical padded base64 of at most `maxBytes` bytes: the text's length is checked first.
export function b64(v: Json, path: string, maxBytes: number): Uint8Array {
  if (typeof v !== "string") fail(path, "expected base64");
  // Padded base64 of n bytes is 4·⌈n/3⌉ characters (integer arithmetic: no float in the core).
  if (v.length > 4 * ((maxBytes + 2 - ((maxBytes + 2) % 3)) / 3)) throw inputTooLarge(path, maxBytes);
  try {
    return fromBase64(v);
  } catch {
    return fail(path, "expected canonical padded base64");
  }
}

export function str(v: Json, path: string): string {
  if (typeof v !== "string") fail(path, "expected a string");
  if (v.length > REPLAY_TEXT_CHARS_MAX) throw inputTooLarge(path, REPLAY_TEXT_CHARS_MAX, "characters");
  return v;
}

export function parseCheckpoint(v: Json, path: string, chainId: number): Checkpoint {
  const o = obj(v, path, ["seq", "logicalTimeMs", "treeSize", "auditRoot", "stateRoot", "prevHash"]);
  return {
    version: 1,
    chainId,
    seq: int(o.seq, `${path}.seq`),
    logicalTimeMs: int(o.logicalTimeMs, `${path}.logicalTimeMs`),
    treeSize: int(o.treeSize, `${path}.treeSize`),
    auditRoot: hex(o.auditRoot, `${path}.auditRoot`, 32),
    stateRoot: hex(o.stateRoot, `${path}.stateRoot`, 32),
    prevHash: hex(o.prevHash, `${path}.prevHash`, 32),
  };
}

export function parseGenesis(v: Json, path: string, chainId: number): Genesis {
  const opt = ["timestampWindowMs", "councilThreshold", "epochLengthMs", "allocations"];
  const o = obj(v, path, ["timeMs", "accountSlots", "keySlots", "keys"], opt);
  const g: Genesis = {
    chainId,
    timeMs: big(o.timeMs, `${path}.timeMs`),
    accountSlots: int(o.accountSlots, `${path}.accountSlots`, MAX_ACC_SLOTS),
    keySlots: int(o.keySlots, `${path}.keySlots`, MAX_KEY_SLOTS),
    keys: arr(o.keys, `${path}.keys`, REPLAY_GENESIS_KEYS_MAX).map((k, i): GenesisKey => {
      const p = `${path}.keys[${i}]`;
      const ko = obj(k, p, ["publicKey", "roles"], ["owner", "maxAgeEpochs"]);
      const key: GenesisKey = {
        publicKey: b64(ko.publicKey, `${p}.publicKey`, REPLAY_PUBLIC_KEY_BYTES_MAX),
        roles: int(ko.roles, `${p}.roles`, 0xffffffff),
      };
      if (ko.owner !== undefined) key.owner = hex(ko.owner, `${p}.owner`, 32);
      if (ko.maxAgeEpochs !== undefined) key.maxAgeEpochs = int(ko.maxAgeEpochs, `${p}.maxAgeEpochs`, 0xffffffff);
      return key;
    }),
  };
  if (o.timestampWindowMs !== undefined) g.timestampWindowMs = big(o.timestampWindowMs, `${path}.timestampWindowMs`);
  if (o.councilThreshold !== undefined) g.councilThreshold = big(o.councilThreshold, `${path}.councilThreshold`);
  if (o.epochLengthMs !== undefined) g.epochLengthMs = big(o.epochLengthMs, `${path}.epochLengthMs`);
  if (o.allocations !== undefined)
    g.allocations = arr(o.allocations, `${path}.allocations`, REPLAY_GENESIS_ALLOCATIONS_MAX).map((a, i) => {
      const p = `${path}.allocations[${i}]`;
      const ao = obj(a, p, ["account", "token", "amount"]);
      return {
        account: hex(ao.account, `${p}.account`, 32),
        token: int(ao.token, `${p}.token`, 255),
        amount: big(ao.amount, `${p}.amount`),
      };
    });
  return g;
}

function parseHeader(v: Json, path: string, chainId: number): BatchHeaderV1 {
  const o = obj(v, path, ["seq", "timeMs", "prevCheckpointHash", "packetCount", "batchRoot", "checkpointHash"]);
  return {
    chainId,
    seq: int(o.seq, `${path}.seq`),
    timeMs: int(o.timeMs, `${path}.timeMs`),
    prevCheckpointHash: hex(o.prevCheckpointHash, `${path}.prevCheckpointHash`, 32),
    packetCount: int(o.packetCount, `${path}.packetCount`, 0xffffffff),
    batchRoot: hex(o.batchRoot, `${path}.batchRoot`, 32),
    checkpointHash: hex(o.checkpointHash, `${path}.checkpointHash`, 32),
  };
}

export function parseBatch(v: Json, p: string, chainId: number): LoggedBatch {
  const bo = obj(v, p, ["header", "headerSignature", "packets", "checkpoint", "checkpointSignature"]);
  return {
    header: parseHeader(bo.header, `${p}.header`, chainId),
    headerSignature: b64(bo.headerSignature, `${p}.headerSignature`, REPLAY_SIGNATURE_BYTES_MAX),
    packets: arr(bo.packets, `${p}.packets`, REPLAY_BATCH_PACKETS_MAX).map((x, j) =>
      b64(x, `${p}.packets[${j}]`, REPLAY_PACKET_BYTES_MAX),
    ),
    checkpoint: parseCheckpoint(bo.checkpoint, `${p}.checkpoint`, chainId),
    checkpointSignature: b64(bo.checkpointSignature, `${p}.checkpointSignature`, REPLAY_SIGNATURE_BYTES_MAX),
  };
}

export function checkpointJson(cp: Checkpoint): Record<string, Json> {
  return {
    seq: cp.seq,
    logicalTimeMs: cp.logicalTimeMs,
    treeSize: cp.treeSize,
    auditRoot: toHex(cp.auditRoot),
    stateRoot: toHex(cp.stateRoot),
    prevHash: toHex(cp.prevHash),
  };
}

export function genesisJson(g: Genesis): Record<string, Json> {
  const genesis: Record<string, Json> = {
    timeMs: g.timeMs.toString(),
    accountSlots: g.accountSlots ?? 4096,
    keySlots: g.keySlots ?? 256,
  };
  if (g.timestampWindowMs !== undefined) genesis.timestampWindowMs = g.timestampWindowMs.toString();
  if (g.councilThreshold !== undefined) genesis.councilThreshold = g.councilThreshold.toString();
  if (g.epochLengthMs !== undefined) genesis.epochLengthMs = g.epochLengthMs.toString();
  genesis.keys = g.keys.map((k) => {
    const o: Record<string, Json> = { publicKey: toBase64(k.publicKey), roles: k.roles };
    if (k.owner !== undefined) o.owner = toHex(k.owner);
    if (k.maxAgeEpochs !== undefined) o.maxAgeEpochs = k.maxAgeEpochs;
    return o;
  });
  if (g.allocations !== undefined)
    genesis.allocations = g.allocations.map((a) => ({
      account: toHex(a.account),
      token: a.token,
      amount: a.amount.toString(),
    }));
  return genesis;
}

export function batchJson(b: LoggedBatch): Record<string, Json> {
  return {
    header: {
      seq: b.header.seq,
      timeMs: b.header.timeMs,
      prevCheckpointHash: toHex(b.header.prevCheckpointHash),
      packetCount: b.header.packetCount,
      batchRoot: toHex(b.header.batchRoot),
      checkpointHash: toHex(b.header.checkpointHash),
    },
    headerSignature: toBase64(b.headerSignature),
    packets: b.packets.map(toBase64),
    checkpoint: checkpointJson(b.checkpoint),
    checkpointSignature: toBase64(b.checkpointSignature),
  };
}
