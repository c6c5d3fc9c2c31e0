// The two-phase commit coordinator (SPEC §10). The sequencer is the single writer: it calls runRound once per
// batch, one round at a time, rounds strictly increasing. Phase 1 prepares every participant in parallel; if all
// vote yes the commit decision is forced to the decision log, and only then does phase 2 commit everyone. Any no
// vote or error aborts every participant, and no abort record is written: presumed abort (a round without a
// record is aborted by recovery), so an aborted round costs no fsync of the coordinator's own.
// Fencing: the coordinator's term is claimed from the decision log at start (highest + 1); participants refuse a
// lower term and the log refuses a decision from one, so a stale coordinator can neither prepare nor decide.
// runRound returns "committed" or "aborted", or throws E_FENCED (a newer coordinator exists: stop) or
// E_DECISION_UNKNOWN (the log failed and the outcome cannot be known until it answers: run recovery).
import { qfsError, type QfsError } from "../../bindings/errors/index.js";
import { COMMIT_RETRIES_MAX, COMMIT_RETRY_PAUSE_MS, PARTICIPANT_COUNT } from "../stores/limits.js";
import { type Participant, type Vote } from "../stores/participant.js";
import { crashPoint } from "./crash-points.js";
import type { Decision, DecisionLog } from "./decision-log.js";

export type Outcome = "committed" | "aborted";

export interface RoundStats {
  round: bigint;
  outcome: Outcome;
  /** Forced (fsynced) transactions this round took, participants and decision log together. */
  forcedWrites: number;
  /** The no votes, by participant id. */
  noVotes: { participantId: number; code: string; reason: string }[];
  /** Participants whose phase-2 commit still failed after retries (left to recovery). */
  commitFailures: number[];
  /** Metrics (server/metrics): time of phase 1, of the decision append, and of phase 2, ms (0 when not run). */
  phaseMs: { prepare: number; decision: number; commit: number };
}

export interface RecoveryReport {
  term: bigint;
  /** Each in-doubt round found, and what recovery did with it. */
  resolved: { participantId: number; round: bigint; action: "commit" | "abort" }[];
  /** Participants that could not be asked or settled (their error). */
  failures: { participantId: number; code: string; message: string }[];
  /** The round the next runRound must be above. */
  lastRound: bigint;
}

export interface CoordinatorOptions {
  /** Called once the decision is durable (before phase 2): the point where a round may be acknowledged. */
  onDecision?: (round: bigint, decision: Decision) => void;
}

/** Decision-log errors raised before anything is written: the round is certainly not decided. */
const DEFINITE_REFUSALS = new Set([
  "E_FENCED",
  "E_ROUND_ORDER",
  "E_DECISION_CONFLICT",
  "E_ROUND_RANGE",
  "E_DECISION_INVALID",
  "E_DECISION_PAYLOAD",
]);

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Coordinator {
  private lastRound = 0n;
  private fenced = false;
  /** Rounds decided commit whose phase 2 failed on some participant: retried before the next round. */
  private readonly unsettled = new Map<number, bigint>();
  lastStats: RoundStats | undefined;
  /** Why the last failed decision append failed (kept for the round's caller and logs). */
  decisionError: Error | undefined;
  /** Metrics (server/metrics): the round whose decision could not be read back (E_DECISION_UNKNOWN), until
   *  recovery settles it. */
  private unknownRound: bigint | undefined;

  private constructor(
    readonly participants: readonly Participant[],
    readonly log: DecisionLog,
    readonly term: bigint,
    private readonly opts: CoordinatorOptions,
  ) {}

  /** Claims a new term, resolves every in-doubt round (recover()) and returns the coordinator ready to run. */
  static async start(
    participants: readonly Participant[],
    log: DecisionLog,
    opts: CoordinatorOptions = {},
  ): Promise<{ coordinator: Coordinator; recovery: RecoveryReport }> {
    if (participants.length !== PARTICIPANT_COUNT)
      throw qfsError("E_COORDINATOR_CONFIG", `${participants.length} participants, expected ${PARTICIPANT_COUNT}`);
    participants.forEach((p, i) => {
      if (p.participantId !== i) throw qfsError("E_COORDINATOR_CONFIG", `participant ${i} has id ${p.participantId}`);
    });
    const coordinator = new Coordinator(participants, log, await log.claimTerm(), opts);
    const recovery = await coordinator.recover();
    return { coordinator, recovery };
  }

  /** Metrics (server/metrics): rounds whose outcome is not settled everywhere — decided commit with a participant's
   *  phase 2 still failing, or of unknown outcome (the decision log failed) — until a later round or recovery
   *  settles them. */
  roundsInDoubt(): number {
    return this.unsettled.size + (this.unknownRound === undefined ? 0 : 1);
  }

  /** The round number the next runRound should use. */
  nextRound(): bigint {
    return this.lastRound + 1n;
  }

  private forcedTotal(): number {
    return this.participants.reduce((n, p) => n + p.forcedWrites(), this.log.forcedWrites());
  }

  /** `payload` may still be in the making (the sequencer signs it while the participants prepare); if it fails,
   *  the round is aborted like a no vote and its error is thrown: the outcome is certain (nothing was decided). */
  async runRound(
    round: bigint,
    writeSets: readonly Uint8Array[],
    payload: Uint8Array | Promise<Uint8Array>,
  ): Promise<Outcome> {
    if (this.fenced) throw qfsError("E_FENCED", `coordinator term ${this.term} was fenced off`);
    if (round <= this.lastRound) throw qfsError("E_ROUND_ORDER", `round ${round} <= last round ${this.lastRound}`);
    if (writeSets.length !== PARTICIPANT_COUNT)
      throw qfsError("E_COORDINATOR_CONFIG", `${writeSets.length} write sets, expected ${PARTICIPANT_COUNT}`);
    this.lastRound = round;
    await this.settleUnsettled();
    const forcedBefore = this.forcedTotal();
    const phaseMs = { prepare: 0, decision: 0, commit: 0 };
    let t0 = performance.now();
    const votes = await this.prepareAll(round, writeSets);
    phaseMs.prepare = performance.now() - t0;
    let payloadBytes: Uint8Array;
    try {
      payloadBytes = await payload;
    } catch (e) {
      if (!this.fenced) await Promise.all(this.participants.map((p) => p.abort(round).catch(() => undefined)));
      const forcedWrites = this.forcedTotal() - forcedBefore;
      this.lastStats = { round, outcome: "aborted", forcedWrites, noVotes: [], commitFailures: [], phaseMs };
      throw e;
    }
    crashPoint("after-all-prepared");
    const noVotes = votes.flatMap((v, participantId) =>
      v.vote === "no" ? [{ participantId, code: v.code, reason: v.reason }] : [],
    );
    if (noVotes.some((v) => v.code === "E_FENCED")) this.fenced = true;
    let outcome: Outcome = "aborted";
    let commitFailures: number[] = [];
    t0 = performance.now();
    if (noVotes.length === 0 && (await this.decide(round, payloadBytes))) {
      phaseMs.decision = performance.now() - t0;
      this.opts.onDecision?.(round, "commit");
      crashPoint("after-decision");
      t0 = performance.now();
      commitFailures = await this.commitAll(round);
      phaseMs.commit = performance.now() - t0;
      outcome = "committed";
    } else if (!this.fenced) {
      // Presumed abort: no record. A failed abort leaves a prepared round that recovery aborts.
      await Promise.all(this.participants.map((p) => p.abort(round).catch(() => undefined)));
      // A round left prepared by someone else (a fenced predecessor, a failed phase 2) blocks every later prepare
      // on that participant: settle it now from the log rather than abort every round until a restart.
      if (noVotes.some((v) => v.code === "E_ROUND_PENDING")) await this.recover();
    }
    this.lastStats = {
      round,
      outcome,
      forcedWrites: this.forcedTotal() - forcedBefore,
      noVotes,
      commitFailures,
      phaseMs,
    };
    if (this.fenced) throw qfsError("E_FENCED", `coordinator term ${this.term} was fenced off in round ${round}`);
    return outcome;
  }

  private async prepareAll(round: bigint, writeSets: readonly Uint8Array[]): Promise<Vote[]> {
    let firstYes = true;
    return Promise.all(
      this.participants.map(async (p, i): Promise<Vote> => {
        let vote: Vote;
        try {
          vote = await p.prepare(round, this.term, writeSets[i]!);
        } catch (e) {
          vote = { vote: "no", code: "E_STORAGE", reason: (e as Error).message };
        }
        if (vote.vote === "yes" && firstYes) {
          firstYes = false;
          crashPoint("after-some-prepared");
        }
        return vote;
      }),
    );
  }

  /** Forces the commit decision; true once a commit record is durable, false if the round is not decided
   *  (aborted like a no vote). A refusal the log raises before writing (fenced, order, conflict, caps) is
   *  definite. Any other failure is ambiguous: over a network the commit may have landed although the call
   *  failed. Then the round is decided by appending an abort record: if that succeeds the round is aborted; if a
   *  commit record is found in its place the round is committed; if the log stays unreachable the outcome is
   *  unknown — the participants stay prepared, E_DECISION_UNKNOWN is thrown, and recovery decides once the log
   *  answers again. */
  private async decide(round: bigint, payload: Uint8Array): Promise<boolean> {
    try {
      await this.log.append(round, this.term, "commit", payload);
      return true;
    } catch (e) {
      this.decisionError = e as Error;
      const code = (e as QfsError).code;
      if (code === "E_FENCED") this.fenced = true;
      if (DEFINITE_REFUSALS.has(code)) return false;
    }
    for (let attempt = 0; attempt < COMMIT_RETRIES_MAX; attempt++) {
      try {
        await this.log.append(round, this.term, "abort", new Uint8Array(0));
        return false;
      } catch (e) {
        const code = (e as QfsError).code;
        if (code === "E_DECISION_CONFLICT" && (await this.log.get(round).catch(() => undefined))?.decision === "commit")
          return true;
        if (code === "E_FENCED") {
          this.fenced = true;
          return false;
        }
        await pause(COMMIT_RETRY_PAUSE_MS);
      }
    }
    this.unknownRound = round;
    throw qfsError(
      "E_DECISION_UNKNOWN",
      `round ${round}: the decision log failed (${this.decisionError?.message}); the participants stay prepared ` +
        "until recovery reads the decision",
    );
  }

  /** Phase 2 after a forced commit decision: retried; what still fails is left for settleUnsettled/recovery,
   *  and the outcome stays "committed" (the decision, not the phase-2 acks, is the commit point). */
  private async commitAll(round: bigint): Promise<number[]> {
    let first = true;
    const failed = await Promise.all(
      this.participants.map(async (p, i) => {
        const ok = await commitWithRetries(p, round);
        if (first) {
          first = false;
          crashPoint("mid-commit");
        }
        if (!ok) this.unsettled.set(i, round);
        return ok ? -1 : i;
      }),
    );
    return failed.filter((i) => i >= 0);
  }

  private async settleUnsettled(): Promise<void> {
    for (const [i, round] of [...this.unsettled]) {
      if (await commitWithRetries(this.participants[i]!, round)) this.unsettled.delete(i);
    }
  }

  /** Asks every participant for its in-doubt rounds and settles each from the decision log: commit when a
   *  commit record exists, abort otherwise (presumed abort). Also finds the last round used anywhere. */
  async recover(): Promise<RecoveryReport> {
    const report: RecoveryReport = {
      term: this.term,
      resolved: [],
      failures: [],
      lastRound: await this.log.highestRound(),
    };
    for (const p of this.participants) {
      try {
        const last = await p.lastCommittedRound();
        if (last > report.lastRound) report.lastRound = last;
        for (const round of await p.recover()) {
          if (round > report.lastRound) report.lastRound = round;
          const record = await this.log.get(round);
          const action = record?.decision === "commit" ? "commit" : "abort";
          await (action === "commit" ? p.commit(round) : p.abort(round));
          report.resolved.push({ participantId: p.participantId, round, action });
        }
      } catch (e) {
        const err = e as QfsError;
        report.failures.push({ participantId: p.participantId, code: err.code ?? "E_STORAGE", message: err.message });
      }
    }
    if (report.lastRound > this.lastRound) this.lastRound = report.lastRound;
    this.unsettled.clear();
    if (report.failures.length === 0) this.unknownRound = undefined;
    return report;
  }
}

async function commitWithRetries(p: Participant, round: bigint): Promise<boolean> {
  for (let attempt = 0; attempt < COMMIT_RETRIES_MAX; attempt++) {
    try {
      await p.commit(round);
      return true;
    } catch {
      await pause(COMMIT_RETRY_PAUSE_MS);
    }
  }
  return false;
}
