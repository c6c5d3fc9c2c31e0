// The fuzz test's requests (test/server/fuzz.test.ts): for every route the app registered, bad path parameters,
// unknown ids, bad queries, methods it does not have; for every POST route, bad bodies of every kind; each with the
// answer it must get. Seeded: a failure names its case and a rerun makes the same cases.
import type { InjectOptions } from "fastify";
import type { QfsErrorName } from "../../bindings/index.js";
import { MAX_PACKET_BYTES } from "../../bindings/packet/types.js";
import { BODY_LIMIT_BYTES } from "../../server/config.js";
import { prng } from "./helpers.js";

export interface SeenRoute {
  method: string;
  url: string;
  querystring: string[];
}

/** What an answer must be: `codes` (then also each code's catalogue status), or any catalogue error of `statuses`;
 *  `ok` allows a 2xx/3xx (a read that found something, a replay answered with its original receipt). */
export interface Expect {
  codes?: QfsErrorName[];
  statuses?: number[];
  ok?: "read" | "repeat" | "batch";
  /** On a batch route: what each packet's result must be (as the single route would answer it). */
  each?: Expect;
}
export interface Case {
  kind: string;
  req: InjectOptions;
  expect: Expect;
}

/** What the cases are made of: packets the test signed and sent (or not) before the fuzz. */
export interface FuzzMaterial {
  /** Good packets never sent: the mutation bases. */
  bases: readonly Uint8Array[];
  /** Applied packets, with the code a fresh run of each gets now. */
  applied: readonly { packet: Uint8Array; code: QfsErrorName }[];
  /** Signed by a revoked key. */
  revoked: readonly Uint8Array[];
  /** Refused for a documented reason, with its code. */
  refused: readonly { packet: Uint8Array; codes: QfsErrorName[] }[];
  /** An account that exists (hex): fills `:id` when a query, not the id, is fuzzed. */
  knownAccount: string;
}

/** The batch route's body cap (contract §3, HTTP_BATCH_BODY_BYTES_MAX). */
const BATCH_BODY_BYTES_MAX = 8 * 1024 * 1024;

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
export const octet = (payload: Buffer | Uint8Array) => ({
  headers: { "content-type": "application/octet-stream" },
  payload: Buffer.from(payload),
});
export const json = (payload: string) => ({ headers: { "content-type": "application/json" }, payload });

const BAD_IDS = [
  "xyz",
  "0",
  "-1",
  "ab",
  "g".repeat(64),
  "a".repeat(63),
  "a".repeat(65),
  "%00",
  "..%2F..%2Fetc",
  "%E2%82%AC",
  "1e309",
  "9".repeat(30),
  "a".repeat(5000),
  "null",
  "%20",
  "0x" + "a".repeat(62),
];
const BAD_NUMBERS = [
  "-1",
  "abc",
  "1.5",
  "1e3",
  "",
  "99999999999999999999",
  "0x10",
  "NaN",
  "Infinity",
  "%00",
  "1%202",
  "-0",
  "4294967296",
  "9007199254740993",
  "[]",
  "{}",
];
const QUERY_NAMES = ["from", "to", "limit", "index", "size", "first", "second", "seq", "x"];
const CONTENT_TYPES = [
  "text/plain",
  "application/xml",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "image/png",
  "application/octet",
  "application/jsonx",
  "text/json",
];
/** Not JSON at all: E_HTTP_BODY. */
const NOT_JSON = ["{", "}", "{'packet':'AAAA'}", '{"packet":"AAAA"', "\u0000", "AAAA", "<packet/>", '{"packet":"AA"}}'];
/** JSON of a wrong shape. */
const BAD_JSON = [
  "[]",
  "null",
  "true",
  '"x"',
  "1",
  '{"packet":1}',
  '{"packet":null}',
  '{"packet":[]}',
  '{"packet":"!!!"}',
  '{"packet":"QUJD","x":1}',
  '{"pkt":"AAAA"}',
  '{"packet":""}',
  '{"packets":"AAAA"}',
  '{"packets":[1,2]}',
  '{"packets":{}}',
  '{"__proto__":{"a":1}}',
];
/** Unknown-id answers of the routes whose ids name things (contract §3). */
const UNKNOWN_ID: Record<string, QfsErrorName[]> = {
  "/v1/accounts/:id": ["E_ACCOUNT_UNKNOWN"],
  "/v1/transactions/:id": ["E_TX_UNKNOWN"],
  "/v1/keys/:id": ["E_KEY_NOT_FOUND"],
};
/** GET routes that stream without end (inject would wait for ever): fuzzed with other methods only. */
const ENDLESS = new Set(["/v1/events"]);

function fill(url: string, value: () => string): string {
  return url.replace(/:[A-Za-z_]+/g, () => value()).replace(/\*$/, () => value());
}

/** At least `min` cases over `routes`, in a seeded shuffled order; the top-up is more single-packet bodies. */
export function fuzzCases(routes: readonly SeenRoute[], m: FuzzMaterial, seed: number, min: number): Case[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rand() % xs.length]!;
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => rand() & 0xff));
  /** A packet with 1–4 random bytes changed (anywhere: header, body, signature). */
  function mutate(p: Uint8Array): Buffer {
    const m = Buffer.from(p);
    for (let k = 0, n = 1 + (rand() % 4); k < n; k++) m[rand() % m.length]! ^= 1 + (rand() % 255);
    return m;
  }
  /** A packet whose signature (the last 2,420 bytes of an ML-DSA-44 packet) has one byte changed. */
  function badSignature(p: Uint8Array): Buffer {
    const m = Buffer.from(p);
    m[m.length - 1 - (rand() % 2000)]! ^= 1 + (rand() % 255);
    return m;
  }

  function routeCases(routes: readonly SeenRoute[]): Case[] {
    const out: Case[] = [];
    const byUrl = new Map<string, Set<string>>();
    for (const r of routes) byUrl.set(r.url, (byUrl.get(r.url) ?? new Set()).add(r.method));
    for (const [url, methods] of byUrl) {
      const hasParams = /:|\*$/.test(url);
      const readable = (methods.has("GET") || methods.has("HEAD")) && !ENDLESS.has(url);
      for (const method of ["GET", "HEAD"].filter((m) => methods.has(m) && readable)) {
        // bad path params, unknown ids, bad queries
        if (hasParams) {
          // A malformed id on a route of hex ids is a schema error (or no route at all, for a '/' in it).
          const badId: Expect = UNKNOWN_ID[url] ? { codes: ["E_HTTP_BODY", "E_HTTP_NOT_FOUND"] } : { ok: "read" };
          for (const bad of BAD_IDS)
            out.push({ kind: "bad-param", req: { method, url: fill(url, () => bad) }, expect: badId });
          for (let i = 0; i < 40; i++) {
            const unknown = randomBytes(32).toString("hex");
            out.push({
              kind: "unknown-id",
              req: { method, url: fill(url, () => unknown) },
              expect: UNKNOWN_ID[url] ? { codes: UNKNOWN_ID[url] } : { ok: "read" },
            });
          }
        }
        // Routes with a query schema get 40 bad queries; the others (which ignore queries, and may stream the whole
        // log) a few.
        const declared = routes.find((r) => r.url === url)?.querystring ?? [];
        const names = [...new Set([...declared, ...QUERY_NAMES])];
        for (let i = 0, n = declared.length > 0 ? 40 : 5; i < n; i++) {
          const q = Array.from({ length: 1 + (rand() % 3) }, () => `${pick(names)}=${pick(BAD_NUMBERS)}`).join("&");
          const filled = url.replace(/:([A-Za-z_]+)/g, (_, name: string) => (name === "id" ? m.knownAccount : "1"));
          out.push({ kind: "bad-query", req: { method, url: `${filled}?${q}` }, expect: { ok: "read" } });
        }
      }
      // methods the route does not have
      for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH"] as const) {
        if (methods.has(method)) continue;
        for (let i = 0; i < 4; i++)
          out.push({
            kind: "wrong-method",
            req: { method, url: fill(url, () => randomBytes(32).toString("hex")), ...octet(randomBytes(rand() % 64)) },
            // GET /v1/transactions/batch is GET /v1/transactions/:id with the id "batch": a bad id, not a lost route.
            expect: {
              codes: method === "GET" && url === "/v1/transactions/batch" ? ["E_HTTP_BODY"] : ["E_HTTP_NOT_FOUND"],
            },
          });
      }
      if (methods.has("POST")) out.push(...bodyCases(url));
    }
    for (let i = 0; i < 50; i++)
      out.push({
        kind: "no-route",
        req: { method: pick(["GET", "POST"]), url: `/v1/${randomBytes(6).toString("hex")}/${i}` },
        expect: { codes: ["E_HTTP_NOT_FOUND"] },
      });
    return out;
  }

  /** Bodies for a POST route; the volume goes to the transaction routes. */
  function bodyCases(url: string): Case[] {
    const out: Case[] = [];
    const isBatch = url.endsWith("/batch");
    const wrap = (packet: Uint8Array) => (isBatch ? JSON.stringify({ packets: [b64(packet)] }) : b64(packet));
    const POST = (kind: string, body: { headers: Record<string, string>; payload: string | Buffer }, expect: Expect) =>
      out.push({ kind, req: { method: "POST", url, ...body }, expect });
    // A batch answers 200 with per-packet results when its JSON is right; the single route answers per packet.
    const perPacket = (e: Expect): Expect => (isBatch ? { ok: "batch", statuses: [400, 413], each: e } : e);
    const asBody = (p: Uint8Array) =>
      isBatch
        ? json(JSON.stringify({ packets: [b64(p)] }))
        : rand() % 2
          ? octet(p)
          : json(JSON.stringify({ packet: b64(p) }));
    const rounds = isBatch ? 1 : 6;
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 250; i++)
        POST(
          "random-bytes",
          octet(randomBytes(rand() % 600)),
          isBatch ? { statuses: [400, 415] } : { statuses: [400, 413] },
        );
      for (let i = 0; i < 150; i++) {
        const base = pick(m.bases);
        POST("truncated", asBody(base.subarray(0, rand() % base.length)), perPacket({ statuses: [400] }));
      }
      for (let i = 0; i < 300; i++) POST("mutated", asBody(mutate(pick(m.bases))), perPacket({}));
      for (let i = 0; i < 300; i++)
        POST("bad-signature", asBody(badSignature(pick(m.bases))), perPacket({ codes: ["E_SIG_INVALID"] }));
      for (const a of m.applied) POST("replay", asBody(a.packet), perPacket({ codes: [a.code], ok: "repeat" }));
      for (const p of m.revoked) POST("m.revoked-key", asBody(p), perPacket({ codes: ["E_KEY_REVOKED"] }));
      for (const { packet, codes } of m.refused) POST("m.refused", asBody(packet), perPacket({ codes }));
      for (const s of NOT_JSON) POST("not-json", json(s), { codes: ["E_HTTP_BODY"] });
      // JSON of the wrong shape is 400: E_HTTP_BODY from the schema, or the decoder's code when Fastify's default
      // schema handling (coercion, dropping unknown properties) leaves a packet string to decode.
      // On the batch route, Fastify's coercion can turn a wrong-typed entry into a packet string: then the answer is
      // 200 with that packet's own 400 in the results.
      for (const s of BAD_JSON)
        POST("bad-json", json(s), isBatch ? perPacket({ statuses: [400] }) : { statuses: [400] });
      for (let i = 0; i < 30; i++)
        POST(
          "bad-base64",
          json(
            JSON.stringify(
              isBatch
                ? { packets: [randomBytes(20).toString("latin1")] }
                : { packet: randomBytes(20).toString("latin1") },
            ),
          ),
          isBatch ? perPacket({ codes: ["E_HTTP_BODY"] }) : { codes: ["E_HTTP_BODY"] },
        );
      for (let i = 0; i < 30; i++)
        POST(
          "base64-garbage",
          json(
            isBatch
              ? JSON.stringify({ packets: [b64(randomBytes(1 + (rand() % 300)))] })
              : JSON.stringify({ packet: b64(randomBytes(1 + (rand() % 300))) }),
          ),
          perPacket({ statuses: [400] }),
        );
      for (const ct of CONTENT_TYPES)
        POST(
          "content-type",
          { headers: { "content-type": ct }, payload: wrap(pick(m.bases)) },
          { codes: ["E_HTTP_CONTENT_TYPE"] },
        );
      POST("no-content-type", { headers: {}, payload: randomBytes(100) }, { statuses: [400, 415] });
      for (let i = 0; i < 5; i++)
        POST(
          "oversize",
          octet(randomBytes((isBatch ? BATCH_BODY_BYTES_MAX : BODY_LIMIT_BYTES) + 1 + (rand() % 1000))),
          {
            statuses: [413, 415],
          },
        );
      if (!isBatch)
        for (let i = 0; i < 5; i++)
          POST("packet-too-long", octet(randomBytes(MAX_PACKET_BYTES + 1 + (rand() % 1000))), { statuses: [413] });
      if (!isBatch)
        POST("oversize-json", json(JSON.stringify({ packet: "A".repeat(BODY_LIMIT_BYTES + 4) })), {
          codes: ["E_INPUT_TOO_LARGE"],
        });
    }
    if (isBatch) {
      POST("batch-empty", json('{"packets":[]}'), { statuses: [400] });
      POST("batch-too-many", json(JSON.stringify({ packets: Array.from({ length: 257 }, () => b64(pick(m.bases))) })), {
        statuses: [400, 413],
      });
      POST("batch-oversize", json(JSON.stringify({ packets: ["A".repeat(BATCH_BODY_BYTES_MAX)] })), {
        statuses: [413],
      });
    }
    return out;
  }

  function shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = rand() % (i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  const cases = routeCases(routes);
  while (cases.length < min) cases.push(...bodyCases("/v1/transactions").slice(0, min - cases.length));
  return shuffle(cases);
}
