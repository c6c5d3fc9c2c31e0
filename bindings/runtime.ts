// Core instances. build/core.wasm is compiled once per thread into a WebAssembly.Module (the
// platform entry does it: index.ts for Node, browser.ts for browsers, from-bytes.ts for sandboxes);
// every stateful object instantiates its own CoreInstance from it, so nothing that holds state is
// shared:
//   - a Ledger owns one instance (its tables, its state tree and its audit tree live there);
//   - a standalone StateTree or WasmAuditTree owns one;
//   - scratchCore() is the thread's one instance for stateless calls (hashes, math, ML-DSA verify,
//     packet decode, leaf hashes), each of which leaves nothing behind that a later call reads.
// The module-level variables below hold only the compiled module and that scratch instance.
import type { CoreExports } from "./core-exports.js";
import { qfsError } from "./errors/index.js";

export type { CoreExports } from "./core-exports.js";

let compiled: WebAssembly.Module | undefined;
let scratch: CoreInstance | undefined;

// The only import the core needs: AssemblyScript's abort, called on a failed internal assertion.
// It must never fire on bad input (those are error codes); if it does, it is a bug in the core.
export const coreImports: WebAssembly.Imports = {
  env: {
    abort(_msg: number, _file: number, line: number, column: number): never {
      throw qfsError("E_WASM_ABORT", `internal assertion failed in core.wasm at ${line}:${column}`);
    },
  },
};

// Called by the platform entry once the module is compiled. A second call (from-bytes.ts loading
// another build) replaces the module for instances made afterwards; existing instances keep theirs.
export function setCoreModule(module: WebAssembly.Module): void {
  compiled = module;
  scratch = undefined;
}

export function coreModule(): WebAssembly.Module {
  if (compiled === undefined) throw qfsError("E_WASM_NOT_LOADED", "import the package entry, not an inner module");
  return compiled;
}

// One instantiation of core.wasm: its own linear memory and its own copy of every core global.
export class CoreInstance {
  readonly exports: CoreExports;

  constructor(module: WebAssembly.Module = coreModule()) {
    this.exports = new WebAssembly.Instance(module, coreImports).exports as unknown as CoreExports;
  }

  memory(): WebAssembly.Memory {
    return this.exports.memory;
  }

  // Views are made per call: memory.grow detaches the views made over the old buffer.
  bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  view(): DataView {
    return new DataView(this.exports.memory.buffer);
  }

  // The core's I/O buffer (hash input/output, tree keys and values, proofs).
  io(): Uint8Array {
    const x = this.exports;
    return new Uint8Array(x.memory.buffer, x.ioPtr(), x.ioCapacity());
  }
}

export function newCoreInstance(): CoreInstance {
  return new CoreInstance();
}

// The thread's instance for stateless functions. Never hand it to a Ledger or a tree.
export function scratchCore(): CoreInstance {
  scratch ??= new CoreInstance();
  return scratch;
}
