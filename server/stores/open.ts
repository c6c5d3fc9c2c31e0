// Opens the six participants and the decision log a StoresConfig names.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SqliteDecisionLog, type DecisionLog } from "../commit/decision-log.js";
import type { StoresConfig } from "./config.js";
import { PARTICIPANT_NAMES } from "./limits.js";
import type { Participant } from "./participant.js";
import { PostgresParticipant } from "./postgres/participant.js";
import { SqliteParticipant } from "./sqlite/participant.js";

export interface Stores {
  participants: Participant[];
  log: DecisionLog;
  close(): Promise<void>;
}

export function sqliteParticipantFile(dir: string, participantId: number): string {
  return join(dir, `participant-${PARTICIPANT_NAMES[participantId]}.sqlite`);
}

export async function openStores(config: StoresConfig): Promise<Stores> {
  let participants: Participant[];
  let logFile: string;
  if (config.kind === "sqlite") {
    mkdirSync(config.dir, { recursive: true });
    participants = await Promise.all(PARTICIPANT_NAMES.map((_, i) => SqliteParticipant.open(sqliteParticipantFile(config.dir, i), i)));
    logFile = join(config.dir, "decisions.sqlite");
  } else {
    participants = await Promise.all(config.participants.map((p, i) => PostgresParticipant.open(p.url, i)));
    logFile = config.decisionLog.file;
  }
  const log = await SqliteDecisionLog.open(logFile);
  return {
    participants,
    log,
    async close() {
      await Promise.all(participants.map((p) => p.close()));
      await log.close();
    },
  };
}
