// CIR-302 in the service, the ledger's own halts (SPEC §9): an admin's HALT op halts the ledger in a batch; the
// node signs and persists the record, refuses every later non-resume packet with E_HALTED (503) and the record,
// keeps serving reads, stays halted across a restart, and a COUNCIL M-of-N RESUME (the core's op) ends it with
// the history kept. A client's bad signature is a 401 and never a halt.
import type { NodeEvent } from "../../server/node-service.js";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkHaltJson, ops } from "../../bindings/index.js";
import { isQfsError, type QfsError } from "../../bindings/errors/index.js";
import { buildApp } from "../../server/app.js";
import type { HaltEvent } from "../../server/halt/guard.js";
import type { HaltFile } from "../../server/halt/halt-file.js";
import { loadOrCreateNodeKey } from "../../server/node-key.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import {
  admin,
  ALICE,
  badSignature,
  council,
  haltGenesis,
  hex,
  mint,
  packet,
  removeTempDirs,
  resume,
  tempDataDir,
} from "./halt-fixtures.js";

afterAll(removeTempDirs);

const readHaltFile = (dataDir: string) => JSON.parse(readFileSync(join(dataDir, "halt.json"), "utf8")) as HaltFile;
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

describe("halt: the ledger's own (HALT op, council RESUME)", () => {
  it("an admin HALT halts the node: signed halt.json, E_HALTED with the record, reads go on, restart stays halted, council RESUME ends it", async () => {
    const dataDir = tempDataDir();
    const genesis = haltGenesis();
    let seq = await Sequencer.open({ dataDir, genesis, poolThreads: 1, batchDelayMs: 2 });
    let app = await buildApp({ node: seq });
    const events: HaltEvent[] = [];
    let unsubscribe = seq.guard.subscribe((e) => events.push(e));
    // What GET /v1/events subscribers get: the node's own stream carries the halt too.
    const streamed: NodeEvent[] = [];
    seq.subscribe((e) => streamed.push(e));
    try {
      expect((await seq.submit(mint(1n, ALICE, 50n))).outcome).toBe("OK");
      expect(seq.state()).toMatchObject({ halted: false, halt: null });
      expect(existsSync(join(dataDir, "halt.json"))).toBe(false);

      const haltReceipt = await seq.submit(packet([admin], 1n, [ops.halt(7)]));
      expect(haltReceipt.outcome).toBe("OK");
      const state = seq.state();
      expect(state.halted).toBe(true);
      const halt = state.halt!;
      expect(halt).toMatchObject({ source: "ledger", code: 1, message: 7, seq: haltReceipt.seq });
      expect(halt.stateRoot).toHaveLength(64);
      // Signed by the node key over the 80 record bytes; the same record is what halt.json holds.
      const nodeKey = loadOrCreateNodeKey(dataDir);
      expect(checkHaltJson(halt, nodeKey.publicKey)).toBeNull();
      expect(readHaltFile(dataDir).current?.halt).toEqual(halt);
      expect(readHaltFile(dataDir).current?.detail).toContain(haltReceipt.txId);
      expect(events).toEqual([{ type: "halt", halt }]);
      expect(streamed).toContainEqual({ type: "halt", halt });

      // Every non-resume packet: refused before queueing, E_HALTED (503) carrying the record.
      const refused = await rejection(seq.submit(mint(2n, ALICE, 1n)));
      expect(isQfsError(refused, "E_HALTED")).toBe(true);
      expect(refused.httpStatus).toBe(503);
      expect(refused.details?.halt).toEqual(halt);
      const r = await post(app, mint(2n, ALICE, 1n));
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ error: "E_HALTED", code: 20 });
      // Reads go on.
      expect((await seq.account(ALICE))?.balances.CHR).toBe("50");
      expect((await app.inject({ url: `/v1/accounts/${hex(ALICE)}` })).json()).toMatchObject({
        balances: { CHR: "50" },
      });
      expect((await app.inject({ url: "/v1/state" })).json()).toMatchObject({ halted: true });

      // Restart: still halted, with the very same signed record.
      unsubscribe();
      await app.close();
      await seq.close();
      seq = await Sequencer.open({ dataDir, poolThreads: 1, batchDelayMs: 2 });
      app = await buildApp({ node: seq });
      unsubscribe = seq.guard.subscribe((e) => events.push(e));
      expect(seq.state().halt).toEqual(halt);
      expect(isQfsError(await rejection(seq.submit(mint(2n, ALICE, 1n))), "E_HALTED")).toBe(true);

      // A resume is a packet the core judges: one council signer is short of COUNCIL_THRESHOLD 2 (403) …
      const one = await seq.submit(resume([council[0]], 1n, halt.hash));
      expect(one.outcome).toBe("E_MULTISIG_THRESHOLD");
      expect((await post(app, resume([council[0]], 1n, halt.hash))).statusCode).toBe(403);
      // … two signers naming another record's hash are refused by the core (409) …
      const wrong = await seq.submit(resume([council[0], council[1]], 1n, "00".repeat(32)));
      expect(wrong.outcome).toBe("E_HALT_RECORD_MISMATCH");
      expect(seq.state().halt).toEqual(halt);
      // … two signers naming it resume the ledger.
      const ok = await seq.submit(resume([council[0], council[1]], 1n, halt.hash));
      expect(ok.outcome).toBe("OK");
      expect(seq.state()).toMatchObject({ halted: false, halt: null });
      expect(events.at(-1)).toEqual({ type: "resume", hash: halt.hash });
      const file = readHaltFile(dataDir);
      expect(file.current).toBeNull();
      expect(file.history).toHaveLength(1);
      expect(file.history[0]).toMatchObject({
        halt,
        ended: { how: "ledger-resume", txId: ok.txId, councilSigners: 2 },
      });

      // Writes go on, and a restart does not halt again.
      expect((await seq.submit(mint(2n, ALICE, 1n))).outcome).toBe("OK");
      await app.close();
      await seq.close();
      seq = await Sequencer.open({ dataDir, poolThreads: 1, batchDelayMs: 2 });
      app = await buildApp({ node: seq });
      expect(seq.state()).toMatchObject({ halted: false, halt: null });
      expect((await seq.submit(mint(3n, ALICE, 1n))).outcome).toBe("OK");
    } finally {
      unsubscribe();
      await app.close();
      await seq.close();
    }
  });

  it("packets queued before the HALT's batch committed are refused with E_HALTED, not sequenced", async () => {
    const seq = await Sequencer.open({
      dataDir: tempDataDir(),
      genesis: haltGenesis(),
      poolThreads: 1,
      batchPackets: 1,
    });
    try {
      // batchPackets 1: the HALT runs alone; the mint waits in the queue while it commits.
      const halting = seq.submit(packet([admin], 1n, [ops.halt(9)]));
      const queued = seq.submit(mint(1n, ALICE, 5n));
      expect((await halting).outcome).toBe("OK");
      const e = await rejection(queued);
      expect(isQfsError(e, "E_HALTED")).toBe(true);
      expect(e.details?.halt).toEqual(seq.state().halt);
      expect((await seq.account(ALICE))?.balances.CHR).toBe("0");
    } finally {
      await seq.close();
    }
  });

  it("a halt.json that cannot be written: the HALT batch is still acknowledged, writes stop, the restart raises the halt", async () => {
    const dataDir = tempDataDir();
    let seq = await Sequencer.open({ dataDir, genesis: haltGenesis(), poolThreads: 1, batchDelayMs: 2 });
    try {
      mkdirSync(join(dataDir, "halt.json.tmp")); // the atomic write's temp file cannot be opened
      expect((await seq.submit(packet([admin], 1n, [ops.halt(2)]))).outcome).toBe("OK");
      const stopped = await rejection(seq.submit(mint(1n, ALICE, 1n)));
      expect(isQfsError(stopped, "E_SEQUENCER_CLOSED")).toBe(true);
      await seq.close();
      rmSync(join(dataDir, "halt.json.tmp"), { recursive: true });
      seq = await Sequencer.open({ dataDir, poolThreads: 1, batchDelayMs: 2 });
      expect(seq.state().halt).toMatchObject({ source: "ledger", code: 1, message: 2 });
      expect(readHaltFile(dataDir).current?.detail).toMatch(/found at start/);
    } finally {
      await seq.close();
    }
  });

  it("a client's bad signature is a 401 (E_SIG_INVALID) and never a halt", async () => {
    const dataDir = tempDataDir();
    const seq = await Sequencer.open({ dataDir, genesis: haltGenesis(), poolThreads: 1, batchDelayMs: 2 });
    const app = await buildApp({ node: seq });
    try {
      for (const p of [mint(1n, ALICE, 5n), packet([admin], 1n, [ops.halt(3)])]) {
        const r = await post(app, badSignature(p));
        expect(r.statusCode).toBe(401);
        expect(r.json()).toMatchObject({ error: "E_SIG_INVALID", code: 202 });
      }
      expect(seq.state()).toMatchObject({ halted: false, halt: null });
      expect(existsSync(join(dataDir, "halt.json"))).toBe(false);
      expect((await seq.submit(mint(1n, ALICE, 5n))).outcome).toBe("OK");
    } finally {
      await app.close();
      await seq.close();
    }
  });
});
