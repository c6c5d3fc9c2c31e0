// A host that refuses memory (simulated by a test hook capping memory.grow): the batch that needed
// to grow the tables is rejected as a whole, at batch level, and changes nothing; once memory is
// available the same batch applies. In its own file, so that the core has no freed regions to
// reuse from earlier tests.
import { describe, expect, it } from "vitest";
import { isQfsError, Ledger, newCoreInstance } from "../../bindings/index.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";
import { standardActors, standardGenesis, packet, T0 } from "./model-fixtures.js";

useTestCore();

describe("capacity: out of memory", () => {
  it("a batch the core cannot grow for is rejected with batch-level E_ACCOUNTS_FULL and applies nothing", () => {
    const actors = standardActors();
    const minter = actors.find((a) => a.name === "minter")!;
    const core = newCoreInstance();
    const ledger = Ledger.create({ ...standardGenesis(actors), accountSlots: 16, keySlots: 16 }, { core });
    const before = { root: ledger.stateRoot(), count: ledger.accountCount, cap: ledger.capacity() };
    // 500 packets x 16 mints to new accounts: the account table must grow to 16,384 slots (2.6 MiB).
    const packets = Array.from({ length: 500 }, (_, p) =>
      packet(
        [minter],
        BigInt(p + 1),
        Array.from({ length: 16 }, (_, k) => ({
          kind: "mint" as const,
          token: 1,
          to: new Uint8Array(32)
            .fill(1 + ((16 * p + k) % 250))
            .fill(p >> 8, 0, 1)
            .fill(p & 255, 1, 2)
            .fill(k, 2, 3),
          amount: 1n,
        })),
      ),
    );
    testHooks(core).ledgerTestCapMemoryGrowth(0);
    try {
      let err: unknown;
      try {
        ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, packets);
      } catch (e) {
        err = e;
      }
      expect(isQfsError(err, "E_ACCOUNTS_FULL")).toBe(true);
      expect((err as Error).message).toMatch(/^E_ACCOUNTS_FULL: batch 1 rejected/);
      expect(Buffer.from(ledger.stateRoot())).toEqual(Buffer.from(before.root));
      expect(ledger.accountCount).toBe(before.count);
      expect(ledger.seq).toBe(0n);
      expect(ledger.capacity()).toEqual(before.cap);
    } finally {
      testHooks(core).ledgerTestCapMemoryGrowth(0xffffffff);
    }
    const r = ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, packets);
    expect(r.outcomes.every((c) => c === 0)).toBe(true);
    expect(ledger.accountCount).toBe(before.count + 8000);
    expect(ledger.capacity().accountSlots).toBe(16_384);
    expect(ledger.checkInvariants()).toEqual({ ok: true });
  });
});
