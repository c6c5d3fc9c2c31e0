// Issue 10: `npm run build:web` output is a static site. build/web/ served by a plain file server (no QFS node)
// loads in Chromium, shows the core's hash beside the manifest's, and once loaded works offline: a receipt checked
// with a pasted node key (no proofs fetched) and an ML-DSA signature, with the browser's network switched off.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64, toHex } from "../../bindings/index.js";
import type { ReceiptJson } from "../../server/node-service.js";
import { WEB_DIR_DEFAULT } from "../../server/http/web.js";
import { nodeKey, roundOne } from "../server/archive-fixtures.js";
import { launchChromium, run, shot, steps, VERDICT_WAIT_MS } from "./browser.js";
import { startNode } from "./node.js";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

let server: Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let receipt: ReceiptJson;
const errors: string[] = [];
const shots: string[] = [];

beforeAll(async () => {
  const node = await startNode();
  try {
    receipt = await node.submit(roundOne()[0]!);
  } finally {
    await node.close();
  }
  // Only the files build:web wrote, flat, by name.
  server = createServer((req, res) => {
    const name = new URL(req.url ?? "/", "http://x").pathname.slice(1) || "index.html";
    const type = TYPES[extname(name)];
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || type === undefined) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { "content-type": type }).end(readFileSync(join(WEB_DIR_DEFAULT, name)));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  browser = await launchChromium();
  context = await browser.newContext();
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: VERDICT_WAIT_MS });
});

afterAll(async () => {
  console.log(`static screenshots: ${shots.join(", ")}`);
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

describe("build/web/ as a static site", () => {
  it("loads without a node and shows the core's hash beside the manifest's", async () => {
    expect(await page.getAttribute("#wasm-status", "data-state")).toBe("pass");
  });

  it("once loaded, verifies a receipt and a signature offline", async () => {
    await context.setOffline(true);
    await page.fill("#node-key", toBase64(nodeKey.publicKey));
    await page.fill("#receipt-input", JSON.stringify(receipt));
    await page.uncheck("#receipt-fetch-proofs");
    const v = await run(page, "receipt-verify", "receipt-verdict");
    expect(v.state, v.text).toBe("pass");
    expect(v.text).toContain("Not covered: repeat");
    expect((await steps(page, "receipt-steps"))["Packet and events"]).toBe("skip");
    shots.push(await shot(page, "e2e-static-offline-receipt", "receipt-verdict"));

    const keys = ml_dsa87.keygen(new Uint8Array(32).fill(7));
    const msg = new Uint8Array([1, 2, 3, 250]);
    await page.fill("#sig-pk", toHex(keys.publicKey));
    await page.fill("#sig-msg", toHex(msg));
    await page.fill("#sig-sig", toHex(ml_dsa87.sign(msg, keys.secretKey, { extraEntropy: false })));
    await page.fill("#sig-ctx", "");
    const s = await run(page, "sig-verify", "sig-verdict");
    expect(s).toMatchObject({ state: "pass" });
    expect(s.text).toContain("Valid ML-DSA-87 signature over 4 B (context 0 B)");
    expect(errors).toEqual([]);
  });
});
