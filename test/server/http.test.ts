// The write routes over an honest fake node (a real Ledger + ReplaySequencer): POST /v1/transactions and
// /v1/transactions/batch — receipts that verify (checkpoint signature, inclusion proof), retries answered with the
// original receipt, every documented error status (400/401/403/409/413/415/429/503) with its catalogue code, and
// decode-before-sequence (a packet that does not decode never reaches the node).
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountId,
  auditLeafHash,
  fromBase64,
  ops,
  Token,
  verifyCheckpoint,
  verifyInclusion,
  type Checkpoint,
} from "../../bindings/index.js";
import { BODY_LIMIT_BYTES, HTTP_BATCH_BODY_BYTES_MAX, HTTP_BATCH_PACKETS_MAX } from "../../server/config.js";
import type { ReceiptJson, SignedCheckpointJson } from "../../server/node-service.js";
import {
  acct,
  admin,
  alice,
  bob,
  E18,
  errorOf,
  harness,
  minter,
  nodeKey,
  packet,
  type Harness,
} from "./http-fixtures.js";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const unhex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

function checkpointOf(j: SignedCheckpointJson): Checkpoint {
  return {
    version: 1,
    chainId: j.chainId,
    treeSize: j.treeSize,
    auditRoot: unhex(j.auditRoot),
    stateRoot: unhex(j.stateRoot),
    seq: j.seq,
    logicalTimeMs: j.logicalTimeMs,
    prevHash: unhex(j.prevHash),
  };
}

/** A receipt a client can check on its own: the node signed its checkpoint, and its outcome entry is in the tree. */
function expectVerifiable(r: ReceiptJson): void {
  const cp = checkpointOf(r.checkpoint);
  expect(verifyCheckpoint(cp, fromBase64(r.checkpoint.signature), nodeKey.publicKey)).toBe(true);
  const leaf = auditLeafHash(fromBase64(r.outcomeEntry));
  expect(verifyInclusion(leaf, r.auditIndex, cp.treeSize, r.inclusionProof.map(unhex), cp.auditRoot)).toBe(true);
  expect(r.stateRoot).toBe(r.checkpoint.stateRoot);
}

const batch = (h: Harness, packets: unknown, contentType = "application/json") =>
  h.inject({
    method: "POST",
    url: "/v1/transactions/batch",
    headers: { "content-type": contentType },
    payload: typeof packets === "string" ? packets : JSON.stringify({ packets }),
  });

describe("POST /v1/transactions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.app.close());

  it("a mint (octet-stream) then a multi-token transfer (JSON base64): 200, full receipts that verify", async () => {
    const mint = packet(minter, 1n, [
      ops.mint(Token.CHR, accountId(alice.publicKey), 100n * E18),
      ops.mint(Token.FLX, accountId(alice.publicKey), 50n * E18),
    ]);
    const r1 = await h.postPacket(mint);
    expect(r1.statusCode).toBe(200);
    const m = r1.json() as ReceiptJson;
    expect(m).toMatchObject({ outcome: "OK", code: 0, seq: "1", index: 0, repeat: false });
    expect(m.events.map((e) => e.type)).toEqual(["Mint", "Mint"]);
    expectVerifiable(m);

    const transfer = packet(alice, 1n, [
      ops.transfer(Token.CHR, accountId(bob.publicKey), 30n * E18),
      ops.transfer(Token.FLX, accountId(bob.publicKey), 20n * E18),
    ]);
    const r2 = await h.postPacket({ packet: b64(transfer) }, "application/json");
    expect(r2.statusCode).toBe(200);
    const t = r2.json() as ReceiptJson;
    expect(t).toMatchObject({ outcome: "OK", seq: "2" });
    expectVerifiable(t);
    const bobAcc = (await h.get(`/v1/accounts/${acct(bob)}`)).json();
    expect(bobAcc.balances).toMatchObject({ CHR: String(30n * E18), FLX: String(20n * E18), PSY: "0" });
  });

  it("a retry of the same bytes answers as the original did, repeat: true, applied once", async () => {
    const p = packet(alice, 2n, [ops.transfer(Token.CHR, accountId(bob.publicKey), E18)]);
    const first = await h.postPacket(p);
    const again = await h.postPacket({ packet: b64(p) }, "application/json");
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), repeat: true });
    const bobAcc = (await h.get(`/v1/accounts/${acct(bob)}`)).json();
    expect(bobAcc.balances.CHR).toBe(String(31n * E18));
  });

  it("outcomes carry their catalogue status and the receipt: 401 bad signature, 409 nonce, 403 role", async () => {
    const bad = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), E18)]);
    bad[bad.length - 1]! ^= 0x01; // the last signature byte
    const sig = await h.postPacket(bad);
    expect(errorOf(sig)).toEqual({ status: 401, error: "E_SIG_INVALID", code: 202 });
    expect(sig.json().receipt).toMatchObject({ outcome: "E_SIG_INVALID", code: 202, repeat: false });
    expectVerifiable(sig.json().receipt as ReceiptJson);
    const sigAgain = await h.postPacket(bad);
    expect(sigAgain.statusCode).toBe(401);
    expect(sigAgain.json().receipt).toMatchObject({ txId: sig.json().receipt.txId, repeat: true });

    const nonce = await h.postPacket(packet(alice, 9n, [ops.transfer(Token.CHR, accountId(bob.publicKey), 1n)]));
    expect(errorOf(nonce)).toEqual({ status: 409, error: "E_NONCE", code: 300 });
    expect(nonce.json().receipt.outcome).toBe("E_NONCE");

    const role = await h.postPacket(packet(alice, 3n, [ops.mint(Token.CHR, accountId(alice.publicKey), 1n)]));
    expect(errorOf(role)).toEqual({ status: 403, error: "E_ROLE_MISSING", code: 207 });
  });

  it("a packet that does not decode: 400 (413 past 64 KiB) with the decoder's code, never submitted", async () => {
    const before = h.node.submitCalls;
    const valid = packet(alice, 3n, [ops.transfer(Token.CHR, accountId(bob.publicKey), 1n)]);
    const cases: [Uint8Array, string, number][] = [
      [new Uint8Array([1, 2, 3, 4, 5]), "E_PACKET_MAGIC", 400],
      [new TextEncoder().encode("QDRV\x01"), "E_PACKET_TOO_SHORT", 400],
      [valid.slice(0, 300), "E_PACKET_TOO_SHORT", 400],
      [new Uint8Array([...valid, 0]), "E_PACKET_TRAILING_BYTES", 400],
      [new Uint8Array(70_000), "E_PACKET_TOO_LONG", 413],
      [new Uint8Array(0), "E_PACKET_TOO_SHORT", 400],
    ];
    const answers = [];
    for (const [bytes] of cases) {
      const r = await h.postPacket(bytes);
      answers.push([r.json().error, r.statusCode]);
    }
    expect(answers).toEqual(cases.map(([, error, status]) => [error, status]));
    expect(h.node.submitCalls).toBe(before);
  });

  it("bad bodies: bad JSON / shape / base64 400 E_HTTP_BODY, oversize 413, wrong content type 415", async () => {
    for (const body of ["{", JSON.stringify({ packet: "!!!" }), JSON.stringify({ pkt: "AAAA" }), "[]", "null", "7"]) {
      const r = await h.postPacket(body, "application/json");
      expect(errorOf(r), body).toEqual({ status: 400, error: "E_HTTP_BODY", code: 870 });
    }
    const big = await h.postPacket(new Uint8Array(BODY_LIMIT_BYTES + 1));
    expect(errorOf(big)).toEqual({ status: 413, error: "E_INPUT_TOO_LARGE", code: 10 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const r = await h.postPacket("packet=AAAA", type);
      expect(errorOf(r), type).toEqual({ status: 415, error: "E_HTTP_CONTENT_TYPE", code: 871 });
    }
    const none = await h.inject({ method: "POST", url: "/v1/transactions" });
    expect(errorOf(none)).toEqual({ status: 415, error: "E_HTTP_CONTENT_TYPE", code: 871 });
  });
});

describe("POST /v1/transactions/batch", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.app.close());

  it("per-packet answers in request order, the packets sharing one group-commit batch", async () => {
    const ok = packet(minter, 1n, [ops.mint(Token.CHR, accountId(bob.publicKey), 5n * E18)]);
    const garbage = new Uint8Array(120).fill(9);
    const bad = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), 1n)]);
    bad[bad.length - 1]! ^= 0x01;
    const nonce = packet(alice, 5n, [ops.transfer(Token.CHR, accountId(bob.publicKey), 1n)]);
    const r = await batch(h, [ok, garbage, bad, nonce].map(b64));
    expect(r.statusCode).toBe(200);
    const results = r.json().results as Record<string, unknown>[];
    expect(results.map((x) => [x.status, x.error])).toEqual([
      [200, undefined],
      [400, "E_PACKET_MAGIC"],
      [401, "E_SIG_INVALID"],
      [409, "E_NONCE"],
    ]);
    const receipts = [results[0]!.receipt, results[2]!.receipt, results[3]!.receipt] as ReceiptJson[];
    expect(new Set(receipts.map((x) => x.seq)).size).toBe(1);
    expect(receipts.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(results[1]!.receipt).toBeUndefined();
    receipts.forEach(expectVerifiable);
    // The single endpoint's answer for the same bytes is the listed one (now a repeat).
    const single = await h.postPacket(ok);
    expect(single.json()).toEqual({ ...(results[0]!.receipt as object), repeat: true });
  });

  it("the same packet twice in one batch is applied once: the second is answered repeat: true", async () => {
    const p = packet(minter, 2n, [ops.mint(Token.FLX, accountId(bob.publicKey), E18)]);
    const r = (await batch(h, [b64(p), b64(p)])).json().results as { status: number; receipt: ReceiptJson }[];
    expect(r.map((x) => x.status)).toEqual([200, 200]);
    expect(r[1]!.receipt).toEqual({ ...r[0]!.receipt, repeat: true });
    expect((await h.get(`/v1/accounts/${acct(bob)}`)).json().balances.FLX).toBe(String(E18));
  });

  it(`0 or ${HTTP_BATCH_PACKETS_MAX + 1} packets 400, bad items 400, past ${HTTP_BATCH_BODY_BYTES_MAX} bytes 413, not JSON 415`, async () => {
    const one = b64(packet(minter, 9n, [ops.mint(Token.CHR, accountId(bob.publicKey), 1n)]));
    for (const packets of [[], new Array(HTTP_BATCH_PACKETS_MAX + 1).fill("AAAA"), ["!!"], [{}], null]) {
      const r = await batch(h, packets);
      expect(errorOf(r)).toEqual({ status: 400, error: "E_HTTP_BODY", code: 870 });
    }
    expect(errorOf(await batch(h, "{"))).toEqual({ status: 400, error: "E_HTTP_BODY", code: 870 });
    const huge = JSON.stringify({ packets: [one, "A".repeat(HTTP_BATCH_BODY_BYTES_MAX)] });
    expect(errorOf(await batch(h, huge))).toEqual({ status: 413, error: "E_INPUT_TOO_LARGE", code: 10 });
    const octet = await batch(h, JSON.stringify({ packets: [one] }), "application/octet-stream");
    expect(errorOf(octet)).toEqual({ status: 415, error: "E_HTTP_CONTENT_TYPE", code: 871 });
  });
});

describe("a full queue and a halted node", () => {
  it("queue full: 429 E_POOL_SATURATED with Retry-After (single endpoint and as a batch result)", async () => {
    const h = await harness({ queuePacketsMax: 1 });
    try {
      const a = packet(minter, 1n, [ops.mint(Token.CHR, accountId(bob.publicKey), 1n)]);
      const b = packet(alice, 1n, [ops.transfer(Token.CHR, accountId(bob.publicKey), 1n)]);
      const c = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), 1n)]);
      const r = (await batch(h, [a, b].map(b64))).json().results as { status: number; error?: string }[];
      expect(r.map((x) => [x.status, x.error])).toEqual([
        [200, undefined],
        [429, "E_POOL_SATURATED"],
      ]);
      // The single endpoint while one packet waits for its batch: hold commits, fill the queue, then post.
      h.node.holdCommits(true);
      const queued = h.node.submit(c);
      const full = await h.postPacket(b);
      expect(errorOf(full)).toEqual({ status: 429, error: "E_POOL_SATURATED", code: 800 });
      expect(full.headers["retry-after"]).toBe("1");
      h.node.holdCommits(false);
      expect((await queued).code).not.toBe(undefined);
    } finally {
      await h.app.close();
    }
  });

  it("halted: 503 E_HALTED with the signed halt record; reads go on; a COUNCIL resume writes again", async () => {
    const h = await harness();
    try {
      const halt = await h.postPacket(packet(admin, 1n, [ops.halt(7)]));
      expect(halt.statusCode).toBe(200);
      expect((await h.get("/health")).json()).toEqual({ status: "halted" });
      const mint = packet(minter, 1n, [ops.mint(Token.CHR, accountId(bob.publicKey), 1n)]);
      const r = await h.postPacket(mint);
      expect(errorOf(r)).toEqual({ status: 503, error: "E_HALTED", code: 20 });
      const record = r.json().halt as { record: string; hash: string; signature: string; source: string };
      expect(record.source).toBe("ledger");
      const ctx = new TextEncoder().encode("QFS-V13/halt");
      expect(
        ml_dsa87.verify(fromBase64(record.signature), unhex(record.record), nodeKey.publicKey, { context: ctx }),
      ).toBe(true);
      const state = (await h.get("/v1/state")).json();
      expect(state).toMatchObject({ halted: true, halt: { hash: record.hash } });
      const batched = (await batch(h, [b64(mint)])).json().results[0];
      expect(batched).toMatchObject({ status: 503, error: "E_HALTED", halt: { hash: record.hash } });

      const resume = await h.postPacket(packet(admin, 2n, [ops.resume(unhex(record.hash))]));
      expect(resume.statusCode).toBe(200);
      expect((await h.get("/health")).json()).toEqual({ status: "ok" });
      expect((await h.postPacket(mint)).statusCode).toBe(200);
    } finally {
      await h.app.close();
    }
  });
});
