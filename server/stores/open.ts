// Opens the six participants and the decision log a StoresConfig names.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SqliteDecisionLog, type DecisionLog } from "../commit/decision-log.js";
import { PostgresDecisionLog } from "../commit/decision-log-postgres.js";
import type { StoresConfig } from "./config.js";
import { PARTICIPANT_NAMES } from "./limits.js";
import type { Participant } from "./participant.js";
import { PostgresParticipant } from "./postgres/participant.js";
import { SqliteParticipant } from "./sqlite/participant.js";
import { LocalSqliteParticipant } from "./sqlite/local.js";

export interface Stores {
  participants: Participant[];
  log: DecisionLog;
  close(): Promise<void>;
}

export function sqliteParticipantFile(dir: string, participantId: number): string {
  return join(dir, `participant-${PARTICIPANT_NAMES[participantId]}.sqlite`);
}

export interface OpenStoresOptions {
  /** SQLite only: run the participants on the caller's thread instead of one worker thread each (offline
   *  tools and checkers; the server keeps the default, worker threads). */
  sqliteInProcess?: boolean;
}

/** Opens every participant (all or nothing: if one fails, those opened are closed again) and the log. */
export async function openStores(config: StoresConfig, opts: OpenStoresOptions = {}): Promise<Stores> {
  let opening: Promise<Participant>[];
  let openLog: () => Promise<DecisionLog>;
  if (config.kind === "sqlite") {
    mkdirSync(config.dir, { recursive: true });
    const kind = opts.sqliteInProcess ? LocalSqliteParticipant : SqliteParticipant;
    opening = PARTICIPANT_NAMES.map((_, i) => kind.open(sqliteParticipantFile(config.dir, i), i));
    openLog = () => SqliteDecisionLog.open(join(config.dir, "decisions.sqlite"));
  } else {
    opening = config.participants.map((p, i) => PostgresParticipant.open(p.url, i));
    const log = config.decisionLog;
    openLog = () => (log.kind === "sqlite" ? SqliteDecisionLog.open(log.file) : PostgresDecisionLog.open(log.url));
  }
  const settled = await Promise.allSettled(opening);
  const participants = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all(participants.map((p) => p.close().catch(() => undefined)));
    throw failed.reason;
  }
  let log: DecisionLog;
  try {
    log = await openLog();
  } catch (e) {
    await Promise.all(participants.map((p) => p.close().catch(() => undefined)));
    throw e;
  }
  return {
    participants,
    log,
    async close() {
      await Promise.all(participants.map((p) => p.close()));
      await log.close();
    },
  };
}
