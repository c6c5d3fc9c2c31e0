// The read side of the node's NodeService (server/node-service.ts): state, receipts, accounts with their state
// proofs, keys, the audit log's entries, checkpoints and proofs, and the event subscribers. Reads see the last
// committed batch, never a pending one, and go on while writes are refused. The Sequencer extends this with the
// writes; ranges a read cannot serve are E_HTTP_RANGE (HTTP 400).
import { qfsError, type QfsError } from "../../bindings/errors/index.js";
import type { Ledger } from "../../bindings/index.js";
import type { Genesis } from "../../bindings/ledger/types.js";
import type { Archive } from "../archive/archive.js";
import { ARCHIVE_PAGE_MAX, LOG_LINES_PAGE } from "../archive/limits.js";
import { checkpointOfJson } from "../archive/checkpoint-json.js";
import { replayLogV2HeadLine } from "../../bindings/replay/format-v2.js";
import type { NodeKey } from "../node-key.js";
import type {
  AccountEventJson,
  StakingGlobalsJson,
  AccountJson,
  EntryJson,
  HaltJson,
  KeyJson,
  NodeEvent,
  NodeService,
  NodeStateJson,
  ReceiptJson,
  SignedCheckpointJson,
} from "../node-service.js";
import { accountJson, keyJson, stakingGlobalsJson } from "./reads-json.js";

/** Most event subscribers at once (the HTTP layer caps SSE clients lower; this bounds every other caller). */
export const SUBSCRIBERS_MAX = 1024;
/** Most ledger reads (accounts, keys) waiting for the pending batch to end; past it E_RATE_LIMITED (429). */
export const LEDGER_READS_QUEUED_MAX = 4096;

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function isIndex(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function range(why: string): QfsError {
  return qfsError("E_HTTP_RANGE", why);
}

export abstract class NodeReads implements NodeService {
  /** True while a prepared batch is pending in the core: ledger reads wait for it (the core refuses them). */
  protected pending = false;
  /** Ledger reads that came while a batch was pending, run (in order) at the end of that batch, before the next
   *  one is prepared: a read waits at most one round, however busy the writer is. */
  private readonly ledgerReads: (() => void)[] = [];
  protected closed = false;
  protected readonly listeners = new Set<(event: NodeEvent) => void>();
  /** The checkpoint of the last committed round, as served. */
  protected latest: SignedCheckpointJson;
  /** Settles once every committed round so far is indexed in the archive (rounds are indexed in order, after the
   *  next round has started: the Sequencer chains each round's indexing here). */
  protected indexing: Promise<void> = Promise.resolve();
  /** Checkpoints committed and served but not yet in the archive, by seq (at most a few rounds). */
  private readonly unindexed = new Map<number, SignedCheckpointJson>();
  private cached: NodeStateJson;

  protected constructor(
    protected ledger: Ledger,
    protected readonly archive: Archive,
    protected readonly nodeKey: NodeKey,
    /** The genesis as the replay log's head carries it. */
    protected readonly genesis: Genesis,
  ) {
    this.chainId = ledger.chainId;
    const latest = archive.latestCheckpoint();
    if (latest === undefined) throw qfsError("E_ARCHIVE", "the archive holds no checkpoint");
    this.latest = latest;
    this.cached = this.readState();
  }

  abstract submit(packet: Uint8Array): Promise<ReceiptJson>;
  /** The node's halt, or null; the halt part supplies it. */
  protected abstract currentHalt(): HaltJson | null;

  /** Read once: the ledger refuses every call while a batch is pending, and the chain never changes. */
  readonly chainId: number;

  /** Called after a change that made no checkpoint (a node resume): the state is read again. */
  protected refresh(): void {
    const latest = this.archive.latestCheckpoint();
    if (latest !== undefined && latest.seq >= this.latest.seq) this.latest = latest;
    this.cached = this.readState();
  }

  /** Called in the turn of each commit: the state and checkpoint the reads serve move on together. The archive
   *  catches up later (indexed()); reads that need it wait for it (caughtUp). */
  protected committed(checkpoint: SignedCheckpointJson): void {
    this.latest = checkpoint;
    this.unindexed.set(checkpoint.seq, checkpoint);
    this.cached = this.readState();
  }

  /** The archive holds round `seq` now. */
  protected indexed(seq: number): void {
    this.unindexed.delete(seq);
  }

  /** Waits until the archive holds the first `treeSize` entries (the rounds committed before the call); E_ARCHIVE
   *  when an indexing failed and nothing more is coming. */
  private async caughtUp(treeSize: number): Promise<void> {
    while (this.archive.auditSize < treeSize) {
      const waited = this.indexing;
      await waited;
      if (this.archive.auditSize < treeSize && waited === this.indexing)
        throw qfsError("E_ARCHIVE", `the archive holds ${this.archive.auditSize} of ${treeSize} entries`);
    }
  }

  private readState(): NodeStateJson {
    return {
      chainId: this.ledger.chainId,
      seq: String(this.ledger.seq),
      timeMs: String(this.ledger.timeMs),
      stateRoot: hex(this.ledger.stateRoot()),
      auditSize: this.ledger.auditSize,
      halted: this.ledger.halted,
      nodeKeyId: hex(this.nodeKey.keyId),
      nodePublicKey: Buffer.from(this.nodeKey.publicKey).toString("base64"),
      checkpoint: this.latest,
      halt: null,
    };
  }

  /** The state after the last committed batch (never a pending one). */
  state(): NodeStateJson {
    const halt = this.currentHalt();
    return { ...this.cached, halt, halted: this.cached.halted || halt !== null };
  }

  /** Runs `read` on the ledger as of the last committed batch: now, or at the end of the pending batch. */
  private onLedger<T>(read: () => T): Promise<T> {
    // Synchronously: a read deferred to a microtask could find the next batch already prepared.
    if (!this.pending) {
      try {
        return Promise.resolve(read());
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    if (this.ledgerReads.length >= LEDGER_READS_QUEUED_MAX)
      return Promise.reject(qfsError("E_RATE_LIMITED", `${this.ledgerReads.length} ledger reads already wait`));
    return new Promise<T>((resolve, reject) =>
      this.ledgerReads.push(() => {
        try {
          resolve(read());
        } catch (e) {
          reject(e as Error);
        }
      }),
    );
  }

  /** The writer calls this whenever a batch stops being pending (committed, with its checkpoint served, or undone). */
  protected runLedgerReads(): void {
    for (const read of this.ledgerReads.splice(0)) read();
  }

  async receipt(txId: Uint8Array): Promise<ReceiptJson | undefined> {
    return this.archive.receipt(txId);
  }

  /** An account as of the last committed batch, with its proof in that batch's checkpoint's state root. */
  async account(id: Uint8Array): Promise<AccountJson | undefined> {
    return this.onLedger(() => {
      const a = this.ledger.getAccount(id);
      return a === undefined ? undefined : accountJson(id, a, this.ledger.stateProof(id), this.latest);
    });
  }

  async stakingGlobals(): Promise<StakingGlobalsJson> {
    return this.onLedger(() => stakingGlobalsJson(this.ledger, String(this.latest.seq)));
  }

  async accountEvents(id: Uint8Array, fromAuditIndex: number, limit: number): Promise<AccountEventJson[]> {
    if (!isIndex(fromAuditIndex)) throw range(`from ${String(fromAuditIndex)} is not an index`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > ARCHIVE_PAGE_MAX)
      throw range(`limit ${String(limit)} not in 1..${ARCHIVE_PAGE_MAX}`);
    await this.caughtUp(this.latest.treeSize);
    return this.archive.accountEvents(id, fromAuditIndex, limit);
  }

  async key(id: Uint8Array): Promise<KeyJson | undefined> {
    return this.onLedger(() => {
      const k = this.ledger.getKey(id);
      return k === undefined ? undefined : keyJson(k);
    });
  }

  async entries(from: number, to: number): Promise<EntryJson[]> {
    const size = this.latest.treeSize;
    if (!isIndex(from) || !isIndex(to) || from >= to || to > size)
      throw range(`entries [${String(from)}, ${String(to)}) not within [0, ${size})`);
    if (to - from > ARCHIVE_PAGE_MAX) throw range(`more than ${ARCHIVE_PAGE_MAX} entries`);
    await this.caughtUp(to);
    return this.archive.entries(from, to);
  }

  async checkpoints(fromSeq: number, limit: number): Promise<SignedCheckpointJson[]> {
    if (!isIndex(fromSeq)) throw range(`from ${String(fromSeq)} is not a seq`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > ARCHIVE_PAGE_MAX)
      throw range(`limit ${String(limit)} not in 1..${ARCHIVE_PAGE_MAX}`);
    await this.caughtUp(this.latest.treeSize);
    return this.archive.checkpoints(fromSeq, limit);
  }

  /** One checkpoint; E_HTTP_RANGE past the latest. */
  checkpointAt(seq: number): SignedCheckpointJson {
    if (!isIndex(seq) || seq > this.latest.seq) throw range(`checkpoint ${String(seq)} > latest ${this.latest.seq}`);
    const cp = this.unindexed.get(seq) ?? this.archive.checkpoint(seq);
    if (cp === undefined) throw qfsError("E_ARCHIVE", `checkpoint ${seq} is not in the archive`);
    return cp;
  }

  async inclusionProof(index: number, treeSize: number): Promise<string[]> {
    if (!isIndex(index) || !isIndex(treeSize) || index >= treeSize || treeSize > this.latest.treeSize)
      throw range(`index ${String(index)} in size ${String(treeSize)} (log size ${this.latest.treeSize})`);
    await this.caughtUp(treeSize);
    return this.archive.inclusionProof(index, treeSize);
  }

  async consistencyProof(first: number, second: number): Promise<string[]> {
    if (!isIndex(first) || !isIndex(second) || first > second || second > this.latest.treeSize)
      throw range(`sizes ${String(first)} → ${String(second)} (log size ${this.latest.treeSize})`);
    await this.caughtUp(second);
    return this.archive.consistencyProof(first, second);
  }

  /** The log as a replay log version 2: the head line, then one line a batch up to the latest at the call. */
  async *logLines(): AsyncIterable<string> {
    const latest = this.latest;
    await this.caughtUp(latest.treeSize);
    const g = checkpointOfJson(this.checkpointAt(0));
    yield replayLogV2HeadLine({
      chainId: this.chainId,
      nodePublicKey: this.nodeKey.publicKey,
      genesis: this.genesis,
      genesisCheckpoint: g.checkpoint,
      genesisCheckpointSignature: g.signature,
    });
    const lastSeq = latest.seq;
    for (let after = 0; after < lastSeq;) {
      if (this.closed) throw qfsError("E_SEQUENCER_CLOSED", "the node closed while the log was read");
      const page = this.archive.batchLines(after, Math.min(LOG_LINES_PAGE, lastSeq - after));
      if (page.length === 0) throw qfsError("E_ARCHIVE", `batch ${after + 1} is not in the archive`);
      for (const { seq, line } of page) {
        yield line;
        after = seq;
      }
    }
  }

  subscribe(listener: (event: NodeEvent) => void): () => void {
    if (this.listeners.size >= SUBSCRIBERS_MAX) throw qfsError("E_RATE_LIMITED", `${SUBSCRIBERS_MAX} subscribers`);
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Tells every subscriber; one that throws is dropped (it must not stop the writer). */
  emit(event: NodeEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        this.listeners.delete(l);
      }
    }
  }
}
