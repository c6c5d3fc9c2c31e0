// The HTTP service end to end on SQLite stores in a temp data dir: signed packets in over HTTP (app.inject),
// receipts out, balances read back; bad input gets its catalogue status; a restart rebuilds the same state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import {
  accountId,
  encodePacket,
  generateKeyPair,
  ops,
  sha3_256,
  signPacket,
  Token,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { buildApp } from "../../server/app.js";
import { BODY_LIMIT_BYTES } from "../../server/config.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";

const CHAIN_ID = 21;
const E18 = 10n ** 18n;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const seed = (name: string) => sha3_256(new TextEncoder().encode(`qfs-v13/test/http/${name}`));
const minter = generateKeyPair(65, seed("minter"));
const alice = generateKeyPair(44, seed("alice"));
const bob = generateKeyPair(44, seed("bob"));
const acct = (k: KeyPair) => hex(accountId(k.publicKey));

const genesis: GenesisFile = {
  chainId: CHAIN_ID,
  timeMs: String(Date.now() - 1000),
  keys: [
    { publicKey: hex(minter.publicKey), roles: ["MINTER:CHR", "MINTER:FLX"] },
    { publicKey: hex(alice.publicKey), roles: [] },
    { publicKey: hex(bob.publicKey), roles: [] },
  ],
  allocations: [],
};

function packet(signer: KeyPair, nonce: bigint, operations: Operation[]): Uint8Array {
  const p = signPacket(
    {
      chainId: CHAIN_ID,
      account: accountId(signer.publicKey),
      nonce,
      timestampMs: BigInt(Date.now()),
      ops: operations,
    },
    [signer],
  );
  return encodePacket(p);
}

const dataDir = mkdtempSync(join(tmpdir(), "qfs-http-"));
let sequencer: Sequencer;
let app: FastifyInstance;

async function open(): Promise<void> {
  sequencer = await Sequencer.open({ dataDir, genesis, poolThreads: 1 });
  app = await buildApp({ sequencer });
}
async function close(): Promise<void> {
  await app.close();
  await sequencer.close();
}

const post = (payload: Uint8Array | string | object, contentType = "application/octet-stream") =>
  app.inject({
    method: "POST",
    url: "/v1/transactions",
    headers: { "content-type": contentType },
    payload: payload instanceof Uint8Array ? Buffer.from(payload) : (payload as string),
  });

async function balances(k: KeyPair): Promise<{ nonce: string; balances: Record<string, string> }> {
  const r = await app.inject({ method: "GET", url: `/v1/accounts/${acct(k)}` });
  expect(r.statusCode).toBe(200);
  return r.json();
}

beforeAll(open);
afterAll(async () => {
  await close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("HTTP service", () => {
  it("a signed mint, then a multi-token transfer: receipts OK, balances move", async () => {
    const mint = await post(
      packet(minter, 1n, [
        ops.mint(Token.CHR, accountId(alice.publicKey), 100n * E18),
        ops.mint(Token.FLX, accountId(alice.publicKey), 50n * E18),
      ]),
    );
    expect(mint.statusCode).toBe(200);
    const r1 = mint.json();
    expect(r1).toMatchObject({ outcome: "OK", code: 0 });
    expect(r1.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(BigInt(r1.seq)).toBeGreaterThan(0n);

    // JSON body with base64 this time.
    const transfer = packet(alice, 1n, [
      ops.transfer(Token.CHR, accountId(bob.publicKey), 30n * E18),
      ops.transfer(Token.FLX, accountId(bob.publicKey), 20n * E18),
    ]);
    const t = await post(JSON.stringify({ packet: Buffer.from(transfer).toString("base64") }), "application/json");
    expect(t.statusCode).toBe(200);
    const r2 = t.json();
    expect(r2.outcome).toBe("OK");
    expect(r2.txId).toBe(hex(sha3_256(transfer)));
    expect(BigInt(r2.seq)).toBeGreaterThan(BigInt(r1.seq));

    const a = await balances(alice);
    const b = await balances(bob);
    expect(a).toMatchObject({ nonce: "1", balances: { CHR: String(70n * E18), FLX: String(30n * E18), PSY: "0" } });
    expect(b).toMatchObject({ nonce: "0", balances: { CHR: String(30n * E18), FLX: String(20n * E18) } });
    const state = (await app.inject({ method: "GET", url: "/v1/state" })).json();
    expect(state).toMatchObject({ chainId: CHAIN_ID, seq: r2.seq, stateRoot: r2.stateRoot, halted: false });
    expect(state.auditSize).toBe(r2.checkpoint.treeSize);
  });

  it("a bad signature is 401 E_SIG_INVALID with its receipt, and changes nothing", async () => {
    const before = (await app.inject({ method: "GET", url: "/v1/state" })).json();
    const p = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), E18)]);
    p[p.length - 1]! ^= 0x01; // the last signature byte
    const r = await post(p);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: "E_SIG_INVALID", code: 202, receipt: { outcome: "E_SIG_INVALID" } });
    expect((await balances(bob)).balances.CHR).toBe(String(30n * E18));
    const after = (await app.inject({ method: "GET", url: "/v1/state" })).json();
    expect(after.stateRoot).not.toBe(""); // the batch is logged (audit entries) but no balance moved
    expect(after.auditSize).toBeGreaterThan(before.auditSize);
  });

  it("bad bodies: garbage 400, bad JSON 400, oversize 413, wrong content type 415, never 500", async () => {
    const garbage = await post(new Uint8Array([1, 2, 3, 4, 5]));
    expect(garbage.statusCode).toBe(400);
    expect(typeof garbage.json().error).toBe("string");
    for (const body of ["{", JSON.stringify({ packet: "!!!" }), JSON.stringify({ pkt: "AAAA" }), "[]"]) {
      const r = await post(body, "application/json");
      expect(r.statusCode, body).toBe(400);
      expect(r.json().error).toBe("E_HTTP_BODY");
    }
    const big = await post(new Uint8Array(BODY_LIMIT_BYTES + 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toBe("E_INPUT_TOO_LARGE");
    const text = await post("hello", "text/plain");
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toBe("E_HTTP_CONTENT_TYPE");
    const badId = await app.inject({ method: "GET", url: "/v1/accounts/xyz" });
    expect(badId.statusCode).toBe(400);
    const unknown = await app.inject({ method: "GET", url: `/v1/accounts/${"ab".repeat(32)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: "E_ACCOUNT_UNKNOWN", code: 873 });
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.json()).toEqual({ status: "ok" });
  });

  it("300 random bodies (bytes, mutated packets, JSON) all get a 4xx with a catalogue code, and move no balance", async () => {
    let x = 0x2545f491;
    const rnd = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
    const base = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), E18)]);
    const bodies = Array.from({ length: 300 }, (_, i) => {
      if (i % 3 === 0)
        return {
          ct: "application/octet-stream",
          body: Buffer.from(Array.from({ length: rnd() % 400 }, () => rnd() & 0xff)),
        };
      if (i % 3 === 1) {
        const m = Buffer.from(base);
        for (let k = 0; k < 1 + (rnd() % 4); k++) m[rnd() % m.length]! ^= 1 + (rnd() % 255);
        return { ct: "application/octet-stream", body: m };
      }
      const json = [
        `{"packet":${rnd()}}`,
        `{"packet":"${"A".repeat(rnd() % 50)}"}`,
        "null",
        `"x"`,
        `{"packet":"QUJD","x":1}`,
      ];
      return { ct: "application/json", body: json[rnd() % json.length]! };
    });
    const bobBefore = await balances(bob);
    const aliceBefore = await balances(alice);
    const replies = await Promise.all(
      bodies.map((b) =>
        app.inject({ method: "POST", url: "/v1/transactions", headers: { "content-type": b.ct }, payload: b.body }),
      ),
    );
    for (const [i, r] of replies.entries()) {
      expect(r.statusCode, `body ${i}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, `body ${i}: ${r.body}`).toBeLessThan(500);
      expect(r.json().error, `body ${i}`).toMatch(/^E_[A-Z0-9_]+$/);
    }
    expect(await balances(bob)).toEqual(bobBefore);
    expect(await balances(alice)).toEqual(aliceBefore);
  });

  it("a restart on the same data dir gives the same state root and balances", async () => {
    const state = (await app.inject({ method: "GET", url: "/v1/state" })).json();
    const a = await balances(alice);
    const b = await balances(bob);
    await close();
    await open();
    expect((await app.inject({ method: "GET", url: "/v1/state" })).json()).toEqual(state);
    expect(await balances(alice)).toEqual(a);
    expect(await balances(bob)).toEqual(b);
    // and it goes on from there: alice's next nonce is 2
    const r = await post(packet(alice, 2n, [ops.transfer(Token.CHR, accountId(bob.publicKey), E18)]));
    expect(r.json().outcome).toBe("OK");
    expect(BigInt(r.json().seq)).toBe(BigInt(state.seq) + 1n);
  });
});
