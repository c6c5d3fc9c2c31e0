// State-root commitment (docs/state-root.md): the WASM sparse Merkle tree (assembly/state/smt.ts)
// over account ids (SHA3-256 of the account's public key) → 32-byte account-state commitments,
// plus pure proof verifiers and a compact, versioned proof encoding.
//   empty = 32 zero bytes, leaf = SHA3-256(0x10 || key || value), node = SHA3-256(0x11 || left || right)
import { CoreInstance, scratchCore } from "../runtime.js";
import { qfsError, type QfsError } from "../errors/index.js";
import { bytesEqual, isHash } from "../audit/hashes.js";

export const STATE_KEY_BITS = 256;
export const STATE_MAX_LEAF_CAP = 1 << 22;
export const STATE_MAX_NODE_CAP = 1 << 24;
export const STATE_EMPTY_ROOT = new Uint8Array(32);

// Stateless hashes: computed on the thread's scratch core.
export function stateLeafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  const c = scratchCore();
  const io = c.io();
  io.set(key.subarray(0, 32));
  io.set(value.subarray(0, 32), 32);
  c.exports.smtLeafHash();
  return c.io().slice(0, 32);
}

export function stateNodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const c = scratchCore();
  const io = c.io();
  io.set(left.subarray(0, 32));
  io.set(right.subarray(0, 32), 32);
  c.exports.smtNodeHash();
  return c.io().slice(0, 32);
}

function fail(rc: number): never {
  if (rc === -1) throw qfsError("E_STATE_TREE_NOT_INIT", "call stateTree.init first");
  if (rc === -2 || rc === -3) throw qfsError("E_STATE_TREE_FULL", rc === -2 ? "leaf store" : "node store");
  throw qfsError("E_STATE_PROOF_MALFORMED", `bad arguments (${rc})`);
}

function needHash(h: Uint8Array, what: string): void {
  if (!isHash(h)) throw qfsError("E_AUDIT_HASH_LENGTH", `${what} must be 32 bytes`);
}

export type StateProofTerminal =
  { readonly kind: "empty" } | { readonly kind: "leaf"; readonly key: Uint8Array; readonly value: Uint8Array };

// A proof about `key`: the sibling hashes on its path (root first) and what the path ends in.
// The key is present iff the terminal is a leaf with this key (its value is then the account's).
export interface StateProof {
  readonly key: Uint8Array;
  readonly siblings: readonly Uint8Array[];
  readonly terminal: StateProofTerminal;
}

// A sparse Merkle tree in a core instance of its own (made on first use), so that no tree shares
// storage with a Ledger's (a ledger's own tree answers through `ledger.stateProof`).
// Capacities: leaves ≤ 2^22 (96 B each), internal nodes ≤ 2^24 (44 B each), allocated once by init.
// For hashed keys, nodes ≈ 1.5 × leaves; give nodes ≥ 2 × leaves (adversarial prefixes cost up to
// 256 nodes a key; a full store fails the update with E_STATE_TREE_FULL and changes nothing).
export class StateTree {
  #core: CoreInstance | undefined;

  get core(): CoreInstance {
    this.#core ??= new CoreInstance();
    return this.#core;
  }

  init(leafCap: number, nodeCap: number = 2 * leafCap): void {
    const rc = this.core.exports.smtInit(leafCap, nodeCap);
    if (rc !== 0) fail(rc);
  }
  clear(): void {
    this.core.exports.smtClear();
  }
  size(): number {
    return this.core.exports.smtSize();
  }
  nodeCount(): number {
    return this.core.exports.smtNodeCount();
  }
  // SHA3-256 computations by the tree since the last call (instrumentation).
  takeHashCount(): number {
    return this.core.exports.smtTakeHashCount();
  }
  set(key: Uint8Array, value: Uint8Array): void {
    needHash(key, "key");
    needHash(value, "value");
    const io = this.core.io();
    io.set(key);
    io.set(value, 32);
    const rc = this.core.exports.smtSet();
    if (rc !== 0) fail(rc);
  }
  // Returns whether the key was present.
  delete(key: Uint8Array): boolean {
    needHash(key, "key");
    this.core.io().set(key);
    const rc = this.core.exports.smtDelete();
    if (rc < 0) fail(rc);
    return rc === 0;
  }
  get(key: Uint8Array): Uint8Array | undefined {
    needHash(key, "key");
    this.core.io().set(key);
    const rc = this.core.exports.smtGet();
    if (rc < 0) fail(rc);
    return rc === 0 ? this.core.io().slice(32, 64) : undefined;
  }
  root(): Uint8Array {
    const rc = this.core.exports.smtRoot();
    if (rc !== 0) fail(rc);
    return this.core.io().slice(0, 32);
  }
  prove(key: Uint8Array): StateProof {
    return proveIn(this.core, key);
  }
}

// Reads a proof of `key` out of the tree in `core` (a StateTree's or a Ledger's instance).
export function proveIn(core: CoreInstance, key: Uint8Array): StateProof {
  needHash(key, "key");
  core.io().set(key);
  const len = core.exports.smtProve();
  if (len < 0) fail(len);
  const io = core.io();
  const kind = io[0]!;
  const depth = io[1]! | (io[2]! << 8);
  const siblings: Uint8Array[] = [];
  for (let d = 0; d < depth; d++) siblings.push(io.slice(67 + 32 * d, 99 + 32 * d));
  const terminal: StateProofTerminal =
    kind === 0 ? { kind: "empty" } : { kind: "leaf", key: io.slice(3, 35), value: io.slice(35, 67) };
  return { key: key.slice(), siblings, terminal };
}

// A standalone tree with its own instance (the name the API had when the core was a singleton).
export const stateTree = new StateTree();

function bitAt(key: Uint8Array, d: number): number {
  return (key[d >> 3]! >> (7 - (d & 7))) & 1;
}

// Recomputes the root from a proof. Null when the proof is malformed. Never throws.
export function stateProofRoot(proof: StateProof): Uint8Array | null {
  try {
    if (proof === null || typeof proof !== "object" || !isHash(proof.key)) return null;
    const { siblings, terminal } = proof;
    if (!Array.isArray(siblings) || siblings.length > STATE_KEY_BITS) return null;
    for (const s of siblings) if (!isHash(s)) return null;
    let h: Uint8Array;
    if (terminal?.kind === "empty") {
      h = STATE_EMPTY_ROOT;
    } else if (terminal?.kind === "leaf" && isHash(terminal.key) && isHash(terminal.value)) {
      // The leaf must lie on the key's path: share the first `depth` bits with it.
      for (let d = 0; d < siblings.length; d++) if (bitAt(terminal.key, d) !== bitAt(proof.key, d)) return null;
      h = stateLeafHash(terminal.key, terminal.value);
    } else {
      return null;
    }
    for (let d = siblings.length - 1; d >= 0; d--) {
      h = bitAt(proof.key, d) === 0 ? stateNodeHash(h, siblings[d]!) : stateNodeHash(siblings[d]!, h);
    }
    return h;
  } catch {
    return null;
  }
}

// null when `proof` shows, against `root`, that `key` holds `value` (value undefined: that `key` is
// absent); otherwise the QfsError that says why not.
export function checkStateProof(
  root: Uint8Array,
  key: Uint8Array,
  value: Uint8Array | undefined,
  proof: StateProof,
): QfsError | null {
  if (!isHash(root) || !isHash(key) || (value !== undefined && !isHash(value))) {
    return qfsError("E_AUDIT_HASH_LENGTH");
  }
  const r = stateProofRoot(proof);
  if (r === null) return qfsError("E_STATE_PROOF_MALFORMED");
  if (!bytesEqual(proof.key, key)) return qfsError("E_STATE_PROOF_INVALID", "proof is for another key");
  if (!bytesEqual(r, root)) return qfsError("E_STATE_PROOF_INVALID", "root mismatch");
  const t = proof.terminal;
  const present = t.kind === "leaf" && bytesEqual(t.key, key);
  if (value === undefined) {
    return present ? qfsError("E_STATE_PROOF_INVALID", "key is present") : null;
  }
  if (!present) return qfsError("E_STATE_PROOF_INVALID", "key is absent");
  return bytesEqual(t.value, value) ? null : qfsError("E_STATE_PROOF_INVALID", "value mismatch");
}

export function verifyAccountValue(root: Uint8Array, key: Uint8Array, value: Uint8Array, proof: StateProof): boolean {
  try {
    return value !== undefined && checkStateProof(root, key, value, proof) === null;
  } catch {
    return false;
  }
}

export function verifyAccountAbsent(root: Uint8Array, key: Uint8Array, proof: StateProof): boolean {
  try {
    return checkStateProof(root, key, undefined, proof) === null;
  } catch {
    return false;
  }
}

// Compact proof encoding, version 1 (docs/state-root.md):
//   u8 version = 1 | key[32] | u8 kind (0 empty, 1 leaf) | u16 LE depth (≤ 256)
//   | (kind 1) leafKey[32] leafValue[32] | bitmap[ceil(depth/8)] (bit d, MSB first: sibling d non-zero)
//   | the non-zero siblings in order, 32 bytes each.
export const STATE_PROOF_VERSION = 1;

export function encodeStateProof(p: StateProof): Uint8Array {
  const depth = p.siblings.length;
  const bm = new Uint8Array((depth + 7) >> 3);
  const nz: Uint8Array[] = [];
  p.siblings.forEach((s, d) => {
    if (!bytesEqual(s, STATE_EMPTY_ROOT)) {
      bm[d >> 3] = bm[d >> 3]! | (0x80 >> (d & 7));
      nz.push(s);
    }
  });
  const leaf = p.terminal.kind === "leaf";
  const out = new Uint8Array(1 + 32 + 1 + 2 + (leaf ? 64 : 0) + bm.length + 32 * nz.length);
  let o = 0;
  out[o++] = STATE_PROOF_VERSION;
  out.set(p.key, o);
  o += 32;
  out[o++] = leaf ? 1 : 0;
  out[o++] = depth & 0xff;
  out[o++] = depth >> 8;
  if (p.terminal.kind === "leaf") {
    out.set(p.terminal.key, o);
    out.set(p.terminal.value, o + 32);
    o += 64;
  }
  out.set(bm, o);
  o += bm.length;
  for (const s of nz) {
    out.set(s, o);
    o += 32;
  }
  return out;
}

// Decodes exactly one canonical encoding; throws QfsError E_STATE_PROOF_MALFORMED otherwise.
export function decodeStateProof(b: Uint8Array): StateProof {
  const bad = (why: string): never => {
    throw qfsError("E_STATE_PROOF_MALFORMED", why);
  };
  if (!(b instanceof Uint8Array) || b.length < 36) bad("too short");
  if (b[0] !== STATE_PROOF_VERSION) bad("unknown version");
  let o = 1;
  const key = b.slice(o, o + 32);
  o += 32;
  const kind = b[o++]!;
  if (kind > 1) bad("unknown kind");
  const depth = b[o]! | (b[o + 1]! << 8);
  o += 2;
  if (depth > STATE_KEY_BITS) bad("depth above 256");
  let terminal: StateProofTerminal = { kind: "empty" };
  if (kind === 1) {
    if (b.length < o + 64) bad("truncated leaf");
    terminal = { kind: "leaf", key: b.slice(o, o + 32), value: b.slice(o + 32, o + 64) };
    o += 64;
  }
  const bmLen = (depth + 7) >> 3;
  if (b.length < o + bmLen) bad("truncated bitmap");
  const bm = b.subarray(o, o + bmLen);
  o += bmLen;
  if (depth & 7 && (bm[bmLen - 1]! & (0xff >> (depth & 7))) !== 0) bad("padding bits set");
  const siblings: Uint8Array[] = [];
  for (let d = 0; d < depth; d++) {
    if (bm[d >> 3]! & (0x80 >> (d & 7))) {
      if (b.length < o + 32) bad("truncated sibling");
      const s = b.slice(o, o + 32);
      if (bytesEqual(s, STATE_EMPTY_ROOT)) bad("zero sibling marked non-zero");
      siblings.push(s);
      o += 32;
    } else {
      siblings.push(new Uint8Array(32));
    }
  }
  if (o !== b.length) bad("trailing bytes");
  return { key, siblings, terminal };
}
