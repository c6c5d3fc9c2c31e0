// The replay log, version 1 (docs/replay.md §3): a JSON document with hex hashes, base64 blobs
// and decimal-string bigints. `parseReplayLog` validates every field (ReplayFormatError otherwise)
// and returns typed values; `serializeReplayLog` writes the canonical form (fixed key order, two-space
// indentation, trailing newline). Pure: no Node APIs.
import type { Checkpoint } from "../audit/checkpoint.js";
import type { Genesis, GenesisKey } from "../ledger/types.js";
import { fromBase64, toBase64 } from "../sdk/base64.js";
import { ReplayFormatError } from "./errors.js";
import type { BatchHeaderV1 } from "./header.js";
import { fromHex, toHex } from "./hex.js";

export const REPLAY_LOG_FORMAT = "qfs-replay-log";
export const REPLAY_LOG_VERSION = 1;

export interface LoggedBatch {
  readonly header: BatchHeaderV1;
  readonly headerSignature: Uint8Array;
  readonly packets: readonly Uint8Array[];
  readonly checkpoint: Checkpoint;
  readonly checkpointSignature: Uint8Array;
}

export interface ReplayLog {
  readonly chainId: number;
  readonly nodePublicKey: Uint8Array; // ML-DSA-87, 2592 bytes
  readonly genesis: Genesis;
  readonly genesisCheckpoint: Checkpoint;
  readonly genesisCheckpointSignature: Uint8Array;
  readonly batches: readonly LoggedBatch[];
  // Free-form metadata (vectors): kept, never trusted by the replay.
  readonly meta?: { readonly name?: string; readonly description?: string; readonly expectedStateRoot?: string };
}

type Json = unknown;

function fail(path: string, why: string): never {
  throw new ReplayFormatError(path, why);
}

function obj(v: Json, path: string, keys: readonly string[], optional: readonly string[] = []): Record<string, Json> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) fail(path, "expected an object");
  const o = v as Record<string, Json>;
  for (const k of Object.keys(o)) if (!keys.includes(k) && !optional.includes(k)) fail(`${path}.${k}`, "unknown field");
  for (const k of keys) if (!(k in o)) fail(`${path}.${k}`, "missing");
  return o;
}

function arr(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) fail(path, "expected an array");
  return v;
}

function int(v: Json, path: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > max)
    fail(path, `expected an integer in [0, ${max}]`);
  return v;
}

function big(v: Json, path: string): bigint {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,38})$/.test(v)) fail(path, "expected a decimal string");
  const x = BigInt(v);
  if (x >> 128n !== 0n) fail(path, "above 2^128 - 1");
  return x;
}

function hex(v: Json, path: string, len: number): Uint8Array {
  const b = typeof v === "string" ? fromHex(v) : undefined;
  if (b === undefined || b.length !== len) fail(path, `expected ${len} bytes of lower-case hex`);
  return b;
}

function b64(v: Json, path: string): Uint8Array {
  if (typeof v !== "string") fail(path, "expected base64");
  try {
    return fromBase64(v);
  } catch {
    return fail(path, "expected canonical padded base64");
  }
}

function str(v: Json, path: string): string {
  if (typeof v !== "string") fail(path, "expected a string");
  return v;
}

function parseCheckpoint(v: Json, path: string, chainId: number): Checkpoint {
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

function parseGenesis(v: Json, path: string, chainId: number): Genesis {
  const opt = ["timestampWindowMs", "councilThreshold", "epochLengthMs", "allocations"];
  const o = obj(v, path, ["timeMs", "accountSlots", "keySlots", "keys"], opt);
  const g: Genesis = {
    chainId,
    timeMs: big(o.timeMs, `${path}.timeMs`),
    accountSlots: int(o.accountSlots, `${path}.accountSlots`, 1 << 21),
    keySlots: int(o.keySlots, `${path}.keySlots`, 1 << 18),
    keys: arr(o.keys, `${path}.keys`).map((k, i): GenesisKey => {
      const p = `${path}.keys[${i}]`;
      const ko = obj(k, p, ["publicKey", "roles"], ["owner", "maxAgeEpochs"]);
      const key: GenesisKey = {
        publicKey: b64(ko.publicKey, `${p}.publicKey`),
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
    g.allocations = arr(o.allocations, `${path}.allocations`).map((a, i) => {
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

// Accepts the JSON text, its UTF-8 bytes, or the already-parsed value.
export function parseReplayLog(input: string | Uint8Array | Json): ReplayLog {
  let v: Json = input;
  if (input instanceof Uint8Array) {
    try {
      v = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      fail("$", "not UTF-8");
    }
  }
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch (e) {
      fail("$", `not JSON (${(e as Error).message})`);
    }
  }
  const meta = ["name", "description", "expectedStateRoot"];
  const keys = ["format", "version", "chainId", "nodePublicKey", "genesis", "genesisCheckpoint", "batches"];
  const o = obj(v, "$", keys, meta);
  if (o.format !== REPLAY_LOG_FORMAT) fail("$.format", `expected "${REPLAY_LOG_FORMAT}"`);
  if (o.version !== REPLAY_LOG_VERSION) fail("$.version", `unsupported version (this reader: ${REPLAY_LOG_VERSION})`);
  const chainId = int(o.chainId, "$.chainId", 0xffffffff);
  const gc = obj(o.genesisCheckpoint, "$.genesisCheckpoint", ["checkpoint", "signature"]);
  const log: ReplayLog = {
    chainId,
    nodePublicKey: b64(o.nodePublicKey, "$.nodePublicKey"),
    genesis: parseGenesis(o.genesis, "$.genesis", chainId),
    genesisCheckpoint: parseCheckpoint(gc.checkpoint, "$.genesisCheckpoint.checkpoint", chainId),
    genesisCheckpointSignature: b64(gc.signature, "$.genesisCheckpoint.signature"),
    batches: arr(o.batches, "$.batches").map((b, i): LoggedBatch => {
      const p = `$.batches[${i}]`;
      const bo = obj(b, p, ["header", "headerSignature", "packets", "checkpoint", "checkpointSignature"]);
      return {
        header: parseHeader(bo.header, `${p}.header`, chainId),
        headerSignature: b64(bo.headerSignature, `${p}.headerSignature`),
        packets: arr(bo.packets, `${p}.packets`).map((x, j) => b64(x, `${p}.packets[${j}]`)),
        checkpoint: parseCheckpoint(bo.checkpoint, `${p}.checkpoint`, chainId),
        checkpointSignature: b64(bo.checkpointSignature, `${p}.checkpointSignature`),
      };
    }),
  };
  const m: { name?: string; description?: string; expectedStateRoot?: string } = {};
  if (o.name !== undefined) m.name = str(o.name, "$.name");
  if (o.description !== undefined) m.description = str(o.description, "$.description");
  if (o.expectedStateRoot !== undefined)
    m.expectedStateRoot = toHex(hex(o.expectedStateRoot, "$.expectedStateRoot", 32));
  return Object.keys(m).length > 0 ? { ...log, meta: m } : log;
}

function checkpointJson(cp: Checkpoint): Record<string, Json> {
  return {
    seq: cp.seq,
    logicalTimeMs: cp.logicalTimeMs,
    treeSize: cp.treeSize,
    auditRoot: toHex(cp.auditRoot),
    stateRoot: toHex(cp.stateRoot),
    prevHash: toHex(cp.prevHash),
  };
}

// The canonical JSON value of a log (fixed key order); metadata first when present.
export function replayLogToJson(log: ReplayLog): Record<string, Json> {
  const g = log.genesis;
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
  const out: Record<string, Json> = {};
  if (log.meta?.name !== undefined) out.name = log.meta.name;
  if (log.meta?.description !== undefined) out.description = log.meta.description;
  if (log.meta?.expectedStateRoot !== undefined) out.expectedStateRoot = log.meta.expectedStateRoot;
  Object.assign(out, {
    format: REPLAY_LOG_FORMAT,
    version: REPLAY_LOG_VERSION,
    chainId: log.chainId,
    nodePublicKey: toBase64(log.nodePublicKey),
    genesis,
    genesisCheckpoint: {
      checkpoint: checkpointJson(log.genesisCheckpoint),
      signature: toBase64(log.genesisCheckpointSignature),
    },
    batches: log.batches.map((b) => ({
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
    })),
  });
  return out;
}

export function serializeReplayLog(log: ReplayLog): string {
  return JSON.stringify(replayLogToJson(log), null, 2) + "\n";
}
