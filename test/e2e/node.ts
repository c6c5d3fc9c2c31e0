// The e2e suite's node: a real Sequencer over SQLite behind the real Fastify app (server/app.ts, so the page is the
// one GET / serves), listening on 127.0.0.1, and in front of it a small proxy the browser talks to. The proxy
// passes everything through unchanged unless a test sets `tamper`, which rewrites one kind of answer (an audit
// entry, an account) the way a dishonest node would, so the page can be shown to catch it.
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../server/app.js";
import type { ReceiptJson } from "../../server/node-service.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { archiveGenesis, nodeKey, tempDir } from "../server/archive-fixtures.js";

/** Largest answer the proxy buffers, bytes (the test node's log is a few hundred KiB). */
const PROXY_ANSWER_BYTES_MAX = 32 * 1024 * 1024;

export interface Tamper {
  /** Rewrites the answer of a GET whose path matches: as JSON, or (for the NDJSON log) as text. */
  readonly path: RegExp;
  readonly json?: (body: unknown) => unknown;
  readonly text?: (body: string) => string;
}

/** What the proxy answers itself (the Firefox run: a driver script, its config, the replay vectors, its report). */
export interface Extra {
  /** GET path → its answer. */
  readonly files: Map<string, { type: string; body: Buffer | string }>;
  /** A script (a path under /web/) added to the page's <head>. */
  readonly inject?: string;
  /** POST /e2e/report's body. */
  readonly report?: (body: string) => void;
  /** POST /e2e/tamper?what=NAME: the page asks for a tampering (or "none") before its next run. */
  readonly tamper?: (what: string) => void;
}

/** A node that changes the last byte of audit entry `index` in every page of GET /v1/audit/entries it serves. */
export function tamperEntry(index: number): Tamper {
  return {
    path: /^\/v1\/audit\/entries$/,
    json: (b) => {
      const page = b as { entries: { index: number; entry: string }[] };
      const e = page.entries.find((x) => x.index === index);
      if (e !== undefined) {
        const bytes = Buffer.from(e.entry, "base64");
        bytes[bytes.length - 1]! ^= 1;
        e.entry = bytes.toString("base64");
      }
      return page;
    },
  };
}

/** Largest report the proxy takes, bytes. */
const REPORT_BYTES_MAX = 1024 * 1024;

export interface E2eNode {
  /** The proxy's origin: what the page is loaded from and verifies. */
  readonly url: string;
  /** The app's own origin (never tampered). */
  readonly direct: string;
  readonly sequencer: Sequencer;
  tamper: Tamper | undefined;
  extra: Extra | undefined;
  submit(packet: Uint8Array): Promise<ReceiptJson>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function proxy(direct: string, node: { tamper: Tamper | undefined; extra: Extra | undefined }): Server {
  return createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of req) {
        n += (c as Buffer).length;
        if (n > REPORT_BYTES_MAX) throw new Error(`request over ${REPORT_BYTES_MAX} B`);
        chunks.push(c as Buffer);
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const extra = node.extra;
      const own = req.method === "GET" ? extra?.files.get(path) : undefined;
      if (own !== undefined) return void res.writeHead(200, { "content-type": own.type }).end(own.body);
      if (req.method === "POST" && path === "/e2e/tamper" && extra?.tamper !== undefined) {
        extra.tamper(new URL(req.url ?? "/", "http://x").searchParams.get("what") ?? "none");
        return void res.writeHead(204).end();
      }
      if (req.method === "POST" && path === "/e2e/report" && extra?.report !== undefined) {
        extra.report(body?.toString("utf8") ?? "");
        return void res.writeHead(204).end();
      }
      const headers: Record<string, string> = {};
      for (const k of ["content-type", "accept"]) if (req.headers[k]) headers[k] = String(req.headers[k]);
      const up = await fetch(direct + (req.url ?? "/"), { method: req.method ?? "GET", headers, body });
      let bytes = Buffer.from(await up.arrayBuffer());
      if (bytes.length > PROXY_ANSWER_BYTES_MAX) throw new Error(`answer over ${PROXY_ANSWER_BYTES_MAX} B`);
      if (path === "/" && extra?.inject !== undefined)
        bytes = Buffer.from(
          bytes.toString("utf8").replace("</head>", `<script type="module" src="${extra.inject}"></script></head>`),
        );
      const t = node.tamper;
      if (t !== undefined && req.method === "GET" && up.ok && t.path.test(path)) {
        const text = bytes.toString("utf8");
        bytes = Buffer.from(t.text ? t.text(text) : JSON.stringify(t.json!(JSON.parse(text))));
      }
      const out: Record<string, string> = {};
      for (const k of ["content-type", "content-security-policy", "cache-control"]) {
        const v = up.headers.get(k);
        if (v !== null) out[k] = v;
      }
      res.writeHead(up.status, out).end(bytes);
    })().catch((e: unknown) => res.writeHead(502, { "content-type": "text/plain" }).end(String(e)));
  });
}

export async function startNode(): Promise<E2eNode> {
  const dataDir = tempDir("qfs-e2e-");
  const sequencer = await Sequencer.open({
    dataDir,
    genesis: archiveGenesis(Date.now() - 1000),
    nodeKey,
    poolThreads: 1,
    batchDelayMs: 5,
  });
  let app: FastifyInstance | undefined;
  let front: Server | undefined;
  try {
    app = await buildApp({ node: sequencer });
    const direct = await app.listen({ port: 0, host: "127.0.0.1" });
    const node = {
      direct,
      sequencer,
      tamper: undefined as Tamper | undefined,
      extra: undefined as Extra | undefined,
      url: "",
      async submit(packet: Uint8Array): Promise<ReceiptJson> {
        const r = await fetch(`${direct}/v1/transactions`, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: Buffer.from(packet),
        });
        const j = (await r.json()) as ReceiptJson & { receipt?: ReceiptJson; error?: string };
        const receipt = r.ok ? j : j.receipt;
        if (receipt === undefined) throw new Error(`submit: HTTP ${r.status} ${j.error ?? ""}`);
        return receipt;
      },
      async close(): Promise<void> {
        front?.closeAllConnections();
        await new Promise((ok) => front?.close(ok));
        await app?.close();
        await sequencer.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    front = proxy(direct, node);
    node.url = await listen(front);
    return node;
  } catch (e) {
    await app?.close();
    await sequencer.close();
    throw e;
  }
}
