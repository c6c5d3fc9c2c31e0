import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isQfsError,
  type QfsError,
  AuditLog,
  auditEmptyRoot,
  auditLeafHash,
  checkConsistency,
  checkInclusion,
  decodeConsistencyProof,
  decodeInclusionProof,
  encodeConsistencyProof,
  encodeInclusionProof,
  verifyConsistency,
  verifyInclusion,
  wasmAuditTree,
} from "../../bindings/index.js";
import { entryOf, hex, refLeaf, refMTH, refPath, refProof } from "../reference/audit.js";
import { codeOf } from "../helpers/errors.js";

const SIZES = [...Array.from({ length: 64 }, (_, i) => i + 1), 100, 127, 128, 129, 255, 256, 257, 1000];
const N = 1000;
const entries = Array.from({ length: N + 1 }, (_, i) => entryOf(i));
const log = new AuditLog();
for (const e of entries.slice(0, N)) log.append(e);
const refRoots = new Map<number, Uint8Array>();
const rootOf = (n: number): Uint8Array => {
  let r = refRoots.get(n);
  if (r === undefined) refRoots.set(n, (r = refMTH(entries.slice(0, n))));
  return r;
};

function flip(p: Uint8Array[], i: number): Uint8Array[] {
  const q = p.map((x) => x.slice());
  const node = q[i]!;
  node[i % 32] = node[i % 32]! ^ (1 << (i % 8));
  return q;
}

// Indices tested for a size: all for small trees, a sample for large ones.
function indices(n: number): number[] {
  if (n <= 64) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, n >> 1, n - 2, n - 1, 63, 64];
}

describe("audit Merkle tree (RFC 9162, SHA3-256)", () => {
  it("hash primitives match the reference", () => {
    expect(hex(auditEmptyRoot())).toBe(hex(refMTH([])));
    expect(hex(auditEmptyRoot())).toBe("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    for (const e of entries.slice(0, 5)) expect(hex(auditLeafHash(e))).toBe(hex(refLeaf(e)));
  });

  it("roots of the log, the WASM builder and the naive reference agree", () => {
    wasmAuditTree.reset();
    expect(hex(wasmAuditTree.root())).toBe(hex(rootOf(0)));
    expect(hex(log.root(0))).toBe(hex(rootOf(0)));
    for (let n = 1; n <= 300; n++) {
      wasmAuditTree.append(entries[n - 1]!);
      expect(wasmAuditTree.size()).toBe(n);
      const want = hex(rootOf(n));
      expect(hex(wasmAuditTree.root())).toBe(want);
      expect(hex(log.root(n))).toBe(want);
    }
    // Leaf-hash append path gives the same roots.
    wasmAuditTree.reset();
    for (let n = 1; n <= 70; n++) wasmAuditTree.appendLeafHash(refLeaf(entries[n - 1]!));
    expect(hex(wasmAuditTree.root())).toBe(hex(rootOf(70)));
    expect(hex(log.root())).toBe(hex(rootOf(N)));
  });

  it("every inclusion proof equals the reference and verifies; every mutation fails", () => {
    let checked = 0;
    for (const n of SIZES) {
      const root = rootOf(n);
      for (const i of indices(n)) {
        const proof = log.inclusionProof(i, n);
        expect(proof.map(hex)).toEqual(refPath(i, entries.slice(0, n)).map(hex));
        const leaf = refLeaf(entries[i]!);
        expect(checkInclusion(leaf, i, n, proof, root)).toBeNull();
        checked++;
        const bad = (p: Uint8Array[], idx = i, size = n, r = root, l = leaf): void => {
          expect(verifyInclusion(l, idx, size, p, r)).toBe(false);
        };
        for (let k = 0; k < proof.length; k++) {
          bad(flip(proof, k));
          bad(proof.filter((_, j) => j !== k));
        }
        bad([...proof, root]);
        bad([root, ...proof]);
        if (i + 1 < n) bad(proof, i + 1);
        if (i > 0) bad(proof, i - 1);
        // Wrong size: sizes that change the tree's shape along the path (a size whose shape along
        // the path is the same yields the same computation; checkpoints bind size to root).
        bad(proof, i, n * 2);
        if (n >> 1 > i) bad(proof, i, n >> 1);
        bad(proof, i, n, rootOf(n + 1));
        bad(proof, i, n, root, refLeaf(entries[i + 1]!));
        bad(proof, i, n, root, auditLeafHash(root)); // a node hash presented as a leaf
      }
    }
    expect(checked).toBeGreaterThan(2080);
  });

  it("every consistency proof equals the reference and verifies; every mutation fails", () => {
    let checked = 0;
    for (const n of SIZES) {
      const ms = n <= 64 ? Array.from({ length: n + 1 }, (_, m) => m) : [0, 1, 2, 3, 7, 8, 9, n >> 1, n - 1, n];
      for (const m of ms) {
        const proof = log.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual(refProof(m, entries.slice(0, n)).map(hex));
        const rm = rootOf(m);
        const rn = rootOf(n);
        expect(checkConsistency(m, n, proof, rm, rn)).toBeNull();
        checked++;
        const bad = (p: Uint8Array[], mm = m, nn = n, a = rm, b = rn): void => {
          expect(verifyConsistency(mm, nn, p, a, b)).toBe(false);
        };
        for (let k = 0; k < proof.length; k++) {
          bad(flip(proof, k));
          bad(proof.filter((_, j) => j !== k));
        }
        bad([...proof, rn]);
        bad([rm, ...proof]);
        if (m !== n) {
          bad(proof, m, n, rn, rm); // swapped roots
          bad(proof, m + 1, n);
          bad(proof, m, n, rootOf(m + 1), rn);
          if (m > 0) {
            // (m = 0: the empty log is consistent with every log, whatever its size and root.)
            bad(proof, m - 1, n);
            bad(proof, m, n * 2);
            if (n >> 1 > m) bad(proof, m, n >> 1);
            bad(proof, m, n, rm, rootOf(n + 1));
          }
        } else {
          bad(proof, m, n, rm, rootOf(n + 1));
        }
      }
    }
    expect(checked).toBeGreaterThan(2080);
  });

  it("malformed inputs give typed errors, never exceptions", () => {
    const root = rootOf(10);
    const leaf = refLeaf(entries[3]!);
    const proof = log.inclusionProof(3, 10);
    const code = (e: QfsError | null): string | undefined => e?.code;
    expect(code(checkInclusion(leaf, 3, 10, proof.slice(1), root))).toBe("E_AUDIT_PROOF_LENGTH");
    expect(code(checkInclusion(leaf, 10, 10, proof, root))).toBe("E_AUDIT_INDEX_RANGE");
    expect(code(checkInclusion(leaf, -1, 10, proof, root))).toBe("E_AUDIT_SIZE_RANGE");
    expect(code(checkInclusion(leaf, 1.5, 10, proof, root))).toBe("E_AUDIT_SIZE_RANGE");
    expect(code(checkInclusion(leaf.subarray(1), 3, 10, proof, root))).toBe("E_AUDIT_HASH_LENGTH");
    expect(code(checkInclusion(leaf, 3, 10, [proof[0]!.subarray(2), ...proof.slice(1)], root))).toBe(
      "E_AUDIT_HASH_LENGTH",
    );
    expect(code(checkInclusion(leaf, 4, 10, proof, root))).toBe("E_AUDIT_ROOT_MISMATCH");
    expect(code(checkConsistency(5, 4, [], root, root))).toBe("E_AUDIT_INDEX_RANGE");
    expect(code(checkConsistency(4, 10, [], rootOf(4), root))).toBe("E_AUDIT_PROOF_LENGTH");
    expect(code(checkConsistency(0, 10, [root], rootOf(0), root))).toBe("E_AUDIT_PROOF_LENGTH");
    expect(code(checkConsistency(0, 10, [], root, root))).toBe("E_AUDIT_ROOT_MISMATCH");
    expect(verifyInclusion(null as unknown as Uint8Array, 0, 1, [], root)).toBe(false);
    expect(verifyInclusion(leaf, 0, 1, null as unknown as Uint8Array[], root)).toBe(false);
    expect(verifyConsistency(1, 2, [1, 2] as unknown as Uint8Array[], root, root)).toBe(false);
    expect(codeOf(() => log.inclusionProof(N, N))).toBe("E_AUDIT_INDEX_RANGE");
    expect(codeOf(() => log.root(N + 1))).toBe("E_AUDIT_SIZE_RANGE");
    const small = new AuditLog({ maxLeaves: 2 });
    small.append(entries[0]!);
    small.append(entries[1]!);
    expect(codeOf(() => small.append(entries[2]!))).toBe("E_AUDIT_LOG_FULL");
  });

  it("random garbage never throws and never verifies (fast-check)", () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    const anyBytes = fc.oneof(hash, fc.uint8Array({ maxLength: 40 }));
    const num = fc.oneof(fc.integer({ min: -2, max: 2000 }), fc.double(), fc.constant(2 ** 60));
    fc.assert(
      fc.property(num, num, fc.array(anyBytes, { maxLength: 12 }), anyBytes, anyBytes, (a, b, proof, x, y) => {
        const i = checkInclusion(x, a, b, proof, y);
        const c = checkConsistency(a, b, proof, x, y);
        expect(i === null || isQfsError(i)).toBe(true);
        expect(c === null || isQfsError(c)).toBe(true);
        // Random hashes match a root only with negligible probability (or trivially: m = n, x = y).
        if (i === null) expect(proof.length === 0 && a === 0 && b === 1 && hex(x) === hex(y)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("proof encodings", () => {
  it("round-trip and reject malformed bytes with typed errors", () => {
    for (const [i, n] of [
      [0, 1],
      [3, 10],
      [999, 1000],
    ] as const) {
      const p = { index: i, size: n, path: log.inclusionProof(i, n) };
      const b = encodeInclusionProof(p);
      expect(b.length).toBe(19 + 32 * p.path.length);
      const q = decodeInclusionProof(b);
      expect(q.index).toBe(i);
      expect(q.size).toBe(n);
      expect(q.path.map(hex)).toEqual(p.path.map(hex));
    }
    for (const [m, n] of [
      [0, 5],
      [5, 5],
      [4, 10],
      [7, 1000],
    ] as const) {
      const p = { m, n, path: log.consistencyProof(m, n) };
      const q = decodeConsistencyProof(encodeConsistencyProof(p));
      expect([q.m, q.n, q.path.map(hex)]).toEqual([m, n, p.path.map(hex)]);
    }
    const good = encodeInclusionProof({ index: 3, size: 10, path: log.inclusionProof(3, 10) });
    expect(codeOf(() => decodeInclusionProof(good.subarray(0, good.length - 1)))).toBe("E_AUDIT_PROOF_LENGTH");
    expect(codeOf(() => decodeInclusionProof(new Uint8Array([...good, 0])))).toBe("E_AUDIT_PROOF_LENGTH");
    expect(codeOf(() => decodeConsistencyProof(good))).toBe("E_AUDIT_PROOF_LENGTH");
    const wrongCount = good.slice();
    wrongCount[18] = 2;
    expect(codeOf(() => decodeInclusionProof(wrongCount))).toBe("E_AUDIT_PROOF_LENGTH");
    const badIndex = good.slice();
    badIndex[2] = 10;
    expect(codeOf(() => decodeInclusionProof(badIndex))).toBe("E_AUDIT_INDEX_RANGE");
    const huge = good.slice();
    huge.fill(0xff, 10, 18);
    expect(codeOf(() => decodeInclusionProof(huge))).toBe("E_AUDIT_SIZE_RANGE");
    expect(codeOf(() => encodeInclusionProof({ index: 3, size: 10, path: [] }))).toBe("E_AUDIT_PROOF_LENGTH");
  });
});
