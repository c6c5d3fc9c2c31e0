// Browser-safe entry that loads the core from bytes the caller already has (no fetch, no file
// system): `await instantiateCore(wasmBytes)`, then use the typed API re-exported here.
// For sandboxes (workers, vm contexts, offline verification pages) that ship core.wasm themselves.
// It compiles the module that every later core instance (ledgers, trees, the scratch core) is made
// from, and makes the scratch instance at once so a bad module fails here.
import { scratchCore, setCoreModule } from "./runtime.js";

export async function instantiateCore(wasm: Uint8Array | ArrayBuffer | WebAssembly.Module): Promise<void> {
  setCoreModule(wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm as BufferSource));
  scratchCore();
}

export * from "./api.js";
