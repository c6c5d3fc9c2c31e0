// Node side of the replay log: a minimal sequencer that applies batches of DRV packets to a
// ledger, appends their audit entries, closes each batch with a checkpoint and signs the header
// and checkpoint with the node's ML-DSA-87 secret key (noble; the key never enters WASM). The
// vector generator uses it; the server's sequencer writes the same log. One per core instance:
// it owns the core's ledger and its WASM audit tree.
import { checkpointHash, GENESIS_PREV_HASH, signCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { wasmAuditTree } from "../audit/wasm-tree.js";
import { Ledger, type BatchResult } from "../ledger/ledger.js";
import type { Genesis } from "../ledger/types.js";
import { batchAuditEntries, genesisAuditEntries } from "./entries.js";
import type { LoggedBatch, ReplayLog } from "./format.js";
import { batchRoot, signBatchHeader, type BatchHeaderV1 } from "./header.js";

export interface SequencerOptions {
  readonly genesis: Genesis;
  readonly nodeSecretKey: Uint8Array;
  readonly nodePublicKey: Uint8Array;
}

export interface SequencedBatch extends BatchResult {
  readonly checkpoint: Checkpoint;
  readonly header: BatchHeaderV1;
}

export class ReplaySequencer {
  readonly ledger: Ledger;
  private readonly batches: LoggedBatch[] = [];
  private readonly genesisCheckpoint: Checkpoint;
  private readonly genesisSignature: Uint8Array;
  private head: Checkpoint;

  constructor(private readonly opts: SequencerOptions) {
    this.ledger = Ledger.create(opts.genesis);
    wasmAuditTree.reset();
    for (const e of genesisAuditEntries(this.ledger.genesisResult.events)) wasmAuditTree.append(e);
    this.genesisCheckpoint = {
      version: 1,
      chainId: opts.genesis.chainId,
      treeSize: wasmAuditTree.size(),
      auditRoot: wasmAuditTree.root(),
      stateRoot: this.ledger.stateRoot(),
      seq: 0,
      logicalTimeMs: Number(opts.genesis.timeMs),
      prevHash: GENESIS_PREV_HASH,
    };
    this.genesisSignature = signCheckpoint(this.genesisCheckpoint, opts.nodeSecretKey);
    this.head = this.genesisCheckpoint;
  }

  get lastCheckpoint(): Checkpoint {
    return this.head;
  }

  // Sequences one batch at logical time `timeMs` (≥ the previous batch's).
  applyBatch(timeMs: number, packets: readonly Uint8Array[]): SequencedBatch {
    const prev = this.head;
    const prevHash = checkpointHash(prev);
    const seq = prev.seq + 1;
    const res = this.ledger.applyWireBatch({ seq: BigInt(seq), timeMs: BigInt(timeMs), auditHead: prev.auditRoot }, [
      ...packets,
    ]);
    for (const e of batchAuditEntries(packets, res.outcomes, res.events)) wasmAuditTree.append(e);
    const checkpoint: Checkpoint = {
      version: 1,
      chainId: this.opts.genesis.chainId,
      treeSize: wasmAuditTree.size(),
      auditRoot: wasmAuditTree.root(),
      stateRoot: res.stateRoot,
      seq,
      logicalTimeMs: timeMs,
      prevHash,
    };
    const header: BatchHeaderV1 = {
      chainId: this.opts.genesis.chainId,
      seq,
      timeMs,
      prevCheckpointHash: prevHash,
      packetCount: packets.length,
      batchRoot: batchRoot(packets),
      checkpointHash: checkpointHash(checkpoint),
    };
    this.batches.push({
      header,
      headerSignature: signBatchHeader(header, this.opts.nodeSecretKey),
      packets: [...packets],
      checkpoint,
      checkpointSignature: signCheckpoint(checkpoint, this.opts.nodeSecretKey),
    });
    this.head = checkpoint;
    return { ...res, checkpoint, header };
  }

  log(meta?: ReplayLog["meta"]): ReplayLog {
    const log: ReplayLog = {
      chainId: this.opts.genesis.chainId,
      nodePublicKey: this.opts.nodePublicKey,
      genesis: this.opts.genesis,
      genesisCheckpoint: this.genesisCheckpoint,
      genesisCheckpointSignature: this.genesisSignature,
      batches: [...this.batches],
    };
    return meta === undefined ? log : { ...log, meta };
  }
}
