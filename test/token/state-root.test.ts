// Every record a token operation changes must be in the batch's state root: a penalty changes the
// target's stake, debt, pending reward and RES state even when none of its balances move (the
// slashed CHR is burnt from the pool), so the target must be touched like any written account.
import { describe, expect, it } from "vitest";
import { Ledger, LedgerRole as Role, verifyAccountValue, type LedgerOp } from "../../bindings/index.js";
import { ALL_MINTERS, CHAIN_ID, EPOCH_MS, T0, actor } from "../ledger/model-fixtures.js";

const E18 = 10n ** 18n;

describe("state root after token operations", () => {
  it("commits to a penalty target whose balances did not change", () => {
    const minter = actor("minter", 2, ALL_MINTERS);
    const c1 = actor("council1", 3, Role.COUNCIL);
    const c2 = actor("council2", 4, Role.COUNCIL);
    const bob = actor("bob", 7, 0);
    const ledger = Ledger.create({
      chainId: CHAIN_ID,
      timeMs: T0,
      epochLengthMs: EPOCH_MS,
      councilThreshold: 2n,
      keys: [minter, c1, c2, bob].map((a) => ({ publicKey: a.pk, roles: a.roles })),
      accountSlots: 64,
      keySlots: 16,
    });
    let seq = 0n;
    const send = (signers: (typeof bob)[], nonce: bigint, op: LedgerOp, time: bigint): number => {
      seq += 1n;
      const p = { chainId: CHAIN_ID, account: signers[0]!.account, signers: signers.map((s) => s.keyId), nonce };
      return ledger._applyRecordsForTest({ seq, timeMs: time }, [{ ...p, timestampMs: time, ops: [op] }]).outcomes[0]!;
    };
    expect(send([minter], 1n, { kind: "mint", token: 0, to: bob.account, amount: 100n * E18 }, T0)).toBe(0);
    expect(send([bob], 1n, { kind: "stake", token: 0, amount: 100n * E18 }, T0)).toBe(0);
    const later = T0 + 2n * EPOCH_MS;
    const slash: LedgerOp = { kind: "penalty", target: bob.account, slashShare: E18 / 2n, resBurn: 0n };
    expect(send([c1, c2], 1n, slash, later)).toBe(0);
    expect(ledger.getAccount(bob.account)!.staking.resState).toBe("PENALIZED");
    const proof = ledger.stateProof(bob.account);
    expect(verifyAccountValue(ledger.stateRoot(), bob.account, ledger.accountCommitment(bob.account)!, proof)).toBe(
      true,
    );
  });
});
