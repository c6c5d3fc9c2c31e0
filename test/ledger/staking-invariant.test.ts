// The staking invariant (G_STK_TOTAL == the pool account's CHR == Σ stakes) is checked like the
// supply invariants: a simulated core bug (test build hook) is caught and halts the ledger (CIR-302).
import { describe, expect, it } from "vitest";
import { LedgerParam as P, Token } from "../../bindings/index.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";
import { World, S, E0, stake } from "./staking.helpers.js";
import { EPOCH_MS } from "./model-fixtures.js";

useTestCore();

describe("staking invariant", () => {
  it("W no longer equal to the pool's CHR is caught: CIR-302 at the next batch, none of it applied", () => {
    const w = new World([{ param: P.REWARD_RATE, value: 10n * S }]);
    w.one(1n, "alice", [stake(100n * S)]);
    testHooks(w.ledger.core).ledgerTestCorruptStakeTotal(99n * S, 0n);
    expect(w.ledger.checkInvariants()).toMatchObject({ ok: false, token: Token.CHR });
    const r = w.ledger._applyRecordsForTest({ seq: 2n, timeMs: (E0 + 2n) * EPOCH_MS }, []);
    expect(r.halted).toBe(true);
    expect(w.ledger.haltRecord()).toMatchObject({ code: 302, message: 422, seq: 2n });
  });
});
