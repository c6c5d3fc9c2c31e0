// Node and a browser compute the same ledger: headless Chromium (playwright-core driving the
// system's /usr/bin/chromium; skipped when absent) loads the package's browser entry, replays the
// golden log (vectors/ledger/basic.json) with in-core signature verification, and must reach the
// same state root after every batch as recorded (and as Node reaches in ledger.vectors.test.ts).
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const root = resolve(import.meta.dirname, "..");
const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".html": "text/html",
};

const PAGE = `<!doctype html><script type="importmap">{"imports": {
  "@noble/hashes/": "/node_modules/@noble/hashes/",
  "@noble/post-quantum/": "/node_modules/@noble/post-quantum/",
  "@noble/curves/": "/node_modules/@noble/curves/",
  "@noble/ciphers/": "/node_modules/@noble/ciphers/"
}}</script><body>ledger</body>`;

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

// Runs in the page: replays the golden log and returns the hex state root after each batch.
async function replayInPage(): Promise<string[]> {
  const importer = new Function("u", "return import(u)") as (u: string) => Promise<Record<string, unknown>>;
  const qfs = (await importer("/dist/browser.js")) as unknown as {
    Ledger: {
      replay(g: unknown, log: unknown[]): { roots: Uint8Array[] };
    };
  };
  const v = await (await fetch("/vectors/ledger/basic.json")).json();
  const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => parseInt(x, 16)));
  const hex = (u: Uint8Array) => Array.from(u, (b) => b.toString(16).padStart(2, "0")).join("");
  const g = v.genesis;
  const genesis = {
    chainId: g.chainId,
    timeMs: BigInt(g.timeMs),
    epochLengthMs: BigInt(g.epochLengthMs),
    timestampWindowMs: BigInt(g.timestampWindowMs),
    councilThreshold: BigInt(g.councilThreshold),
    accountSlots: g.accountSlots,
    keySlots: g.keySlots,
    keys: g.keys.map((k: { publicKey: string; roles: number }) => ({ publicKey: bytes(k.publicKey), roles: k.roles })),
  };
  const log = v.batches.map((b: { seq: number; timeMs: string; auditHead: string; packets: string[] }) => ({
    header: { seq: BigInt(b.seq), timeMs: BigInt(b.timeMs), auditHead: bytes(b.auditHead) },
    packets: b.packets.map(bytes),
  }));
  return qfs.Ledger.replay(genesis, log).roots.map(hex);
}

describe("ledger in a browser", () => {
  const distReady = existsSync(resolve(root, "dist/browser.js")) && existsSync(resolve(root, "build/core.wasm"));
  it.skipIf(!existsSync(CHROMIUM) || !distReady)("replays the golden log to the same state roots as Node", async () => {
    const { chromium } = await import("playwright-core");
    const server = await serve();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const roots = await page.evaluate(replayInPage);
      const v = JSON.parse(readFileSync(resolve(root, "vectors/ledger/basic.json"), "utf8")) as {
        batches: { stateRoot: string }[];
      };
      expect(errors).toEqual([]);
      expect(roots).toEqual(v.batches.map((b) => b.stateRoot));
    } finally {
      await browser.close();
      server.close();
    }
  });
});
