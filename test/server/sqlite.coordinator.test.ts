// The coordinator suite on SQLite participants and a SQLite decision log; plus the decision log's own checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteDecisionLog } from "../../server/commit/decision-log.js";
import { openStores } from "../../server/stores/open.js";
import { coordinatorSuite } from "./coordinator-suite.js";
import { Coordinator } from "../../server/commit/coordinator.js";
import { COMMIT_RETRIES_MAX, DECISION_PAYLOAD_BYTES_MAX } from "../../server/stores/limits.js";
import { StoreError } from "../../server/stores/participant.js";
import { packWriteSets, randomRound } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "qfs-sqlite-coordinator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// SQLite: six forced prepares + one forced decision; the commits run with synchronous=NORMAL.
coordinatorSuite("SQLite", {
  open: (name) => openStores({ kind: "sqlite", dir: join(dir, name) }),
  forcedPerCommittedRound: 7,
  forcedOnNewTerm: 0,
});

describe("SQLite decision log", () => {
  it("forces each append and each term claim, keeps order, and pages", async () => {
    const log = await SqliteDecisionLog.open(join(dir, "log.sqlite"));
    expect(await log.highestTerm()).toBe(0n);
    expect(await log.claimTerm()).toBe(1n);
    expect(log.forcedWrites()).toBe(1);
    for (let r = 1n; r <= 25n; r++)
      await log.append(r, 1n, r % 5n === 0n ? "abort" : "commit", new Uint8Array([Number(r)]));
    expect(log.forcedWrites()).toBe(26);
    await log.append(25n, 1n, "abort", new Uint8Array([25])); // the identical record again: a no-op
    expect(log.forcedWrites()).toBe(26);
    await expect(log.append(25n, 1n, "commit", new Uint8Array(0))).rejects.toMatchObject({
      code: "E_DECISION_CONFLICT",
    });
    await expect(log.append(30n, 0n, "commit", new Uint8Array(0))).rejects.toMatchObject({ code: "E_ROUND_RANGE" });
    const page = await log.after(10n, 10);
    expect(page.map((r) => r.round)).toEqual([11n, 12n, 13n, 14n, 15n, 16n, 17n, 18n, 19n, 20n]);
    expect((await log.after(20n, 10)).map((r) => r.round)).toEqual([21n, 22n, 23n, 24n, 25n]);
    expect((await log.get(15n))?.decision).toBe("abort");
    expect((await log.get(16n))?.payload).toEqual(new Uint8Array([16]));
    expect(await log.get(99n)).toBeUndefined(); // presumed abort: no record
    await expect(log.after(0n, 0)).rejects.toMatchObject({ code: "E_READ_LIMIT" });
    const oversized = new Uint8Array(DECISION_PAYLOAD_BYTES_MAX + 1);
    await expect(log.append(26n, 1n, "commit", oversized)).rejects.toMatchObject({ code: "E_DECISION_PAYLOAD" });
    await log.close();
    const again = await SqliteDecisionLog.open(join(dir, "log.sqlite"));
    expect(await again.claimTerm()).toBe(2n);
    await expect(again.append(26n, 1n, "commit", new Uint8Array(0))).rejects.toMatchObject({ code: "E_FENCED" });
    await again.append(27n, 2n, "commit", new Uint8Array(0));
    await expect(again.append(26n, 2n, "commit", new Uint8Array(0))).rejects.toMatchObject({ code: "E_ROUND_ORDER" });
    expect(await again.highestRound()).toBe(27n);
    await again.close();
    await expect(SqliteDecisionLog.open(join(dir, "missing-dir", "log.sqlite"))).rejects.toMatchObject({
      code: "E_STORAGE",
    });
  });
});

describe("coordinator phase 2 failures (SQLite)", () => {
  it("a commit that fails after the decision does not change the outcome; it is settled before the next round", async () => {
    const stores = await openStores({ kind: "sqlite", dir: join(dir, "phase2") }, { sqliteInProcess: true });
    let failuresLeft = COMMIT_RETRIES_MAX; // the whole first round's retries fail on participant 2
    const flaky = stores.participants[2]!;
    const realCommit = flaky.commit.bind(flaky);
    flaky.commit = async (round) => {
      if (failuresLeft-- > 0) throw new StoreError("E_STORAGE", "injected commit failure");
      return realCommit(round);
    };
    const { coordinator } = await Coordinator.start(stores.participants, stores.log);
    const ws1 = randomRound(21, 1n);
    expect(await coordinator.runRound(1n, ws1, packWriteSets(ws1))).toBe("committed");
    expect(coordinator.lastStats?.commitFailures).toEqual([2]);
    expect(await flaky.recover()).toEqual([1n]); // still prepared: in doubt on that participant only
    const ws2 = randomRound(21, 2n);
    expect(await coordinator.runRound(2n, ws2, packWriteSets(ws2))).toBe("committed");
    for (const p of stores.participants) {
      expect(await p.lastCommittedRound()).toBe(2n);
      expect(await p.recover()).toEqual([]);
    }
    await stores.close();
  });

  it("a decision log that fails to append aborts the round (nothing was decided)", async () => {
    const stores = await openStores({ kind: "sqlite", dir: join(dir, "logfail") }, { sqliteInProcess: true });
    const { coordinator } = await Coordinator.start(stores.participants, stores.log);
    stores.log.append = async () => {
      throw new StoreError("E_STORAGE", "injected disk failure");
    };
    const ws1 = randomRound(22, 1n);
    expect(await coordinator.runRound(1n, ws1, packWriteSets(ws1))).toBe("aborted");
    expect(coordinator.decisionError?.message).toContain("injected");
    for (const p of stores.participants) {
      expect(await p.recover()).toEqual([]);
      expect(await p.lastCommittedRound()).toBe(0n);
    }
    await stores.close();
  });

  it("a round left prepared by someone else is settled on the first E_ROUND_PENDING, not at the next restart", async () => {
    const stores = await openStores({ kind: "sqlite", dir: join(dir, "stray") }, { sqliteInProcess: true });
    const { coordinator } = await Coordinator.start(stores.participants, stores.log);
    const stray = randomRound(23, 7n);
    expect((await stores.participants[4]!.prepare(7n, coordinator.term, stray[4]!)).vote).toBe("yes");
    const ws8 = randomRound(23, 8n);
    expect(await coordinator.runRound(8n, ws8, packWriteSets(ws8))).toBe("aborted");
    expect(coordinator.lastStats?.noVotes).toMatchObject([{ participantId: 4, code: "E_ROUND_PENDING" }]);
    expect(await stores.participants[4]!.recover()).toEqual([]); // no commit record for 7: aborted
    const ws9 = randomRound(23, 9n);
    expect(await coordinator.runRound(9n, ws9, packWriteSets(ws9))).toBe("committed");
    await stores.close();
  });
});
