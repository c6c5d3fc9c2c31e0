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
  /** Rewrites the JSON answer of a GET whose path matches. */
  readonly path: RegExp;
  readonly json: (body: unknown) => unknown;
}

export interface E2eNode {
  /** The proxy's origin: what the page is loaded from and verifies. */
  readonly url: string;
  /** The app's own origin (never tampered). */
  readonly direct: string;
  readonly sequencer: Sequencer;
  tamper: Tamper | undefined;
  submit(packet: Uint8Array): Promise<ReceiptJson>;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function proxy(direct: string, node: { tamper: Tamper | undefined }): Server {
  return createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers: Record<string, string> = {};
      for (const k of ["content-type", "accept"]) if (req.headers[k]) headers[k] = String(req.headers[k]);
      const up = await fetch(direct + (req.url ?? "/"), { method: req.method ?? "GET", headers, body });
      let bytes = Buffer.from(await up.arrayBuffer());
      if (bytes.length > PROXY_ANSWER_BYTES_MAX) throw new Error(`answer over ${PROXY_ANSWER_BYTES_MAX} B`);
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const t = node.tamper;
      if (t !== undefined && req.method === "GET" && up.ok && t.path.test(path))
        bytes = Buffer.from(JSON.stringify(t.json(JSON.parse(bytes.toString("utf8")))));
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
      url: "",
      async submit(packet: Uint8Array): Promise<ReceiptJson> {
        const r = await fetch(`${direct}/v1/transactions`, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: packet,
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
