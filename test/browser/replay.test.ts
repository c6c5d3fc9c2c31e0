// Node and a browser replay the same logs to the same roots: headless Chromium (playwright-core
// driving the system's /usr/bin/chromium; the suite fails without it) loads the package's browser entry,
// fetches every frozen replay vector and runs replayLog — header, checkpoint and packet signatures
// verified by the same core.wasm — and must reach each vector's expectedStateRoot; a tampered log
// must halt with the same CIR-302 code as in Node.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const root = resolve(import.meta.dirname, "../..");
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};
const PAGE = `<!doctype html><script type="importmap">{"imports": {
  "@noble/hashes/": "/node_modules/@noble/hashes/",
  "@noble/post-quantum/": "/node_modules/@noble/post-quantum/",
  "@noble/curves/": "/node_modules/@noble/curves/",
  "@noble/ciphers/": "/node_modules/@noble/ciphers/"
}}</script><body>replay</body>`;

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = resolve(root, "." + decodeURIComponent(url.pathname));
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// Runs in the page: replays each named vector; then one with a flipped checkpoint signature.
async function replayInPage(names: string[]): Promise<{ roots: string[]; tampered: string }> {
  const importer = new Function("u", "return import(u)") as (u: string) => Promise<Record<string, unknown>>;
  const qfs = (await importer("/dist/browser.js")) as unknown as {
    replayLog(t: unknown): { ok: true; stateRoot: string } | { ok: false; halt: { code: string } };
  };
  const roots: string[] = [];
  let first: Record<string, unknown> | undefined;
  for (const n of names) {
    const text = await (await fetch(`/vectors/replay/${n}.json`)).text();
    const r = qfs.replayLog(text);
    roots.push(r.ok ? r.stateRoot : r.halt.code);
    first ??= JSON.parse(text);
  }
  const log = first as { batches: { checkpointSignature: string }[] };
  const sig = log.batches[0]!.checkpointSignature;
  log.batches[0]!.checkpointSignature = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
  const t = qfs.replayLog(JSON.stringify(log));
  return { roots, tampered: t.ok ? "ok" : t.halt.code };
}

describe("replay in a browser", () => {
  const distReady = existsSync(resolve(root, "dist/browser.js")) && existsSync(resolve(root, "build/core.wasm"));
  it("gives every vector's expectedStateRoot", async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required (apt-get install -y chromium)`).toBe(true);
    expect(distReady, "run npm run build first").toBe(true);
    const dir = resolve(root, "vectors/replay");
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => f.slice(0, -5));
    const expected = names.map(
      (n) =>
        (JSON.parse(readFileSync(resolve(dir, `${n}.json`), "utf8")) as { expectedStateRoot: string })
          .expectedStateRoot,
    );
    const { chromium } = await import("playwright-core");
    const server = await serve();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const out = await page.evaluate(replayInPage, names);
      expect(errors).toEqual([]);
      expect(out.roots).toEqual(expected);
      expect(out.tampered).toBe("E_CHECKPOINT_SIG_INVALID");
    } finally {
      await browser.close();
      server.close();
    }
  });
});
