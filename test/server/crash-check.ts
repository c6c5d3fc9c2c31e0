// What the crash suite checks after each kill, on any stores: recovery leaves no round in doubt; every
// acknowledged round has its commit record (same payload); every participant holds exactly the state the
// commit records replay to (so no round is half applied and nothing else leaked in); the marker row of a round
// is on all six participants or on none.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { Coordinator, type RecoveryReport } from "../../server/commit/coordinator.js";
import type { Stores } from "../../server/stores/open.js";
import { applyExpected, markerRow, readAll, unpackWriteSets } from "./helpers.js";

export interface CheckResult {
  recovery: RecoveryReport;
  committedRounds: number;
  inDoubtResolved: number;
}

export async function recoverAndCheck(stores: Stores, acked: Map<bigint, string>): Promise<CheckResult> {
  const { recovery } = await Coordinator.start(stores.participants, stores.log);
  expect(recovery.failures).toEqual([]);
  for (const p of stores.participants) expect(await p.recover()).toEqual([]);

  const expected = stores.participants.map(() => new Map<string, string>());
  const committed = new Set<bigint>();
  let last = 0n;
  for (;;) {
    const page = await stores.log.after(last, 1000);
    for (const rec of page) {
      last = rec.round;
      if (rec.decision !== "commit") continue;
      committed.add(rec.round);
      const digest = createHash("sha256").update(rec.payload).digest("hex");
      if (acked.has(rec.round)) expect(digest, `round ${rec.round} payload`).toBe(acked.get(rec.round));
      unpackWriteSets(rec.payload).forEach((ws, p) => applyExpected(expected[p]!, ws, p));
    }
    if (page.length < 1000) break;
  }
  for (const round of acked.keys()) expect(committed.has(round), `acked round ${round} has a commit record`).toBe(true);
  const highestCommitted = [...committed].reduce((a, b) => (b > a ? b : a), 0n);
  for (const p of stores.participants) {
    const rows = await readAll(p, 500);
    expect(rows, `participant ${p.participantId} state = replay of the commit records`).toEqual(
      expected[p.participantId],
    );
    expect(await p.lastCommittedRound()).toBe(highestCommitted);
    // Markers: exactly the committed rounds (a round aborted on recovery left none behind).
    const m = markerRow(p.participantId, 0n);
    const markers = [...rows.keys()].filter((k) => k.startsWith(`${m.kind}:${"ff".repeat(24)}`)).length;
    expect(markers).toBe(committed.size);
  }
  return { recovery, committedRounds: committed.size, inDoubtResolved: recovery.resolved.length };
}
