// The WASM incremental tree builder (assembly/audit/merkle.ts): keeps only the O(log n) right
// frontier, so it computes the current root of an append-only log in O(log n) per append with no
// storage. One builder per WASM instance (the ledger's); it cannot produce proofs — AuditLog does.
import { getCore, ioView } from "../runtime.js";
import { qfsError } from "../errors/index.js";
import { isHash } from "./hashes.js";

interface TreeExports {
  auditTreeReset(): void;
  auditTreeSize(): bigint;
  auditTreeAppend(len: number): number;
  auditTreeAppendLeafHash(): number;
  auditTreeRoot(): number;
}

function tx(): TreeExports {
  return getCore() as unknown as TreeExports;
}

// Largest size the builder accepts (2^48 − 1 leaves).
export const WASM_TREE_MAX_SIZE = 2 ** 48 - 1;

export const wasmAuditTree = {
  reset(): void {
    tx().auditTreeReset();
  },
  size(): number {
    return Number(tx().auditTreeSize());
  },
  append(entry: Uint8Array): void {
    const io = ioView();
    if (entry.length > io.length) throw qfsError("E_AUDIT_ENTRY_TOO_LARGE");
    io.set(entry);
    if (tx().auditTreeAppend(entry.length) !== 0) throw qfsError("E_AUDIT_LOG_FULL");
  },
  appendLeafHash(h: Uint8Array): void {
    if (!isHash(h)) throw qfsError("E_AUDIT_HASH_LENGTH");
    ioView().set(h);
    if (tx().auditTreeAppendLeafHash() !== 0) throw qfsError("E_AUDIT_LOG_FULL");
  },
  root(): Uint8Array {
    tx().auditTreeRoot();
    return ioView().slice(0, 32);
  },
};
