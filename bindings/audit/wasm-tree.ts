// The WASM incremental tree builder (assembly/audit/merkle.ts): keeps only the O(log n) right
// frontier, so it computes the current root of an append-only log in O(log n) per append with no
// storage. It cannot produce proofs — AuditLog does.
// The frontier lives in a core instance's memory, so a builder is bound to one CoreInstance: a
// Ledger's (`ledger.auditTree`) or, for one made with `new WasmAuditTree()`, an instance of its own
// (made on first use). Two builders never share a frontier.
import { CoreInstance } from "../runtime.js";
import { qfsError } from "../errors/index.js";
import { isHash } from "./hashes.js";

// Largest size the builder accepts (2^48 − 1 leaves).
export const WASM_TREE_MAX_SIZE = 2 ** 48 - 1;

export class WasmAuditTree {
  #core: CoreInstance | undefined;

  // `core`: the instance whose frontier this builder drives (the owner's; empty when fresh).
  constructor(core?: CoreInstance) {
    this.#core = core;
  }

  get core(): CoreInstance {
    this.#core ??= new CoreInstance();
    return this.#core;
  }

  reset(): void {
    this.core.exports.auditTreeReset();
  }

  size(): number {
    return Number(this.core.exports.auditTreeSize());
  }

  append(entry: Uint8Array): void {
    const c = this.core;
    const io = c.io();
    if (entry.length > io.length) throw qfsError("E_AUDIT_ENTRY_TOO_LARGE");
    io.set(entry);
    if (c.exports.auditTreeAppend(entry.length) !== 0) throw qfsError("E_AUDIT_LOG_FULL");
  }

  appendLeafHash(h: Uint8Array): void {
    if (!isHash(h)) throw qfsError("E_AUDIT_HASH_LENGTH");
    const c = this.core;
    c.io().set(h);
    if (c.exports.auditTreeAppendLeafHash() !== 0) throw qfsError("E_AUDIT_LOG_FULL");
  }

  root(): Uint8Array {
    const c = this.core;
    c.exports.auditTreeRoot();
    return c.io().slice(0, 32);
  }
}

// A standalone builder with its own instance (the name the API had when the core was a singleton).
export const wasmAuditTree = new WasmAuditTree();
