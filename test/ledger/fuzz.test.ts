// Malformed input never traps the core: mutated and truncated packet records, and random batch
// framing, give outcome or batch codes; the invariants hold and the state root stays reproducible.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger, Token, encodeLedgerPacket } from "../../bindings/index.js";
import { standardActors, standardGenesis, packet, fakePk, T0 } from "./model-fixtures.js";

interface Raw {
  memory: WebAssembly.Memory;
  ledgerInputPtr(): number;
  ledgerApplyBatch(seq: bigint, timeMs: bigint, n: number, len: number, mode: number): number;
}

describe("ledger input fuzz", () => {
  it("mutated packet records give codes, never traps, and keep the invariants", () => {
    const actors = standardActors();
    const [admin, minter, , , , alice, bob] = actors;
    const seeds = [
      packet([minter!], 1n, [{ kind: "mint", token: Token.FLX, to: alice!.keyId, amount: 100n }]),
      packet([alice!], 1n, [
        { kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 1n },
        { kind: "burn", token: Token.FLX, amount: 1n },
      ]),
      packet([admin!], 1n, [{ kind: "keyRegister", publicKey: fakePk(77), roles: 0 }]),
      packet([admin!, alice!], 1n, [{ kind: "keyRotate", oldKeyId: alice!.keyId, publicKey: fakePk(78) }]),
    ].map((p) => encodeLedgerPacket(p));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.integer({ min: 0, max: 2 }),
        (which, flips, cut, mode) => {
          const ledger = Ledger.create(standardGenesis(actors));
          const raw: Raw = ledger.core.exports;
          const rec = seeds[which]!.slice();
          for (const [at, v] of flips) rec[at % rec.length] = v;
          const body = cut === undefined ? rec : rec.subarray(0, cut % (rec.length + 1));
          const m = new Uint8Array(raw.memory.buffer);
          const base = raw.ledgerInputPtr();
          m.fill(0, base, base + 32);
          m.set(body, base + 32);
          const rc = raw.ledgerApplyBatch(1n, T0, 1, 32 + body.length, mode);
          expect(rc === 0 || (rc >= 300 && rc < 500)).toBe(true);
          expect(ledger.checkInvariants()).toEqual({ ok: true });
        },
      ),
      { numRuns: 2000 },
    );
  });
});
