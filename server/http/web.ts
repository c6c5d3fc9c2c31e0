// The in-browser verification page (docs/web.md): GET / is the page, GET /web/:file its assets — the bundles and
// stylesheet of build/web/ (`npm run build:web`; built here on the first request when missing), the core.wasm this
// server runs (build/core.wasm, the file bindings/load-node.ts loaded) as application/wasm, and the committed
// wasm-manifest.json, so the page can show the SHA-256 of the WASM it runs beside the manifest's.
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { qfsError } from "../../bindings/errors/index.js";
import { errorResponses } from "./schemas.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const WEB_DIR_DEFAULT = join(REPO, "build/web");
const CORE_WASM = join(REPO, "build/core.wasm");
const MANIFEST = join(REPO, "wasm-manifest.json");
const BUILD_SCRIPT = join(REPO, "scripts/build-web.mjs");

/** Largest asset served, bytes (the bundles are ~250 KiB, core.wasm ~60 KiB); checked on the file's size first. */
export const WEB_ASSET_BYTES_MAX = 8 * 1024 * 1024;
/** Longest asset name, characters. */
export const WEB_ASSET_NAME_CHARS_MAX = 64;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
};

// The page talks to any node the person names (connect-src *), runs only its own scripts and compiles WASM.
const PAGE_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src *; " +
  "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
/** The page names its assets relatively (so build/web/ works from any static server); served at /, it gets a base. */
const PAGE_BASE = '<base href="/web/" />';

const fileParams = {
  type: "object",
  required: ["file"],
  additionalProperties: false,
  properties: {
    file: {
      type: "string",
      pattern: "^[A-Za-z0-9_-]+\\.(js|css|wasm|json)$",
      maxLength: WEB_ASSET_NAME_CHARS_MAX,
      description: "app.js, worker.js, chunk-*.js, style.css, core.wasm or wasm-manifest.json",
    },
  },
} as const;

const bytesAnswer = { 200: { type: "string", description: "the file's bytes" }, ...errorResponses } as const;

export interface WebOptions {
  /** The build output to serve (default build/web/); built on first use when it has no index.html. */
  webDir?: string;
}

export const webPlugin: FastifyPluginAsync<WebOptions> = async (app, opts) => {
  const dir = opts.webDir ?? WEB_DIR_DEFAULT;
  let built: Promise<void> | undefined;
  // Built once, on the first request that needs it; a failed build is retried by the next request.
  const ensureBuilt = (): Promise<void> => {
    if (existsSync(join(dir, "index.html"))) return Promise.resolve();
    built ??= (async () => {
      if (dir !== WEB_DIR_DEFAULT) throw qfsError("E_INTERNAL", `${dir} has no index.html`);
      const { buildWeb } = (await import(pathToFileURL(BUILD_SCRIPT).href)) as {
        buildWeb: (o: { quiet: boolean }) => Promise<string>;
      };
      await buildWeb({ quiet: true });
    })().catch((e: unknown) => {
      built = undefined;
      throw qfsError("E_INTERNAL", `build:web failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    return built;
  };

  /** A file's bytes, refused (not read) past WEB_ASSET_BYTES_MAX; a missing file is a 404. */
  async function readAsset(file: string): Promise<Buffer> {
    const st = await stat(file).catch(() => undefined);
    if (st === undefined || !st.isFile()) throw qfsError("E_HTTP_NOT_FOUND", `no web asset ${basename(file)}`);
    if (st.size > WEB_ASSET_BYTES_MAX)
      throw qfsError("E_INTERNAL", `${basename(file)} is over ${WEB_ASSET_BYTES_MAX} B`);
    return readFile(file);
  }

  const send = (reply: FastifyReply, type: string, body: Buffer): FastifyReply =>
    reply.type(type).header("cache-control", "no-cache").header("x-content-type-options", "nosniff").send(body);

  app.get(
    "/",
    { schema: { summary: "The in-browser verification page (docs/web.md)", tags: ["web"], response: bytesAnswer } },
    async (_request, reply) => {
      await ensureBuilt();
      const html = (await readAsset(join(dir, "index.html"))).toString("utf8");
      if (!html.includes("<head>")) throw qfsError("E_INTERNAL", "index.html has no <head>");
      void reply.header("content-security-policy", PAGE_CSP);
      return send(reply, TYPES[".html"]!, Buffer.from(html.replace("<head>", `<head>\n    ${PAGE_BASE}`)));
    },
  );

  app.get(
    "/web/:file",
    {
      schema: {
        summary: "An asset of the page; core.wasm is the WASM this server runs (application/wasm)",
        tags: ["web"],
        params: fileParams,
        response: bytesAnswer,
      },
    },
    async (request, reply) => {
      const { file } = request.params as { file: string };
      const type = TYPES[extname(file)]!;
      if (file === "core.wasm") return send(reply, type, await readAsset(CORE_WASM));
      if (file === "wasm-manifest.json") return send(reply, type, await readAsset(MANIFEST));
      await ensureBuilt();
      return send(reply, type, await readAsset(join(dir, file)));
    },
  );
};
