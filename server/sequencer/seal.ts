// Sealing a batch (docs/replay.md §1–2): the checkpoint after the prepared batch and the replay-log batch header,
// both signed by the node key exactly as ReplaySequencer signs them, so the log the node serves is a replay log.
// Runs inside the round, before the decision is forced: the checkpoint is part of what the round makes durable.
import {
  CHECKPOINT_CONTEXT,
  checkpointHash,
  encodeCheckpoint,
  type Checkpoint,
} from "../../bindings/audit/checkpoint.js";
import type { Ledger } from "../../bindings/index.js";
import type { PreparedBatch } from "../../bindings/ledger/pending.js";
import { auditTreeState } from "../../bindings/ledger/state-io.js";
import { encodeBatchHeader } from "../../bindings/replay/header.js";
import { batchHeaderOf } from "../../bindings/replay/sequencer.js";
import type { RoundPayload } from "./payload.js";
import type { NodeSigner } from "./signer.js";

export interface SealInput {
  /** The chain (read before: the Ledger refuses calls while the batch is pending). */
  chainId: number;
  /** The checkpoint of the last committed batch: the new one's prevHash. */
  prev: Checkpoint;
  seq: bigint;
  timeMs: bigint;
  packets: Uint8Array[];
  prepared: PreparedBatch;
}

/** The round's payload: the signed checkpoint and replay-log batch, the audit entries and the audit tree state. */
export async function sealBatch(signer: NodeSigner, ledger: Ledger, input: SealInput): Promise<RoundPayload> {
  const { chainId, prev, seq, timeMs, packets, prepared } = input;
  const prevHash = checkpointHash(prev);
  const checkpoint: Checkpoint = {
    version: 1,
    chainId,
    treeSize: prepared.auditSize,
    auditRoot: prepared.auditRoot,
    stateRoot: prepared.stateRoot,
    seq: Number(seq),
    logicalTimeMs: Number(timeMs),
    prevHash,
  };
  // The audit tree after the batch: read from the core directly, as the Ledger refuses calls while a batch is
  // pending (the frontier is not part of the prepared result).
  const audit = auditTreeState(ledger.core.exports);
  const header = batchHeaderOf(checkpoint, prevHash, Number(timeMs), packets);
  // As signCheckpoint and signBatchHeader do (one context for both).
  const [checkpointSignature, headerSignature] = await signer.sign(
    [encodeCheckpoint(checkpoint), encodeBatchHeader(header)],
    CHECKPOINT_CONTEXT,
  );
  const batch = {
    header,
    headerSignature: headerSignature!,
    packets,
    checkpoint,
    checkpointSignature: checkpointSignature!,
  };
  return {
    chainId,
    seq,
    timeMs,
    stateRoot: prepared.stateRoot,
    audit,
    packets,
    checkpoint,
    checkpointSignature: checkpointSignature!,
    batch,
    entries: prepared.auditEntries,
  };
}
