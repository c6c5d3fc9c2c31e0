// Browser-safe entry that instantiates the core from bytes the caller already has (no fetch, no
// file system): `await instantiateCore(wasmBytes)`, then use the typed API re-exported here.
// For sandboxes (workers, vm contexts, offline verification pages) that ship core.wasm themselves.
import { coreImports, setCore } from "./runtime.js";

export async function instantiateCore(wasm: Uint8Array | ArrayBuffer | WebAssembly.Module): Promise<void> {
  const instance =
    wasm instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(wasm, coreImports)
      : (await WebAssembly.instantiate(wasm as BufferSource, coreImports)).instance;
  setCore(instance);
}

export * from "./api.js";
