// Issue 10: the verification page's routes (server/http/web.ts) and its build (scripts/build-web.mjs): GET / is the
// page with its base and CSP, GET /web/core.wasm the very build/core.wasm as application/wasm, the manifest the
// committed one, unknown or malformed asset names a catalogue 404/400; build/web/ (made by `npm run build`) is a
// browser bundle, and the bundle check refuses what a browser could not load. The page itself: test/e2e/.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installErrorHandling } from "../../server/http/errors.js";
import { WEB_DIR_DEFAULT, webPlugin } from "../../server/http/web.js";
import { harness, type Harness } from "./http-fixtures.js";

const REPO = resolve(import.meta.dirname, "../..");
const { checkBundle } = (await import(join(REPO, "scripts/build-web.mjs"))) as {
  checkBundle: (dir: string) => string[];
};

let h: Harness;
const dirs: string[] = [];
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.app.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("GET / and /web/:file", () => {
  it("/ is the page: a <base> for its assets, a Content-Security-Policy allowing WASM and any node", async () => {
    const r = await h.get("/");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body).toContain('<base href="/web/" />');
    expect(r.body).toContain('<script type="module" src="app.js"></script>');
    expect(r.headers["content-security-policy"]).toMatch(/script-src 'self' 'wasm-unsafe-eval'.*connect-src \*/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("/web/core.wasm is the server's build/core.wasm as application/wasm; the manifest is the committed one", async () => {
    const wasm = await h.get("/web/core.wasm");
    expect(wasm.statusCode).toBe(200);
    expect(wasm.headers["content-type"]).toBe("application/wasm");
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    expect(sha(wasm.rawPayload)).toBe(sha(readFileSync(join(REPO, "build/core.wasm"))));
    const manifest = await h.get("/web/wasm-manifest.json");
    expect(manifest.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(manifest.body).toBe(readFileSync(join(REPO, "wasm-manifest.json"), "utf8"));
  });

  it("serves the bundles and the stylesheet with their types", async () => {
    for (const [file, type] of [
      ["app.js", "text/javascript; charset=utf-8"],
      ["worker.js", "text/javascript; charset=utf-8"],
      ["style.css", "text/css; charset=utf-8"],
    ]) {
      const r = await h.get(`/web/${file}`);
      expect(r.statusCode, file).toBe(200);
      expect(r.headers["content-type"], file).toBe(type);
    }
  });

  it("an unknown asset is 404 E_HTTP_NOT_FOUND; a name outside the pattern 400 E_HTTP_BODY", async () => {
    const missing = await h.get("/web/nothing.js");
    expect([missing.statusCode, missing.json().error]).toEqual([404, "E_HTTP_NOT_FOUND"]);
    for (const bad of ["..%2Fpackage.json", "index.html", "app.js.map", "a".repeat(70) + ".js", "%00.js", ".js"]) {
      const r = await h.get(`/web/${bad}`);
      expect([r.statusCode, r.json().error], bad).toEqual([400, "E_HTTP_BODY"]);
    }
  });

  it("a web dir without a build is a 500 E_INTERNAL, not a crash (only the default dir is built on demand)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qfs-web-"));
    dirs.push(dir);
    const app = Fastify();
    installErrorHandling(app);
    await app.register(webPlugin, { webDir: dir });
    const r = await app.inject({ method: "GET", url: "/" });
    expect([r.statusCode, r.json().error]).toEqual([500, "E_INTERNAL"]);
    await app.close();
  });
});

describe("npm run build:web", () => {
  it("build/web/ is a clean browser bundle with the page, the worker and the committed core", () => {
    expect(checkBundle(WEB_DIR_DEFAULT)).toEqual([]);
    for (const f of ["index.html", "style.css", "app.js", "worker.js", "core.wasm", "wasm-manifest.json"])
      expect(readFileSync(join(WEB_DIR_DEFAULT, f)).length, f).toBeGreaterThan(0);
  });

  it("the bundle check refuses bare and node: imports, require() and Node globals", () => {
    const cases = [
      'import { x } from "@noble/hashes/sha3.js";',
      'import "fs";',
      'const m = await import("node:fs");',
      'export { y } from "left-pad";',
      "const fs = require('fs');",
      "if (process.env.X) {}",
      'const b = Buffer.from("x");',
    ];
    for (const c of cases) {
      const dir = mkdtempSync(join(tmpdir(), "qfs-web-check-"));
      dirs.push(dir);
      writeFileSync(join(dir, "a.js"), `import { ok } from "./chunk-A.js";\n${c}\n`);
      expect(checkBundle(dir).length, c).toBeGreaterThan(0);
    }
    const clean = mkdtempSync(join(tmpdir(), "qfs-web-check-"));
    dirs.push(clean);
    writeFileSync(join(clean, "a.js"), 'import { ok } from "./chunk-A.js";\nconst t = [["from", "bytes"]];\n');
    expect(checkBundle(clean)).toEqual([]);
  });
});
