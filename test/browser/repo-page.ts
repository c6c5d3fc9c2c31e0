// A page served from the repository for the replay checks: "/" is an empty page whose import map
// points the SDK's bare @noble imports at node_modules, and any file under the repo (dist/, build/,
// vectors/, node_modules/) is served read-only with its MIME type. Chromium is Debian's; without it
// the calling test fails (never skips).
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, resolve, sep } from "node:path";
import { expect } from "vitest";
import type { Page } from "playwright-core";
import { launchChromium } from "../helpers/chromium.js";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

const TYPES: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};
const PAGE = `<!doctype html><script type="importmap">{"imports": {
  "@noble/hashes/": "/node_modules/@noble/hashes/",
  "@noble/post-quantum/": "/node_modules/@noble/post-quantum/",
  "@noble/curves/": "/node_modules/@noble/curves/",
  "@noble/ciphers/": "/node_modules/@noble/ciphers/"
}}</script><body>qfs</body>`;

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
      return;
    }
    const file = resolve(REPO_ROOT, "." + decodeURIComponent(url.pathname));
    if (!file.startsWith(REPO_ROOT + sep) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

// Opens the page in headless Chromium, runs `fn`, and asserts that the page raised no error.
export async function withRepoPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const distReady =
    existsSync(resolve(REPO_ROOT, "dist/browser.js")) && existsSync(resolve(REPO_ROOT, "build/core.wasm"));
  expect(distReady, "run npm run build first").toBe(true);
  const server = await serve();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out = await fn(page);
    expect(errors).toEqual([]);
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}
