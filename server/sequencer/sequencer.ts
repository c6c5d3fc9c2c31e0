// The sequencer (SPEC §10): the node's single writer and its NodeService. It owns the ledger (one core instance),
// the 2PC coordinator over the participants' stores, the verify pool, the node key and the archive. submit()
// queues a packet; group commit closes a batch by count, bytes or time, verifies it on the pool (the
// verified-signer bitmaps go to the core, which does not verify twice), runs it pending in the core, closes it
// with a checkpoint and a batch header signed by the node key (as ReplaySequencer does: the log the node serves
// is a replay log), and makes its write sets durable in one 2PC round whose decision payload holds the signed
// batch and its audit entries. Only a committed round is kept in the core, indexed in the archive and
// acknowledged with full receipts; an aborted or failed one is undone and every waiter gets the error. The server
// reads the clock; the core only sees it as the batch header's logical time.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { isQfsError, qfsError, QfsError } from "../../bindings/errors/index.js";
import { Ledger, sha3_256 } from "../../bindings/index.js";
import type { Checkpoint } from "../../bindings/audit/checkpoint.js";
import { normalizeGenesis } from "../../bindings/ledger/genesis.js";
import type { Genesis } from "../../bindings/ledger/types.js";
import { bodyHash, decodePacketWithBody } from "../../bindings/packet/index.js";
import { MAX_PACKET_BYTES } from "../../bindings/packet/types.js";
import { Archive } from "../archive/archive.js";
import { checkpointOfJson, signedCheckpointJson } from "../archive/checkpoint-json.js";
import { Coordinator } from "../commit/coordinator.js";
import { crashPoint } from "../commit/crash-points.js";
import { loadOrCreateNodeKey, type NodeKey } from "../node-key.js";
import { VerifyPool } from "../pool/index.js";
import { POOL_QUEUE_TASKS_MAX } from "../pool/limits.js";
import { openStores, type Stores } from "../stores/open.js";
import type { StoresConfig } from "../stores/config.js";
import {
  BATCH_DELAY_MS_DEFAULT,
  BATCH_INPUT_BYTES_MAX,
  BATCH_PACKETS_DEFAULT,
  POOL_THREADS_SERVICE_DEFAULT,
  QUEUE_PACKETS_MAX_DEFAULT,
} from "../config.js";
import type { HaltJson, ReceiptJson, SignedCheckpointJson } from "../node-service.js";
import { genesisInput, readGenesisFile, writeGenesisFile, type GenesisFile } from "./genesis-file.js";
import { encodePayload, type RoundPayload } from "./payload.js";
import { NodeReads } from "./node-reads.js";
import { NodeSigner } from "./signer.js";
import { sealBatch } from "./seal.js";
import type { PreparedBatch } from "../../bindings/ledger/pending.js";
import { commitGenesis, lastCommitted } from "./restore.js";
import type { SequencerObserver } from "../metrics/metrics.js";
import { observeRound, observeSubmit, verifiedSignatures } from "../metrics/sequencer-hooks.js";
// CIR-302 (server/halt): the halt guard and the checked rebuild from the stores.
import { HaltGuard, type StartFacts } from "../halt/guard.js";
import { ledgerFromStoresChecked } from "../halt/start-check.js";

export interface SequencerOptions {
  dataDir: string;
  /** The genesis of a new data dir (saved there as genesis.json); ignored when the data dir has one. */
  genesis?: GenesisFile;
  /** Default: SQLite participants and decision log under dataDir/stores. Either a config to open, or stores
   *  already opened (tests wrap a participant to inject faults); the sequencer closes them either way. */
  stores?: StoresConfig | Stores;
  /** The node key that signs checkpoints and batch headers; default DATA_DIR/node-key.json (made at first start). */
  nodeKey?: NodeKey;
  batchPackets?: number;
  batchDelayMs?: number;
  queuePacketsMax?: number;
  poolThreads?: number;
  /** Metrics (server/metrics): where the sequencer reports transactions, phases, batches and rounds. */
  metrics?: SequencerObserver;
}

interface Waiter {
  packet: Uint8Array;
  /** The packet's verified-signer bitmap, from the pool, started at submit so that verification runs while the
   *  rounds before it commit; 0 when the pool could not say (the core then verifies every signature itself). */
  verified: Promise<number>;
  resolve(r: ReceiptJson): void;
  reject(e: QfsError): void;
}

/** What the checkpoint adds to a round, summed over the committed and aborted batches (bench/node-round.bench.mjs
 *  reads it; never asserted): the two ML-DSA-87 signatures, and the archive index write after the commit. */
export interface RoundStats {
  signedBatches: number;
  signMs: number;
  indexedBatches: number;
  indexMs: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
/** Resolves in the next turn of the event loop, after the I/O callbacks and the work already queued. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

/** The hash of a packet's signed body (hex), or undefined when it does not decode (it has no body to match; it is
 *  sequenced and rejected as it is). */
function bodyHashOf(packet: Uint8Array): string | undefined {
  try {
    return hex(bodyHash(decodePacketWithBody(packet).bodyBytes));
  } catch {
    return undefined;
  }
}

export class Sequencer extends NodeReads {
  private readonly queue: Waiter[] = [];
  /** Packets queued or in a running batch, by tx id: a duplicate shares the original's receipt. */
  private readonly inFlight = new Map<string, Promise<ReceiptJson>>();
  /** The same packets by body hash (those that decode): a re-signed copy waits for the original's outcome. */
  private readonly inFlightBodies = new Map<string, Promise<ReceiptJson>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Why the sequencer stopped taking writes (closed, or a store failure whose outcome needs recovery). */
  private stopped: QfsError | undefined;
  /** The checkpoint of the last committed round: the next batch's prevHash and auditHead. */
  private head: Checkpoint;
  readonly roundStats: RoundStats = { signedBatches: 0, signMs: 0, indexedBatches: 0, indexMs: 0 };
  /** Signs each batch's checkpoint and header on two worker threads (started last in open: nothing to undo). */
  private readonly signer: NodeSigner;
  /** Metrics (server/metrics): set by open() when options.metrics is given. */
  private observer: SequencerObserver | undefined;
  /** The pool's key lookup (one function, so the pool coalesces every submit into shared tasks); it reads the
   *  core's key table even while a batch is pending (Ledger.verifierKey). */
  private readonly verifierKeys = (id: Uint8Array) => this.ledger.verifierKey(id);

  private constructor(
    ledger: Ledger,
    archive: Archive,
    nodeKey: NodeKey,
    genesis: Genesis,
    private readonly coordinator: Coordinator,
    private readonly stores: Stores,
    private readonly pool: VerifyPool,
    private readonly opts: Required<Omit<SequencerOptions, "genesis" | "stores" | "nodeKey" | "metrics">>,
    /** CIR-302 (server/halt): the node's halt state; refuses writes while halted. */
    readonly guard: HaltGuard,
  ) {
    super(ledger, archive, nodeKey, genesis);
    this.head = checkpointOfJson(this.latest).checkpoint;
    this.signer = new NodeSigner(nodeKey.secretKey);
    // CIR-302 (server/halt): halts and resumes reach the event subscribers (GET /v1/events) too.
    guard.subscribe((event) => this.emit(event));
  }

  /** Opens the stores, runs recovery, loads the ledger from the stores (or writes the genesis to them), and
   *  catches the archive up with the decision log. */
  static async open(options: SequencerOptions): Promise<Sequencer> {
    const opts = {
      dataDir: options.dataDir,
      batchPackets: options.batchPackets ?? BATCH_PACKETS_DEFAULT,
      batchDelayMs: options.batchDelayMs ?? BATCH_DELAY_MS_DEFAULT,
      queuePacketsMax: options.queuePacketsMax ?? QUEUE_PACKETS_MAX_DEFAULT,
      poolThreads: options.poolThreads ?? POOL_THREADS_SERVICE_DEFAULT,
    };
    mkdirSync(opts.dataDir, { recursive: true });
    const given = options.stores ?? { kind: "sqlite", dir: join(opts.dataDir, "stores") };
    const stores = "participants" in given && "log" in given ? given : await openStores(given);
    let pool: VerifyPool | undefined;
    let archive: Archive | undefined;
    try {
      const nodeKey = options.nodeKey ?? loadOrCreateNodeKey(opts.dataDir);
      const { coordinator, recovery } = await Coordinator.start(stores.participants, stores.log);
      if (recovery.failures.length > 0)
        throw qfsError("E_STORAGE", `recovery failed: ${recovery.failures.map((f) => f.message).join("; ")}`);
      options.metrics?.recovered(recovery.resolved);
      let last = await lastCommitted(stores.log);
      let file = readGenesisFile(opts.dataDir);
      let ledger: Ledger;
      let facts: StartFacts;
      if (last !== undefined) {
        if (file === undefined) throw qfsError("E_DATA_DIR", `${opts.dataDir}: stores without genesis.json`);
        // CIR-302 (server/halt): rows that miss the decision's root still load (the node halts and serves them).
        const loaded = await ledgerFromStoresChecked(stores.participants, last);
        ledger = loaded.ledger;
        facts = { seq: last.seq, auditHead: last.audit.root, ...loaded };
      } else {
        if (file === undefined) {
          if (options.genesis === undefined) throw qfsError("E_DATA_DIR", `${opts.dataDir}: no genesis given`);
          file = options.genesis;
          writeGenesisFile(opts.dataDir, file);
        }
        ledger = Ledger.create(genesisInput(file));
        last = await commitGenesis(coordinator, ledger, nodeKey);
        const root = ledger.stateRoot();
        facts = { seq: ledger.seq, expectedStateRoot: root, rebuiltStateRoot: root, auditHead: ledger.auditRoot() };
      }
      // The last checkpoint of ours must verify under our key, or the node halts (a trusted-path check).
      facts.checkpoint = { checkpoint: last.checkpoint, signature: last.checkpointSignature };
      archive = Archive.open(opts.dataDir);
      await archive.catchUp(stores.log);
      archive.checkEndsAt(last.checkpoint);
      const guard = HaltGuard.load(opts.dataDir, nodeKey);
      guard.afterOpen(ledger, facts);
      // A packet is verified while it is queued or in the running batch, and a task holds at least one: with
      // this bound the pool does not refuse a packet the queue took.
      pool = new VerifyPool({
        chainId: ledger.chainId,
        threads: opts.poolThreads,
        queueTasksMax: Math.min(POOL_QUEUE_TASKS_MAX, opts.queuePacketsMax + opts.batchPackets),
      });
      const genesis = normalizeGenesis(genesisInput(file));
      const sequencer = new Sequencer(ledger, archive, nodeKey, genesis, coordinator, stores, pool, opts, guard);
      if (options.metrics !== undefined) sequencer.observe(options.metrics);
      return sequencer;
    } catch (e) {
      archive?.close();
      await pool?.close().catch(() => undefined);
      await stores.close().catch(() => undefined);
      throw e;
    }
  }

  /** Sequences one packet; resolves with its receipt once its batch is durable (any outcome code), rejects with a
   *  QfsError when it was not sequenced (queue full, store failure, closed). A packet already sequenced or queued
   *  (same bytes), or a re-signed copy of a body that applied, answers with the original receipt, repeat: true. */
  submit(packet: Uint8Array): Promise<ReceiptJson> {
    // Metrics (server/metrics): every submit's result, and its latency when this call sequenced the packet.
    return this.observer === undefined
      ? this.submitOnce(packet)
      : observeSubmit(this.observer, this.submitOnce(packet));
  }

  /** Metrics (server/metrics): report into `observer`, which reads the queue, pool and 2PC gauges from here. */
  private observe(observer: SequencerObserver): void {
    this.observer = observer;
    observer.attach({
      queuePackets: () => this.queue.length,
      queuePacketsMax: this.opts.queuePacketsMax,
      pool: () => this.pool.metrics(),
      roundsInDoubt: () => this.coordinator.roundsInDoubt(),
    });
  }

  private submitOnce(packet: Uint8Array): Promise<ReceiptJson> {
    if (this.closed) return Promise.reject(this.stopped);
    if (packet.length > MAX_PACKET_BYTES)
      return Promise.reject(qfsError("E_INPUT_TOO_LARGE", `packet of ${packet.length} B > ${MAX_PACKET_BYTES} B`));
    const txId = hex(sha3_256(packet));
    const repeat = (r: ReceiptJson): ReceiptJson => ({ ...r, repeat: true });
    const flying = this.inFlight.get(txId);
    if (flying !== undefined) return flying.then(repeat);
    const body = bodyHashOf(packet);
    // A copy of a body still in flight waits for it: once it applied this is its retry, else a packet of its own.
    const sameBody = body === undefined ? undefined : this.inFlightBodies.get(body);
    if (sameBody !== undefined) {
      const again = () => this.submitOnce(packet);
      return sameBody.then(again, again);
    }
    const known =
      this.archive.receipt(unhex(txId)) ??
      (body === undefined ? undefined : this.archive.appliedReceiptByBody(unhex(body)));
    if (known !== undefined) return Promise.resolve(repeat(known));
    if (this.stopped) return Promise.reject(this.stopped);
    // CIR-302 (server/halt): while halted only a resume is taken; a node halt's resume is judged here, not queued.
    try {
      if (this.guard.check(packet) === "node-resume") return Promise.resolve(this.nodeResume(packet));
    } catch (e) {
      return Promise.reject(e as QfsError);
    }
    if (this.queue.length >= this.opts.queuePacketsMax)
      return Promise.reject(qfsError("E_POOL_SATURATED", `${this.queue.length} packets already queued`));
    const verified = this.pool.verifyOne(packet, this.verifierKeys).then(
      (r) => r.results.verifiedBitmap(r.index),
      () => 0,
    );
    const promise = new Promise<ReceiptJson>((resolve, reject) => {
      this.queue.push({ packet, verified, resolve, reject });
      this.schedule();
    });
    this.inFlight.set(txId, promise);
    if (body !== undefined) this.inFlightBodies.set(body, promise);
    const forget = () => {
      this.inFlight.delete(txId);
      if (body !== undefined && this.inFlightBodies.get(body) === promise) this.inFlightBodies.delete(body);
    };
    promise.then(forget, forget);
    return promise;
  }

  private schedule(): void {
    if (this.running !== undefined || this.queue.length === 0) return;
    if (this.queue.length >= this.opts.batchPackets) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startBatch();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startBatch();
      }, this.opts.batchDelayMs);
    }
  }

  private startBatch(): void {
    // CIR-302 (server/halt): packets queued before a halt are refused now, not sequenced.
    if (this.guard.current() !== null) this.refuseQueuedWhileHalted();
    if (this.running !== undefined || this.queue.length === 0) return;
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && n < this.opts.batchPackets) {
      const size = 4 + this.queue[n]!.packet.length;
      if (bytes + size > BATCH_INPUT_BYTES_MAX) break;
      bytes += size;
      n++;
    }
    const batch = this.queue.splice(0, n);
    this.running = this.runBatch(batch).finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async runBatch(batch: Waiter[]): Promise<void> {
    const packets = batch.map((w) => w.packet);
    try {
      // Verification started at submit; what is left to wait for here is the phase's time.
      const t0 = performance.now();
      const verified = Uint8Array.from(await Promise.all(batch.map((w) => w.verified)));
      // Metrics (server/metrics): the verify phase, the batch size, the signatures verified.
      this.observer?.phase("verify", performance.now() - t0);
      this.observer?.batch(packets.length, verifiedSignatures(verified));
      if (this.stopped) throw this.stopped;
      const { round, payload } = await this.runRound(packets, verified);
      // The round is durable and the core has it: the next round may start at once. Its indexing and answers
      // come after the next round's signatures and prepares are under way (setImmediate), in round order, so
      // this work overlaps that round's waits for the signer and the stores.
      const answered = this.indexing.then(() => nextTurn()).then(() => this.afterCommit(round, payload));
      this.indexing = answered.then(
        () => undefined,
        () => undefined,
      );
      answered.then(
        (receipts) => batch.forEach((w, i) => w.resolve(receipts[i]!)),
        (e: unknown) => batch.forEach((w) => w.reject(isQfsError(e) ? e : qfsError("E_ARCHIVE", String(e)))),
      );
    } catch (e) {
      const err = isQfsError(e) ? e : qfsError("E_INTERNAL", (e as Error).message);
      for (const w of batch) w.reject(err);
    }
  }

  /** Prepares the batch in the core, signs its checkpoint and header, and runs its 2PC round; commits the core on
   *  "committed", else undoes it and throws. */
  private async runRound(
    packets: Uint8Array[],
    verified: Uint8Array,
  ): Promise<{ round: bigint; payload: RoundPayload }> {
    const prev = this.head;
    const seq = this.ledger.seq + 1n;
    const now = BigInt(Date.now());
    const timeMs = now > this.ledger.timeMs ? now : this.ledger.timeMs;
    const t0 = performance.now();
    const prepared = this.ledger.prepare({ seq, timeMs, auditHead: prev.auditRoot }, packets, { verified });
    this.observer?.phase("sequence", performance.now() - t0); // Metrics (server/metrics)
    this.pending = true;
    // The signatures are made while the participants prepare (the write sets do not depend on them); the decision
    // waits for both.
    let signError: unknown;
    let payload: RoundPayload | undefined;
    const payloadBytes = this.signedPayload(prev, seq, timeMs, packets, prepared).then(
      (p) => {
        payload = p;
        // Test-only: a kill here has the batch signed and nothing decided; the restart is at the previous round.
        crashPoint("mid-checkpoint");
        return encodePayload(p);
      },
      (e: unknown) => {
        signError = e;
        throw e;
      },
    );
    // Handled here too: a round refused before it awaits the payload must not leave a rejection unobserved.
    payloadBytes.catch(() => undefined);
    const round = this.coordinator.nextRound();
    let outcome: "committed" | "aborted";
    try {
      outcome = await this.coordinator.runRound(round, prepared.writeSets, payloadBytes);
      if (this.observer !== undefined) observeRound(this.observer, this.coordinator.lastStats); // Metrics
    } catch (e) {
      if (signError !== undefined) {
        // Not signed, so certainly not decided: the participants were told to abort; the node goes on.
        prepared.abort();
        this.pending = false;
        this.runLedgerReads();
        throw e;
      }
      this.observer?.round("failed"); // Metrics (server/metrics)
      prepared.abort();
      this.pending = false;
      this.runLedgerReads();
      // The round's outcome may be unknown (E_DECISION_UNKNOWN) or a newer coordinator exists (E_FENCED):
      // the core no longer matches the stores for certain, so stop writing until a restart recovers.
      this.stopped = qfsError("E_SEQUENCER_CLOSED", `stopped after a store failure: ${(e as Error).message}`);
      throw e;
    }
    if (outcome !== "committed") {
      prepared.abort();
      this.pending = false;
      this.runLedgerReads();
      const why = this.coordinator.lastStats?.noVotes.map((v) => `${v.participantId}: ${v.code}`).join(", ");
      throw qfsError("E_STORAGE", `round aborted (${why ?? "decision not written"})`);
    }
    // A decided round had its payload: the decision waited for it.
    if (payload === undefined) throw qfsError("E_INTERNAL", `round ${round} decided without its payload`);
    const result = prepared.commit();
    this.pending = false;
    this.head = payload.checkpoint;
    // CIR-302 (server/halt): sign and persist a halt, or end one. The batch is durable either way; a halt that
    // cannot be persisted stops writes until a restart, which raises it again from the ledger's flag.
    try {
      this.guard.afterBatch(this.ledger, result);
    } catch (e) {
      this.stopped = qfsError("E_SEQUENCER_CLOSED", `halt.json not written: ${(e as Error).message}`);
    }
    // In the same turn as the commit: no read may see the new ledger state with the old checkpoint. (A retry
    // cannot miss the archive before the round is indexed: its waiters, still unanswered, hold its tx ids.)
    this.committed(signedCheckpointJson(payload.checkpoint, payload.checkpointSignature));
    this.runLedgerReads();
    return { round, payload };
  }

  /** The round's payload, signed on the signer's threads (timed in roundStats and the metrics). */
  private async signedPayload(
    prev: Checkpoint,
    seq: bigint,
    timeMs: bigint,
    packets: Uint8Array[],
    prepared: PreparedBatch,
  ): Promise<RoundPayload> {
    const t0 = performance.now();
    const payload = await sealBatch(this.signer, this.ledger, {
      chainId: this.chainId,
      prev,
      seq,
      timeMs,
      packets,
      prepared,
    });
    this.roundStats.signMs += performance.now() - t0;
    this.observer?.phase("checkpoint", performance.now() - t0); // Metrics (server/metrics)
    this.roundStats.signedBatches++;
    return payload;
  }

  /** The round is durable and served: index it, tell the subscribers, make the receipts. An index failure stops
   *  writes (the next start catches the archive up from the decision log). */
  private afterCommit(round: bigint, payload: RoundPayload): ReceiptJson[] {
    let receipts: ReceiptJson[];
    try {
      const t0 = performance.now();
      receipts = this.archive.index(round, payload);
      this.roundStats.indexMs += performance.now() - t0;
      this.observer?.phase("archive_index", performance.now() - t0); // Metrics (server/metrics)
      this.roundStats.indexedBatches++;
    } catch (e) {
      this.stopped = isQfsError(e) ? e : qfsError("E_ARCHIVE", (e as Error).message);
      throw this.stopped;
    }
    this.indexed(payload.checkpoint.seq);
    this.emit({
      type: "checkpoint",
      checkpoint: signedCheckpointJson(payload.checkpoint, payload.checkpointSignature),
    });
    if (receipts.length !== payload.packets.length)
      throw qfsError("E_ARCHIVE", `round ${round}: ${receipts.length} receipts for ${payload.packets.length} packets`);
    for (const r of receipts)
      this.emit({ type: "tx", txId: r.txId, outcome: r.outcome, code: r.code, seq: r.seq, index: r.index });
    return receipts;
  }

  protected override currentHalt(): HaltJson | null {
    return this.guard.current();
  }

  // CIR-302 (server/halt) ------------------------------------------------------------------------------------

  /** A council resume of a node halt: nothing is sequenced (the core is not halted), so the answer has no audit
   *  entry (auditIndex −1, no proof); the resume is recorded, signed, in halt.json's history. Its root is the
   *  stores' one the council accepted. E_RESUME_INVALID / E_SIG_INVALID otherwise. */
  private nodeResume(packet: Uint8Array): ReceiptJson {
    const r = this.guard.tryNodeResume(packet, this.ledger);
    this.refresh();
    return {
      txId: r.txId,
      bodyHash: bodyHashOf(packet) ?? "0".repeat(64),
      outcome: "OK",
      code: 0,
      seq: String(this.ledger.seq),
      index: 0,
      stateRoot: r.stateRoot,
      auditIndex: -1,
      outcomeEntry: "",
      events: [],
      checkpoint: this.latest,
      inclusionProof: [],
      repeat: false,
    };
  }

  private refuseQueuedWhileHalted(): void {
    const keep: Waiter[] = [];
    for (const w of this.queue.splice(0)) {
      try {
        this.guard.check(w.packet);
        keep.push(w);
      } catch (e) {
        w.reject(e as QfsError);
      }
    }
    this.queue.push(...keep);
  }

  /** Refuses new packets, lets the running batch finish, fails the queued ones, and closes pool, stores, archive. */
  async close(): Promise<void> {
    if (!this.stopped) this.stopped = qfsError("E_SEQUENCER_CLOSED", "the sequencer is closing");
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.indexing;
    for (const w of this.queue.splice(0)) w.reject(this.stopped);
    this.closed = true;
    this.listeners.clear();
    await this.signer.close();
    await this.pool.close();
    await this.stores.close();
    this.archive.close();
  }
}

export type { SignedCheckpointJson };
