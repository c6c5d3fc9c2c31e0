// The coordinator suite on SQLite participants and a SQLite decision log; plus the decision log's own checks.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteDecisionLog } from "../../server/commit/decision-log.js";
import { openStores } from "../../server/stores/open.js";
import { coordinatorSuite } from "./coordinator-suite.js";
import { Coordinator } from "../../server/commit/coordinator.js";
import { COMMIT_RETRIES_MAX } from "../../server/stores/limits.js";
import { decisionLogSuite } from "./decision-log-suite.js";
import { qfsError } from "../../bindings/index.js";
import { packWriteSets, randomRound } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "qfs-sqlite-coordinator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// SQLite: six forced prepares + one forced decision; the commits run with synchronous=NORMAL.
coordinatorSuite("SQLite", {
  open: (name) => openStores({ kind: "sqlite", dir: join(dir, name) }),
  forcedPerCommittedRound: 7,
  forcedOnNewTerm: 0,
});

decisionLogSuite("SQLite", { open: (name) => SqliteDecisionLog.open(join(dir, `${name}.log.sqlite`)) });

describe("SQLite decision log", () => {
  it("a file that cannot be opened is a named error", async () => {
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
      if (failuresLeft-- > 0) throw qfsError("E_STORAGE", "injected commit failure");
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

  it("a decision append that fails ambiguously is settled by an abort record", async () => {
    const stores = await openStores({ kind: "sqlite", dir: join(dir, "logfail") }, { sqliteInProcess: true });
    const { coordinator } = await Coordinator.start(stores.participants, stores.log);
    const realAppend = stores.log.append.bind(stores.log);
    let failuresLeft = 1;
    stores.log.append = async (...args) => {
      if (failuresLeft-- > 0) throw qfsError("E_STORAGE", "injected disk failure");
      return realAppend(...args);
    };
    const ws1 = randomRound(22, 1n);
    expect(await coordinator.runRound(1n, ws1, packWriteSets(ws1))).toBe("aborted");
    expect(coordinator.decisionError?.message).toContain("injected");
    expect((await stores.log.get(1n))?.decision).toBe("abort");
    for (const p of stores.participants) {
      expect(await p.recover()).toEqual([]);
      expect(await p.lastCommittedRound()).toBe(0n);
    }
    await stores.close();
  });

  it("a decision log that stays down leaves the round in doubt (E_DECISION_UNKNOWN) for recovery", async () => {
    const stores = await openStores({ kind: "sqlite", dir: join(dir, "logdown") }, { sqliteInProcess: true });
    const { coordinator } = await Coordinator.start(stores.participants, stores.log);
    const realAppend = stores.log.append.bind(stores.log);
    stores.log.append = async () => {
      throw qfsError("E_STORAGE", "injected: log unreachable");
    };
    const ws1 = randomRound(24, 1n);
    await expect(coordinator.runRound(1n, ws1, packWriteSets(ws1))).rejects.toMatchObject({
      code: "E_DECISION_UNKNOWN",
    });
    for (const p of stores.participants) expect(await p.recover()).toEqual([1n]);
    stores.log.append = realAppend;
    const { recovery } = await Coordinator.start(stores.participants, stores.log);
    expect(recovery.resolved.map((r) => r.action)).toEqual(Array(6).fill("abort")); // no record: presumed abort
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
