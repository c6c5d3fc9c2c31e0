// CIR-302 in the service, the node's halts (SPEC §9): at start the ledger rebuilt from the stores must reach the
// last commit decision's state root. A participant row changed behind the node's back (here: a balance edited in
// the token's SQLite file) makes it a node halt: code 302, message E_RESTORE_ROOT, signed, persisted; the node
// serves reads from the state the stores hold and refuses writes; a restart stays halted; only a council M-of-N
// resume naming the record's hash ends it, and the node then runs on the stores' state (recorded in halt.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkHaltJson, ops, Token } from "../../bindings/index.js";
import { isQfsError, type QfsError } from "../../bindings/errors/index.js";
import { buildApp } from "../../server/app.js";
import type { HaltFile } from "../../server/halt/halt-file.js";
import { loadOrCreateNodeKey } from "../../server/node-key.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import {
  ALICE,
  badSignature,
  BOB,
  corruptBalance,
  corruptRunningSum,
  council,
  haltGenesis,
  hex,
  minter,
  packet,
  removeTempDirs,
  resume,
  mint,
  tempDataDir,
} from "./halt-fixtures.js";

afterAll(removeTempDirs);

const readHaltFile = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, "halt.json"), "utf8")) as HaltFile;
const open = (dataDir: string, withGenesis = false) =>
  Sequencer.open({ dataDir, ...(withGenesis ? { genesis: haltGenesis() } : {}), poolThreads: 1, batchDelayMs: 2 });
const post = (app: Awaited<ReturnType<typeof buildApp>>, p: Uint8Array) =>
  app.inject({
    method: "POST",
    url: "/v1/transactions",
    headers: { "content-type": "application/octet-stream" },
    payload: Buffer.from(p),
  });
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as QfsError,
  );

/** A node with 100 CHR each for alice and bob, closed; returns its last state root and seq. */
async function fundedNode(dataDir: string): Promise<{ stateRoot: string; seq: string }> {
  const seq = await open(dataDir, true);
  try {
    const r = await seq.submit(
      packet([minter], 1n, [ops.mint(Token.CHR, ALICE, 100n), ops.mint(Token.CHR, BOB, 100n)]),
    );
    expect(r.outcome).toBe("OK");
    return { stateRoot: seq.state().stateRoot, seq: seq.state().seq };
  } finally {
    await seq.close();
  }
}

describe("halt: the node's own (stores that do not reach the last decision's root)", () => {
  it("a moved balance halts the node at start; reads serve the stores' state, writes 503; council 2-of-3 accepts the stores", async () => {
    const dataDir = tempDataDir();
    const before = await fundedNode(dataDir);
    // One CHR moved from alice to bob in the CHR participant's file: supplies still add up, the root does not.
    expect(corruptBalance(dataDir, Token.CHR, ALICE, -1n)).toBe(99n);
    expect(corruptBalance(dataDir, Token.CHR, BOB, 1n)).toBe(101n);

    let seq = await open(dataDir);
    let app = await buildApp({ node: seq });
    try {
      const state = seq.state();
      expect(state.halted).toBe(true);
      const halt = state.halt!;
      expect(halt).toMatchObject({
        source: "node",
        code: 302,
        message: 448,
        reason: "E_RESTORE_ROOT",
        seq: before.seq,
      });
      // The record names the state the node serves (the stores'), so a council's resume binds exactly that state.
      expect(halt.stateRoot).toBe(state.stateRoot);
      expect(halt.stateRoot).not.toBe(before.stateRoot);
      expect(checkHaltJson(halt, loadOrCreateNodeKey(dataDir).publicKey)).toBeNull();
      expect(readHaltFile(dataDir).current).toMatchObject({ halt, expectedStateRoot: before.stateRoot });

      // Reads: the stores' state.
      expect((await seq.account(ALICE))?.balances.CHR).toBe("99");
      expect((await app.inject({ url: `/v1/accounts/${hex(BOB)}` })).json()).toMatchObject({
        balances: { CHR: "101" },
      });
      // Writes: 503 E_HALTED with the record.
      const e = await rejection(seq.submit(mint(2n, ALICE, 1n)));
      expect(isQfsError(e, "E_HALTED")).toBe(true);
      expect(e.details?.halt).toEqual(halt);
      expect((await post(app, mint(2n, ALICE, 1n))).statusCode).toBe(503);

      // Restart: still halted, the same record.
      await app.close();
      await seq.close();
      seq = await open(dataDir);
      app = await buildApp({ node: seq });
      expect(seq.state().halt).toEqual(halt);

      // One council signer is below COUNCIL_THRESHOLD 2: 403 E_RESUME_INVALID.
      const short = await post(app, resume([council[0]], 1n, halt.hash));
      expect(short.statusCode).toBe(403);
      expect(short.json()).toMatchObject({ error: "E_RESUME_INVALID", code: 882 });
      // Two, but naming another hash, or with an extra op, or a non-council key counted: 403.
      await expect(seq.submit(resume([council[0], council[1]], 1n, "11".repeat(32)))).rejects.toSatisfy((x) =>
        isQfsError(x, "E_RESUME_INVALID"),
      );
      await expect(
        seq.submit(packet([council[0], minter], 1n, [ops.resume(Buffer.from(halt.hash, "hex"))])),
      ).rejects.toSatisfy((x) => isQfsError(x, "E_RESUME_INVALID"));
      // Two with one bad signature: a client's bad signature is a 401.
      const forged = await post(app, badSignature(resume([council[0], council[1]], 1n, halt.hash)));
      expect(forged.statusCode).toBe(401);
      expect(forged.json()).toMatchObject({ error: "E_SIG_INVALID" });
      expect(seq.state().halt).toEqual(halt);

      // Two council signers naming the record: the node resumes on the stores' state.
      const ok = await post(app, resume([council[1], council[2]], 1n, halt.hash));
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ outcome: "OK", code: 0, stateRoot: halt.stateRoot, seq: before.seq });
      expect(seq.state()).toMatchObject({ halted: false, halt: null, stateRoot: halt.stateRoot });
      const file = readHaltFile(dataDir);
      expect(file.current).toBeNull();
      expect(file.history.at(-1)).toMatchObject({
        halt,
        ended: {
          how: "council-accepts-stores",
          txId: ok.json<{ txId: string }>().txId,
          councilSigners: 2,
          expectedStateRoot: before.stateRoot,
          acceptedStateRoot: halt.stateRoot,
        },
      });

      // The acceptance is durable: a restart on the same stores does not halt again, and writes go on from them.
      await app.close();
      await seq.close();
      seq = await open(dataDir);
      app = await buildApp({ node: seq });
      expect(seq.state()).toMatchObject({ halted: false, halt: null, stateRoot: halt.stateRoot });
      expect((await seq.submit(mint(2n, ALICE, 1n))).outcome).toBe("OK");
      expect((await seq.account(ALICE))?.balances.CHR).toBe("100");
      await app.close();
      await seq.close();
      seq = await open(dataDir);
      app = await buildApp({ node: seq });
      expect(seq.state().halted).toBe(false);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("a created balance: the council accepts the stores; the next start's invariant scan halts the node (E_INVARIANT_VIOLATED)", async () => {
    const dataDir = tempDataDir();
    await fundedNode(dataDir);
    corruptBalance(dataDir, Token.CHR, ALICE, 5n); // 205 CHR in balances, 200 in supply
    let seq = await open(dataDir);
    try {
      const nodeHalt = seq.state().halt!;
      expect(nodeHalt).toMatchObject({ source: "node", code: 302, message: 448 });
      expect((await seq.submit(resume([council[0], council[2]], 1n, nodeHalt.hash))).outcome).toBe("OK");
      // The core's per-batch check compares its running sums (unchanged) with the supplies: the batch applies.
      expect((await seq.submit(mint(2n, BOB, 1n))).outcome).toBe("OK");
      await seq.close();
      // Now the decision's root is the stores' root; the start's full scan finds sum(balances) != supply.
      seq = await open(dataDir);
      const halt = seq.state().halt!;
      expect(halt).toMatchObject({ source: "node", code: 302, message: 422, reason: "E_INVARIANT_VIOLATED" });
      expect(halt.stateRoot).toBe(seq.state().stateRoot);
      expect(checkHaltJson(halt, loadOrCreateNodeKey(dataDir).publicKey)).toBeNull();
      expect(isQfsError(await rejection(seq.submit(mint(3n, BOB, 1n))), "E_HALTED")).toBe(true);
      // The council may accept this state too; then a restart does not scan it again.
      expect((await seq.submit(resume([council[1], council[2]], 2n, halt.hash))).outcome).toBe("OK");
      await seq.close();
      seq = await open(dataDir);
      expect(seq.state().halted).toBe(false);
    } finally {
      await seq.close();
    }
  });

  it("a broken running sum: accepted by the council, the core's own invariant check halts the ledger in the next batch", async () => {
    const dataDir = tempDataDir();
    await fundedNode(dataDir);
    corruptRunningSum(dataDir, Token.CHR, 5n);
    const seq = await open(dataDir);
    try {
      const nodeHalt = seq.state().halt!;
      expect(nodeHalt).toMatchObject({ source: "node", code: 302, message: 448 });
      expect((await seq.submit(resume([council[0], council[2]], 1n, nodeHalt.hash))).outcome).toBe("OK");
      expect(seq.state().halted).toBe(false);
      // The core checks running sum = supply at the start of every batch: CIR-302, code 302, E_INVARIANT_VIOLATED.
      const r = await seq.submit(mint(2n, BOB, 1n));
      expect(r.outcome).toBe("E_HALTED");
      const halt = seq.state().halt!;
      expect(halt).toMatchObject({ source: "ledger", code: 302, message: 422, reason: "E_INVARIANT_VIOLATED" });
      expect(checkHaltJson(halt, loadOrCreateNodeKey(dataDir).publicKey)).toBeNull();
      expect(readHaltFile(dataDir).current?.halt).toEqual(halt);
      expect(readHaltFile(dataDir).current?.detail).toContain("invariant");
      expect(isQfsError(await rejection(seq.submit(mint(3n, BOB, 1n))), "E_HALTED")).toBe(true);
    } finally {
      await seq.close();
    }
  });
});
