// A tiny static HTTP server for the browser suite, on 127.0.0.1 and a free port chosen by the OS.
//
// It serves only: dist/** and build/** (the package as a browser gets it: .js as application/javascript,
// .wasm as application/wasm, which WebAssembly.instantiateStreaming requires), the files of the browser
// entry's module graph that live in node_modules (the @noble packages the SDK imports, reached through the
// page's import map), the battery (/test/battery.js) and the page (/). Anything else, any other extension, a
// directory, or a path with "..", "\" or NUL is 404. Every request is logged for the assertions.
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { REPO } from "./graph.js";

const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};

export interface Served {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly type: string | undefined;
}

export interface StaticServer {
  readonly origin: string;
  readonly log: Served[];
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The HTML of "/". */
  readonly page: string;
  /** Extra files by URL path ("/node_modules/@noble/hashes/sha3.js" → absolute path). */
  readonly extra: ReadonlyMap<string, string>;
  /** Absolute path served as /test/battery.js. */
  readonly battery: string;
}

/** Maps a request path to a file under dist/ or build/, or undefined (→ 404). Exported for the unit check. */
export function staticFile(urlPath: string): string | undefined {
  if (urlPath.includes("\0") || urlPath.includes("\\")) return undefined;
  const segments = urlPath.split("/");
  if (segments[0] !== "" || segments.some((s) => s === ".." || s === ".")) return undefined;
  const root = segments[1];
  if (root !== "dist" && root !== "build") return undefined;
  if (segments.length < 3 || segments.some((s, i) => i > 0 && s === "")) return undefined;
  if (TYPES[path.posix.extname(urlPath)] === undefined) return undefined;
  const file = path.join(REPO, ...segments.slice(1));
  const base = path.join(REPO, root) + path.sep;
  return file.startsWith(base) ? file : undefined;
}

export async function startServer(opts: ServerOptions): Promise<StaticServer> {
  const log: Served[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      let status = 404;
      let type: string | undefined;
      let body: Uint8Array | string = "not found\n";
      try {
        const raw = (req.url ?? "/").split("?")[0] ?? "/";
        let urlPath: string;
        try {
          urlPath = decodeURIComponent(raw);
        } catch {
          urlPath = "\0";
        }
        let file: string | undefined;
        if (req.method !== "GET" && req.method !== "HEAD") {
          file = undefined;
        } else if (urlPath === "/") {
          status = 200;
          type = "text/html; charset=utf-8";
          body = opts.page;
        } else {
          file = urlPath === "/test/battery.js" ? opts.battery : (opts.extra.get(urlPath) ?? staticFile(urlPath));
        }
        if (file !== undefined) {
          const st = await stat(file).catch(() => undefined);
          if (st?.isFile()) {
            status = 200;
            type = TYPES[path.extname(file)];
            body = await readFile(file);
          }
        }
      } catch {
        status = 500;
        body = "error\n";
      }
      log.push({ method: req.method ?? "", path: req.url ?? "", status, type });
      res.writeHead(status, {
        "Content-Type": type ?? "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
