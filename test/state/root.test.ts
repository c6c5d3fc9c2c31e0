import { sha3_256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors.js";
import {
  type QfsError,
  checkStateProof,
  decodeStateProof,
  encodeStateProof,
  STATE_EMPTY_ROOT,
  stateTree,
  verifyAccountAbsent,
  verifyAccountValue,
  type StateProof,
} from "../../bindings/index.js";

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const bit = (k: Uint8Array, d: number): number => (k[d >> 3]! >> (7 - (d & 7))) & 1;

// Independent reference: the root of a set of (key, value), straight from the definition.
function refRoot(items: Map<string, Uint8Array>): Uint8Array {
  const list = [...items.entries()].map(([k, v]) => [Buffer.from(k, "hex"), v] as const);
  const rec = (xs: (readonly [Uint8Array, Uint8Array])[], d: number): Uint8Array => {
    if (xs.length === 0) return new Uint8Array(32);
    if (xs.length === 1) return sha3_256(new Uint8Array([0x10, ...xs[0]![0], ...xs[0]![1]]));
    const l = rec(
      xs.filter(([k]) => bit(k, d) === 0),
      d + 1,
    );
    const r = rec(
      xs.filter(([k]) => bit(k, d) === 1),
      d + 1,
    );
    return sha3_256(new Uint8Array([0x11, ...l, ...r]));
  };
  return rec(list, 0);
}

// Keys: random, or a base key with one bit flipped (long shared prefixes exercise node chains).
const base = sha3_256(new TextEncoder().encode("base"));
const keyArb = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => {
      const k = base.slice();
      k[b >> 3] = k[b >> 3]! ^ (0x80 >> (b & 7));
      return k;
    }),
  },
  { weight: 1, arbitrary: fc.constant(base) },
);
const valArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
type Op = { del: boolean; key: Uint8Array; value: Uint8Array };
const opsArb = fc.array(
  fc.record({ del: fc.integer({ min: 0, max: 3 }).map((x) => x === 0), key: keyArb, value: valArb }),
  {
    maxLength: 40,
  },
);

function apply(ops: Op[], model: Map<string, Uint8Array>): void {
  for (const op of ops) {
    if (op.del) {
      expect(stateTree.delete(op.key)).toBe(model.delete(hex(op.key)));
    } else {
      stateTree.set(op.key, op.value);
      model.set(hex(op.key), op.value);
    }
  }
}

function flipSibling(p: StateProof, i: number): StateProof {
  const siblings = p.siblings.map((s) => s.slice());
  siblings[i]![0] = siblings[i]![0]! ^ 1;
  return { ...p, siblings };
}

const RUNS = Number(process.env.QFS_FC_RUNS ?? 1000);

beforeAll(() => stateTree.init(1 << 12, 1 << 15));

describe("state root: WASM sparse Merkle tree", () => {
  it("empty tree", () => {
    stateTree.clear();
    expect(hex(stateTree.root())).toBe(hex(STATE_EMPTY_ROOT));
    const p = stateTree.prove(base);
    expect(verifyAccountAbsent(STATE_EMPTY_ROOT, base, p)).toBe(true);
  });

  it("incremental root equals the reference root from scratch, in any order (fast-check)", () => {
    fc.assert(
      fc.property(opsArb, opsArb, fc.integer({ min: 1, max: 0x7fffffff }), (a, b, seed) => {
        stateTree.clear();
        const model = new Map<string, Uint8Array>();
        apply(a, model);
        stateTree.root(); // a batch boundary: later updates rehash only their paths
        apply(b, model);
        const incremental = hex(stateTree.root());
        expect(incremental).toBe(hex(refRoot(model)));
        expect(stateTree.size()).toBe(model.size);
        // From scratch, in a random order (Fisher–Yates driven by the generated seed).
        const items = [...model.entries()];
        let x = seed;
        for (let i = items.length - 1; i > 0; i--) {
          x = (x * 48271) % 0x7fffffff;
          const j = x % (i + 1);
          [items[i], items[j]] = [items[j]!, items[i]!];
        }
        stateTree.clear();
        for (const [k, v] of items) stateTree.set(Buffer.from(k, "hex"), v);
        expect(hex(stateTree.root())).toBe(incremental);
        for (const [k, v] of model) expect(hex(stateTree.get(Buffer.from(k, "hex"))!)).toBe(hex(v));
      }),
      { numRuns: RUNS },
    );
  });

  it("membership and non-membership proofs verify; tampered proofs fail (fast-check)", () => {
    fc.assert(
      fc.property(opsArb, keyArb, (ops, probe) => {
        stateTree.clear();
        const model = new Map<string, Uint8Array>();
        apply(ops, model);
        const root = stateTree.root();
        const keys = [...[...model.keys()].slice(0, 3).map((k) => Buffer.from(k, "hex")), probe];
        for (const k of keys) {
          const p = stateTree.prove(k);
          const v = model.get(hex(k));
          // Round trip through the compact encoding.
          const q = decodeStateProof(encodeStateProof(p));
          expect(encodeStateProof(q)).toEqual(encodeStateProof(p));
          if (v !== undefined) {
            expect(verifyAccountValue(root, k, v, q)).toBe(true);
            expect(verifyAccountAbsent(root, k, q)).toBe(false);
            const w = v.slice();
            w[31] = w[31]! ^ 1;
            expect(verifyAccountValue(root, k, w, q)).toBe(false);
          } else {
            expect(verifyAccountAbsent(root, k, q)).toBe(true);
            expect(verifyAccountValue(root, k, new Uint8Array(32), q)).toBe(false);
          }
          const n = p.siblings.length;
          for (const i of new Set([0, 1, n >> 1, n - 2, n - 1].filter((x) => x >= 0 && x < n))) {
            expect(checkStateProof(root, k, v, flipSibling(p, i))).not.toBeNull();
          }
          if (p.siblings.length > 0) {
            expect(checkStateProof(root, k, v, { ...p, siblings: p.siblings.slice(1) })).not.toBeNull();
            expect(checkStateProof(root, k, v, { ...p, siblings: p.siblings.slice(0, -1) })).not.toBeNull();
          }
          expect(checkStateProof(root, k, v, { ...p, siblings: [...p.siblings, new Uint8Array(32)] })).not.toBeNull();
          const otherRoot = root.slice();
          otherRoot[0] = otherRoot[0]! ^ 1;
          expect(checkStateProof(otherRoot, k, v, p)).not.toBeNull();
          // Claiming absence with an empty terminal where a leaf is.
          if (p.terminal.kind === "leaf") {
            expect(verifyAccountAbsent(root, k, { ...p, terminal: { kind: "empty" } })).toBe(false);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("malformed proofs and encodings give typed errors", () => {
    stateTree.clear();
    stateTree.set(base, base);
    const root = stateTree.root();
    const p = stateTree.prove(base);
    const code = (e: QfsError | null): string | undefined => e?.code;
    expect(code(checkStateProof(root, base, base, { ...p, key: new Uint8Array(32) }))).toBe("E_STATE_PROOF_INVALID");
    expect(code(checkStateProof(root, base, base, { ...p, siblings: [new Uint8Array(3)] }))).toBe(
      "E_STATE_PROOF_MALFORMED",
    );
    expect(code(checkStateProof(root, base, base, null as unknown as StateProof))).toBe("E_STATE_PROOF_MALFORMED");
    expect(code(checkStateProof(root.subarray(1), base, base, p))).toBe("E_AUDIT_HASH_LENGTH");
    const enc = encodeStateProof(p);
    for (const b of [enc.subarray(0, 10), new Uint8Array([2, ...enc.subarray(1)]), new Uint8Array([...enc, 0])]) {
      expect(codeOf(() => decodeStateProof(b))).toBe("E_STATE_PROOF_MALFORMED");
    }
    expect(codeOf(() => stateTree.set(base.subarray(1), base))).toBe("E_AUDIT_HASH_LENGTH");
  });

  it("a full store fails with E_STATE_TREE_FULL and leaves the tree unchanged", () => {
    stateTree.init(4, 8);
    try {
      stateTree.clear();
      for (let i = 0; i < 4; i++) stateTree.set(sha3_256(new Uint8Array([i])), base);
      const root = hex(stateTree.root());
      expect(codeOf(() => stateTree.set(sha3_256(new Uint8Array([9])), base))).toBe("E_STATE_TREE_FULL");
      expect(hex(stateTree.root())).toBe(root);
      expect(stateTree.size()).toBe(4);
    } finally {
      stateTree.init(1 << 12, 1 << 15);
    }
  });

  it("a batch of t updates costs O(t · log n) hashes", () => {
    stateTree.clear();
    const n = 4000;
    const keys = Array.from({ length: n }, (_, i) => sha3_256(new Uint8Array(new Uint32Array([i]).buffer)));
    for (const k of keys) stateTree.set(k, k);
    stateTree.root();
    const depths = keys.slice(0, 200).map((k) => stateTree.prove(k).siblings.length);
    const maxDepth = Math.max(...depths);
    expect(maxDepth).toBeLessThan(40);
    for (const t of [1, 10, 100]) {
      stateTree.takeHashCount();
      for (let i = 0; i < t; i++) stateTree.set(keys[(i * 37) % n]!, base);
      stateTree.root();
      const hashes = stateTree.takeHashCount();
      expect(hashes).toBeGreaterThanOrEqual(t);
      expect(hashes).toBeLessThanOrEqual(t * (maxDepth + 1));
    }
    // Nothing touched: nothing rehashed.
    stateTree.takeHashCount();
    stateTree.root();
    expect(stateTree.takeHashCount()).toBe(0);
  });
});
