// Node side of the replay log: a minimal sequencer that applies batches of DRV packets to a
// ledger, appends their audit entries, closes each batch with a checkpoint and signs the header
// and checkpoint with the node's ML-DSA-87 secret key (noble; the key never enters WASM). The
// vector generator uses it; the server's sequencer writes the same log. It owns its ledger, whose
// core instance also holds the audit tree and makes the audit entries, so sequencers are
// independent of each other.
//
// A batch is validated in full before the ledger sees it (seq and time in range, packets within
// the caps), so nothing that can refuse it runs after it was applied: a refused batch leaves the
// ledger, the audit tree and the log as they were, and the next call works.
import { checkpointHash, GENESIS_PREV_HASH, signCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { normalizeGenesis, type GenesisInput } from "../ledger/genesis.js";
import { Ledger } from "../ledger/ledger.js";
import { LEDGER_BATCH_PACKETS_MAX } from "../ledger/limits.js";
import { ledgerInputError, toSafeUint } from "../ledger/numbers.js";
import type { Genesis } from "../ledger/types.js";
import { PUBLIC_KEY_BYTES } from "../packet/types.js";
import type { WireBatchResult } from "../ledger/pending.js";
import type { LoggedBatch, ReplayLog, ReplayLogHead, ReplayLogMeta } from "./format.js";
import { batchRoot, signBatchHeader, type BatchHeaderV1 } from "./header.js";

// ML-DSA-87 secret key bytes (FIPS 204 Table 2).
const NODE_SECRET_KEY_BYTES = 4896;

export interface SequencerOptions {
  readonly genesis: GenesisInput | Genesis;
  readonly nodeSecretKey: Uint8Array;
  readonly nodePublicKey: Uint8Array;
  // Each logged batch as it is sequenced (e.g. to write a version-2 log line by line).
  readonly onLogged?: (batch: LoggedBatch) => void;
  // Keep the batches for log() (default true). False bounds memory by one batch: stream them out
  // through onLogged and write the head from logHead().
  readonly retainBatches?: boolean;
}

export interface SequencedBatch extends WireBatchResult {
  readonly checkpoint: Checkpoint;
  readonly header: BatchHeaderV1;
}

export class ReplaySequencer {
  readonly ledger: Ledger;
  readonly genesis: Genesis;
  private readonly batches: LoggedBatch[] = [];
  private readonly genesisCheckpoint: Checkpoint;
  private readonly genesisSignature: Uint8Array;
  private head: Checkpoint;

  constructor(private readonly opts: SequencerOptions) {
    if (!(opts.nodeSecretKey instanceof Uint8Array) || opts.nodeSecretKey.length !== NODE_SECRET_KEY_BYTES)
      throw ledgerInputError("E_LEDGER_INPUT", "nodeSecretKey", `must be ${NODE_SECRET_KEY_BYTES} bytes (ML-DSA-87)`);
    if (!(opts.nodePublicKey instanceof Uint8Array) || opts.nodePublicKey.length !== PUBLIC_KEY_BYTES[87])
      throw ledgerInputError("E_LEDGER_INPUT", "nodePublicKey", `must be ${PUBLIC_KEY_BYTES[87]} bytes (ML-DSA-87)`);
    this.genesis = normalizeGenesis(opts.genesis);
    // Checkpoint times are JSON integers (< 2^53): the genesis time must be one.
    const genesisTimeMs = toSafeUint(this.genesis.timeMs, "genesis.timeMs");
    this.ledger = Ledger.create(this.genesis);
    // The core appended the genesis events' audit entries to its tree.
    this.genesisCheckpoint = {
      version: 1,
      chainId: this.genesis.chainId,
      treeSize: this.ledger.auditSize,
      auditRoot: this.ledger.auditRoot(),
      stateRoot: this.ledger.stateRoot(),
      seq: 0,
      logicalTimeMs: genesisTimeMs,
      prevHash: GENESIS_PREV_HASH,
    };
    this.genesisSignature = signCheckpoint(this.genesisCheckpoint, opts.nodeSecretKey);
    this.head = this.genesisCheckpoint;
  }

  get lastCheckpoint(): Checkpoint {
    return this.head;
  }

  // Everything that could refuse the batch, checked before the ledger applies it. Returns the
  // batch's seq and time as numbers (the log's JSON integers).
  private validate(timeMs: unknown, packets: unknown): { seq: number; timeMs: number } {
    const prev = this.head;
    if (prev.seq >= Number.MAX_SAFE_INTEGER)
      throw ledgerInputError("E_BATCH_SEQ", "seq", `the next seq would pass 2^53 - 1 (last ${prev.seq})`);
    const t = toSafeUint(timeMs, "timeMs");
    if (t < prev.logicalTimeMs)
      throw ledgerInputError("E_BATCH_TIME", "timeMs", `${t} is below the previous batch's ${prev.logicalTimeMs}`);
    if (!Array.isArray(packets)) throw ledgerInputError("E_LEDGER_INPUT", "packets", "expected an array");
    if (packets.length > LEDGER_BATCH_PACKETS_MAX)
      throw ledgerInputError("E_BATCH_TOO_LARGE", "packets", `more than ${LEDGER_BATCH_PACKETS_MAX} packets`);
    packets.forEach((p: unknown, i) => {
      if (!(p instanceof Uint8Array)) throw ledgerInputError("E_LEDGER_INPUT", `packets[${i}]`, "expected bytes");
    });
    return { seq: prev.seq + 1, timeMs: t };
  }

  // Sequences one batch at logical time `timeMs` (a safe integer, ≥ the previous batch's).
  // Refusals (QfsError: E_BATCH_SEQ, E_BATCH_TIME, E_INTEGER_RANGE, E_BATCH_TOO_LARGE,
  // E_LEDGER_INPUT; the ledger's own batch-level QfsError) happen before anything changes.
  applyBatch(timeMs: number | bigint, packets: readonly Uint8Array[]): SequencedBatch {
    const { seq, timeMs: t } = this.validate(timeMs, packets);
    const prev = this.head;
    const prevHash = checkpointHash(prev);
    // The batch runs pending: if anything between here and the commit fails (encoding or signing
    // the header and checkpoint), it is aborted and the ledger is as it was.
    const prepared = this.ledger.prepare({ seq: BigInt(seq), timeMs: BigInt(t), auditHead: prev.auditRoot }, packets);
    const res = prepared.result;
    let checkpoint: Checkpoint;
    let logged: LoggedBatch;
    try {
      checkpoint = {
        version: 1,
        chainId: this.genesis.chainId,
        treeSize: res.auditSize,
        auditRoot: res.auditRoot,
        stateRoot: res.stateRoot,
        seq,
        logicalTimeMs: t,
        prevHash,
      };
      logged = this.logBatch(checkpoint, prevHash, t, packets);
    } catch (e) {
      prepared.abort(); // nothing of a batch that cannot be logged stays applied
      throw e;
    }
    prepared.commit();
    if (this.opts.retainBatches !== false) this.batches.push(logged);
    this.head = checkpoint;
    this.opts.onLogged?.(logged);
    return { ...res, checkpoint, header: logged.header };
  }

  private logBatch(
    checkpoint: Checkpoint,
    prevHash: Uint8Array,
    timeMs: number,
    packets: readonly Uint8Array[],
  ): LoggedBatch {
    return signLoggedBatch(checkpoint, prevHash, timeMs, packets, this.opts.nodeSecretKey);
  }

  // The log without its batches: a version-2 log's first line.
  logHead(meta?: ReplayLogMeta): ReplayLogHead {
    const head: ReplayLogHead = {
      chainId: this.genesis.chainId,
      nodePublicKey: this.opts.nodePublicKey,
      genesis: this.genesis,
      genesisCheckpoint: this.genesisCheckpoint,
      genesisCheckpointSignature: this.genesisSignature,
    };
    return meta === undefined ? head : { ...head, meta };
  }

  log(meta?: ReplayLogMeta): ReplayLog {
    if (this.opts.retainBatches === false)
      throw ledgerInputError("E_LEDGER_INPUT", "log", "batches were not retained (retainBatches: false)");
    return { ...this.logHead(meta), batches: [...this.batches] };
  }
}

// The header of a batch (docs/replay.md §2): it names the previous checkpoint, the batch root and
// the checkpoint that closes the batch.
export function batchHeaderOf(
  checkpoint: Checkpoint,
  prevHash: Uint8Array,
  timeMs: number,
  packets: readonly Uint8Array[],
): BatchHeaderV1 {
  return {
    chainId: checkpoint.chainId,
    seq: checkpoint.seq,
    timeMs,
    prevCheckpointHash: prevHash,
    packetCount: packets.length,
    batchRoot: batchRoot(packets),
    checkpointHash: checkpointHash(checkpoint),
  };
}

// A batch as the replay log holds it: its header and closing checkpoint, both signed by the node
// key. The server's sequencer makes the same header (batchHeaderOf) and signatures, so the log it
// serves is the one ReplaySequencer writes.
export function signLoggedBatch(
  checkpoint: Checkpoint,
  prevHash: Uint8Array,
  timeMs: number,
  packets: readonly Uint8Array[],
  nodeSecretKey: Uint8Array,
): LoggedBatch {
  const header = batchHeaderOf(checkpoint, prevHash, timeMs, packets);
  return {
    header,
    headerSignature: signBatchHeader(header, nodeSecretKey),
    packets: [...packets],
    checkpoint,
    checkpointSignature: signCheckpoint(checkpoint, nodeSecretKey),
  };
}
