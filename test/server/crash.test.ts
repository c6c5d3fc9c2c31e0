// Kill -9, for real (SPEC §10, issue 8): a child process runs 2PC rounds over six SQLite participants (each in
// its own worker thread) and is SIGKILLed at each named point of the protocol and at random times; after each
// kill the stores are reopened, recovered and checked (crash-check.ts). QFS_CRASH_KILLS sets the number of
// kills (default 20; `npm run test:crash -- --kills N`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStores } from "../../server/stores/open.js";
import { crashLoop } from "./crash-runner.js";

const kills = Number(process.env.QFS_CRASH_KILLS ?? "20");
const dir = mkdtempSync(join(tmpdir(), "qfs-crash-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("kill -9 on SQLite participants", () => {
  it(
    `survives ${kills} kills: no acked round lost, none half applied, none left in doubt`,
    { timeout: 600_000 },
    async () => {
      const config = { kind: "sqlite" as const, dir };
      const summary = await crashLoop({
        config,
        kills,
        seed: Number(process.env.QFS_CRASH_SEED ?? "7"),
        openForCheck: () => openStores(config, { sqliteInProcess: true }),
      });
      console.log(`crash suite (SQLite): ${JSON.stringify(summary)}`);
      expect(Object.values(summary.killsPerPoint).reduce((a, b) => a + b, 0)).toBe(kills);
      expect(summary.acked).toBeGreaterThan(0);
    },
  );
});
