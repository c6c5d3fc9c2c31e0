// The OpenAPI document covers every route the app registered (enumerated by the app's onRoute hook, so a route
// added later without a schema or hidden from the document fails here), every route has request and response
// schemas, /docs serves the UI, and the pino request log of a submit carries its tx id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountId, ops, sha3_256, Token } from "../../bindings/index.js";
import { registeredRoutes } from "../../server/app.js";
import { DOCS_PREFIX } from "../../server/http/docs.js";
import { alice, E18, harness, minter, packet, type Harness } from "./http-fixtures.js";

const lines: string[] = [];
let h: Harness;
beforeAll(async () => {
  h = await harness({ logger: { level: "info", stream: { write: (l: string) => void lines.push(l) } } });
});
afterAll(() => h.app.close());

const apiRoutes = () =>
  registeredRoutes(h.app).filter((r) => r.url !== DOCS_PREFIX && !r.url.startsWith(`${DOCS_PREFIX}/`));
const openApiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, "{$1}");

describe("OpenAPI", () => {
  it("the app registered every route of contract §3", () => {
    const got = apiRoutes().map((r) => `${String(r.method)} ${r.url}`);
    expect(got.sort()).toEqual(
      [
        "POST /v1/transactions",
        "POST /v1/transactions/batch",
        "GET /v1/transactions/:id",
        "GET /v1/accounts/:id",
        "GET /v1/accounts/:id/events",
        "GET /v1/staking",
        "GET /v1/keys/:id",
        "GET /v1/state",
        "GET /health",
        "GET /v1/audit/entries",
        "GET /v1/audit/checkpoints",
        "GET /v1/audit/checkpoints/latest",
        "GET /v1/audit/checkpoints/:seq",
        "GET /v1/audit/proofs/inclusion",
        "GET /v1/audit/proofs/consistency",
        "GET /v1/audit/log",
        "GET /v1/events",
        // Issue 9: Prometheus metrics (server/metrics, docs/operations.md).
        "GET /metrics",
        // Issue 10: the verification page and its assets (server/http/web.ts, docs/web.md).
        "GET /",
        "GET /web/:file",
      ].sort(),
    );
  });

  it("/docs/json lists every registered route with its parameters and 200/4XX/5XX answers", async () => {
    const r = await h.get(`${DOCS_PREFIX}/json`);
    expect(r.statusCode).toBe(200);
    const doc = r.json() as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const route of apiRoutes()) {
      const op = doc.paths[openApiPath(route.url)]?.[String(route.method).toLowerCase()];
      expect(op, `${String(route.method)} ${route.url}`).toBeDefined();
      expect(Object.keys(op!.responses as object).sort(), route.url).toEqual(["200", "4XX", "5XX"]);
      const params = (op!.parameters ?? []) as { in: string; name: string }[];
      for (const name of route.url.match(/:([A-Za-z]+)/g) ?? [])
        expect(
          params.some((p) => p.in === "path" && p.name === name.slice(1)),
          `${route.url} ${name}`,
        ).toBe(true);
      if (route.method === "POST") expect(op!.requestBody, route.url).toBeDefined();
    }
    const docPaths = Object.keys(doc.paths).filter((p) => !p.startsWith(DOCS_PREFIX));
    expect(docPaths.sort()).toEqual([...new Set(apiRoutes().map((x) => openApiPath(x.url)))].sort());
  });

  it("every route has a schema: response 200, 4xx, 5xx; a query or params schema where the URL takes them", () => {
    for (const route of apiRoutes()) {
      const schema = route.schema as { response?: object; params?: object; querystring?: object } | undefined;
      expect(Object.keys(schema?.response ?? {}).sort(), route.url).toEqual(["200", "4xx", "5xx"]);
      if (route.url.includes(":")) expect(schema?.params, route.url).toBeDefined();
    }
  });

  it("/docs serves the Swagger UI page", async () => {
    let r = await h.get(DOCS_PREFIX);
    if (r.statusCode === 302) r = await h.get(String(r.headers.location));
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/swagger/i);
  });
});

describe("request logs", () => {
  it("a submit's log line carries its tx id, outcome and seq", async () => {
    const receipt = (
      await h.postPacket(packet(minter, 1n, [ops.mint(Token.CHR, accountId(alice.publicKey), E18)]))
    ).json();
    const tx = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "transaction");
    expect(tx).toMatchObject({ txId: receipt.txId, outcome: "OK", seq: receipt.seq, repeat: false });
    expect(typeof tx?.reqId).toBe("string");
  });

  it("a refused packet's log line carries its tx id and the error", async () => {
    const garbage = new Uint8Array(64).fill(3);
    await h.postPacket(garbage);
    const refused = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === "transaction refused");
    expect(refused).toMatchObject({ txId: Buffer.from(sha3_256(garbage)).toString("hex"), error: "E_PACKET_MAGIC" });
  });
});
