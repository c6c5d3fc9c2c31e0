// The sequencer's group commit and its bounded queue, on SQLite stores in a temp data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { accountId, encodePacket, generateKeyPair, ops, sha3_256, signPacket, Token } from "../../bindings/index.js";
import { isQfsError } from "../../bindings/errors/index.js";
import { replayLogStream } from "../../bindings/replay/replay.js";
import { buildApp } from "../../server/app.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { openStores } from "../../server/stores/open.js";
import type { Participant } from "../../server/stores/participant.js";

const CHAIN_ID = 22;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const minter = generateKeyPair(65, sha3_256(new TextEncoder().encode("qfs-v13/test/sequencer/minter")));
const genesis = {
  chainId: CHAIN_ID,
  timeMs: String(Date.now() - 1000),
  keys: [{ publicKey: hex(minter.publicKey), roles: ["MINTER:CHR"] }],
  allocations: [],
};
const mint = (nonce: bigint) =>
  encodePacket(
    signPacket(
      {
        chainId: CHAIN_ID,
        account: accountId(minter.publicKey),
        nonce,
        timestampMs: BigInt(Date.now()),
        ops: [ops.mint(Token.CHR, new Uint8Array(32).fill(7), 5n)],
      },
      [minter],
    ),
  );

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "qfs-seq-"));
  dirs.push(d);
  return d;
};

describe("sequencer", () => {
  it("group commit: packets submitted together share one batch, in order, each with its outcome", async () => {
    const seq = await Sequencer.open({ dataDir: tempDir(), genesis, poolThreads: 1, batchDelayMs: 50 });
    try {
      // nonces 1..6 in order, then a replay of nonce 3: one batch, the replay rejected with E_NONCE.
      const packets = [1n, 2n, 3n, 4n, 5n, 6n, 3n].map(mint);
      const receipts = await Promise.all(packets.map((p) => seq.submit(p)));
      expect(new Set(receipts.map((r) => r.seq)).size).toBe(1);
      expect(receipts.map((r) => r.outcome)).toEqual(["OK", "OK", "OK", "OK", "OK", "OK", "E_NONCE"]);
      expect(receipts.map((r) => r.txId)).toEqual(packets.map((p) => hex(sha3_256(p))));
      expect((await seq.account(new Uint8Array(32).fill(7)))?.balances.CHR).toBe("30");
    } finally {
      await seq.close();
    }
  });

  it("a full queue refuses at once with E_POOL_SATURATED, HTTP 429 with Retry-After; the queued ones go through", async () => {
    const seq = await Sequencer.open({
      dataDir: tempDir(),
      genesis,
      poolThreads: 1,
      batchDelayMs: 200,
      queuePacketsMax: 2,
    });
    const app = await buildApp({ node: seq });
    try {
      const queued = [seq.submit(mint(1n)), seq.submit(mint(2n))];
      await expect(seq.submit(mint(3n))).rejects.toSatisfy((e) => isQfsError(e, "E_POOL_SATURATED"));
      const r = await app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/octet-stream" },
        payload: Buffer.from(mint(3n)),
      });
      expect(r.statusCode).toBe(429);
      expect(r.headers["retry-after"]).toBe("1");
      expect(r.json()).toMatchObject({ error: "E_POOL_SATURATED", code: 800 });
      expect((await Promise.all(queued)).map((x) => x.outcome)).toEqual(["OK", "OK"]);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("a participant voting no aborts the round: every waiter gets E_STORAGE (503), the core is undone", async () => {
    const dataDir = tempDir();
    const stores = await openStores({ kind: "sqlite", dir: join(dataDir, "stores") });
    let refuse = false;
    const real = stores.participants[2]!;
    const faulty: Participant = Object.create(real) as Participant;
    faulty.prepare = (round, term, ws) =>
      refuse ? Promise.resolve({ vote: "no", code: "E_STORAGE", reason: "injected" }) : real.prepare(round, term, ws);
    stores.participants[2] = faulty;
    const seq = await Sequencer.open({ dataDir, genesis, stores, poolThreads: 1 });
    const app = await buildApp({ node: seq });
    try {
      const before = seq.state();
      refuse = true;
      const r = await app.inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": "application/octet-stream" },
        payload: Buffer.from(mint(1n)),
      });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ error: "E_STORAGE", code: 837 });
      expect(seq.state()).toEqual(before);
      expect(await seq.account(new Uint8Array(32).fill(7))).toBeUndefined();
      // The store is back: the same nonce applies (the aborted batch consumed nothing).
      refuse = false;
      const ok = await seq.submit(mint(1n));
      expect(ok.outcome).toBe("OK");
      expect(BigInt(ok.seq)).toBe(BigInt(before.seq) + 1n);
      // The aborted round left no gap in the checkpoint chain: the served log replays to the node's state.
      expect(ok.checkpoint.prevHash).toBe(before.checkpoint.hash);
      const lines: string[] = [];
      for await (const l of seq.logLines()) lines.push(l);
      const replay = replayLogStream(lines.join("\n"));
      expect(replay.ok && replay.stateRoot).toBe(seq.state().stateRoot);
    } finally {
      await app.close();
      await seq.close();
    }
  });

  it("after close, submit refuses with E_SEQUENCER_CLOSED (503)", async () => {
    const seq = await Sequencer.open({ dataDir: tempDir(), genesis, poolThreads: 1 });
    await seq.close();
    await expect(seq.submit(mint(1n))).rejects.toSatisfy(
      (e) => isQfsError(e, "E_SEQUENCER_CLOSED") && e.httpStatus === 503,
    );
  });

  it("a new data dir without a genesis is E_DATA_DIR", async () => {
    await expect(Sequencer.open({ dataDir: tempDir(), poolThreads: 1 })).rejects.toSatisfy((e) =>
      isQfsError(e, "E_DATA_DIR"),
    );
  });
});
