// The sequencer (SPEC §10): the node's single writer. It owns the ledger (one core instance), the 2PC
// coordinator over the participants' stores and the verify pool. submit() queues a packet; group commit closes
// a batch by count, bytes or time, verifies it on the pool (the verified-signer bitmaps go to the core, which
// does not verify twice), runs it pending in the core, and makes its write sets durable in one 2PC round. Only a
// committed round is kept in the core and acknowledged; an aborted or failed one is undone and every waiter
// gets the error. The server reads the clock; the core only sees it as the batch header's logical time.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { errorName, isQfsError, qfsError, QfsError } from "../../bindings/errors/index.js";
import { Ledger, ledgerCodeName, type AccountState } from "../../bindings/index.js";
import { MAX_PACKET_BYTES } from "../../bindings/packet/types.js";
import { Coordinator } from "../commit/coordinator.js";
import { VerifyPool } from "../pool/index.js";
import { openStores, type Stores } from "../stores/open.js";
import type { StoresConfig } from "../stores/config.js";
import {
  BATCH_DELAY_MS_DEFAULT,
  BATCH_INPUT_BYTES_MAX,
  BATCH_PACKETS_DEFAULT,
  POOL_THREADS_SERVICE_DEFAULT,
  QUEUE_PACKETS_MAX_DEFAULT,
} from "../config.js";
import { genesisInput, readGenesisFile, writeGenesisFile, type GenesisFile } from "./genesis-file.js";
import { auditTreeState } from "../../bindings/ledger/state-io.js";
import { encodePayload } from "./payload.js";
import { commitGenesis, lastCommitted } from "./restore.js";
// CIR-302 (server/halt): the halt guard, the node key that signs its records, the checked rebuild from the stores.
import { HaltGuard, type StartFacts } from "../halt/guard.js";
import { ledgerFromStoresChecked } from "../halt/start-check.js";
import type { HaltJson } from "../node-service.js";
import { loadOrCreateNodeKey } from "../node-key.js";

export interface SequencerOptions {
  dataDir: string;
  /** The genesis of a new data dir (saved there as genesis.json); ignored when the data dir has one. */
  genesis?: GenesisFile;
  /** Default: SQLite participants and decision log under dataDir/stores. Either a config to open, or stores
   *  already opened (tests wrap a participant to inject faults); the sequencer closes them either way. */
  stores?: StoresConfig | Stores;
  batchPackets?: number;
  batchDelayMs?: number;
  queuePacketsMax?: number;
  poolThreads?: number;
}

export interface Receipt {
  txId: string; // hex SHA3-256 of the packet bytes
  outcome: string; // "OK" or the code name
  code: number; // 0 or the catalogue number
  seq: string; // the batch's seq (decimal)
  stateRoot: string; // hex, after the batch
  auditSize: number; // audit entries after the batch
}

export interface NodeState {
  chainId: number;
  seq: string;
  timeMs: string;
  stateRoot: string;
  auditSize: number;
  halted: boolean;
  /** The current halt (ledger or node), signed by the node key; null when not halted. */
  halt: HaltJson | null;
}

interface Waiter {
  packet: Uint8Array;
  resolve(r: Receipt): void;
  reject(e: QfsError): void;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export class Sequencer {
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** True while a prepared batch is pending in the core: reads wait for it (the core refuses them). */
  private pending = false;
  /** Why the sequencer stopped taking writes (closed, or a store failure whose outcome needs recovery). */
  private stopped: QfsError | undefined;
  private cached: NodeState;

  private constructor(
    private ledger: Ledger,
    private readonly coordinator: Coordinator,
    private readonly stores: Stores,
    private readonly pool: VerifyPool,
    private readonly opts: Required<Omit<SequencerOptions, "genesis" | "stores">>,
    /** CIR-302 (server/halt): the node's halt state; refuses writes while halted. */
    readonly guard: HaltGuard,
  ) {
    this.cached = this.readState();
  }

  /** Opens the stores, runs recovery, and loads the ledger from the stores (or writes the genesis to them). */
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
    try {
      const { coordinator, recovery } = await Coordinator.start(stores.participants, stores.log);
      if (recovery.failures.length > 0)
        throw qfsError("E_STORAGE", `recovery failed: ${recovery.failures.map((f) => f.message).join("; ")}`);
      const last = await lastCommitted(stores.log);
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
        await commitGenesis(coordinator, ledger);
        const root = ledger.stateRoot();
        facts = { seq: ledger.seq, expectedStateRoot: root, rebuiltStateRoot: root, auditHead: ledger.auditRoot() };
      }
      const guard = HaltGuard.load(opts.dataDir, loadOrCreateNodeKey(opts.dataDir));
      guard.afterOpen(ledger, facts);
      pool = new VerifyPool({ chainId: ledger.chainId, threads: opts.poolThreads });
      return new Sequencer(ledger, coordinator, stores, pool, opts, guard);
    } catch (e) {
      await pool?.close().catch(() => undefined);
      await stores.close().catch(() => undefined);
      throw e;
    }
  }

  /** Queues one packet; resolves with its receipt once its batch is durable (any outcome code), rejects with a
   *  QfsError when the packet was not sequenced (queue full, store failure, closed). */
  submit(packet: Uint8Array): Promise<Receipt> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (packet.length > MAX_PACKET_BYTES)
      return Promise.reject(qfsError("E_INPUT_TOO_LARGE", `packet of ${packet.length} B > ${MAX_PACKET_BYTES} B`));
    if (this.queue.length >= this.opts.queuePacketsMax)
      return Promise.reject(qfsError("E_POOL_SATURATED", `${this.queue.length} packets already queued`));
    // CIR-302 (server/halt): while halted only a resume is taken; a node halt's resume is judged here, not queued.
    try {
      if (this.guard.check(packet) === "node-resume") return Promise.resolve(this.nodeResume(packet));
    } catch (e) {
      return Promise.reject(e as QfsError);
    }
    return new Promise<Receipt>((resolve, reject) => {
      this.queue.push({ packet, resolve, reject });
      this.schedule();
    });
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
      const verified = (
        await this.pool.verify(packets, (id) => {
          const k = this.ledger.getKey(id);
          return k === undefined ? undefined : { level: k.level, publicKey: k.publicKey };
        })
      ).bitmaps();
      if (this.stopped) throw this.stopped;
      const seq = this.ledger.seq + 1n;
      const now = BigInt(Date.now());
      const timeMs = now > this.ledger.timeMs ? now : this.ledger.timeMs;
      const prepared = this.ledger.prepare({ seq, timeMs }, packets, { verified });
      this.pending = true;
      let outcome: "committed" | "aborted";
      try {
        const payload = encodePayload({
          seq,
          timeMs,
          stateRoot: prepared.stateRoot,
          // The audit tree after the batch: read from the core directly, as the Ledger refuses calls while a
          // batch is pending (the frontier is not part of the prepared result).
          audit: auditTreeState(this.ledger.core.exports),
          packets,
        });
        outcome = await this.coordinator.runRound(this.coordinator.nextRound(), prepared.writeSets, payload);
      } catch (e) {
        prepared.abort();
        this.pending = false;
        // The round's outcome may be unknown (E_DECISION_UNKNOWN) or a newer coordinator exists (E_FENCED):
        // the core no longer matches the stores for certain, so stop writing until a restart recovers.
        this.stopped = qfsError("E_SEQUENCER_CLOSED", `stopped after a store failure: ${(e as Error).message}`);
        throw e;
      }
      if (outcome !== "committed") {
        prepared.abort();
        this.pending = false;
        const why = this.coordinator.lastStats?.noVotes.map((v) => `${v.participantId}: ${v.code}`).join(", ");
        throw qfsError("E_STORAGE", `round aborted (${why ?? "decision not written"})`);
      }
      const result = prepared.commit();
      this.pending = false;
      // CIR-302 (server/halt): sign and persist a halt, or end one. The batch is durable either way; a halt that
      // cannot be persisted stops writes until a restart, which raises it again from the ledger's flag.
      try {
        this.guard.afterBatch(this.ledger, result);
      } catch (e) {
        this.stopped = qfsError("E_SEQUENCER_CLOSED", `halt.json not written: ${(e as Error).message}`);
      }
      this.cached = this.readState();
      const stateRoot = hex(result.stateRoot);
      batch.forEach((w, i) => {
        const code = result.outcomes[i] ?? -1;
        w.resolve({
          txId: hex(result.packets[i]!.id),
          outcome: code === 0 ? "OK" : (errorName(code) ?? ledgerCodeName(code)),
          code,
          seq: String(seq),
          stateRoot,
          auditSize: result.auditSize,
        });
      });
    } catch (e) {
      const err = isQfsError(e) ? e : qfsError("E_INTERNAL", (e as Error).message);
      for (const w of batch) w.reject(err);
    }
  }

  private readState(): NodeState {
    return {
      chainId: this.ledger.chainId,
      seq: String(this.ledger.seq),
      timeMs: String(this.ledger.timeMs),
      stateRoot: hex(this.ledger.stateRoot()),
      auditSize: this.ledger.auditSize,
      halted: this.ledger.halted || this.guard.current() !== null,
      halt: this.guard.current(),
    };
  }

  // CIR-302 (server/halt) ------------------------------------------------------------------------------------

  /** A council resume of a node halt: nothing is sequenced (the core is not halted); the answer is a receipt of the
   *  current state, whose root is now the stores' one the council accepted. E_RESUME_INVALID / E_SIG_INVALID. */
  private nodeResume(packet: Uint8Array): Receipt {
    const r = this.guard.tryNodeResume(packet, this.ledger);
    this.cached = this.readState();
    return {
      txId: r.txId,
      outcome: "OK",
      code: 0,
      seq: String(this.ledger.seq),
      stateRoot: r.stateRoot,
      auditSize: this.ledger.auditSize,
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

  /** The state after the last committed batch (never a pending one). */
  state(): NodeState {
    return this.cached;
  }

  /** An account as of the last committed batch; waits for a pending batch to settle first. */
  async account(id: Uint8Array): Promise<AccountState | undefined> {
    while (this.pending && this.running !== undefined) await this.running.catch(() => undefined);
    return this.ledger.getAccount(id);
  }

  get chainId(): number {
    return this.ledger.chainId;
  }

  /** Refuses new packets, lets the running batch finish, fails the queued ones, and closes pool and stores. */
  async close(): Promise<void> {
    if (!this.stopped) this.stopped = qfsError("E_SEQUENCER_CLOSED", "the sequencer is closing");
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    for (const w of this.queue.splice(0)) w.reject(this.stopped);
    await this.pool.close();
    await this.stores.close();
  }
}
