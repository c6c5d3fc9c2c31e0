// A signed checkpoint as the API sends it (SignedCheckpointJson) and back: the receipt, /v1/state and
// /v1/audit/checkpoints all carry this shape; a verifier turns it back into a Checkpoint for verifyCheckpoint.
import { checkpointHash, CHECKPOINT_VERSION, type Checkpoint } from "../../bindings/audit/checkpoint.js";
import type { SignedCheckpointJson } from "../node-service.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

export function signedCheckpointJson(cp: Checkpoint, signature: Uint8Array): SignedCheckpointJson {
  return {
    chainId: cp.chainId,
    seq: cp.seq,
    logicalTimeMs: cp.logicalTimeMs,
    treeSize: cp.treeSize,
    auditRoot: hex(cp.auditRoot),
    stateRoot: hex(cp.stateRoot),
    prevHash: hex(cp.prevHash),
    hash: hex(checkpointHash(cp)),
    signature: Buffer.from(signature).toString("base64"),
  };
}

/** The checkpoint and signature of its JSON form (the hash is recomputed by whoever verifies, never trusted). */
export function checkpointOfJson(j: SignedCheckpointJson): { checkpoint: Checkpoint; signature: Uint8Array } {
  return {
    checkpoint: {
      version: CHECKPOINT_VERSION,
      chainId: j.chainId,
      seq: j.seq,
      logicalTimeMs: j.logicalTimeMs,
      treeSize: j.treeSize,
      auditRoot: unhex(j.auditRoot),
      stateRoot: unhex(j.stateRoot),
      prevHash: unhex(j.prevHash),
    },
    signature: new Uint8Array(Buffer.from(j.signature, "base64")),
  };
}
