// Holds the one instance of build/core.wasm that the typed API calls into. The platform entry
// (index.ts for Node, browser.ts for browsers) instantiates it before the API is re-exported,
// so every API module can stay platform-free.
import { qfsError } from "./errors/index.js";

export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  readonly ioPtr: () => number;
  readonly ioCapacity: () => number;
  // Each module's exports are typed where its binding uses them.
  readonly [name: string]: unknown;
}

let core: CoreExports | undefined;

export function setCore(instance: WebAssembly.Instance): void {
  core = instance.exports as unknown as CoreExports;
}

export function getCore(): CoreExports {
  if (core === undefined) throw qfsError("E_WASM_NOT_LOADED", "import the package entry, not an inner module");
  return core;
}

// The only import the core needs: AssemblyScript's abort, called on a failed internal assertion.
// It must never fire on bad input (those are error codes); if it does, it is a bug in the core.
export const coreImports: WebAssembly.Imports = {
  env: {
    abort(_msg: number, _file: number, line: number, column: number): never {
      throw qfsError("E_WASM_ABORT", `internal assertion failed in core.wasm at ${line}:${column}`);
    },
  },
};

// A view of the WASM I/O buffer. Made per call: memory.grow detaches older views of the buffer.
export function ioView(): Uint8Array {
  const c = getCore();
  return new Uint8Array(c.memory.buffer, c.ioPtr(), c.ioCapacity());
}
