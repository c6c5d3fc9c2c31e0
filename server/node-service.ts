// What the HTTP layer needs of a node (docs/service.md): the sequencer implements it; route tests may use a fake.
// Every shape here is the JSON the API sends, so it is also what clients (the CLI, the browser page) read:
// hashes and ids lower-case hex, blobs (packets, keys, signatures, audit entries) canonical padded base64,
// u64 values that may pass 2^53 (seq, nonce, amounts, times) decimal strings, sizes and indexes JSON integers.
import type { QfsError } from "../bindings/errors/index.js";

/** A checkpoint as in the replay log (docs/replay.md §3) plus the chain, its hash and the node's signature. */
export interface SignedCheckpointJson {
  chainId: number;
  seq: number;
  logicalTimeMs: number;
  treeSize: number;
  auditRoot: string;
  stateRoot: string;
  prevHash: string;
  /** checkpointHash: SHA3-256 of the 125-byte encoding, what the next checkpoint's prevHash names. */
  hash: string;
  /** ML-DSA-87, context QFS-V13/checkpoint, by the node key (GET /v1/state gives it). */
  signature: string;
}

/** A ledger event (bindings/ledger/events.ts) as JSON: bytes hex, bigints decimal strings, numbers as numbers;
 *  `auditIndex` is the leaf index of its event entry in the audit log. */
export interface EventJson {
  type: string;
  auditIndex: number;
  [field: string]: unknown;
}

export interface ReceiptJson {
  /** SHA3-256 of the packet's wire bytes. */
  txId: string;
  /** SHA3-256 of the signed body; 64 zeros when the packet did not decode. */
  bodyHash: string;
  /** "OK" or the outcome's catalogue name. */
  outcome: string;
  code: number;
  /** The batch's seq. */
  seq: string;
  /** Position of the packet in its batch. */
  index: number;
  /** State root after the batch (= checkpoint.stateRoot). */
  stateRoot: string;
  /** Leaf index of the packet's outcome entry (docs/audit-log.md §3: tx id + status). */
  auditIndex: number;
  /** The outcome entry's bytes, so a verifier can check that it names txId and code. */
  outcomeEntry: string;
  events: EventJson[];
  /** The checkpoint that closes the batch; signed as part of the round, so present in every receipt. */
  checkpoint: SignedCheckpointJson;
  /** RFC 9162 inclusion proof of auditIndex in the tree of checkpoint.treeSize (hex hashes). */
  inclusionProof: string[];
  /** True when this answer is for a packet already sequenced (a retry): the original receipt, applied once. */
  repeat: boolean;
}

/** A halt (SPEC §9): the ledger's own (a HALT op or an invariant) or the node's (a failed trusted-path check). */
export interface HaltJson {
  source: "ledger" | "node";
  /** The 80-byte halt record (docs/ledger.md "Halt record"), hex, and its SHA3-256 (what RESUME names). */
  record: string;
  hash: string;
  code: number;
  /** The record's message number; for a node halt the catalogue number of the failed check. */
  message: number;
  /** The catalogue name of `message` when it is one, else "". */
  reason: string;
  seq: string;
  stateRoot: string;
  auditHead: string;
  /** ML-DSA-87 by the node key over the 80 record bytes, context QFS-V13/halt. */
  signature: string;
}

export interface NodeStateJson {
  chainId: number;
  seq: string;
  timeMs: string;
  stateRoot: string;
  auditSize: number;
  halted: boolean;
  nodeKeyId: string;
  nodePublicKey: string;
  checkpoint: SignedCheckpointJson;
  halt: HaltJson | null;
}

/** An account's staking fields (the 232-byte record, docs/token-mechanics.md), u64/u128 as decimal strings: as of
 *  the account's last packet (settlement, α catch-up and the RES evaluation happen at its next op). */
export interface StakingJson {
  /** CHR staked, base units (held by the staking pool account). */
  stake: string;
  /** The reward accumulator value this stake's rewards count from (×10^18 per staked base unit). */
  rewardDebt: string;
  /** Settled PSY not yet claimed, base units. */
  pendingReward: string;
  /** α, 18 decimals (0: not started); the value at the start of epoch `alphaEpoch`. */
  alpha: string;
  alphaEpoch: string;
  /** 1 + epoch (0 = never) of the last packet, stake, unstake, penalty. */
  activeEpoch1: string;
  stakeEpoch1: string;
  unstakeEpoch1: string;
  resState: "NEUTRAL" | "RESONANT" | "PENALIZED";
  resPenaltyEpoch1: string;
}

/** The staking pool's totals (GET /v1/staking): the ledger's staking globals and the pool's account id. */
export interface StakingGlobalsJson {
  /** The pool's account id: its CHR balance is totalStaked (GET /v1/accounts/:pool proves it). */
  pool: string;
  totalStaked: string;
  acc: string;
  accPrev: string;
  carry: string;
  psyEmitted: string;
  psyForfeited: string;
  emissionEpoch0: string;
  /** The checkpoint these are read at (the latest committed batch). */
  seq: string;
}

export interface AccountJson {
  id: string;
  nonce: string;
  /** Base units per token name (CHR, FLX, PSY, ATR, RES). */
  balances: Record<string, string>;
  staking: StakingJson;
  /** Inclusion proof of the account in the state root of checkpoint `checkpointSeq` (the latest). */
  proof: { checkpointSeq: number; stateRoot: string; proof: unknown };
}

export interface AccountEventJson {
  auditIndex: number;
  seq: string;
  txId: string;
  event: EventJson;
}

export interface KeyJson {
  id: string;
  level: number;
  publicKey: string;
  owner: string;
  roles: string[];
  [field: string]: unknown;
}

export interface EntryJson {
  index: number;
  entry: string;
}

/** Pushed to GET /v1/events subscribers after every committed batch (and on a halt or resume). */
export type NodeEvent =
  | { type: "checkpoint"; checkpoint: SignedCheckpointJson }
  | { type: "tx"; txId: string; outcome: string; code: number; seq: string; index: number }
  | { type: "halt"; halt: HaltJson }
  | { type: "resume"; hash: string };

export interface NodeService {
  readonly chainId: number;
  /** Sequences one packet; resolves once its batch is durable with its receipt (any outcome code); rejects with
   *  a QfsError when it was not sequenced (queue full, rate limit, halted, store failure, closed). A packet already
   *  sequenced resolves at once with its original receipt, `repeat: true`. */
  submit(packet: Uint8Array): Promise<ReceiptJson>;
  state(): NodeStateJson;
  receipt(txId: Uint8Array): Promise<ReceiptJson | undefined>;
  account(id: Uint8Array): Promise<AccountJson | undefined>;
  /** The staking pool's totals as of the last committed batch. */
  stakingGlobals(): Promise<StakingGlobalsJson>;
  /** The account's events with auditIndex >= fromAuditIndex, oldest first, at most `limit`. */
  accountEvents(id: Uint8Array, fromAuditIndex: number, limit: number): Promise<AccountEventJson[]>;
  key(id: Uint8Array): Promise<KeyJson | undefined>;
  /** Entries [from, to): to <= auditSize (E_HTTP_RANGE otherwise). */
  entries(from: number, to: number): Promise<EntryJson[]>;
  /** Checkpoints with seq >= fromSeq, at most `limit`; seq 0 is the genesis checkpoint. */
  checkpoints(fromSeq: number, limit: number): Promise<SignedCheckpointJson[]>;
  /** RFC 9162 proofs over the served log (E_HTTP_RANGE for sizes the log does not have). */
  inclusionProof(index: number, treeSize: number): Promise<string[]>;
  consistencyProof(first: number, second: number): Promise<string[]>;
  /** The log as a replay log version 2 (docs/replay.md §3.2), one line at a time: the head line, then one line a
   *  batch from seq 1 on, no trailer. `qfs replay` and `qfs verify-log` read it. */
  logLines(): AsyncIterable<string>;
  subscribe(listener: (event: NodeEvent) => void): () => void;
}

export type { QfsError };
