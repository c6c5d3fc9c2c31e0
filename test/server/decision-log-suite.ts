// The decision log's contract, whatever stores it: forced appends and term claims, order, fencing, paging,
// presumed abort (no record), caps. Run on SQLite by sqlite.coordinator.test.ts and on PostgreSQL by
// pg/postgres.participant.test.ts.
import { describe, expect, it } from "vitest";
import type { DecisionLog } from "../../server/commit/decision-log.js";
import { DECISION_PAYLOAD_BYTES_MAX } from "../../server/stores/limits.js";

export interface DecisionLogHarness {
  /** A log named `name`: empty the first time, the same log when opened again. */
  open(name: string): Promise<DecisionLog>;
}

export function decisionLogSuite(label: string, h: DecisionLogHarness): void {
  describe(`${label} decision log`, () => {
    it("forces each append and each term claim, keeps order, and pages", async () => {
      const log = await h.open("log");
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
      const again = await h.open("log");
      expect(await again.claimTerm()).toBe(2n);
      await expect(again.append(26n, 1n, "commit", new Uint8Array(0))).rejects.toMatchObject({ code: "E_FENCED" });
      await again.append(27n, 2n, "commit", new Uint8Array(0));
      await expect(again.append(26n, 2n, "commit", new Uint8Array(0))).rejects.toMatchObject({ code: "E_ROUND_ORDER" });
      expect(await again.highestRound()).toBe(27n);
      await again.close();
    });
  });
}
