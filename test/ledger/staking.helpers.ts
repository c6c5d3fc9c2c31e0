// A small world for the staking tests: the standard actors, a genesis with CHR and RES allocations and
// the given parameters, and one batch per call at a chosen epoch offset from genesis.
import { expect } from "vitest";
import {
  Ledger,
  Token,
  ledgerCodeName,
  type BatchResult,
  type LedgerOp,
  type LedgerEvent,
} from "../../bindings/index.js";
import { standardActors, standardGenesis, packet, T0, EPOCH_MS, type Actor } from "./model-fixtures.js";

export const S = 10n ** 18n;
export const E0 = T0 / EPOCH_MS; // the genesis batch's epoch

export class World {
  readonly ledger: Ledger;
  readonly by: Record<string, Actor>;
  private seq = 0n;
  private readonly nonces = new Map<string, bigint>();

  constructor(params: { param: number; value: bigint }[] = [], chr = 1000n * S) {
    const actors = standardActors();
    this.by = Object.fromEntries(actors.map((a) => [a.name, a]));
    const allocations = ["alice", "bob", "minter"].map((n) => ({
      account: this.by[n]!.account,
      token: Token.CHR,
      amount: chr,
    }));
    this.ledger = Ledger.create({ ...standardGenesis(actors), params, allocations });
  }

  // Applies one batch at epoch E0 + epoch; returns outcome names and the result. Nonces advance only
  // for accepted packets. Checks the full invariants (Σ stake == W == pool CHR, supplies) after it.
  batch(
    epoch: bigint,
    packets: { who: string; ops: LedgerOp[]; cosigners?: string[] }[],
  ): {
    codes: string[];
    r: BatchResult;
  } {
    const timeMs = (E0 + epoch) * EPOCH_MS;
    const built = packets.map((p) => {
      const n = (this.nonces.get(p.who) ?? 0n) + 1n;
      this.nonces.set(p.who, n);
      const signers = [p.who, ...(p.cosigners ?? [])].map((x) => this.by[x]!);
      return packet(signers, n, p.ops, timeMs);
    });
    const r = this.ledger._applyRecordsForTest({ seq: ++this.seq, timeMs }, built);
    r.outcomes.forEach((c, i) => {
      if (c !== 0) this.nonces.set(packets[i]!.who, this.nonces.get(packets[i]!.who)! - 1n);
    });
    expect(this.ledger.checkInvariants()).toEqual({ ok: true });
    return { codes: r.outcomes.map(ledgerCodeName), r };
  }

  // One packet in its own batch; returns its outcome name and events.
  one(epoch: bigint, who: string, ops: LedgerOp[], cosigners: string[] = []): { code: string; events: LedgerEvent[] } {
    const { codes, r } = this.batch(epoch, [{ who, ops, cosigners }]);
    return { code: codes[0]!, events: r.events.filter((e) => e.packet === 0) };
  }

  staking(name: string) {
    return this.ledger.getAccount(this.by[name]!.account)!.staking;
  }
  balance(name: string, token: number): bigint {
    return this.ledger.getAccount(this.by[name]!.account)!.balances[token]!;
  }
}

export const stake = (amount: bigint): LedgerOp => ({ kind: "stake", token: Token.CHR, amount });
export const unstake = (amount: bigint, emergency = false): LedgerOp => ({
  kind: "unstake",
  token: Token.CHR,
  amount,
  emergency,
});
export const claim: LedgerOp = { kind: "claim", token: Token.CHR };
