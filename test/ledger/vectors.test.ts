// Golden log (vectors/ledger/basic.json, scripts/gen-ledger-vectors.ts): replaying the signed DRV
// batches from the genesis reproduces every outcome, event and state root, with the core verifying
// the signatures and with the pre-verified path alike.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Ledger, ledgerCodeName, type Genesis } from "../../bindings/index.js";

interface Vector {
  genesis: {
    chainId: number;
    timeMs: string;
    epochLengthMs: string;
    timestampWindowMs: string;
    councilThreshold: string;
    accountSlots: number;
    keySlots: number;
    keys: { publicKey: string; roles: number }[];
  };
  batches: {
    seq: number;
    timeMs: string;
    auditHead: string;
    packets: string[];
    outcomes: string[];
    events: string[];
    stateRoot: string;
  }[];
  final: { supplies: string[]; balances: Record<string, string[]> };
}

const v = JSON.parse(readFileSync(new URL("../../vectors/ledger/basic.json", import.meta.url), "utf8")) as Vector;
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));
const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");

function genesis(): Genesis {
  const g = v.genesis;
  return {
    chainId: g.chainId,
    timeMs: BigInt(g.timeMs),
    epochLengthMs: BigInt(g.epochLengthMs),
    timestampWindowMs: BigInt(g.timestampWindowMs),
    councilThreshold: BigInt(g.councilThreshold),
    accountSlots: g.accountSlots,
    keySlots: g.keySlots,
    keys: g.keys.map((k) => ({ publicKey: bytes(k.publicKey), roles: k.roles })),
  };
}

describe("ledger golden log", () => {
  for (const upstream of [false, true]) {
    it(`replays to the recorded outcomes, events and roots (${upstream ? "verified-signer bitmaps" : "core verifies all"})`, () => {
      const ledger = Ledger.create(genesis());
      for (const b of v.batches) {
        const r = ledger.applyWireBatch(
          { seq: BigInt(b.seq), timeMs: BigInt(b.timeMs), auditHead: bytes(b.auditHead) },
          b.packets.map(bytes),
          upstream ? { verified: new Uint8Array(b.packets.length).fill(0xff) } : {},
        );
        expect(r.outcomes.map(ledgerCodeName), `batch ${b.seq}`).toEqual(b.outcomes);
        expect(r.events.map((e) => `${e.type}@${e.packet}`)).toEqual(b.events);
        expect(hex(r.stateRoot), `root of batch ${b.seq}`).toBe(b.stateRoot);
      }
      expect([0, 1, 2, 3, 4].map((t) => String(ledger.supply(t)))).toEqual(v.final.supplies);
      for (const [id, bal] of Object.entries(v.final.balances))
        expect(ledger.getAccount(bytes(id))!.balances.map(String)).toEqual(bal);
      expect(ledger.checkInvariants()).toEqual({ ok: true });
    });
  }
});
