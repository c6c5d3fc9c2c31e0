// VerifyPool: decode + stateless checks + ML-DSA verification of many packets at once on a Piscina
// pool of worker threads, each with its own core.wasm. A verify() call is cut into tasks of
// `taskPackets` packets; each task is ONE ArrayBuffer transferred to a worker and back (task-format.ts).
// The queue is bounded: past `queueTasksMax` tasks waiting or running, verify() refuses at once
// with E_POOL_SATURATED (the HTTP layer answers 429) instead of letting memory grow.
import { qfsError, QfsError } from "../../bindings/errors/index.js";
import { performance } from "node:perf_hooks";
import { Piscina } from "piscina";
import { Coalescer, type CoalescedResult } from "./coalesce.js";
import {
  POOL_QUEUE_TASKS_DEFAULT,
  POOL_QUEUE_TASKS_MAX,
  POOL_THREADS_DEFAULT,
  POOL_THREADS_MAX,
  TASK_BYTES_MAX,
  TASK_PACKETS_DEFAULT,
  TASK_PACKETS_MAX,
  VERIFY_PACKETS_MAX,
} from "./limits.js";
import { VerifyResults } from "./results.js";
import {
  H,
  checkPoolKey,
  encodeTask,
  keyEntryBytes,
  namedKeyIds,
  packetTaskBytes,
  readTask,
  taskBytes,
  type PoolKey,
  type PoolKeyLookup,
  type TaskView,
} from "./task-format.js";

export interface TaskDone {
  readonly packets: number;
  /** Submit to settle, in the caller's thread (queue wait + transfer + worker run). */
  readonly roundTripMs: number;
  /** Time the worker spent in the task (0 when it failed). */
  readonly workerRunMs: number;
  readonly ok: boolean;
}

/** Metrics hooks (prom-client or logs plug in here); called in the caller's thread, must not throw. */
export interface PoolHooks {
  onTaskDone?(done: TaskDone): void;
  onSaturated?(queuedTasks: number, refusedTasks: number): void;
}

export interface VerifyPoolOptions {
  /** Chain id every packet must carry (E_CHAIN_ID otherwise). */
  readonly chainId: number;
  /** Worker threads (default POOL_THREADS_DEFAULT). */
  readonly threads?: number;
  /** Packets per task (default TASK_PACKETS_DEFAULT, measured by bench:pool). */
  readonly taskPackets?: number;
  /** pool_queue_tasks_max: tasks waiting or running before verify() refuses (default POOL_QUEUE_TASKS_DEFAULT). */
  readonly queueTasksMax?: number;
  readonly hooks?: PoolHooks;
}

export interface PoolMetrics {
  readonly threads: number;
  readonly tasksRun: number;
  readonly tasksFailed: number;
  readonly packetsDone: number;
  /** Tasks submitted and not settled (waiting or running). */
  readonly tasksInFlight: number;
  /** Tasks waiting for a worker (Piscina's queue). */
  readonly queueDepth: number;
  /** verify() calls refused with E_POOL_SATURATED. */
  readonly saturatedRefusals: number;
  /** Sum of the workers' time inside tasks, ms. */
  readonly workerBusyMs: number;
  /** Piscina's estimate of pool utilisation since start (0..1). */
  readonly utilization: number;
}

function intOption(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < min || x > max)
    throw qfsError("E_POOL_TASK_MALFORMED", `${name} must be an integer in ${min}..${max}, got ${String(v)}`);
  return x;
}

/**
 * The worker module beside this one. From source (tsx, vitest) it is worker.ts and the thread
 * registers tsx itself (Node 20 workers do not inherit the parent's loader); compiled, it is worker.js.
 */
function workerSpec(): { filename: string; execArgv: string[] } {
  const self = import.meta.url;
  if (!self.endsWith(".ts")) return { filename: new URL("./worker.js", self).href, execArgv: [] };
  return { filename: new URL("./worker.ts", self).href, execArgv: ["--import", "tsx"] };
}

interface TaskPlan {
  readonly packets: Uint8Array[];
  readonly keys: Map<string, { id: Uint8Array; key: PoolKey }>;
}

export class VerifyPool {
  readonly chainId: number;
  readonly threads: number;
  readonly taskPackets: number;
  readonly queueTasksMax: number;
  private readonly piscina: Piscina;
  private readonly hooks: PoolHooks;
  private closed = false;
  private readonly coalescer: Coalescer;
  private inFlight = 0;
  private tasksRun = 0;
  private tasksFailed = 0;
  private packetsDone = 0;
  private refusals = 0;
  private workerBusyMs = 0;

  constructor(opts: VerifyPoolOptions) {
    this.chainId = intOption("chainId", opts.chainId, 0, 0, 0xffffffff);
    this.threads = intOption("threads", opts.threads, POOL_THREADS_DEFAULT, 1, POOL_THREADS_MAX);
    this.taskPackets = intOption("taskPackets", opts.taskPackets, TASK_PACKETS_DEFAULT, 1, TASK_PACKETS_MAX);
    this.queueTasksMax = intOption(
      "queueTasksMax",
      opts.queueTasksMax,
      POOL_QUEUE_TASKS_DEFAULT,
      1,
      POOL_QUEUE_TASKS_MAX,
    );
    this.hooks = opts.hooks ?? {};
    this.coalescer = new Coalescer((packets, lookup) => this.verify(packets, lookup), this.taskPackets);
    const { filename, execArgv } = workerSpec();
    this.piscina = new Piscina({
      filename,
      execArgv,
      minThreads: this.threads,
      maxThreads: this.threads,
      // One task at a time per thread: a task is milliseconds of pure CPU, a second one would only wait.
      concurrentTasksPerWorker: 1,
      // Backstop only: verify() bounds the queue itself, before it builds any task buffer.
      maxQueue: this.queueTasksMax,
      // Threads stay for the pool's life: each holds a warm core.wasm (compiled, tiered up).
      idleTimeout: Infinity,
    });
  }

  /**
   * Decodes, checks and verifies `packets` (results in the same order). `keys` looks up each key id
   * the packets name (once per id per call); an id it does not know gives E_KEY_UNKNOWN. Rejects
   * with E_POOL_SATURATED (nothing queued) when the queue is full, E_POOL_WORKER_FAILED when a
   * worker failed on one of the tasks (the pool replaces it and goes on), E_POOL_CLOSED after close().
   */
  async verify(packets: readonly Uint8Array[], keys: PoolKeyLookup): Promise<VerifyResults> {
    if (this.closed) throw qfsError("E_POOL_CLOSED");
    if (!Array.isArray(packets) || packets.length > VERIFY_PACKETS_MAX)
      throw qfsError("E_POOL_TASK_MALFORMED", `verify() takes an array of at most ${VERIFY_PACKETS_MAX} packets`);
    for (const p of packets)
      if (!(p instanceof Uint8Array)) throw qfsError("E_POOL_TASK_MALFORMED", "a packet is not a Uint8Array");
    if (packets.length === 0) return new VerifyResults([]);
    // Shedding load must be cheap: refuse on the least number of tasks before any key lookup,
    // then on the exact number (tasks are also cut by bytes). No await between check and submit.
    this.refuseIfFull(Math.ceil(packets.length / this.taskPackets));
    const plans = this.plan(packets, keys);
    this.refuseIfFull(plans.length);
    const views = await Promise.all(plans.map((p) => this.runTask(p)));
    return new VerifyResults(views);
  }

  private refuseIfFull(tasks: number): void {
    if (this.inFlight + tasks <= this.queueTasksMax) return;
    this.refusals++;
    this.hooks.onSaturated?.(this.inFlight, tasks);
    throw qfsError(
      "E_POOL_SATURATED",
      `${this.inFlight} tasks in flight + ${tasks} > pool_queue_tasks_max ${this.queueTasksMax}`,
    );
  }

  /**
   * One packet, coalesced with the others submitted in the same event-loop turn with the same
   * `keys` function into shared tasks (see coalesce.ts). Resolves with the shared results and this
   * packet's index in them; rejects as verify() does, for every packet of the coalesced call.
   */
  async verifyOne(packet: Uint8Array, keys: PoolKeyLookup): Promise<CoalescedResult> {
    if (this.closed) throw qfsError("E_POOL_CLOSED");
    return this.coalescer.submit(packet, keys);
  }

  /** Cuts the packets into tasks (by count and by bytes) and gathers each task's keys. */
  private plan(packets: readonly Uint8Array[], lookup: PoolKeyLookup): TaskPlan[] {
    const ids = new Map<string, Uint8Array>();
    const named = packets.map((p) => namedKeyIds(p, ids));
    const known = new Map<string, { id: Uint8Array; key: PoolKey }>();
    for (const [hex, id] of ids) {
      const key = lookup(id);
      if (key !== undefined) known.set(hex, { id, key: checkPoolKey(key) });
    }
    const plans: TaskPlan[] = [];
    let cur: TaskPlan | undefined;
    let packetBytes = 0;
    let keyBytes = 0;
    packets.forEach((p, i) => {
      let addKeys = 0; // bytes of the keys this packet would add to the current task
      for (const hex of new Set(named[i])) {
        const k = known.get(hex);
        if (k !== undefined && cur?.keys.has(hex) !== true) addKeys += keyEntryBytes(k.key);
      }
      const full =
        cur !== undefined &&
        (cur.packets.length === this.taskPackets ||
          taskBytes(cur.packets.length + 1, packetBytes + packetTaskBytes(p), keyBytes + addKeys) > TASK_BYTES_MAX);
      if (cur === undefined || full) {
        cur = { packets: [], keys: new Map() };
        plans.push(cur);
        packetBytes = 0;
        keyBytes = 0;
      }
      cur.packets.push(p);
      packetBytes += packetTaskBytes(p);
      for (const hex of named[i] as string[]) {
        const k = known.get(hex);
        if (k === undefined || cur.keys.has(hex)) continue;
        cur.keys.set(hex, k);
        keyBytes += keyEntryBytes(k.key);
      }
    });
    return plans;
  }

  private async runTask(plan: TaskPlan): Promise<TaskView> {
    const buf = encodeTask(this.chainId, plan.packets, plan.keys);
    const t0 = performance.now();
    this.inFlight++;
    try {
      const back = (await this.piscina.run(buf, { transferList: [buf] })) as ArrayBuffer;
      const view = readTask(back);
      const workerRunMs = view.dv.getUint32(H.workerRunMicros, true) / 1000;
      this.tasksRun++;
      this.packetsDone += view.packetCount;
      this.workerBusyMs += workerRunMs;
      this.hooks.onTaskDone?.({
        packets: view.packetCount,
        roundTripMs: performance.now() - t0,
        workerRunMs,
        ok: true,
      });
      return view;
    } catch (e) {
      this.tasksFailed++;
      this.hooks.onTaskDone?.({
        packets: plan.packets.length,
        roundTripMs: performance.now() - t0,
        workerRunMs: 0,
        ok: false,
      });
      if (e instanceof QfsError) throw e;
      throw qfsError("E_POOL_WORKER_FAILED", e instanceof Error ? e.message : String(e), { cause: e });
    } finally {
      this.inFlight--;
    }
  }

  metrics(): PoolMetrics {
    return {
      threads: this.threads,
      tasksRun: this.tasksRun,
      tasksFailed: this.tasksFailed,
      packetsDone: this.packetsDone,
      tasksInFlight: this.inFlight,
      queueDepth: this.piscina.queueSize,
      saturatedRefusals: this.refusals,
      workerBusyMs: this.workerBusyMs,
      utilization: this.piscina.utilization,
    };
  }

  /** The worker threads (tests use this to kill one). */
  get workerThreads(): readonly { terminate(): Promise<number> }[] {
    return this.piscina.threads;
  }

  /** Waits for running tasks, then stops the threads; verify() refuses from now on. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.close();
  }
}
