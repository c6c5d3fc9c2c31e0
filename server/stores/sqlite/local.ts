// A SQLite participant run on the caller's thread: the same engine as the worker-thread participant, without
// the thread. For tools and tests that inspect or recover stores offline (the crash suite's checker), where one
// thread is enough and starting six workers is not worth it. The server uses SqliteParticipant.
import { qfsError } from "../../../bindings/errors/index.js";
import { PARTICIPANT_NAMES } from "../limits.js";
import { type Participant, type ReadRowsOptions, type Vote } from "../participant.js";
import type { Row } from "../write-set.js";
import { SqliteEngine } from "./engine.js";

export class LocalSqliteParticipant implements Participant {
  private constructor(private readonly engine: SqliteEngine) {}

  static async open(file: string, participantId: number): Promise<LocalSqliteParticipant> {
    if (!Number.isInteger(participantId) || participantId < 0 || participantId >= PARTICIPANT_NAMES.length)
      throw qfsError("E_STORE_IDENTITY", `participant id ${participantId} outside 0..${PARTICIPANT_NAMES.length - 1}`);
    return new LocalSqliteParticipant(new SqliteEngine(file, participantId));
  }

  get participantId(): number {
    return this.engine.participantId;
  }
  async prepare(round: bigint, term: bigint, writeSet: Uint8Array): Promise<Vote> {
    return this.engine.prepare(round, term, writeSet);
  }
  async commit(round: bigint): Promise<void> {
    this.engine.commit(round);
  }
  async abort(round: bigint): Promise<void> {
    this.engine.abort(round);
  }
  async recover(): Promise<bigint[]> {
    return this.engine.recover();
  }
  async readRows(opts: ReadRowsOptions): Promise<Row[]> {
    return this.engine.readRows(opts);
  }
  async lastCommittedRound(): Promise<bigint> {
    return this.engine.lastCommittedRound();
  }
  async highestTerm(): Promise<bigint> {
    return this.engine.highestTerm();
  }
  forcedWrites(): number {
    return this.engine.forcedWrites;
  }
  async close(): Promise<void> {
    this.engine.close();
  }
}
