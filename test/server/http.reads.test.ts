// The read routes over the fake node: receipts by tx id, accounts with their state proof, the paged account history,
// registry keys, state and health — each happy path and each documented error (400 bad id or query, 400
// E_HTTP_RANGE for a page limit out of range, 404 unknown id or route).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountId, ops, qfsError, Token } from "../../bindings/index.js";
import { PAGE_LIMIT_MAX } from "../../server/config.js";
import type { AccountEventJson, ReceiptJson } from "../../server/node-service.js";
import {
  acct,
  alice,
  bob,
  CHAIN_ID,
  E18,
  errorOf,
  harness,
  kid,
  minter,
  nodeKey,
  packet,
  type Harness,
} from "./http-fixtures.js";

let h: Harness;
let mint: ReceiptJson;
let transfer: ReceiptJson;
const ZERO_ID = "0".repeat(64);

beforeAll(async () => {
  h = await harness();
  mint = (
    await h.postPacket(
      packet(minter, 1n, [
        ops.mint(Token.CHR, accountId(alice.publicKey), 10n * E18),
        ops.mint(Token.FLX, accountId(alice.publicKey), 3n * E18),
      ]),
    )
  ).json();
  transfer = (
    await h.postPacket(packet(alice, 1n, [ops.transfer(Token.CHR, accountId(bob.publicKey), 4n * E18)]))
  ).json();
});
afterAll(() => h.app.close());

describe("GET /v1/transactions/:id", () => {
  it("the full receipt (repeat: false); the id in either case", async () => {
    const r = await h.get(`/v1/transactions/${transfer.txId.toUpperCase()}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(transfer);
  });
  it("reads allow any origin (a verification page elsewhere may read them); writes do not", async () => {
    const r = await h.get(`/v1/transactions/${transfer.txId}`);
    expect(r.headers["access-control-allow-origin"]).toBe("*");
    expect((await h.get("/v1/transactions/00")).headers["access-control-allow-origin"]).toBe("*");
    const w = await h.postPacket(new Uint8Array([1, 2, 3]));
    expect(w.headers["access-control-allow-origin"]).toBeUndefined();
  });
  it("404 E_TX_UNKNOWN, 400 E_HTTP_BODY for a bad id (one past the router's param cap too)", async () => {
    expect(errorOf(await h.get(`/v1/transactions/${ZERO_ID}`))).toEqual({
      status: 404,
      error: "E_TX_UNKNOWN",
      code: 876,
    });
    for (const id of ["xyz", "0".repeat(63), "g".repeat(64), "0".repeat(65), "0".repeat(500), "%E0%A4%A"])
      expect(errorOf(await h.get(`/v1/transactions/${id}`)), id).toEqual({
        status: 400,
        error: "E_HTTP_BODY",
        code: 870,
      });
  });
});

describe("GET /v1/accounts/:id and /events", () => {
  it("nonce, balances and the proof against the latest checkpoint", async () => {
    const r = await h.get(`/v1/accounts/${acct(alice)}`);
    expect(r.statusCode).toBe(200);
    const a = r.json();
    expect(a).toMatchObject({
      id: acct(alice),
      nonce: "1",
      balances: { CHR: String(6n * E18), FLX: String(3n * E18), PSY: "0", ATR: "0", RES: "0" },
      proof: { checkpointSeq: 2, stateRoot: transfer.stateRoot },
    });
    expect(a.proof.proof).toMatchObject({ key: acct(alice) });
  });

  it("404 E_ACCOUNT_UNKNOWN, 400 for a bad id", async () => {
    expect(errorOf(await h.get(`/v1/accounts/${ZERO_ID}`))).toEqual({
      status: 404,
      error: "E_ACCOUNT_UNKNOWN",
      code: 873,
    });
    expect(errorOf(await h.get("/v1/accounts/nope")).status).toBe(400);
  });

  it("the history pages by audit index; next is the following page's from, null at the end", async () => {
    const all = (await h.get(`/v1/accounts/${acct(alice)}/events`)).json();
    expect(all.next).toBeNull();
    const events = all.events as AccountEventJson[];
    expect(events.map((e) => [e.event.type, e.txId])).toEqual([
      ["Mint", mint.txId],
      ["Mint", mint.txId],
      ["Transfer", transfer.txId],
    ]);
    expect(events.map((e) => e.auditIndex)).toEqual([...mint.events, ...transfer.events].map((e) => e.auditIndex));
    let from: number | null = 0;
    const paged: AccountEventJson[] = [];
    while (from !== null) {
      const page: { events: AccountEventJson[]; next: number | null } = (
        await h.get(`/v1/accounts/${acct(alice)}/events?from=${from}&limit=2`)
      ).json();
      paged.push(...page.events);
      from = page.next;
    }
    expect(paged).toEqual(events);
    const bobs = (await h.get(`/v1/accounts/${acct(bob)}/events`)).json();
    expect(bobs.events.map((e: AccountEventJson) => e.event.type)).toEqual(["Transfer"]);
  });

  it("limit 0 or past the max and a negative from: 400 E_HTTP_RANGE; not a number: 400 E_HTTP_BODY", async () => {
    for (const q of ["limit=0", `limit=${PAGE_LIMIT_MAX + 1}`, "from=-1"])
      expect(errorOf(await h.get(`/v1/accounts/${acct(alice)}/events?${q}`)), q).toEqual({
        status: 400,
        error: "E_HTTP_RANGE",
        code: 879,
      });
    for (const q of ["limit=ten", "from=1.5", "from=1e400"])
      expect(errorOf(await h.get(`/v1/accounts/${acct(alice)}/events?${q}`)), q).toEqual({
        status: 400,
        error: "E_HTTP_BODY",
        code: 870,
      });
  });
});

describe("GET /v1/keys/:id, /v1/state, /health", () => {
  it("a key: level, public key, owner, role names; 404 E_KEY_NOT_FOUND", async () => {
    const k = (await h.get(`/v1/keys/${kid(minter)}`)).json();
    expect(k).toMatchObject({
      id: kid(minter),
      level: 44,
      publicKey: Buffer.from(minter.publicKey).toString("base64"),
      owner: acct(minter),
      roles: ["MINTER:CHR", "MINTER:FLX"],
    });
    expect(errorOf(await h.get(`/v1/keys/${ZERO_ID}`))).toEqual({ status: 404, error: "E_KEY_NOT_FOUND", code: 877 });
  });

  it("state: seq, root, audit size, node key and the latest signed checkpoint; health ok", async () => {
    const s = (await h.get("/v1/state")).json();
    expect(s).toMatchObject({
      chainId: CHAIN_ID,
      seq: "2",
      stateRoot: transfer.stateRoot,
      auditSize: transfer.checkpoint.treeSize,
      halted: false,
      halt: null,
      nodePublicKey: Buffer.from(nodeKey.publicKey).toString("base64"),
      checkpoint: transfer.checkpoint,
    });
    expect((await h.get("/health")).json()).toEqual({ status: "ok" });
  });

  it("an unknown route: 404 E_HTTP_NOT_FOUND; a wrong method too", async () => {
    expect(errorOf(await h.get("/v1/nothing"))).toEqual({ status: 404, error: "E_HTTP_NOT_FOUND", code: 872 });
    expect(errorOf(await h.inject({ method: "DELETE", url: "/v1/state" })).status).toBe(404);
  });
});

describe("a node that cannot answer a read", () => {
  it("its QfsError leaves with the catalogue status (503 E_STORAGE, 500 E_ARCHIVE), the same body shape", async () => {
    const other = await harness();
    try {
      other.node.receipt = () => Promise.reject(qfsError("E_STORAGE", "injected"));
      other.node.accountEvents = () => Promise.reject(qfsError("E_ARCHIVE", "injected"));
      expect(errorOf(await other.get(`/v1/transactions/${ZERO_ID}`))).toEqual({
        status: 503,
        error: "E_STORAGE",
        code: 837,
      });
      expect(errorOf(await other.get(`/v1/accounts/${ZERO_ID}/events`))).toEqual({
        status: 500,
        error: "E_ARCHIVE",
        code: 881,
      });
    } finally {
      await other.app.close();
    }
  });
});
