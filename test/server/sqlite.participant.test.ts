// The participant suite on SQLite files, each owned by its own worker thread; plus what only SQLite shows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteParticipant } from "../../server/stores/sqlite/participant.js";
import { SqliteEngine } from "../../server/stores/sqlite/engine.js";
import { encodeWriteSet, KIND_BALANCE } from "../../server/stores/write-set.js";
import { WORKER_IN_FLIGHT_MAX } from "../../server/stores/limits.js";
import { participantSuite } from "./participant-suite.js";
import { key, u128 } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "qfs-sqlite-participant-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

participantSuite("SQLite", { open: (name, id) => SqliteParticipant.open(join(dir, `${name}.sqlite`), id) });

describe("SQLite participant specifics", () => {
  it("prepare is forced (synchronous=FULL), commit and abort are not", () => {
    const e = new SqliteEngine(join(dir, "engine.sqlite"), 0);
    const ws = (r: bigint) =>
      encodeWriteSet(0, r, [{ kind: KIND_BALANCE, key: key(1), value: u128(r), delete: false }]);
    const start = e.forcedWrites;
    expect(e.prepare(1n, 1n, ws(1n)).vote).toBe("yes");
    expect(e.forcedWrites - start).toBe(1);
    e.commit(1n);
    expect(e.forcedWrites - start).toBe(1);
    expect(e.prepare(2n, 1n, ws(2n)).vote).toBe("yes");
    e.abort(2n);
    expect(e.forcedWrites - start).toBe(2);
    e.close();
  });

  it("bounds the requests in flight to one worker", async () => {
    const p = await SqliteParticipant.open(join(dir, "busy.sqlite"), 0);
    const calls = Array.from({ length: WORKER_IN_FLIGHT_MAX + 5 }, () =>
      p.lastCommittedRound().then(
        () => "ok",
        (e) => e.code,
      ),
    );
    const results = await Promise.all(calls);
    expect(results.filter((r) => r === "E_STORE_BUSY")).toHaveLength(5);
    expect(results.filter((r) => r === "ok")).toHaveLength(WORKER_IN_FLIGHT_MAX);
    await p.close();
    await expect(p.lastCommittedRound()).rejects.toMatchObject({ code: "E_STORAGE" });
    expect((await p.prepare(1n, 1n, encodeWriteSet(0, 1n, []))).vote).toBe("no"); // a closed store votes no
  });

  it("fails to open a file it cannot create with a named error", async () => {
    await expect(SqliteParticipant.open(join(dir, "no-such-dir", "x.sqlite"), 0)).rejects.toMatchObject({
      code: "E_STORAGE",
    });
  });
});
