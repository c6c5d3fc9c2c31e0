// Node side of the replay log: a minimal sequencer that applies batches of DRV packets to a
// ledger, appends their audit entries, closes each batch with a checkpoint and signs the header
// and checkpoint with the node's ML-DSA-87 secret key (noble; the key never enters WASM). The
// vector generator uses it; the server's sequencer writes the same log. One per core instance:
// it owns the core's ledger, whose core makes the audit entries and keeps the audit tree.
import { checkpointHash, GENESIS_PREV_HASH, signCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { Ledger } from "../ledger/ledger.js";
import type { WireBatchResult } from "../ledger/pending.js";
import type { Genesis } from "../ledger/types.js";
import type { LoggedBatch, ReplayLog } from "./format.js";
import { batchRoot, signBatchHeader, type BatchHeaderV1 } from "./header.js";

export interface SequencerOptions {
  readonly genesis: Genesis;
  readonly nodeSecretKey: Uint8Array;
  readonly nodePublicKey: Uint8Array;
}

export interface SequencedBatch extends WireBatchResult {
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
    // The core appended the genesis events' audit entries to its tree.
    this.ledger = Ledger.create(opts.genesis);
    this.genesisCheckpoint = {
      version: 1,
      chainId: opts.genesis.chainId,
      treeSize: this.ledger.auditSize,
      auditRoot: this.ledger.auditRoot(),
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
    const prepared = this.ledger.prepare(
      { seq: BigInt(seq), timeMs: BigInt(timeMs), auditHead: prev.auditRoot },
      packets,
      { verifySignatures: true },
    );
    const res = prepared.result;
    let checkpoint: Checkpoint;
    let logged: LoggedBatch;
    try {
      checkpoint = {
        version: 1,
        chainId: this.opts.genesis.chainId,
        treeSize: res.auditSize,
        auditRoot: res.auditRoot,
        stateRoot: res.stateRoot,
        seq,
        logicalTimeMs: timeMs,
        prevHash,
      };
      logged = this.logBatch(checkpoint, prevHash, timeMs, packets);
    } catch (e) {
      prepared.abort(); // nothing of a batch that cannot be logged stays applied
      throw e;
    }
    prepared.commit();
    this.batches.push(logged);
    this.head = checkpoint;
    return { ...res, checkpoint, header: logged.header };
  }

  private logBatch(
    checkpoint: Checkpoint,
    prevHash: Uint8Array,
    timeMs: number,
    packets: readonly Uint8Array[],
  ): LoggedBatch {
    const header: BatchHeaderV1 = {
      chainId: this.opts.genesis.chainId,
      seq: checkpoint.seq,
      timeMs,
      prevCheckpointHash: prevHash,
      packetCount: packets.length,
      batchRoot: batchRoot(packets),
      checkpointHash: checkpointHash(checkpoint),
    };
    return {
      header,
      headerSignature: signBatchHeader(header, this.opts.nodeSecretKey),
      packets: [...packets],
      checkpoint,
      checkpointSignature: signCheckpoint(checkpoint, this.opts.nodeSecretKey),
    };
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
