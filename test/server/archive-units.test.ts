// The archive's pure parts: the decision payload v2 (round trip, a corrupt record is E_STORAGE) and the event JSON
// read back from audit entries (every ledger event type, field by field, against the event that made the entry), and
// the node signer's threads.
import { describe, expect, it } from "vitest";
import { DatabaseSync } from "@photostructure/sqlite";
import { ENTRY_BLOCKS_SCHEMA, EntryBlocks } from "../../server/archive/entry-blocks.js";
import { encodeEntry } from "../../bindings/audit/entries.js";
import type { Worker } from "node:worker_threads";
import {
  CHECKPOINT_CONTEXT,
  CHECKPOINT_VERSION,
  encodeCheckpoint,
  GENESIS_PREV_HASH,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
} from "../../bindings/audit/checkpoint.js";
import { NodeSigner, SIGN_MESSAGE_BYTES_MAX } from "../../server/sequencer/signer.js";
import type { LedgerEvent } from "../../bindings/ledger/events.js";
import { eventEntry } from "../../bindings/replay/entries.js";
import { signLoggedBatch } from "../../bindings/replay/sequencer.js";
import { verifyBatchHeader } from "../../bindings/replay/header.js";
import { eventFromEntry } from "../../server/archive/event-json.js";
import { decodePayload, encodePayload, type RoundPayload } from "../../server/sequencer/payload.js";
import { hex, nodeKey } from "./archive-fixtures.js";

const id = (b: number) => new Uint8Array(32).fill(b);

describe("decision payload v2", () => {
  const checkpoint: Checkpoint = {
    version: CHECKPOINT_VERSION,
    chainId: 9,
    treeSize: 5,
    auditRoot: id(1),
    stateRoot: id(2),
    seq: 3,
    logicalTimeMs: 1_700_000_000_000,
    prevHash: GENESIS_PREV_HASH,
  };
  const packets = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(4)];
  const batch = signLoggedBatch(checkpoint, id(3), checkpoint.logicalTimeMs, packets, nodeKey.secretKey);
  const payload: RoundPayload = {
    chainId: 9,
    seq: 3n,
    timeMs: 1_700_000_000_000n,
    stateRoot: id(2),
    audit: { size: 5n, frontier: new Uint8Array(64).fill(7), root: id(1) },
    packets,
    checkpoint,
    checkpointSignature: batch.checkpointSignature,
    batch,
    entries: [encodeEntry({ kind: "outcome", txId: id(5), status: 0 }), new Uint8Array([1, 3, 1, 0, 0])],
  };

  it("round-trips a batch round and a genesis round; the signatures still verify", () => {
    const back = decodePayload(encodePayload(payload));
    expect(back).toEqual(payload);
    expect(verifyCheckpoint(back.checkpoint, back.checkpointSignature, nodeKey.publicKey)).toBe(true);
    expect(verifyBatchHeader(back.batch!.header, back.batch!.headerSignature, nodeKey.publicKey)).toBe(true);
    const genesis = { ...payload, packets: [], batch: undefined };
    expect(decodePayload(encodePayload(genesis))).toEqual(genesis);
  });

  it("a truncated, extended or re-versioned payload is E_STORAGE", () => {
    const bytes = encodePayload(payload);
    const refuses = (b: Uint8Array) =>
      expect(() => decodePayload(b)).toThrow(expect.objectContaining({ code: "E_STORAGE" }));
    refuses(bytes.subarray(0, bytes.length - 1));
    refuses(new Uint8Array([...bytes, 0]));
    refuses(bytes.subarray(0, 3));
    const v1 = new TextEncoder().encode(JSON.stringify({ v: 1 }));
    const old = new Uint8Array(4 + v1.length);
    new DataView(old.buffer).setUint32(0, v1.length, true);
    old.set(v1, 4);
    refuses(old);
  });
});

describe("event JSON from audit entries", () => {
  const events: LedgerEvent[] = [
    { type: "Mint", packet: 0, token: 2, account: id(1), amount: 2n ** 100n },
    { type: "Burn", packet: 1, token: 4, account: id(2), amount: 5n },
    { type: "Transfer", packet: 2, token: 0, from: id(3), to: id(4), amount: 7n },
    {
      type: "KeyRegistered",
      packet: 3,
      keyId: id(5),
      owner: id(6),
      level: 87,
      validFromEpoch: 2n ** 40n,
      maxAgeEpochs: 9n,
      roles: 0x12345,
    },
    { type: "KeyRotated", packet: 4, oldKeyId: id(7), newKeyId: id(8), owner: id(9), level: 65 },
    { type: "KeyRevoked", packet: 5, keyId: id(10) },
    { type: "RoleChanged", packet: 6, keyId: id(11), before: 1, after: 3 },
    { type: "ParamChanged", packet: 7, param: 2, before: 10n, after: 2n ** 90n },
    { type: "Halt", packet: 0xffffffff, record: new Uint8Array(80).fill(12), hash: id(13) },
    { type: "Resume", packet: 8, haltRecordHash: id(14), councilSigners: 3 },
  ];

  it("every ledger event type reads back field by field (bytes hex, u64/u128 decimal, u8/u32 numbers)", () => {
    for (const [i, ev] of events.entries()) {
      const got = eventFromEntry(encodeEntry(eventEntry(ev)), 100 + i)!;
      const want: Record<string, unknown> = { auditIndex: 100 + i };
      for (const [k, v] of Object.entries(ev))
        want[k] = v instanceof Uint8Array ? hex(v) : typeof v === "bigint" ? String(v) : v;
      expect(got.json).toEqual(want);
    }
  });

  it("names the accounts an event touches, and nothing for a non-event entry", () => {
    expect(eventFromEntry(encodeEntry(eventEntry(events[2]!)), 0)!.accounts).toEqual([hex(id(3)), hex(id(4))]);
    expect(eventFromEntry(encodeEntry(eventEntry(events[3]!)), 0)!.accounts).toEqual([hex(id(6))]);
    expect(eventFromEntry(encodeEntry(eventEntry(events[5]!)), 0)!.accounts).toEqual([]);
    expect(eventFromEntry(encodeEntry({ kind: "outcome", txId: id(1), status: 3 }), 0)).toBeUndefined();
    const unknown = encodeEntry({ kind: "event", type: 4, fields: [{ tag: 0, value: new Uint8Array(4) }] });
    expect(() => eventFromEntry(unknown, 0)).toThrow(expect.objectContaining({ code: "E_ARCHIVE" }));
  });
});

describe("node signer (worker threads)", () => {
  const cp: Checkpoint = {
    version: CHECKPOINT_VERSION,
    chainId: 1,
    treeSize: 2,
    auditRoot: id(1),
    stateRoot: id(2),
    seq: 1,
    logicalTimeMs: 5,
    prevHash: id(3),
  };

  it("signs exactly as signCheckpoint does, on its threads, after a worker died, and after close", async () => {
    const want = signCheckpoint(cp, nodeKey.secretKey);
    const signer = new NodeSigner(nodeKey.secretKey);
    try {
      const msg = encodeCheckpoint(cp);
      expect(await signer.sign([msg, msg], CHECKPOINT_CONTEXT)).toEqual([want, want]);
      // Both made by the workers' WASM signers, none by the fallback.
      expect(signer.signedOnCallerThread).toBe(0);
      // A lane whose worker is gone signs on this thread instead.
      await (signer as unknown as { workers: Worker[] }).workers[0]!.terminate();
      expect(await signer.sign([msg, msg], CHECKPOINT_CONTEXT)).toEqual([want, want]);
      expect(signer.signedOnCallerThread).toBe(1);
    } finally {
      await signer.close();
    }
    expect(await signer.sign([encodeCheckpoint(cp)], CHECKPOINT_CONTEXT)).toEqual([want]);
    expect(signer.signedOnCallerThread).toBe(2);
    await expect(signer.sign([new Uint8Array(SIGN_MESSAGE_BYTES_MAX + 1)], CHECKPOINT_CONTEXT)).rejects.toThrow(
      /E_INTERNAL/,
    );
    await expect(signer.sign([encodeCheckpoint(cp)], new Uint8Array(256))).rejects.toThrow(/E_INTERNAL/);
  });
});

describe("entry blocks (one row a round)", () => {
  it("range reads across block boundaries, at reads inside a block only, from pages in order", () => {
    const db = new DatabaseSync(":memory:");
    db.exec(ENTRY_BLOCKS_SCHEMA);
    const blocks = new EntryBlocks(db);
    const entry = (i: number) => new Uint8Array([i & 0xff, i >> 8, 7]);
    // Rounds of 3, 1 and 5 entries: leaves 0–2, 3, 4–8 (an empty round stores nothing).
    blocks.put(0, 1, [0, 1, 2].map(entry));
    blocks.put(3, 2, [entry(3)]);
    blocks.put(4, 3, []);
    blocks.put(4, 4, [4, 5, 6, 7, 8].map(entry));
    expect(blocks.range(0, 9).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(blocks.range(2, 6).map((r) => [r.index, r.entry[0]])).toEqual([
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    expect(blocks.range(7, 20).map((r) => r.index)).toEqual([7, 8]);
    expect(blocks.range(9, 12)).toEqual([]);
    expect(blocks.at(5)).toMatchObject({ first: 4, seq: 4 });
    expect(blocks.at(9)).toBeUndefined();
    expect(blocks.from(3, 10).map((b) => b.first)).toEqual([3, 4]);
    // A block whose bytes do not hold its count of entries is E_ARCHIVE, not a short read.
    db.prepare("UPDATE entry_blocks SET count = 4 WHERE first_idx = 0").run();
    expect(() => blocks.at(1)).toThrow(expect.objectContaining({ code: "E_ARCHIVE" }) as Error);
    db.close();
  });
});
