// The node's log, receipts, retries and read side over SQLite (contracts §1, §2): every receipt verifies against
// its signed checkpoint, the served log replays to the node's state root, and a restart (with the archive deleted,
// or after a kill halfway through indexing) serves the same receipts and the same log.
import { rmSync } from "node:fs";
import { DatabaseSync } from "@photostructure/sqlite";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isQfsError, qfsError } from "../../bindings/errors/index.js";
import { checkAccountInCheckpoint, checkEntryInCheckpoint, verifyCheckpoint } from "../../bindings/audit/checkpoint.js";
import { checkConsistency, checkInclusion } from "../../bindings/audit/proof.js";
import { decodeEntry } from "../../bindings/audit/entries.js";
import { auditLeafHash } from "../../bindings/audit/index.js";
import { replayLogStream } from "../../bindings/replay/replay.js";
import { sha3_256, Token } from "../../bindings/index.js";
import { ARCHIVE_FILE } from "../../server/archive/archive.js";
import { checkpointOfJson } from "../../server/archive/checkpoint-json.js";
import type { NodeEvent, ReceiptJson } from "../../server/node-service.js";
import { stateProofOfJson, type StateProofJson } from "../../server/sequencer/reads-json.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import {
  alice,
  ALICE,
  archiveGenesis,
  bob,
  BOB,
  hex,
  minter,
  nodeKey,
  packet,
  roundOne,
  roundTwo,
  tempDir,
} from "./archive-fixtures.js";
import { ops } from "../../bindings/index.js";

const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function open(dataDir: string): Promise<Sequencer> {
  return Sequencer.open({
    dataDir,
    genesis: archiveGenesis(Date.now() - 1000),
    nodeKey,
    poolThreads: 1,
    batchDelayMs: 30,
  });
}

async function logText(node: Sequencer): Promise<string> {
  const lines: string[] = [];
  for await (const l of node.logLines()) lines.push(l);
  return lines.join("\n") + "\n";
}

/** What a client checks of a receipt with only the node's public key. */
function verifyReceipt(r: ReceiptJson): void {
  const { checkpoint, signature } = checkpointOfJson(r.checkpoint);
  expect(verifyCheckpoint(checkpoint, signature, nodeKey.publicKey)).toBe(true);
  expect(r.checkpoint.seq).toBe(Number(r.seq));
  expect(r.stateRoot).toBe(r.checkpoint.stateRoot);
  const entry = new Uint8Array(Buffer.from(r.outcomeEntry, "base64"));
  const proof = r.inclusionProof.map(unhex);
  expect(checkEntryInCheckpoint(entry, r.auditIndex, proof, checkpoint, signature, nodeKey.publicKey)).toBeNull();
  const decoded = decodeEntry(entry);
  expect(decoded).toMatchObject({ kind: "outcome", status: r.code });
  expect(hex((decoded as { txId: Uint8Array }).txId)).toBe(r.txId);
}

describe("archive: receipts, the served log, restart", () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let node: Sequencer;
  let one: ReceiptJson[];
  let two: ReceiptJson[];
  const p1 = roundOne();
  const p2 = roundTwo();

  beforeAll(async () => {
    node = await open(dataDir);
    one = await Promise.all(p1.map((p) => node.submit(p)));
    two = await Promise.all(p2.map((p) => node.submit(p)));
  }, 120_000);
  afterAll(async () => node.close());

  it("every receipt verifies: signed checkpoint, inclusion proof, outcome entry naming its tx and code", () => {
    expect(one.map((r) => r.outcome)).toEqual(["OK", "OK"]);
    expect(two.map((r) => r.code === 0)).toEqual([true, false, false, false]);
    expect(two[2]!.outcome).toBe("E_NONCE");
    for (const r of [...one, ...two]) {
      verifyReceipt(r);
      expect(r.repeat).toBe(false);
    }
    expect(two.map((r) => r.txId)).toEqual(p2.map((p) => hex(sha3_256(p))));
    expect(two.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    expect(two[3]!.bodyHash).toBe("0".repeat(64)); // does not decode: no body
    // Alice's payment emitted three transfers, each an event entry after its outcome entry.
    expect(two[0]!.events.map((e) => [e.type, e.token, e.amount])).toEqual([
      ["Transfer", Token.CHR, "120"],
      ["Transfer", Token.FLX, "30"],
    ]);
    expect(two[0]!.events.map((e) => e.auditIndex)).toEqual([1, 2].map((k) => two[0]!.auditIndex + k));
    expect(two[0]!.events[0]).toMatchObject({ from: hex(ALICE), to: hex(BOB), packet: 0 });
  });

  it("the checkpoints chain from the genesis checkpoint; consistency proofs link them", async () => {
    const cps = await node.checkpoints(0, 1000);
    expect(cps.map((c) => c.seq)).toEqual([0, 1, 2]);
    for (let i = 1; i < cps.length; i++) {
      expect(cps[i]!.prevHash).toBe(cps[i - 1]!.hash);
      const proof = (await node.consistencyProof(cps[i - 1]!.treeSize, cps[i]!.treeSize)).map(unhex);
      expect(
        checkConsistency(
          cps[i - 1]!.treeSize,
          cps[i]!.treeSize,
          proof,
          unhex(cps[i - 1]!.auditRoot),
          unhex(cps[i]!.auditRoot),
        ),
      ).toBeNull();
    }
    expect(node.state().checkpoint).toEqual(cps[2]);
    expect(node.state().nodeKeyId).toBe(hex(nodeKey.keyId));
    const entries = await node.entries(0, cps[2]!.treeSize);
    expect(entries.length).toBe(cps[2]!.treeSize);
    const proof = (await node.inclusionProof(5, cps[2]!.treeSize)).map(unhex);
    const leaf = auditLeafHash(new Uint8Array(Buffer.from(entries[5]!.entry, "base64")));
    expect(checkInclusion(leaf, 5, cps[2]!.treeSize, proof, unhex(cps[2]!.auditRoot))).toBeNull();
  });

  it("the served log is a replay log that reaches the node's state root", async () => {
    const result = replayLogStream(await logText(node), { nodeKeyId: nodeKey.keyId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.stateRoot).toBe(node.state().stateRoot);
    expect(result.checkpointHash).toBe(node.state().checkpoint.hash);
    expect(result.batches).toBe(2);
  });

  it("accounts carry a state proof in the latest checkpoint; histories list the events naming them", async () => {
    const acc = (await node.account(BOB))!;
    expect(acc.balances).toMatchObject({ CHR: "127", FLX: "30" });
    const { checkpoint, signature } = checkpointOfJson(node.state().checkpoint);
    const proof = stateProofOfJson(acc.proof.proof as StateProofJson);
    const value = proof.terminal.kind === "leaf" ? proof.terminal.value : undefined;
    expect(value).toBeDefined();
    expect(checkAccountInCheckpoint(BOB, value, proof, checkpoint, signature, nodeKey.publicKey)).toBeNull();
    const events = await node.accountEvents(BOB, 0, 1000);
    expect(events.map((e) => [e.event.type, e.event.token])).toEqual([
      ["KeyRegistered", undefined], // genesis: bob's key, owned by his account
      ["Mint", Token.CHR],
      ["Transfer", Token.CHR],
      ["Transfer", Token.FLX],
    ]);
    expect(events[0]).toMatchObject({ seq: "0", txId: "0".repeat(64) });
    expect(events[1]!.txId).toBe(one[1]!.txId);
    expect(events[2]!.txId).toBe(two[0]!.txId);
    const page = await node.accountEvents(BOB, events[1]!.auditIndex + 1, 1);
    expect(page.map((e) => e.auditIndex)).toEqual([events[2]!.auditIndex]);
    expect((await node.accountEvents(ALICE, 0, 2)).map((e) => e.event.type)).toEqual(["KeyRegistered", "Mint"]);
    expect((await node.key(sha3_256(alice.publicKey)))?.level).toBe(44);
    expect(await node.key(new Uint8Array(32))).toBeUndefined();
  });

  it("retries: the same bytes answer the original receipt (repeat) and apply once; so does a re-signed body", async () => {
    const before = node.state();
    const again = await node.submit(p1[0]!);
    expect(again).toEqual({ ...one[0]!, repeat: true });
    const failed = await node.submit(p2[1]!); // a retry of a rejected packet is its rejection again
    expect(failed).toEqual({ ...two[1]!, repeat: true });
    expect(node.state()).toEqual(before);
    // A body signed twice (hedged signing: other bytes, same body hash): once it applied, the second copy answers
    // the first's receipt and is not sequenced.
    const t = BigInt(Date.now());
    const pay = [ops.transfer(Token.CHR, ALICE, 2n)];
    const first = packet(bob, 1n, pay, true, t);
    const second = packet(bob, 1n, pay, true, t);
    expect(hex(second)).not.toBe(hex(first));
    const r1 = await node.submit(first);
    expect(r1.outcome).toBe("OK");
    const after = node.state();
    expect(await node.submit(second)).toEqual({ ...r1, repeat: true });
    expect(node.state()).toEqual(after);
    expect(await node.receipt(sha3_256(second))).toBeUndefined();
    // A body whose first copy failed is a new packet when signed again: it is sequenced (and fails again here).
    const overspend = [ops.transfer(Token.CHR, ALICE, 10n ** 30n)];
    const bad1 = await node.submit(packet(bob, 2n, overspend, true, t));
    const bad2 = await node.submit(packet(bob, 2n, overspend, true, t));
    expect(bad1.code).not.toBe(0);
    expect(bad2.repeat).toBe(false);
    expect(BigInt(bad2.seq)).toBeGreaterThan(BigInt(bad1.seq));
  });

  it("a duplicate of a queued packet shares its receipt: one application", async () => {
    const bobBefore = (await node.account(BOB))!.balances.CHR!;
    const p = packet(minter, 3n, [ops.mint(Token.CHR, BOB, 1n)]);
    const [a, b] = await Promise.all([node.submit(p), node.submit(p)]);
    expect(a.outcome).toBe("OK");
    expect(b).toEqual({ ...a, repeat: true });
    expect(a.repeat).toBe(false);
    expect((await node.account(BOB))!.balances.CHR).toBe(String(BigInt(bobBefore) + 1n));
    // Two signings of one body sent together: the second waits for the first, which applies, and is its retry.
    const t = BigInt(Date.now());
    const body = [ops.mint(Token.FLX, BOB, 4n)];
    const [c, d] = await Promise.all([
      node.submit(packet(minter, 4n, body, true, t)),
      node.submit(packet(minter, 4n, body, true, t)),
    ]);
    expect(c).toMatchObject({ outcome: "OK", repeat: false });
    expect(d).toEqual({ ...c, repeat: true });
  });

  it("subscribers get the checkpoint, then one tx event a packet, after each commit", async () => {
    const seen: NodeEvent[] = [];
    const unsubscribe = node.subscribe((e) => seen.push(e));
    const r = await node.submit(packet(minter, 5n, [ops.mint(Token.CHR, ALICE, 1n)]));
    unsubscribe();
    await node.submit(packet(minter, 6n, [ops.mint(Token.CHR, ALICE, 1n)]));
    expect(seen).toEqual([
      { type: "checkpoint", checkpoint: r.checkpoint },
      { type: "tx", txId: r.txId, outcome: "OK", code: 0, seq: r.seq, index: 0 },
    ]);
  });

  it("the halt seam: a refused packet is never queued; a retry of a sequenced one still gets its receipt", async () => {
    const check = node.guard.check.bind(node.guard);
    node.guard.check = () => {
      throw qfsError("E_HALTED", "test gate");
    };
    try {
      const before = node.state();
      await expect(node.submit(packet(minter, 7n, [ops.mint(Token.CHR, ALICE, 1n)]))).rejects.toSatisfy((e) =>
        isQfsError(e, "E_HALTED"),
      );
      expect(await node.submit(p1[0]!)).toEqual({ ...one[0]!, repeat: true });
      expect(node.state()).toEqual(before);
    } finally {
      node.guard.check = check;
    }
    expect((await node.submit(packet(minter, 7n, [ops.mint(Token.CHR, ALICE, 1n)]))).outcome).toBe("OK");
  });

  it("ranges the log does not have are E_HTTP_RANGE", async () => {
    const size = node.state().checkpoint.treeSize;
    const refuses = async (p: Promise<unknown>) =>
      expect(p).rejects.toSatisfy((e) => isQfsError(e, "E_HTTP_RANGE") && e.httpStatus === 400);
    await refuses(node.entries(0, size + 1));
    await refuses(node.entries(3, 3));
    await refuses(node.entries(0, 1001));
    await refuses(node.inclusionProof(size, size));
    await refuses(node.inclusionProof(0, size + 1));
    await refuses(node.consistencyProof(2, 1));
    await refuses(node.consistencyProof(1, size + 1));
    await refuses(node.checkpoints(0, 0));
    await refuses(node.checkpoints(0, 1001));
    await refuses(node.accountEvents(BOB, -1, 10));
    const next = node.state().checkpoint.seq + 1;
    expect(() => node.checkpointAt(next)).toThrow(expect.objectContaining({ code: "E_HTTP_RANGE" }));
  });

  it("restart: same receipts and log; with archive.sqlite deleted the archive is rebuilt from the decision log", async () => {
    const log = await logText(node);
    const bobEvents = await node.accountEvents(BOB, 0, 1000);
    const receipts = await Promise.all([...p1, ...p2].map((p) => node.receipt(sha3_256(p))));
    expect(receipts).toEqual([...one, ...two]);
    await node.close();
    node = await open(dataDir);
    expect(await logText(node)).toBe(log);
    expect(await Promise.all([...p1, ...p2].map((p) => node.receipt(sha3_256(p))))).toEqual(receipts);
    await node.close();
    rmSync(join(dataDir, ARCHIVE_FILE));
    rmSync(join(dataDir, `${ARCHIVE_FILE}-wal`), { force: true });
    rmSync(join(dataDir, `${ARCHIVE_FILE}-shm`), { force: true });
    node = await open(dataDir);
    expect(await logText(node)).toBe(log);
    expect(await Promise.all([...p1, ...p2].map((p) => node.receipt(sha3_256(p))))).toEqual(receipts);
    expect(await node.accountEvents(BOB, 0, 1000)).toEqual(bobEvents);
    // An archive of the older layout (batch lines as text in `batches`) is dropped and rebuilt from the log.
    await node.close();
    const db = new DatabaseSync(join(dataDir, ARCHIVE_FILE));
    db.exec("CREATE TABLE batches (seq INTEGER PRIMARY KEY, line TEXT NOT NULL); DELETE FROM txs;");
    db.close();
    node = await open(dataDir);
    expect(await logText(node)).toBe(log);
    expect(await Promise.all([...p1, ...p2].map((p) => node.receipt(sha3_256(p))))).toEqual(receipts);
  }, 60_000);
});
