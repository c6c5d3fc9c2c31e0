// Issue 8 acceptance: bad input at every endpoint gets its documented status and code, never a 5xx, and changes
// nothing. The routes are not listed here: an onRoute hook on every Fastify instance the app makes collects them,
// so a route added later is fuzzed too. ≥ 10,000 requests through app.inject on a real Sequencer over SQLite:
// random bytes, truncated and mutated packets, bad base64 and JSON, wrong content types, oversized bodies, bad
// ids and queries, unknown ids, wrong methods, bad signatures, replays, a key revoked in batch 1. Every error
// answer is { error, code, message } with the catalogue's number and HTTP status for `error`; categories with one
// documented answer (bad signature 401, revoked key 401, unknown account 404, oversize 413, content type 415, bad
// JSON 400) must give exactly it. Afterwards the node still applies a good packet, and a replay of the decision log
// shows every account, key, supply and parameter exactly as before the fuzz (rejected packets are logged, which
// moves only the seq, time and audit log).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { ERROR_CATALOGUE, LedgerParam, RowKind, Token, type KeyPair, type QfsErrorName } from "../../bindings/index.js";
import { MAX_TIMESTAMP_WINDOW_MS } from "../../bindings/ledger/layout.generated.js";
import { buildApp } from "../../server/app.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { fuzzCases, octet, type Case, type SeenRoute } from "./fuzz-cases.js";
import {
  accountHex,
  hex,
  presign,
  replayDecisionLog,
  seededKey,
  type PacketSpec,
  type Replay,
} from "./load-fixtures.js";

const seen = vi.hoisted(() => ({ routes: [] as SeenRoute[] }));
vi.mock("fastify", async (importOriginal) => {
  const mod = await importOriginal<typeof import("fastify")>();
  const factory = mod.default as (opts?: object) => FastifyInstance;
  const make = ((opts?: object) => {
    const app = factory(opts);
    app.addHook("onRoute", (r) => {
      const qs = (r.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      for (const method of [r.method].flat()) seen.routes.push({ method, url: r.url, querystring: Object.keys(qs) });
    });
    return app;
  }) as typeof mod.default;
  return { ...mod, default: make, fastify: make };
});

const CHAIN_ID = 41;
const REQUESTS_MIN = 10_000;
/** Requests in flight at once (one group-commit batch of the sequenced ones, at most). */
const CONCURRENCY = 200;
const E18 = 10n ** 18n;

const L = (name: string) => `qfs-v13/test/fuzz/${name}`;
const admin = seededKey(L("admin"));
const alice = seededKey(L("alice"));
const bob = seededKey(L("bob"));
const carol = seededKey(L("carol")); // revokes her own key in batch 1
const stranger = seededKey(L("stranger")); // never registered
/** More signers of mutation bases: the HTTP layer rate-limits per signer key, so the bad packets spread over eight. */
const CROWD = ["dave", "erin", "frank", "grace", "heidi", "ivan"] as const;
const crowd = CROWD.map((name) => seededKey(L(name)));
const genesis: GenesisFile = {
  chainId: CHAIN_ID,
  timeMs: String(Date.now() - 1000),
  keys: [admin, alice, bob, carol, ...crowd].map((k, i) => ({
    publicKey: hex(k.publicKey),
    roles: i === 0 ? ["ADMIN"] : [],
  })),
  allocations: [alice, bob, carol, ...crowd].flatMap((k) =>
    [Token.CHR, Token.FLX].map((token) => ({ account: accountHex(k), token, amount: String(1000n * E18) })),
  ),
};

type Who = "admin" | "alice" | "bob" | "carol" | "stranger" | (typeof CROWD)[number];
const keys: Record<Who, KeyPair> = {
  admin,
  alice,
  bob,
  carol,
  stranger,
  ...(Object.fromEntries(CROWD.map((name, i) => [name, crowd[i]!])) as Record<(typeof CROWD)[number], KeyPair>),
};
function spec(who: Who, nonce: number, ops: PacketSpec["ops"], o: { chainId?: number; account?: Who } = {}) {
  return {
    chainId: o.chainId ?? CHAIN_ID,
    account: accountHex(keys[o.account ?? who]),
    nonce: String(nonce),
    timestampMs: String(Date.now()),
    signers: [{ label: L(who), level: 44 as const }],
    ops,
  };
}
const pay = (to: Who, amount: bigint, token: number = Token.CHR) => ({
  op: "transfer" as const,
  token,
  to: accountHex(keys[to]),
  amount: String(amount),
});

const dataDir = mkdtempSync(join(tmpdir(), "qfs-fuzz-"));
let sequencer: Sequencer;
let app: FastifyInstance;
/** Applied packets (each answered 200 once): the replays, with the code a fresh run of them gets (carol's revoke
 *  now fails on her revoked key, checked before the nonce). */
let applied: { packet: Uint8Array; code: QfsErrorName }[] = [];
/** Good packets never sent: the mutation bases. */
let bases: Uint8Array[] = [];
/** Signed by carol's revoked key / a stranger / for the wrong chain / with a stale nonce / for another account. */
let revoked: Uint8Array[] = [];
let refused: { packet: Uint8Array; codes: QfsErrorName[] }[] = [];
let seqBeforeFuzz = 0n;

beforeAll(async () => {
  sequencer = await Sequencer.open({ dataDir, genesis, poolThreads: 1 });
  app = await buildApp({ node: sequencer });
  const post = async (p: Uint8Array) => {
    const r = await app.inject({
      method: "POST",
      url: "/v1/transactions",
      headers: { "content-type": "application/octet-stream" },
      payload: Buffer.from(p),
    });
    expect(r.statusCode, r.body).toBe(200);
  };
  // Batch 1: carol revokes her own key (genesis + 1); the admin widens the timestamp window so packets signed
  // now stay valid however long the fuzz runs.
  const [revoke, widen] = await presign(
    [
      spec("carol", 1, [{ op: "keyRevoke", keyId: hex(carol.keyId) }]),
      spec("admin", 1, [
        { op: "paramChange", paramId: LedgerParam.TIMESTAMP_WINDOW_MS, value: String(MAX_TIMESTAMP_WINDOW_MS) },
      ]),
    ],
    1,
  );
  await Promise.all([post(revoke!), post(widen!)]);
  const signedApplied = await presign(
    Array.from({ length: 8 }, (_, i) =>
      spec(i % 2 ? "bob" : "alice", 1 + (i >> 1), [pay(i % 2 ? "alice" : "bob", E18)]),
    ),
  );
  for (const p of signedApplied) await post(p); // in order: the nonces follow each other
  applied = [
    { packet: revoke!, code: "E_KEY_REVOKED" },
    ...[widen!, ...signedApplied].map((packet) => ({ packet, code: "E_NONCE" as const })),
  ];
  const more = await presign([
    // bases: good packets, next nonces (never sent as they are)
    spec("alice", 5, [pay("bob", 2n * E18), pay("carol", 3n * E18, Token.FLX)]),
    spec("bob", 5, [pay("alice", 5n), pay("carol", 7n, Token.FLX)]),
    spec("alice", 5, [pay("carol", 1n)]),
    ...CROWD.map((name, i) => spec(name, 1, [pay("alice", BigInt(1 + i)), pay("bob", 2n, Token.FLX)])),
    // revoked key
    ...Array.from({ length: 6 }, (_, i) => spec("carol", 2 + i, [pay("alice", 1n)])),
    // refused for a documented reason
    spec("stranger", 1, [pay("alice", 1n)]),
    spec("alice", 5, [pay("bob", 1n)], { chainId: CHAIN_ID + 1 }),
    spec("alice", 1, [pay("bob", 9n)]),
    spec("bob", 5, [pay("bob", 9n)], { account: "alice" }),
    spec("alice", 5, [pay("bob", 10_000n * E18)]),
  ]);
  const nBases = 3 + CROWD.length;
  bases = more.slice(0, nBases);
  revoked = more.slice(nBases, nBases + 6);
  const codes: QfsErrorName[][] = [
    ["E_KEY_UNKNOWN"],
    ["E_CHAIN_ID"],
    ["E_NONCE"],
    ["E_SIGNER_NOT_ACCOUNT"],
    ["E_INSUFFICIENT_FUNDS"],
  ];
  refused = more.slice(nBases + 6).map((packet, i) => ({ packet, codes: codes[i]! }));
  seqBeforeFuzz = BigInt(sequencer.state().seq);
});

afterAll(async () => {
  await app?.close();
  await sequencer?.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

function checkError(res: { statusCode: number; body: string }, what: string): string {
  let body: { error?: unknown; code?: unknown; message?: unknown };
  try {
    body = JSON.parse(res.body) as typeof body;
  } catch {
    throw new Error(`${what}: ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`);
  }
  const name = body.error as QfsErrorName;
  const spec = ERROR_CATALOGUE[name];
  expect(spec, `${what}: ${res.body.slice(0, 300)}`).toBeDefined();
  expect({ what, code: body.code, status: res.statusCode, message: typeof body.message }).toEqual({
    what,
    code: spec.number,
    status: spec.httpStatus,
    message: "string",
  });
  return name;
}

function check(c: Case, res: LightMyRequestResponse, tally: Map<string, number>): void {
  const what = `${c.kind} ${c.req.method} ${String(c.req.url).slice(0, 120)} -> ${res.statusCode}`;
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode < 400) {
    expect(c.expect.ok, `${what}: ${res.body.slice(0, 300)}`).toBeDefined();
    if (c.expect.ok === "repeat")
      expect(JSON.parse(res.body).receipt?.repeat ?? JSON.parse(res.body).repeat).toBe(true);
    if (c.expect.ok === "batch") {
      const results = (
        JSON.parse(res.body) as { results: { status: number; error?: string; receipt?: { repeat?: boolean } }[] }
      ).results;
      for (const [i, r] of results.entries()) {
        const at = `${what} [${i}] ${r.status}`;
        expect(r.status, at).toBeLessThan(500);
        if (r.status < 400) {
          expect(c.expect.each?.ok, `${at}: only a replay applies`).toBe("repeat");
          expect(r.receipt?.repeat, at).toBe(true);
          continue;
        }
        const name = checkError({ statusCode: r.status, body: JSON.stringify(r) }, at);
        if (name === "E_RATE_LIMITED") continue;
        if (c.expect.each?.codes) expect(c.expect.each.codes, at).toContain(name);
        if (c.expect.each?.statuses) expect(c.expect.each.statuses, at).toContain(r.status);
      }
    }
    tally.set(`${c.kind} ${res.statusCode}`, (tally.get(`${c.kind} ${res.statusCode}`) ?? 0) + 1);
    return;
  }
  if (c.req.method === "HEAD") {
    // A HEAD answer has no body: its status must be one the expected codes have.
    if (c.expect.codes)
      expect(
        c.expect.codes.map((n) => ERROR_CATALOGUE[n].httpStatus),
        what,
      ).toContain(res.statusCode);
    tally.set(`${c.kind} HEAD ${res.statusCode}`, (tally.get(`${c.kind} HEAD ${res.statusCode}`) ?? 0) + 1);
    return;
  }
  const name = checkError(res, what);
  if (name === "E_RATE_LIMITED" && c.req.method === "POST") {
    // The per-signer-key rate limit (contract §3) comes before the node: a documented answer for any packet that
    // decodes, with a Retry-After. The totals below still require each category's own answer many times.
    expect(res.headers["retry-after"], what).toBeDefined();
    tally.set(`${c.kind} ${name}`, (tally.get(`${c.kind} ${name}`) ?? 0) + 1);
    return;
  }
  if (c.expect.codes) expect(c.expect.codes, what).toContain(name);
  if (c.expect.statuses) expect(c.expect.statuses, `${what} ${name}`).toContain(res.statusCode);
  tally.set(`${c.kind} ${name}`, (tally.get(`${c.kind} ${name}`) ?? 0) + 1);
}

/** What a rejected packet may not touch: every account, key and supply row, and the parameters. */
function stateOf(r: Replay): { rows: string[]; params: string[] } {
  return {
    rows: r.ledger
      .rows()
      .filter((row) => row.kind !== RowKind.GLOBALS)
      .map((row) => `${row.participant}/${row.kind}/${hex(row.key)}=${hex(row.value)}`)
      .sort(),
    params: Object.values(LedgerParam).map((p) => String(r.ledger.param(p))),
  };
}

describe("fuzzed requests at every route", () => {
  it(`≥ ${REQUESTS_MIN} bad requests: documented status and code, never a 5xx, no state change`, async () => {
    const routes = seen.routes.filter(
      (r, i, all) => all.findIndex((x) => x.method === r.method && x.url === r.url) === i,
    );
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(["POST /v1/transactions", "GET /v1/accounts/:id"]),
    );
    const cases = fuzzCases(
      routes,
      { bases, applied, revoked, refused, knownAccount: accountHex(alice) },
      0xf022,
      REQUESTS_MIN,
    );
    // Balances and nonce as GET /v1/accounts/:id answers them (its proof names the latest checkpoint, which moves).
    const live = () =>
      Promise.all(
        [alice, bob, carol, ...crowd].map(async (k) => {
          const r = await app.inject({ method: "GET", url: `/v1/accounts/${accountHex(k)}` });
          const { nonce, balances } = r.json() as { nonce: string; balances: Record<string, string> };
          return { status: r.statusCode, nonce, balances };
        }),
      );
    const accountsBefore = await live();

    const tally = new Map<string, number>();
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      const chunk = cases.slice(i, i + CONCURRENCY);
      const answers = await Promise.all(chunk.map((c) => app.inject(c.req)));
      chunk.forEach((c, k) => check(c, answers[k]!, tally));
    }
    console.log(
      `fuzz: ${cases.length} requests over ${routes.length} routes; answers`,
      Object.fromEntries([...tally].sort()),
    );

    // Nothing moved: the live accounts, then the full state by replay.
    expect(await live()).toEqual(accountsBefore);
    const lastFuzzSeq = BigInt(sequencer.state().seq);
    expect(lastFuzzSeq).toBeGreaterThan(seqBeforeFuzz); // the rejected packets were sequenced and logged
    // … and the node still takes a good packet.
    const good = await app.inject({ method: "POST", url: "/v1/transactions", ...octet(bases[0]!) });
    expect(good.statusCode, good.body).toBe(200);
    await app.close();
    await sequencer.close();
    const before = await replayDecisionLog(dataDir, genesis, seqBeforeFuzz);
    const after = await replayDecisionLog(dataDir, genesis, lastFuzzSeq);
    expect(stateOf(after)).toEqual(stateOf(before));
    for (const t of Object.values(Token)) expect(after.ledger.supply(t)).toBe(before.ledger.supply(t));
    expect(after.txs.size).toBeGreaterThan(before.txs.size + 1000);
  });
});
