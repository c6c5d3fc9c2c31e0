// Rebuilds the ledger state from a replay log (docs/replay.md §5) and checks it against every
// signed checkpoint. Browser-compatible: no Node APIs; the log comes in as an object, text or bytes.
// Signatures (batch headers, checkpoints, and every packet's) are verified by the WASM ML-DSA.
// Any failed check in this trusted path is a CIR-302 condition: the replay stops and returns a
// halt record (it never throws for a bad log, except a QfsError E_REPLAY_LOG_MALFORMED for one that cannot be read).
import { CHECKPOINT_CONTEXT, checkpointHash, encodeCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { bytesEqual, emptyRoot } from "../audit/hashes.js";
import { isQfsError } from "../errors/index.js";
import { Ledger } from "../ledger/ledger.js";
import { sha3_256 } from "../hash.js";
import { mldsaVerify } from "../mldsa.js";
import { ReplayCode, replayLogMalformed, type ReplayHaltCode } from "./errors.js";
import { parseReplayLog, type LoggedBatch, type ReplayLog, type ReplayLogHead } from "./format.js";
import { ReplayLogV2Reader, replayLogV2Lines } from "./format-v2.js";
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
  // The log's unsigned expectedStateRoot (metadata or trailer) when it names one, never trusted:
  // `qfs replay` reports a difference from `stateRoot` and exits 4.
  readonly expectedStateRoot?: string;
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

// Replays `input` (a ReplayLog, or a version-1 log as text, bytes or parsed value) into a ledger of
// its own (a fresh core instance holding the ledger and the audit tree): replays never disturb
// other ledgers, sequencers or replays in the same thread.
export function replayLog(input: ReplayLog | string | Uint8Array | unknown, opts: ReplayOptions = {}): ReplayResult {
  const log = isReplayLog(input) ? input : parseReplayLog(input);
  const run = new LogReplay(log, opts);
  const halted = run.start() ?? log.batches.reduce<ReplayResult | undefined>((h, b) => h ?? run.batch(b), undefined);
  return halted ?? run.finish(log.meta?.expectedStateRoot);
}

// Replays a version-2 (JSON Lines) log streamed from `input`: text, bytes, or an iterable of byte
// chunks. Memory stays bounded by one line (one batch) however many batches the log holds.
export function replayLogStream(
  input: string | Uint8Array | Iterable<Uint8Array>,
  opts: ReplayOptions = {},
): ReplayResult {
  const run = new ReplayLogV2Run(opts);
  for (const line of replayLogV2Lines(input)) {
    const halt = run.line(line);
    if (halt !== undefined) return halt;
  }
  return run.end();
}

// Push-based replay of a version-2 log: feed lines in order (`line` returns a halt result when a
// check fails: stop there), then `end()`. The CLI drives it from a file or stdin.
export class ReplayLogV2Run {
  private readonly reader = new ReplayLogV2Reader();
  private run: LogReplay | undefined;
  private expected: string | undefined;

  constructor(private readonly opts: ReplayOptions = {}) {}

  // The log's head once line 1 was read (chain, node key, genesis).
  get head(): ReplayLogHead | undefined {
    return this.run?.head;
  }

  line(bytes: Uint8Array | string): ReplayResult | undefined {
    const item = this.reader.line(bytes);
    if (item.kind === "head") {
      this.run = new LogReplay(item.head, this.opts);
      return this.run.start();
    }
    if (item.kind === "trailer") {
      this.expected = item.trailer.expectedStateRoot;
      return undefined;
    }
    return this.run!.batch(item.batch);
  }

  end(): ReplayResult {
    this.reader.end();
    return this.run!.finish(this.expected);
  }
}

// One replay: `start()` checks genesis, `batch(b)` each batch in order, `finish()` sums up. A
// check that fails returns the halt result; after one, the run must not be fed further.
export class LogReplay {
  private readonly ledger: Ledger;
  private readonly pk: Uint8Array;
  // The last verified checkpoint: what a halt record names.
  private trusted: Checkpoint | undefined;
  private prevHash: Uint8Array = new Uint8Array(32);
  private verifiedBatches = 0;
  private batchIndex = 0;
  private packets = 0;
  private accepted = 0;

  constructor(
    readonly head: ReplayLogHead,
    private readonly opts: ReplayOptions = {},
  ) {
    this.pk = head.nodePublicKey;
    try {
      this.ledger = Ledger.create(head.genesis);
    } catch (e) {
      if (isQfsError(e)) throw replayLogMalformed("$.genesis", e.message);
      throw e;
    }
  }

  private halt(
    code: ReplayHaltCode,
    message: string,
    seq: number,
    batchIndex: number,
    expected?: Uint8Array,
    actual?: Uint8Array,
  ): ReplayResult {
    const trusted = this.trusted;
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
    return { ok: false, halt: rec, verifiedBatches: this.verifiedBatches };
  }

  // Genesis checkpoint: seq 0, no predecessor, the genesis time, the genesis events' audit
  // entries, the genesis state root.
  start(): ReplayResult | undefined {
    const { pk, opts, ledger } = this;
    const log = this.head;
    if (opts.nodeKeyId !== undefined && !bytesEqual(sha3_256(pk), opts.nodeKeyId))
      return this.halt(
        "E_CHECKPOINT_SIG_INVALID",
        "the log's node key is not the trusted one",
        0,
        -1,
        opts.nodeKeyId,
        sha3_256(pk),
      );
    const g = log.genesisCheckpoint;
    if (!verifyCheckpointWasm(g, log.genesisCheckpointSignature, pk))
      return this.halt("E_CHECKPOINT_SIG_INVALID", "genesis checkpoint signature does not verify", 0, -1);
    if (g.seq !== 0 || g.prevHash.some((x) => x !== 0))
      return this.halt("E_AUDIT_CHAIN_BROKEN", "genesis checkpoint is not seq 0 without a predecessor", 0, -1);
    if (BigInt(g.logicalTimeMs) !== log.genesis.timeMs)
      return this.halt("E_AUDIT_CHAIN_BROKEN", "genesis checkpoint time differs from the genesis time", 0, -1);
    if (!bytesEqual(g.stateRoot, ledger.stateRoot()))
      return this.halt("E_STATE_ROOT_MISMATCH", "genesis state root differs", 0, -1, g.stateRoot, ledger.stateRoot());
    // The core made the genesis events' audit entries and appended them to its tree.
    if (ledger.auditSize !== g.treeSize || !bytesEqual(ledger.auditRoot(), g.auditRoot))
      return this.halt(
        "E_AUDIT_CHAIN_BROKEN",
        `genesis audit log (size ${ledger.auditSize}) differs from the checkpoint (size ${g.treeSize})`,
        0,
        -1,
        g.auditRoot,
        ledger.auditRoot(),
      );
    this.trusted = g;
    this.prevHash = checkpointHash(g);
    return undefined;
  }

  batch(b: LoggedBatch): ReplayResult | undefined {
    const { pk, ledger, prevHash } = this;
    const i = this.batchIndex++;
    const h = b.header;
    const cp = b.checkpoint;
    const prev: Checkpoint = this.trusted!;
    const seq = h.seq;
    // 1. signatures of our own node
    if (!verifyBatchHeader(h, b.headerSignature, pk))
      return this.halt("E_CHECKPOINT_SIG_INVALID", `batch header signature does not verify`, seq, i);
    if (!verifyCheckpointWasm(cp, b.checkpointSignature, pk))
      return this.halt("E_CHECKPOINT_SIG_INVALID", `checkpoint signature does not verify`, seq, i);
    // 2. the chain: header ↔ previous checkpoint ↔ this checkpoint
    if (h.seq !== prev.seq + 1)
      return this.halt("E_AUDIT_CHAIN_BROKEN", `batch seq ${h.seq} does not follow ${prev.seq}`, seq, i);
    if (!bytesEqual(h.prevCheckpointHash, prevHash))
      return this.halt(
        "E_AUDIT_CHAIN_BROKEN",
        "header names another previous checkpoint",
        seq,
        i,
        prevHash,
        h.prevCheckpointHash,
      );
    if (h.timeMs < prev.logicalTimeMs)
      return this.halt("E_AUDIT_CHAIN_BROKEN", `logical time ${h.timeMs} < ${prev.logicalTimeMs}`, seq, i);
    const cpHash = checkpointHash(cp);
    if (!bytesEqual(h.checkpointHash, cpHash))
      return this.halt("E_AUDIT_CHAIN_BROKEN", "header names another checkpoint", seq, i, h.checkpointHash, cpHash);
    if (cp.seq !== h.seq || cp.logicalTimeMs !== h.timeMs || !bytesEqual(cp.prevHash, prevHash))
      return this.halt("E_AUDIT_CHAIN_BROKEN", "checkpoint seq, time or previous hash differs from the header", seq, i);
    if (cp.treeSize < prev.treeSize)
      return this.halt("E_AUDIT_INCONSISTENT", `tree shrank from ${prev.treeSize} to ${cp.treeSize}`, seq, i);
    // 3. the packets are the ones the node sequenced, in its order
    const root = batchRoot(b.packets);
    if (b.packets.length !== h.packetCount || !bytesEqual(root, h.batchRoot))
      return this.halt("E_AUDIT_CHAIN_BROKEN", "packets differ from the signed batch root", seq, i, h.batchRoot, root);
    // 4. apply in replay mode (the core verifies every packet signature)
    let res;
    try {
      res = ledger.applyWireBatch({ seq: BigInt(seq), timeMs: BigInt(h.timeMs), auditHead: prev.auditRoot }, [
        ...b.packets,
      ]);
    } catch (e) {
      return this.halt("E_AUDIT_CHAIN_BROKEN", `ledger refused the batch: ${(e as Error).message}`, seq, i);
    }
    // 5. the recomputed roots against the signed checkpoint
    if (!bytesEqual(res.stateRoot, cp.stateRoot))
      return this.halt(
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
      return this.halt(
        "E_AUDIT_CHAIN_BROKEN",
        `recomputed audit log (size ${size}) differs from the checkpoint (size ${cp.treeSize})`,
        seq,
        i,
        cp.auditRoot,
        auditRoot,
      );
    const ok = res.outcomes.filter((c) => c === 0).length;
    this.packets += b.packets.length;
    this.accepted += ok;
    this.trusted = cp;
    this.prevHash = cpHash;
    this.verifiedBatches++;
    this.opts.onBatch?.({
      seq,
      timeMs: h.timeMs,
      packets: b.packets.length,
      accepted: ok,
      rejected: b.packets.length - ok,
      treeSize: size,
      stateRoot: toHex(res.stateRoot),
      ledgerHalted: res.halted,
    });
    return undefined;
  }

  finish(expectedStateRoot?: string): ReplayResult {
    const trusted = this.trusted!;
    return {
      ok: true,
      chainId: this.head.chainId,
      batches: this.verifiedBatches,
      packets: this.packets,
      accepted: this.accepted,
      rejected: this.packets - this.accepted,
      seq: trusted.seq,
      timeMs: trusted.logicalTimeMs,
      treeSize: trusted.treeSize,
      auditRoot: toHex(trusted.auditRoot),
      checkpointHash: toHex(this.prevHash),
      ledgerHalted: this.ledger.halted,
      stateRoot: toHex(trusted.stateRoot),
      ...(expectedStateRoot !== undefined ? { expectedStateRoot } : {}),
    };
  }
}

function isReplayLog(x: unknown): x is ReplayLog {
  return (
    x !== null &&
    typeof x === "object" &&
    (x as ReplayLog).nodePublicKey instanceof Uint8Array &&
    Array.isArray((x as ReplayLog).batches)
  );
}
