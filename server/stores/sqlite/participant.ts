// The main thread's side of a SQLite participant: a Participant whose every call is a message to the worker
// thread that owns the file (worker.ts). In-flight requests are bounded (WORKER_IN_FLIGHT_MAX) and each has a
// reply deadline; a dead worker fails every pending request, and a prepare that fails is a "no" vote.
import { qfsError } from "../../../bindings/errors/index.js";
import { Worker } from "node:worker_threads";
import { PARTICIPANT_NAMES, WORKER_IN_FLIGHT_MAX, WORKER_REPLY_TIMEOUT_MS, WRITE_SET_BYTES_MAX } from "../limits.js";
import { storeErrorFrom, type Participant, type ReadRowsOptions, type Vote } from "../participant.js";
import type { Row } from "../write-set.js";
import type { Ready, Reply, Request, Result, WorkerInit } from "./protocol.js";
import { sqliteWorkerUrl } from "./worker-entry.js";

type Pending = { resolve: (r: Result) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> };
type Op = Request extends infer R ? (R extends { op: infer O } ? O : never) : never;

// Spreads a request type over its op so a call site names the op and its own fields only.
type Args<O extends Op> = Omit<Extract<Request, { op: O }>, "id" | "op">;

export class SqliteParticipant implements Participant {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private forced = 0;
  private dead: Error | undefined;

  private constructor(
    readonly participantId: number,
    private readonly worker: Worker,
  ) {
    worker.on("message", (m: Reply) => this.onReply(m));
    worker.on("error", (e) => this.fail(qfsError("E_STORAGE", `worker failed: ${e.message}`)));
    worker.on("exit", (code) => this.fail(qfsError("E_STORAGE", `worker exited (${code})`)));
  }

  /** Opens (creating if missing) the participant's SQLite file in its own worker thread. */
  static async open(file: string, participantId: number): Promise<SqliteParticipant> {
    if (!Number.isInteger(participantId) || participantId < 0 || participantId >= PARTICIPANT_NAMES.length)
      throw qfsError("E_STORE_IDENTITY", `participant id ${participantId} outside 0..${PARTICIPANT_NAMES.length - 1}`);
    const init: WorkerInit = { file, participantId };
    const worker = new Worker(await sqliteWorkerUrl(), { workerData: init });
    const ready = await new Promise<Ready>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw storeErrorFrom(ready.code, ready.message);
    }
    return new SqliteParticipant(participantId, worker);
  }

  private onReply(m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return; // timed out already
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    this.forced = m.forcedWrites;
    if (m.ok) p.resolve(m.result);
    else p.reject(storeErrorFrom(m.code, m.message));
  }

  private fail(e: Error): void {
    this.dead ??= e;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }

  private call<O extends Op>(op: O, args: Args<O>): Promise<Result> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending.size >= WORKER_IN_FLIGHT_MAX)
      return Promise.reject(qfsError("E_STORE_BUSY", `${WORKER_IN_FLIGHT_MAX} requests already in flight`));
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(qfsError("E_STORE_TIMEOUT", `${op} got no reply in ${WORKER_REPLY_TIMEOUT_MS} ms`));
      }, WORKER_REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, op, ...args });
    });
  }

  async prepare(round: bigint, term: bigint, writeSet: Uint8Array): Promise<Vote> {
    // The cap before the copy to the worker; the worker's decoder checks everything else.
    if (writeSet.length > WRITE_SET_BYTES_MAX)
      return { vote: "no", code: "E_WS_TOO_LARGE", reason: `${writeSet.length} bytes > ${WRITE_SET_BYTES_MAX}` };
    try {
      return (await this.call("prepare", { round, term, writeSet })) as Vote;
    } catch (e) {
      return { vote: "no", code: "E_STORAGE", reason: (e as Error).message };
    }
  }
  async commit(round: bigint): Promise<void> {
    await this.call("commit", { round });
  }
  async abort(round: bigint): Promise<void> {
    await this.call("abort", { round });
  }
  async recover(): Promise<bigint[]> {
    return (await this.call("recover", {})) as bigint[];
  }
  async readRows(opts: ReadRowsOptions): Promise<Row[]> {
    return (await this.call("readRows", { opts })) as Row[];
  }
  async lastCommittedRound(): Promise<bigint> {
    return (await this.call("lastCommittedRound", {})) as bigint;
  }
  async highestTerm(): Promise<bigint> {
    return (await this.call("highestTerm", {})) as bigint;
  }
  forcedWrites(): number {
    return this.forced;
  }
  async close(): Promise<void> {
    if (!this.dead) await this.call("close", {}).catch(() => undefined);
    this.dead ??= qfsError("E_STORAGE", "participant closed");
    await this.worker.terminate();
  }
}
