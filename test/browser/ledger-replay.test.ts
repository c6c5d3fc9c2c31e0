// Node and a browser compute the same ledger: headless Chromium (playwright-core driving the
// system's /usr/bin/chromium; the suite fails without it) loads the package's browser entry, replays the
// golden log (vectors/ledger/basic.json) with in-core signature verification, and must reach the
// same state root after every batch as recorded (and as Node reaches in ledger.vectors.test.ts).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, withRepoPage } from "./repo-page.js";

// Runs in the page: replays the golden log and returns the hex state root after each batch.
async function replayInPage(): Promise<string[]> {
  const importer = new Function("u", "return import(u)") as (u: string) => Promise<Record<string, unknown>>;
  const qfs = (await importer("/dist/browser.js")) as unknown as {
    Ledger: {
      replay(g: unknown, log: unknown[]): { roots: Uint8Array[] };
    };
  };
  const v = await (await fetch("/vectors/ledger/basic.json")).json();
  const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
  const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, "0")).join("");
  const g = v.genesis;
  const genesis = {
    chainId: g.chainId,
    timeMs: BigInt(g.timeMs),
    epochLengthMs: BigInt(g.epochLengthMs),
    timestampWindowMs: BigInt(g.timestampWindowMs),
    councilThreshold: BigInt(g.councilThreshold),
    accountSlots: g.accountSlots,
    keySlots: g.keySlots,
    keys: g.keys.map((k: { publicKey: string; roles: number }) => ({ publicKey: bytes(k.publicKey), roles: k.roles })),
  };
  const log = v.batches.map((b: { seq: number; timeMs: string; auditHead: string; packets: string[] }) => ({
    header: { seq: BigInt(b.seq), timeMs: BigInt(b.timeMs), auditHead: bytes(b.auditHead) },
    packets: b.packets.map(bytes),
  }));
  return qfs.Ledger.replay(genesis, log).roots.map(hex);
}

describe("ledger in a browser", () => {
  it("replays the golden log to the same state roots as Node", async () => {
    const roots = await withRepoPage((page) => page.evaluate(replayInPage));
    const v = JSON.parse(readFileSync(resolve(REPO_ROOT, "vectors/ledger/basic.json"), "utf8")) as {
      batches: { stateRoot: string }[];
    };
    expect(roots).toEqual(v.batches.map((b) => b.stateRoot));
  });
});
