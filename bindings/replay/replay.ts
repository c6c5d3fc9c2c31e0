// Rebuilds the ledger state from a replay log (docs/replay.md §5) and checks it against every
// signed checkpoint. Browser-compatible: no Node APIs; the log comes in as an object, text or bytes.
// Signatures (batch headers, checkpoints, and every packet's) are verified by the WASM ML-DSA.
// Any failed check in this trusted path is a CIR-302 condition: the replay stops and returns a
// halt record (it never throws for a bad log, except ReplayFormatError for one that cannot be read).
import { CHECKPOINT_CONTEXT, checkpointHash, encodeCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { bytesEqual, emptyRoot } from "../audit/hashes.js";
import { Ledger, LedgerError } from "../ledger/ledger.js";
import { sha3_256 } from "../hash.js";
import { mldsaVerify } from "../mldsa.js";
import { ReplayCode, ReplayFormatError, type ReplayHaltCode } from "./errors.js";
import { parseReplayLog, type ReplayLog } from "./format.js";
import { batchRoot, verifyBatchHeader } from "./header.js";
import { toHex } from "./hex.js";

// The halt record of SPEC §9 as the replay reports it. `stateRoot` and `auditHead` are those of
// the last checkpoint that verified (the state the node stops in); `expected`/`actual` name the
// values that disagreed, when there are two.
export interface ReplayHaltRecord {
  readonly halt: "CIR-302";
  readonly code: ReplayHaltCode;
  readonly number: number;
  readonly message: string;
  readonly seq: number; // the batch (0 = genesis) where the check failed
  readonly batchIndex: number; // its index in the log's batches (-1 = genesis)
  readonly stateRoot: string;
  readonly auditHead: string;
  readonly treeSize: number;
  readonly expected?: string;
  readonly actual?: string;
  // The ledger's 80-byte halt record layout (docs/ledger.md): u32 code = 302, u32 message = `number`,
  // u64 seq, [32] stateRoot, [32] auditHead — and its SHA3-256 (for the node to persist and sign).
  readonly record: string;
  readonly recordHash: string;
}

export interface ReplayBatchInfo {
  readonly seq: number;
  readonly timeMs: number;
  readonly packets: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly treeSize: number;
  readonly stateRoot: string;
  readonly ledgerHalted: boolean;
}

export interface ReplaySummary {
  readonly chainId: number;
  readonly batches: number;
  readonly packets: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly seq: number;
  readonly timeMs: number;
  readonly treeSize: number;
  readonly auditRoot: string;
  readonly checkpointHash: string;
  readonly ledgerHalted: boolean;
  readonly stateRoot: string; // 64 hex
}

export type ReplayResult =
  | ({ readonly ok: true } & ReplaySummary)
  | { readonly ok: false; readonly halt: ReplayHaltRecord; readonly verifiedBatches: number };

export interface ReplayOptions {
  readonly onBatch?: (info: ReplayBatchInfo) => void;
  // The node key id (SHA3-256 of its ML-DSA-87 public key) the verifier trusts. Without it the
  // replay proves only that the log is self-consistent under the key the log names; with it, a log
  // under any other key halts at genesis with E_CHECKPOINT_SIG_INVALID.
  readonly nodeKeyId?: Uint8Array;
}

const CIR_302 = 302;

function verifyCheckpointWasm(cp: Checkpoint, sig: Uint8Array, pk: Uint8Array): boolean {
  let msg: Uint8Array;
  try {
    msg = encodeCheckpoint(cp);
  } catch {
    return false;
  }
  return mldsaVerify(87, pk, msg, sig, CHECKPOINT_CONTEXT);
}

// Replays `input` (a ReplayLog, or its JSON as text, bytes or parsed value). Resets the core's
// ledger and its audit tree (one ledger per core instance; the core makes the audit entries).
export function replayLog(input: ReplayLog | string | Uint8Array | unknown, opts: ReplayOptions = {}): ReplayResult {
  const log = isReplayLog(input) ? input : parseReplayLog(input);
  const pk = log.nodePublicKey;
  let ledger: Ledger;
  try {
    ledger = Ledger.create(log.genesis);
  } catch (e) {
    if (e instanceof LedgerError || e instanceof RangeError) throw new ReplayFormatError("$.genesis", e.message);
    throw e;
  }

  // The last verified checkpoint: what a halt record names.
  let trusted: Checkpoint | undefined;
  let verifiedBatches = 0;
  const halt = (
    code: ReplayHaltCode,
    message: string,
    seq: number,
    batchIndex: number,
    expected?: Uint8Array,
    actual?: Uint8Array,
  ): ReplayResult => {
    const stateRoot = trusted?.stateRoot ?? new Uint8Array(32);
    const auditHead = trusted?.auditRoot ?? emptyRoot();
    const record = new Uint8Array(80);
    const dv = new DataView(record.buffer);
    dv.setUint32(0, CIR_302, true);
    dv.setUint32(4, ReplayCode[code], true);
    dv.setBigUint64(8, BigInt(seq), true);
    record.set(stateRoot, 16);
    record.set(auditHead, 48);
    const rec: ReplayHaltRecord = {
      halt: "CIR-302",
      code,
      number: ReplayCode[code],
      message,
      seq,
      batchIndex,
      stateRoot: toHex(stateRoot),
      auditHead: toHex(auditHead),
      treeSize: trusted?.treeSize ?? 0,
      ...(expected !== undefined ? { expected: toHex(expected) } : {}),
      ...(actual !== undefined ? { actual: toHex(actual) } : {}),
      record: toHex(record),
      recordHash: toHex(sha3_256(record)),
    };
    return { ok: false, halt: rec, verifiedBatches };
  };

  if (opts.nodeKeyId !== undefined && !bytesEqual(sha3_256(pk), opts.nodeKeyId))
    return halt(
      "E_CHECKPOINT_SIG_INVALID",
      "the log's node key is not the trusted one",
      0,
      -1,
      opts.nodeKeyId,
      sha3_256(pk),
    );
  // Genesis checkpoint: seq 0, no predecessor, the genesis time, the genesis events' audit
  // entries, the genesis state root.
  const g = log.genesisCheckpoint;
  if (!verifyCheckpointWasm(g, log.genesisCheckpointSignature, pk))
    return halt("E_CHECKPOINT_SIG_INVALID", "genesis checkpoint signature does not verify", 0, -1);
  if (g.seq !== 0 || g.prevHash.some((x) => x !== 0))
    return halt("E_AUDIT_CHAIN_BROKEN", "genesis checkpoint is not seq 0 without a predecessor", 0, -1);
  if (BigInt(g.logicalTimeMs) !== log.genesis.timeMs)
    return halt("E_AUDIT_CHAIN_BROKEN", "genesis checkpoint time differs from the genesis time", 0, -1);
  if (!bytesEqual(g.stateRoot, ledger.stateRoot()))
    return halt("E_STATE_ROOT_MISMATCH", "genesis state root differs", 0, -1, g.stateRoot, ledger.stateRoot());
  // The core made the genesis events' audit entries and appended them to its tree.
  if (ledger.auditSize !== g.treeSize || !bytesEqual(ledger.auditRoot(), g.auditRoot))
    return halt(
      "E_AUDIT_CHAIN_BROKEN",
      `genesis audit log (size ${ledger.auditSize}) differs from the checkpoint (size ${g.treeSize})`,
      0,
      -1,
      g.auditRoot,
      ledger.auditRoot(),
    );
  trusted = g;
  let prevHash = checkpointHash(g);

  let packets = 0;
  let accepted = 0;
  for (let i = 0; i < log.batches.length; i++) {
    const b = log.batches[i]!;
    const h = b.header;
    const cp = b.checkpoint;
    const prev: Checkpoint = trusted;
    const seq = h.seq;
    // 1. signatures of our own node
    if (!verifyBatchHeader(h, b.headerSignature, pk))
      return halt("E_CHECKPOINT_SIG_INVALID", `batch header signature does not verify`, seq, i);
    if (!verifyCheckpointWasm(cp, b.checkpointSignature, pk))
      return halt("E_CHECKPOINT_SIG_INVALID", `checkpoint signature does not verify`, seq, i);
    // 2. the chain: header ↔ previous checkpoint ↔ this checkpoint
    if (h.seq !== prev.seq + 1)
      return halt("E_AUDIT_CHAIN_BROKEN", `batch seq ${h.seq} does not follow ${prev.seq}`, seq, i);
    if (!bytesEqual(h.prevCheckpointHash, prevHash))
      return halt(
        "E_AUDIT_CHAIN_BROKEN",
        "header names another previous checkpoint",
        seq,
        i,
        prevHash,
        h.prevCheckpointHash,
      );
    if (h.timeMs < prev.logicalTimeMs)
      return halt("E_AUDIT_CHAIN_BROKEN", `logical time ${h.timeMs} < ${prev.logicalTimeMs}`, seq, i);
    const cpHash = checkpointHash(cp);
    if (!bytesEqual(h.checkpointHash, cpHash))
      return halt("E_AUDIT_CHAIN_BROKEN", "header names another checkpoint", seq, i, h.checkpointHash, cpHash);
    if (cp.seq !== h.seq || cp.logicalTimeMs !== h.timeMs || !bytesEqual(cp.prevHash, prevHash))
      return halt("E_AUDIT_CHAIN_BROKEN", "checkpoint seq, time or previous hash differs from the header", seq, i);
    if (cp.treeSize < prev.treeSize)
      return halt("E_AUDIT_INCONSISTENT", `tree shrank from ${prev.treeSize} to ${cp.treeSize}`, seq, i);
    // 3. the packets are the ones the node sequenced, in its order
    const root = batchRoot(b.packets);
    if (b.packets.length !== h.packetCount || !bytesEqual(root, h.batchRoot))
      return halt("E_AUDIT_CHAIN_BROKEN", "packets differ from the signed batch root", seq, i, h.batchRoot, root);
    // 4. apply in replay mode (the core verifies every packet signature)
    let res;
    try {
      res = ledger.applyWireBatch(
        { seq: BigInt(seq), timeMs: BigInt(h.timeMs), auditHead: prev.auditRoot },
        [...b.packets],
        { verifySignatures: true },
      );
    } catch (e) {
      return halt("E_AUDIT_CHAIN_BROKEN", `ledger refused the batch: ${(e as Error).message}`, seq, i);
    }
    // 5. the recomputed roots against the signed checkpoint
    if (!bytesEqual(res.stateRoot, cp.stateRoot))
      return halt(
        "E_STATE_ROOT_MISMATCH",
        "recomputed state root differs from the checkpoint",
        seq,
        i,
        cp.stateRoot,
        res.stateRoot,
      );
    const size = res.auditSize;
    const auditRoot = res.auditRoot;
    if (size !== cp.treeSize || !bytesEqual(auditRoot, cp.auditRoot))
      return halt(
        "E_AUDIT_CHAIN_BROKEN",
        `recomputed audit log (size ${size}) differs from the checkpoint (size ${cp.treeSize})`,
        seq,
        i,
        cp.auditRoot,
        auditRoot,
      );
    const ok = res.outcomes.filter((c) => c === 0).length;
    packets += b.packets.length;
    accepted += ok;
    trusted = cp;
    prevHash = cpHash;
    verifiedBatches++;
    opts.onBatch?.({
      seq,
      timeMs: h.timeMs,
      packets: b.packets.length,
      accepted: ok,
      rejected: b.packets.length - ok,
      treeSize: size,
      stateRoot: toHex(res.stateRoot),
      ledgerHalted: res.halted,
    });
  }
  return {
    ok: true,
    chainId: log.chainId,
    batches: log.batches.length,
    packets,
    accepted,
    rejected: packets - accepted,
    seq: trusted.seq,
    timeMs: trusted.logicalTimeMs,
    treeSize: trusted.treeSize,
    auditRoot: toHex(trusted.auditRoot),
    checkpointHash: toHex(prevHash),
    ledgerHalted: ledger.halted,
    stateRoot: toHex(trusted.stateRoot),
  };
}

function isReplayLog(x: unknown): x is ReplayLog {
  return (
    x !== null &&
    typeof x === "object" &&
    (x as ReplayLog).nodePublicKey instanceof Uint8Array &&
    Array.isArray((x as ReplayLog).batches)
  );
}
