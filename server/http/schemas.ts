// JSON schemas of the shapes the API sends (server/node-service.ts), shared by the route plugins: Fastify uses
// them to serialize answers (a field not in the schema is not sent) and @fastify/swagger to write /docs/json.
// Hashes and ids are lower-case hex, blobs canonical base64, u64 values decimal strings (node-service.ts).
import { MAX_PACKET_BYTES } from "../../bindings/packet/types.js";
import { HTTP_PARAM_CHARS_MAX } from "../config.js";

export const hex32 = { type: "string", pattern: "^[0-9a-f]{64}$" } as const;
export const decimal = { type: "string", pattern: "^[0-9]+$" } as const;
export const base64 = { type: "string", pattern: "^[A-Za-z0-9+/]*={0,2}$" } as const;
export const safeIndex = { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/** Base64 characters of the largest packet (MAX_PACKET_BYTES), padding included. */
export const PACKET_BASE64_CHARS_MAX = Math.ceil(MAX_PACKET_BYTES / 3) * 4;
export const packetBase64 = { ...base64, minLength: 1, maxLength: PACKET_BASE64_CHARS_MAX } as const;

/** A 32-byte id in a path: 64 hex digits, either case. */
export const idParams = {
  type: "object",
  required: ["id"],
  additionalProperties: false,
  properties: { id: { type: "string", pattern: "^[0-9a-fA-F]{64}$", maxLength: HTTP_PARAM_CHARS_MAX } },
} as const;

export const signedCheckpointSchema = {
  type: "object",
  required: ["chainId", "seq", "logicalTimeMs", "treeSize", "auditRoot", "stateRoot", "prevHash", "hash", "signature"],
  properties: {
    chainId: { type: "integer" },
    seq: { type: "integer" },
    logicalTimeMs: { type: "integer" },
    treeSize: { type: "integer" },
    auditRoot: hex32,
    stateRoot: hex32,
    prevHash: hex32,
    hash: hex32,
    signature: { type: "string", description: "ML-DSA-87, context QFS-V13/checkpoint, base64" },
  },
} as const;

/** A ledger event: its type and audit index, then the event's own fields (bytes hex, u64/u128 decimal). */
export const eventSchema = {
  type: "object",
  required: ["type", "auditIndex"],
  additionalProperties: true,
  properties: { type: { type: "string" }, auditIndex: { type: "integer" } },
} as const;

export const receiptSchema = {
  type: "object",
  required: [
    "txId",
    "bodyHash",
    "outcome",
    "code",
    "seq",
    "index",
    "stateRoot",
    "auditIndex",
    "outcomeEntry",
    "events",
    "checkpoint",
    "inclusionProof",
    "repeat",
  ],
  properties: {
    txId: hex32,
    bodyHash: hex32,
    outcome: { type: "string" },
    code: { type: "integer" },
    seq: decimal,
    index: { type: "integer" },
    stateRoot: hex32,
    auditIndex: { type: "integer" },
    outcomeEntry: { type: "string", description: "the outcome entry's bytes, base64" },
    events: { type: "array", items: eventSchema },
    checkpoint: signedCheckpointSchema,
    inclusionProof: { type: "array", items: hex32 },
    repeat: { type: "boolean" },
  },
} as const;

export const haltSchema = {
  type: "object",
  required: ["source", "record", "hash", "code", "message", "reason", "seq", "stateRoot", "auditHead", "signature"],
  properties: {
    source: { type: "string", enum: ["ledger", "node"] },
    record: { type: "string", description: "the 80-byte halt record, hex" },
    hash: hex32,
    code: { type: "integer" },
    message: { type: "integer" },
    reason: { type: "string" },
    seq: decimal,
    stateRoot: hex32,
    auditHead: hex32,
    signature: { type: "string", description: "ML-DSA-87, context QFS-V13/halt, base64" },
  },
} as const;

/** Every 4xx/5xx body: { error, code, message } and, where they apply, the packet's receipt (a sequenced packet
 *  that did not apply) or the halt record (E_HALTED). */
export const errorBodySchema = {
  type: "object",
  required: ["error", "code", "message"],
  properties: {
    error: { type: "string" },
    code: { type: "integer" },
    message: { type: "string" },
    receipt: receiptSchema,
    halt: haltSchema,
  },
} as const;

/** The error answers every route may give: a bad request (4xx) or a node that cannot answer (5xx). */
export const errorResponses = { "4xx": errorBodySchema, "5xx": errorBodySchema } as const;

export const nodeStateSchema = {
  type: "object",
  required: [
    "chainId",
    "seq",
    "timeMs",
    "stateRoot",
    "auditSize",
    "halted",
    "nodeKeyId",
    "nodePublicKey",
    "checkpoint",
    "halt",
  ],
  properties: {
    chainId: { type: "integer" },
    seq: decimal,
    timeMs: decimal,
    stateRoot: hex32,
    auditSize: { type: "integer" },
    halted: { type: "boolean" },
    nodeKeyId: hex32,
    nodePublicKey: { type: "string", description: "ML-DSA-87 public key, base64" },
    checkpoint: signedCheckpointSchema,
    halt: { anyOf: [haltSchema, { type: "null" }] },
  },
} as const;

/** An account's staking fields (server/node-service.ts StakingJson): every field of the record, so a reader can
 *  rebuild the state-tree leaf (bindings/sdk/account-proof.ts). */
export const stakingSchema = {
  type: "object",
  required: [
    "stake",
    "rewardDebt",
    "pendingReward",
    "alpha",
    "alphaEpoch",
    "activeEpoch1",
    "stakeEpoch1",
    "unstakeEpoch1",
    "resState",
    "resPenaltyEpoch1",
  ],
  properties: {
    stake: { ...decimal, description: "CHR staked, base units (held by the staking pool account)" },
    rewardDebt: { ...decimal, description: "reward accumulator value the stake counts from (×10^18 per unit)" },
    pendingReward: { ...decimal, description: "settled PSY not yet claimed, base units" },
    alpha: { ...decimal, description: "α, 18 decimals (0: not started), at the start of epoch alphaEpoch" },
    alphaEpoch: decimal,
    activeEpoch1: { ...decimal, description: "1 + the last epoch the account acted in (0: never)" },
    stakeEpoch1: { ...decimal, description: "1 + the epoch of the last stake (0: never)" },
    unstakeEpoch1: { ...decimal, description: "1 + the epoch of the last unstake (0: never)" },
    resState: { type: "string", enum: ["NEUTRAL", "RESONANT", "PENALIZED"] },
    resPenaltyEpoch1: { ...decimal, description: "1 + the epoch of the last penalty (0: never)" },
  },
} as const;

export const stakingGlobalsSchema = {
  type: "object",
  required: ["pool", "totalStaked", "acc", "accPrev", "carry", "psyEmitted", "psyForfeited", "emissionEpoch0", "seq"],
  properties: {
    pool: { ...hex32, description: "the staking pool's account id; its CHR balance is totalStaked" },
    totalStaked: decimal,
    acc: { ...decimal, description: "reward accumulator A (PSY per staked base unit ×10^18)" },
    accPrev: { ...decimal, description: "A before the current epoch's bump" },
    carry: { ...decimal, description: "PSY assigned to the pool not yet distributed (remainders, forfeits)" },
    psyEmitted: decimal,
    psyForfeited: decimal,
    emissionEpoch0: decimal,
    seq: decimal,
  },
} as const;

export const accountSchema = {
  type: "object",
  required: ["id", "nonce", "balances", "staking", "proof"],
  properties: {
    id: hex32,
    nonce: decimal,
    balances: { type: "object", additionalProperties: decimal, description: "base units per token name" },
    staking: stakingSchema,
    proof: {
      type: "object",
      required: ["checkpointSeq", "stateRoot", "proof"],
      properties: {
        checkpointSeq: { type: "integer" },
        stateRoot: hex32,
        proof: { description: "the account's state-tree proof (bindings/state), bytes hex" },
      },
    },
  },
} as const;

export const accountEventSchema = {
  type: "object",
  required: ["auditIndex", "seq", "txId", "event"],
  properties: { auditIndex: { type: "integer" }, seq: decimal, txId: hex32, event: eventSchema },
} as const;

export const keySchema = {
  type: "object",
  required: ["id", "level", "publicKey", "owner", "roles"],
  additionalProperties: true,
  properties: {
    id: hex32,
    level: { type: "integer" },
    publicKey: { type: "string", description: "ML-DSA public key, base64" },
    owner: hex32,
    roles: { type: "array", items: { type: "string" } },
  },
} as const;

export const entrySchema = {
  type: "object",
  required: ["index", "entry"],
  properties: { index: { type: "integer" }, entry: { type: "string", description: "the entry's bytes, base64" } },
} as const;
