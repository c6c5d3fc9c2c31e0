// RFC 9162 hashing with SHA3-256, computed by the WASM core (assembly/audit/merkle.ts):
// leaf = SHA3-256(0x00 || entry), node = SHA3-256(0x01 || left || right), empty root = SHA3-256("").
import { qfsError } from "../errors/index.js";
export { bytesEqual } from "../bytes.js";
import { scratchCore, type CoreExports } from "../runtime.js";

// Stateless: computed on the thread's scratch core.
function mx(): CoreExports {
  return scratchCore().exports;
}

export const HASH_LEN = 32;

export function leafHash(entry: Uint8Array): Uint8Array {
  const io = scratchCore().io();
  if (entry.length > io.length) throw qfsError("E_AUDIT_ENTRY_TOO_LARGE", `entry of ${entry.length} bytes`);
  io.set(entry);
  mx().auditLeafHash(entry.length);
  return scratchCore().io().slice(0, 32);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const io = scratchCore().io();
  io.set(left.subarray(0, 32));
  io.set(right.subarray(0, 32), 32);
  mx().auditNodeHash();
  return scratchCore().io().slice(0, 32);
}

let empty: Uint8Array | undefined;
export function emptyRoot(): Uint8Array {
  if (empty === undefined) {
    const io = scratchCore().io();
    mx().sha3_256(0);
    empty = io.slice(0, 32);
  }
  return empty.slice();
}

export function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_LEN;
}
