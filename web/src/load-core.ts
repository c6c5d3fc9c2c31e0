// Loads core.wasm next to the page before anything else runs (a top-level await: modules importing the bindings
// after this one find the core compiled). Compiled while it downloads (compileStreaming, which needs the server
// to send application/wasm), and hashed from the same response, so the SHA-256 shown is of the bytes running.
import { sha256 } from "@noble/hashes/sha2.js";
import { toHex } from "../../bindings/bytes.js";
import { setCoreModule } from "../../bindings/runtime.js";

/** Largest core.wasm the page accepts, bytes (today's is ~57 KiB). */
export const CORE_WASM_BYTES_MAX = 4 * 1024 * 1024;

export interface CoreInfo {
  readonly module: WebAssembly.Module;
  readonly sha256: string;
  readonly bytes: number;
  /** The manifest's entry for build/core.wasm, or undefined when wasm-manifest.json did not load. */
  readonly manifestSha256: string | undefined;
  readonly contentType: string;
}

async function manifestHash(url: URL): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    if (!res.ok) return undefined;
    const m = (await res.json()) as { files?: Record<string, { sha256?: unknown }> };
    const h = m.files?.["build/core.wasm"]?.sha256;
    return typeof h === "string" ? h : undefined;
  } catch {
    return undefined;
  }
}

async function load(): Promise<CoreInfo> {
  const res = await fetch(new URL("./core.wasm", import.meta.url));
  if (!res.ok) throw new Error(`core.wasm: HTTP ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > CORE_WASM_BYTES_MAX) throw new Error(`core.wasm is ${declared} B, over ${CORE_WASM_BYTES_MAX} B`);
  const [module, bytes] = await Promise.all([
    WebAssembly.compileStreaming(res.clone()),
    res.arrayBuffer().then((b) => new Uint8Array(b)),
  ]);
  if (bytes.length > CORE_WASM_BYTES_MAX)
    throw new Error(`core.wasm is ${bytes.length} B, over ${CORE_WASM_BYTES_MAX} B`);
  setCoreModule(module);
  return {
    module,
    sha256: toHex(sha256(bytes)),
    bytes: bytes.length,
    manifestSha256: await manifestHash(new URL("./wasm-manifest.json", import.meta.url)),
    contentType: res.headers.get("content-type") ?? "",
  };
}

export const core: CoreInfo = await load();
