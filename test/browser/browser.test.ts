// The browser entry (dist/browser.js) in a real Chromium: the page imports it as an ES module from a local static
// server, it fetches ../build/core.wasm (application/wasm) itself, and runs battery.js; the result must equal the
// Node entry's (dist/index.js) and independent references. Run by `npm run test:browser`
// (vitest.browser.config.ts); it needs Debian's /usr/bin/chromium and fails, never skips, without it.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROUPS, runBattery, type BatteryResult, type Fixture, type GroupName } from "./battery.js";
import { expectCorrect, expectGroupsPresent, nodeEntry, nodeFixture, requiredGroups } from "./expect.js";
import { BROWSER_ENTRY, CORE_WASM, REPO, moduleGraph, scanSpecifiers, urlPathOf, type ModuleGraph } from "./graph.js";
import { startServer, type Served, type ServerOptions, type StaticServer } from "./server.js";
import { CHROMIUM_ARGS } from "../helpers/chromium.js";

// Debian's Chromium; QFS_CHROMIUM overrides the path (e.g. to check that a missing browser fails the suite).
const CHROMIUM = process.env.QFS_CHROMIUM ?? "/usr/bin/chromium";

interface PageApi {
  run(fx: Fixture): Promise<BatteryResult>;
  wasm(): Promise<{ url: string; status: number; type: string | null; bytes: number; sha256: string }>;
  env(): Record<string, string>;
}
interface PageGlobals {
  __qfs?: PageApi;
  __qfsError?: string;
}

function pageHtml(graph: ModuleGraph): string {
  // The SDK imports @noble/post-quantum by bare specifier; an unbundled page resolves those through an import map
  // (a bundler would do the same from node_modules). Only the exact files in the graph are mapped and served.
  const imports = Object.fromEntries(Object.entries(graph.bare).map(([spec, file]) => [spec, urlPathOf(file)]));
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>qfs-v13 browser entry</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
  try {
    const api = await import("/dist/browser.js");
    const { runBattery } = await import("/test/battery.js");
    const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, "0")).join("");
    globalThis.__qfs = {
      run: (fx) => runBattery(api, fx),
      async wasm() {
        // The same URL load-browser.js computes: ../build/core.wasm relative to the module.
        const url = new URL("../build/core.wasm", new URL("/dist/browser.js", location.href)).href;
        const res = await fetch(url, { cache: "no-store" });
        const buf = await res.arrayBuffer();
        return { url, status: res.status, type: res.headers.get("content-type"), bytes: buf.byteLength,
                 sha256: hex(await crypto.subtle.digest("SHA-256", buf)) };
      },
      env: () => Object.fromEntries(["process", "Buffer", "require", "module", "global"].map((n) => [n, typeof globalThis[n]])),
    };
  } catch (e) {
    globalThis.__qfsError = String(e && e.stack ? e.stack : e);
  }
</script></head><body>qfs-v13</body></html>`;
}

/** A raw GET (no URL normalisation, unlike a browser) → status and content type. */
function rawGet(origin: string, rawPath: string): Promise<{ status: number; type: string | undefined }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
    req.end();
  });
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** The page, the graph's files outside dist/ (node_modules) by URL path, and the battery. */
function serverOptions(graph: ModuleGraph): ServerOptions {
  const dist = path.join(REPO, "dist") + path.sep;
  return {
    page: pageHtml(graph),
    extra: new Map(graph.files.filter((f) => !f.startsWith(dist)).map((f) => [urlPathOf(f), f])),
    battery: path.join(REPO, "test/browser/battery.js"),
  };
}

describe("browser entry: static checks (no browser needed)", () => {
  let graph: ModuleGraph;
  let server: StaticServer | undefined;

  beforeAll(async () => {
    graph = moduleGraph(BROWSER_ENTRY);
    server = await startServer(serverOptions(graph));
  });

  afterAll(async () => {
    await server?.close();
  });

  it(`${CHROMIUM} exists`, () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required by this suite`).toBe(true);
  });

  it("dist/browser.js and everything it imports contain no node: (or bare built-in) import", () => {
    expect(scanSpecifiers(BROWSER_ENTRY)).toEqual([]);
    const rel = graph.files.map((f) => path.relative(REPO, f));
    expect(rel[0]).toBe("dist/browser.js");
    expect(rel).toContain("dist/load-browser.js");
    expect(rel).toContain("dist/api.js");
    expect(rel).not.toContain("dist/load-node.js");
    expect(rel).not.toContain("dist/index.js");
    // Every file outside dist/ is a package dependency (node_modules), never project source.
    for (const f of rel) expect(f.startsWith("dist/") || f.startsWith("node_modules/"), f).toBe(true);
  });

  it("package.json routes browsers to dist/browser.js and publishes the core.wasm it fetches", () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      exports: Record<string, Record<string, string>>;
      files: string[];
    };
    expect(pkg.exports["."]?.browser).toBe("./dist/browser.js");
    expect(pkg.exports["./browser"]?.default).toBe("./dist/browser.js");
    expect(pkg.files).toContain("dist/");
    expect(pkg.files).toContain("build/core.wasm"); // the test build (core-test.wasm) is not shipped
    // load-browser.js fetches new URL("../build/core.wasm", import.meta.url): dist/../build/core.wasm.
    expect(readFileSync(path.join(REPO, "dist/load-browser.js"), "utf8")).toContain('"../build/core.wasm"');
  });

  it("the static server: JS and WASM MIME types, 404 for anything else, no traversal", async () => {
    const origin = server!.origin;
    expect(await rawGet(origin, "/dist/browser.js")).toEqual({
      status: 200,
      type: "application/javascript; charset=utf-8",
    });
    expect(await rawGet(origin, "/build/core.wasm")).toEqual({ status: 200, type: "application/wasm" });
    for (const p of [
      "/package.json",
      "/dist/",
      "/build",
      "/dist/browser.d.ts",
      "/build/core.wat",
      "/dist/../package.json",
      "/dist/%2e%2e/package.json",
      "/dist/..%2fpackage.json",
      "/build/..%5c..%5cpackage.json",
      "/dist//browser.js",
      "/dist/nope.js",
      "/node_modules/@noble/hashes/package.json",
      "/node_modules/vitest/dist/index.js",
      "/test/browser/browser.test.ts",
      "/%00",
    ]) {
      expect((await rawGet(origin, p)).status, p).toBe(404);
    }
  });
});

describe("browser entry in Chromium (dist/browser.js + build/core.wasm)", () => {
  let graph: ModuleGraph;
  let server: StaticServer | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];
  let fixture: Fixture;
  let nodeResult: BatteryResult;
  let browserResult: BatteryResult;
  let pageLog: Served[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: this suite needs Debian's Chromium ` +
          "(apt-get install -y chromium; .ci/run installs it). It fails rather than skips without it.",
      );
    }
    graph = moduleGraph(BROWSER_ENTRY);
    server = await startServer(serverOptions(graph));
    const nodeApi = await nodeEntry();
    fixture = await nodeFixture(nodeApi);
    nodeResult = await runBattery(nodeApi, fixture);

    profile = mkdtempSync(path.join(tmpdir(), "qfs-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS, // the profile is a fresh temp --user-data-dir (launchPersistentContext's argument)
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => {
      const g = globalThis as unknown as PageGlobals;
      return g.__qfs !== undefined || g.__qfsError !== undefined;
    });
    const loadError = await page.evaluate(() => (globalThis as unknown as PageGlobals).__qfsError);
    if (loadError !== undefined) {
      throw new Error(`the page could not import dist/browser.js: ${loadError}\nconsole:\n${consoleLines.join("\n")}`);
    }
    browserResult = await page.evaluate((fx) => (globalThis as unknown as PageGlobals).__qfs!.run(fx), fixture);
    pageLog = [...server.log];
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it("the page imported the entry without errors and fetched build/core.wasm as application/wasm", async () => {
    expect(pageErrors).toEqual([]);
    const got = pageLog.filter((r) => r.path !== "/favicon.ico");
    // The entry's own fetch of ../build/core.wasm (made by load-browser.js before the battery ran).
    expect(got.filter((r) => r.path.startsWith("/build/"))).toEqual([
      { method: "GET", path: "/build/core.wasm", status: 200, type: "application/wasm" },
    ]);
    // The page, each module of the graph once, the battery; nothing failed, nothing else was asked for.
    expect(got.every((r) => r.status === 200)).toBe(true);
    const modules = got.filter((r) => r.path !== "/" && r.path !== "/test/battery.js" && r.path !== "/build/core.wasm");
    expect(modules.map((r) => r.path).sort()).toEqual(graph.files.map(urlPathOf).sort());
    for (const r of modules) expect(r.type).toBe("application/javascript; charset=utf-8");
    const env = await page.evaluate(() => (globalThis as unknown as PageGlobals).__qfs!.env());
    expect(env).toEqual({
      process: "undefined",
      Buffer: "undefined",
      require: "undefined",
      module: "undefined",
      global: "undefined",
    });
  });

  it("the SHA-256 of the core.wasm the browser fetched equals build/core.wasm in Node and wasm-manifest.json", async () => {
    const w = await page.evaluate(() => (globalThis as unknown as PageGlobals).__qfs!.wasm());
    const local = readFileSync(CORE_WASM);
    const manifest = JSON.parse(readFileSync(path.join(REPO, "wasm-manifest.json"), "utf8")) as {
      files: Record<string, { sha256: string; bytes: number }>;
    };
    expect(w).toMatchObject({ url: `${server!.origin}/build/core.wasm`, status: 200, type: "application/wasm" });
    expect(w.sha256).toBe(sha256(local));
    expect(w.bytes).toBe(local.length);
    expect(w.sha256).toBe(manifest.files["build/core.wasm"]?.sha256);
    expect(w.bytes).toBe(manifest.files["build/core.wasm"]?.bytes);
  });

  it("the browser entry exports exactly what the Node entry exports (same constants), and every merged module", () => {
    expect(browserResult.exports).toEqual(nodeResult.exports);
    expect(browserResult.constants).toEqual(nodeResult.constants);
    expect(browserResult.present).toEqual(nodeResult.present);
    expectGroupsPresent(browserResult);
  });

  it("SHA3-256/512, SHAKE128/256 (one-shot, streamed, incremental): same as Node and @noble/hashes", () => {
    expect(browserResult.hash).toEqual(nodeResult.hash);
    expectCorrect(browserResult, fixture);
  });

  for (const g of ["math", "mldsa", "packet", "audit", "ledger"] as GroupName[]) {
    const what = {
      math: "CertifiedMath mulDiv/ln/exp/sqrt",
      mldsa: "ML-DSA verify (noble-signed valid accepted, flipped rejected)",
      packet: "packet decode/encode/verify of an SDK-signed packet",
      audit: "audit log root, inclusion/consistency proofs, signed checkpoint",
      ledger: "ledger state roots from genesis + SDK-signed batches (live and replay)",
    }[g as Exclude<GroupName, "hash">];
    it(`${what}: same as Node (when exported; required once merged)`, (ctx) => {
      if (!browserResult.present[g] && !requiredGroups()[g]) {
        ctx.skip(`${GROUPS[g].join(", ")} not in this build yet (its branch is not merged)`);
      }
      expect(browserResult.present[g]).toBe(true);
      expect(browserResult[g]).toEqual(nodeResult[g]);
      expect(browserResult[g]).not.toBeNull();
    });
  }

  it("the Node entry's own results are right (references, fixed values)", () => {
    expectCorrect(nodeResult, fixture);
  });
});
