// The coordinator over six participants, whatever stores them: a committed round is on all six, a no vote
// aborts all six, recovery settles in-doubt rounds from the decision log (presumed abort), a new coordinator
// fences the old one, and the forced writes per round are counted. Run on SQLite by sqlite.coordinator.test.ts
// and on PostgreSQL by pg/postgres.coordinator.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { Coordinator } from "../../server/commit/coordinator.js";
import type { Stores } from "../../server/stores/open.js";
import { encodeWriteSet } from "../../server/stores/write-set.js";
import { applyExpected, markerRow, packWriteSets, randomRound, readAll } from "./helpers.js";

export interface CoordinatorHarness {
  /** Opens the stores of `name` (fresh the first time, the same ones afterwards). */
  open(name: string): Promise<Stores>;
  /** Forced writes of one committed round: participants' prepares (+ their commits where those are forced)
   *  + the one decision. */
  forcedPerCommittedRound: number;
  /** Extra forced writes in a term's first round (PostgreSQL raises the term in its own statement). */
  forcedOnNewTerm: number;
}

export function coordinatorSuite(label: string, h: CoordinatorHarness): void {
  describe(`${label} coordinator`, () => {
    const opened: Stores[] = [];
    const open = async (name: string) => {
      const s = await h.open(name);
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it("commits rounds on all six participants; each costs the documented forced writes", async () => {
      const stores = await open("commit");
      const { coordinator, recovery } = await Coordinator.start(stores.participants, stores.log);
      expect(recovery.resolved).toEqual([]);
      const expected = stores.participants.map(() => new Map<string, string>());
      for (let i = 0; i < 5; i++) {
        const round = coordinator.nextRound();
        const ws = randomRound(11, round);
        expect(await coordinator.runRound(round, ws, packWriteSets(ws))).toBe("committed");
        expect(coordinator.lastStats?.forcedWrites).toBe(h.forcedPerCommittedRound + (i === 0 ? h.forcedOnNewTerm : 0));
        ws.forEach((w, p) => applyExpected(expected[p]!, w, p));
      }
      for (const p of stores.participants) {
        expect(await readAll(p)).toEqual(expected[p.participantId]);
        expect(await p.lastCommittedRound()).toBe(5n);
        expect(await p.recover()).toEqual([]);
      }
      expect((await stores.log.after(0n, 100)).map((r) => r.decision)).toEqual(Array(5).fill("commit"));
    });

    it("one no vote aborts the round everywhere and writes no decision (presumed abort)", async () => {
      const stores = await open("abort");
      const { coordinator } = await Coordinator.start(stores.participants, stores.log);
      const ws = randomRound(12, 1n);
      ws[3] = encodeWriteSet(4, 1n, []); // participant 3 gets participant 4's write set: votes E_WS_PARTICIPANT
      const logForced = stores.log.forcedWrites();
      expect(await coordinator.runRound(1n, ws, new Uint8Array(0))).toBe("aborted");
      expect(coordinator.lastStats?.noVotes).toMatchObject([{ participantId: 3, code: "E_WS_PARTICIPANT" }]);
      expect(stores.log.forcedWrites()).toBe(logForced);
      expect(await stores.log.get(1n)).toBeUndefined();
      for (const p of stores.participants) {
        expect(await p.recover()).toEqual([]);
        expect((await readAll(p)).size).toBe(0);
      }
      const ws2 = randomRound(12, 2n);
      expect(await coordinator.runRound(2n, ws2, packWriteSets(ws2))).toBe("committed");
      await expect(coordinator.runRound(2n, ws2, new Uint8Array(0))).rejects.toMatchObject({ code: "E_ROUND_ORDER" });
    });

    it("a payload that fails while the participants prepare aborts the round everywhere, with no decision", async () => {
      const stores = await open("payloadfail");
      const { coordinator } = await Coordinator.start(stores.participants, stores.log);
      const ws = randomRound(13, 1n);
      const logForced = stores.log.forcedWrites();
      const failing = new Promise<Uint8Array>((_, reject) => setTimeout(() => reject(new Error("signing failed")), 20));
      await expect(coordinator.runRound(1n, ws, failing)).rejects.toThrow("signing failed");
      expect(coordinator.lastStats?.outcome).toBe("aborted");
      expect(stores.log.forcedWrites()).toBe(logForced);
      expect(await stores.log.get(1n)).toBeUndefined();
      for (const p of stores.participants) {
        expect(await p.recover()).toEqual([]);
        expect((await readAll(p)).size).toBe(0);
      }
      // The next round goes through (no participant is left holding round 1).
      const ws2 = randomRound(13, 2n);
      expect(await coordinator.runRound(2n, ws2, Promise.resolve(packWriteSets(ws2)))).toBe("committed");
    });

    it("recovery commits in-doubt rounds that have a commit record and aborts the rest", async () => {
      const stores = await open("recover");
      const term = await stores.log.claimTerm();
      // Round 1: everyone prepared, decision forced, only participants 0-2 committed before the "crash".
      const ws1 = randomRound(13, 1n);
      for (const p of stores.participants) expect((await p.prepare(1n, term, ws1[p.participantId]!)).vote).toBe("yes");
      await stores.log.append(1n, term, "commit", packWriteSets(ws1));
      for (const p of stores.participants.slice(0, 3)) await p.commit(1n);
      // Round 2: prepared on the participants that settled round 1, no decision. (The others still hold round 1
      // prepared and would vote E_ROUND_PENDING.)
      const ws2 = randomRound(13, 2n);
      for (const p of stores.participants.slice(0, 3))
        expect((await p.prepare(2n, term, ws2[p.participantId]!)).vote).toBe("yes");
      expect(await stores.participants[3]!.prepare(2n, term, ws2[3]!)).toMatchObject({ code: "E_ROUND_PENDING" });
      const inDoubt = await Promise.all(stores.participants.map((p) => p.recover()));
      expect(inDoubt).toEqual([[2n], [2n], [2n], [1n], [1n], [1n]]);

      const { coordinator, recovery } = await Coordinator.start(stores.participants, stores.log);
      expect(coordinator.term).toBe(term + 1n);
      expect(recovery.failures).toEqual([]);
      const commits = recovery.resolved.filter((r) => r.action === "commit").map((r) => [r.participantId, r.round]);
      const aborts = recovery.resolved.filter((r) => r.action === "abort").map((r) => [r.participantId, r.round]);
      expect(commits).toEqual([
        [3, 1n],
        [4, 1n],
        [5, 1n],
      ]);
      expect(aborts).toEqual([
        [0, 2n],
        [1, 2n],
        [2, 2n],
      ]);
      expect(recovery.lastRound).toBe(2n);
      for (const p of stores.participants) {
        expect(await p.recover()).toEqual([]);
        const rows = await readAll(p);
        const m1 = markerRow(p.participantId, 1n);
        const m2 = markerRow(p.participantId, 2n);
        expect(rows.has(`${m1.kind}:${Buffer.from(m1.key).toString("hex")}`)).toBe(true);
        expect(rows.has(`${m2.kind}:${Buffer.from(m2.key).toString("hex")}`)).toBe(false);
      }
      expect(coordinator.nextRound()).toBe(3n);
    });

    it("a new coordinator fences the old one: its prepares and its decisions are refused", async () => {
      const stores = await open("fence");
      const old = (await Coordinator.start(stores.participants, stores.log)).coordinator;
      const ws1 = randomRound(14, 1n);
      expect(await old.runRound(1n, ws1, packWriteSets(ws1))).toBe("committed");
      const fresh = (await Coordinator.start(stores.participants, stores.log)).coordinator;
      expect(fresh.term).toBe(old.term + 1n);
      const ws2 = randomRound(14, 2n);
      expect(await fresh.runRound(2n, ws2, packWriteSets(ws2))).toBe("committed");
      const ws3 = randomRound(14, 3n);
      await expect(old.runRound(3n, ws3, packWriteSets(ws3))).rejects.toMatchObject({ code: "E_FENCED" });
      expect(old.lastStats?.noVotes.every((v) => v.code === "E_FENCED")).toBe(true);
      await expect(stores.log.append(3n, old.term, "commit", new Uint8Array(0))).rejects.toMatchObject({
        code: "E_FENCED",
      });
      for (const p of stores.participants) expect(await p.lastCommittedRound()).toBe(2n);
    });
  });
}
