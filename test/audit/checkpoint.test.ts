import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import {
  AuditLog,
  AUDIT_EVENT_TYPES,
  CHECKPOINT_LEN,
  checkAccountInCheckpoint,
  checkEntryInCheckpoint,
  checkpointHash,
  decodeCheckpoint,
  decodeEntry,
  encodeCheckpoint,
  encodeEntry,
  GENESIS_PREV_HASH,
  signCheckpoint,
  stateTree,
  verifyCheckpoint,
  verifyCheckpointChain,
  type AuditEntry,
  type Checkpoint,
  type SignedCheckpoint,
} from "../../bindings/index.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { codeOf } from "../helpers/errors.js";

const seed = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const node = ml_dsa87.keygen(seed(7));
const other = ml_dsa87.keygen(seed(8));
const h = (s: string): Uint8Array => sha3_256(new TextEncoder().encode(s));
const code = codeOf;

describe("audit entries", () => {
  const samples: AuditEntry[] = [
    { kind: "packet", packetId: h("p"), packetHash: h("ph") },
    { kind: "outcome", txId: h("t"), status: 0 },
    { kind: "outcome", txId: h("t"), status: 0xfffe },
    { kind: "event", type: AUDIT_EVENT_TYPES.Transfer, fields: [] },
    {
      kind: "event",
      type: AUDIT_EVENT_TYPES.Mint,
      fields: [
        { tag: 1, value: h("acct") },
        { tag: 2, value: new Uint8Array(16).fill(9) },
        { tag: 200, value: new Uint8Array(0) },
      ],
    },
  ];

  it("round-trips canonically with the documented sizes", () => {
    for (const e of samples) {
      const b = encodeEntry(e);
      expect(decodeEntry(b)).toEqual(e);
      expect(encodeEntry(decodeEntry(b))).toEqual(b);
    }
    expect(encodeEntry(samples[0]!).length).toBe(66);
    expect(encodeEntry(samples[1]!).length).toBe(36);
    expect(Buffer.from(encodeEntry(samples[2]!).subarray(0, 2)).toString("hex")).toBe("0102");
  });

  it("rejects non-canonical and oversized encodings with typed errors", () => {
    const pk = encodeEntry(samples[0]!);
    const ev = encodeEntry(samples[4]!);
    expect(code(() => decodeEntry(new Uint8Array([...pk, 0])))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(pk.subarray(0, 65)))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(new Uint8Array([2, ...pk.subarray(1)])))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(new Uint8Array([1, 9, ...pk.subarray(2)])))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(ev.subarray(0, ev.length - 1)))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(new Uint8Array([...ev, 0])))).toBe("E_AUDIT_ENTRY_MALFORMED");
    const swapped = ev.slice();
    swapped[5] = 3; // first tag 3 > second tag 2
    expect(code(() => decodeEntry(swapped))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => decodeEntry(new Uint8Array(5000)))).toBe("E_AUDIT_ENTRY_TOO_LARGE");
    expect(
      code(() =>
        encodeEntry({
          kind: "event",
          type: 1,
          fields: [
            { tag: 2, value: h("a") },
            { tag: 2, value: h("b") },
          ],
        }),
      ),
    ).toBe("E_AUDIT_ENTRY_MALFORMED");
    const big = Array.from({ length: 5 }, (_, i) => ({ tag: i, value: new Uint8Array(1000) }));
    expect(code(() => encodeEntry({ kind: "event", type: 1, fields: big }))).toBe("E_AUDIT_ENTRY_TOO_LARGE");
    expect(code(() => encodeEntry({ kind: "outcome", txId: h("t"), status: 70000 }))).toBe("E_AUDIT_ENTRY_MALFORMED");
    expect(code(() => encodeEntry({ kind: "packet", packetId: h("t").subarray(1), packetHash: h("x") }))).toBe(
      "E_AUDIT_ENTRY_MALFORMED",
    );
  });
});

// A log grown over five batches, a checkpoint after each.
const log = new AuditLog();
const BATCHES = [3, 1, 0, 8, 5];
function buildChain(tweak: (cp: Checkpoint, i: number) => Checkpoint = (cp) => cp): SignedCheckpoint[] {
  const out: SignedCheckpoint[] = [];
  let prev: Checkpoint | undefined;
  for (let i = 0; i < BATCHES.length; i++) {
    const size = BATCHES.slice(0, i + 1).reduce((a, b) => a + b, 0);
    const base: Checkpoint = {
      version: 1,
      chainId: 13,
      treeSize: size,
      auditRoot: log.root(size),
      stateRoot: h(`state-${i}`),
      seq: 100 + i,
      logicalTimeMs: 1_700_000_000_000 + 1000 * i,
      prevHash: prev === undefined ? GENESIS_PREV_HASH : checkpointHash(prev),
    };
    let cp = tweak(base, i);
    if (cp !== base && cp.prevHash === base.prevHash) {
      cp = { ...cp, prevHash: prev === undefined ? GENESIS_PREV_HASH : checkpointHash(prev) };
    }
    const m = prev?.treeSize ?? 0;
    const consistency = cp.treeSize >= m && cp.treeSize <= log.size ? log.consistencyProof(m, cp.treeSize) : [];
    out.push({ checkpoint: cp, signature: signCheckpoint(cp, node.secretKey), consistency });
    prev = cp;
  }
  return out;
}
for (let i = 0; i < 17; i++) log.append(encodeEntry({ kind: "outcome", txId: h(`tx-${i}`), status: i }));
const chain = buildChain();

describe("checkpoints", () => {
  const cp = chain[3]!.checkpoint;
  const sig = chain[3]!.signature;

  it("encode/decode round-trips in 125 bytes", () => {
    const b = encodeCheckpoint(cp);
    expect(b.length).toBe(CHECKPOINT_LEN);
    expect(decodeCheckpoint(b)).toEqual(cp);
    expect(code(() => decodeCheckpoint(b.subarray(1)))).toBe("E_CHECKPOINT_MALFORMED");
    expect(code(() => decodeCheckpoint(new Uint8Array([2, ...b.subarray(1)])))).toBe("E_CHECKPOINT_MALFORMED");
    const huge = b.slice();
    huge.fill(0xff, 5, 13);
    expect(code(() => decodeCheckpoint(huge))).toBe("E_CHECKPOINT_MALFORMED");
    expect(code(() => encodeCheckpoint({ ...cp, chainId: -1 }))).toBe("E_CHECKPOINT_MALFORMED");
  });

  it("signatures verify; every tampered field, signature, key or context is rejected", () => {
    expect(verifyCheckpoint(cp, sig, node.publicKey)).toBe(true);
    const flip = (u: Uint8Array): Uint8Array => {
      const v = u.slice();
      v[0] = v[0]! ^ 1;
      return v;
    };
    const tampered: Checkpoint[] = [
      { ...cp, chainId: cp.chainId + 1 },
      { ...cp, treeSize: cp.treeSize + 1 },
      { ...cp, auditRoot: flip(cp.auditRoot) },
      { ...cp, stateRoot: flip(cp.stateRoot) },
      { ...cp, seq: cp.seq + 1 },
      { ...cp, logicalTimeMs: cp.logicalTimeMs + 1 },
      { ...cp, prevHash: flip(cp.prevHash) },
      { ...cp, version: 2 },
    ];
    for (const t of tampered) expect(verifyCheckpoint(t, sig, node.publicKey)).toBe(false);
    expect(verifyCheckpoint(cp, flip(sig), node.publicKey)).toBe(false);
    expect(verifyCheckpoint(cp, sig.subarray(1), node.publicKey)).toBe(false);
    expect(verifyCheckpoint(cp, sig, other.publicKey)).toBe(false);
    const noCtx = ml_dsa87.sign(encodeCheckpoint(cp), node.secretKey);
    expect(verifyCheckpoint(cp, noCtx, node.publicKey)).toBe(false);
    expect(verifyCheckpoint(null as unknown as Checkpoint, sig, node.publicKey)).toBe(false);
  });

  it("the chain verifies, and from a trusted checkpoint onwards", () => {
    const v = verifyCheckpointChain(chain, node.publicKey);
    expect(v.ok).toBe(true);
    expect(verifyCheckpointChain(chain.slice(2), node.publicKey, { after: chain[1]!.checkpoint }).ok).toBe(true);
    expect(verifyCheckpointChain([], node.publicKey).ok).toBe(true);
  });

  it("each break is caught with its CIR-302 code and index", () => {
    const expectBreak = (c: SignedCheckpoint[], index: number, want: string, opts = {}): void => {
      const v = verifyCheckpointChain(c, node.publicKey, opts);
      expect(v.ok).toBe(false);
      if (!v.ok) {
        expect(v.error.code).toBe(want);
        expect(v.index).toBe(index);
      }
    };
    const withItem = (i: number, f: (s: SignedCheckpoint) => SignedCheckpoint): SignedCheckpoint[] =>
      chain.map((s, j) => (j === i ? f(s) : s));
    // Signatures.
    const badSig = chain[2]!.signature.slice();
    badSig[10] = badSig[10]! ^ 4;
    expectBreak(
      withItem(2, (s) => ({ ...s, signature: badSig })),
      2,
      "E_CHECKPOINT_SIG_INVALID",
    );
    expectBreak(
      withItem(1, (s) => ({ ...s, signature: signCheckpoint(s.checkpoint, other.secretKey) })),
      1,
      "E_CHECKPOINT_SIG_INVALID",
    );
    // Links.
    expectBreak([chain[0]!, chain[2]!, chain[3]!], 1, "E_AUDIT_CHAIN_BROKEN"); // a missing checkpoint
    expectBreak([chain[1]!, chain[0]!], 0, "E_AUDIT_CHAIN_BROKEN"); // not genesis
    expectBreak(chain.slice(2), 0, "E_AUDIT_CHAIN_BROKEN", { after: chain[0]!.checkpoint });
    expectBreak(
      buildChain((cp, i) => (i === 2 ? { ...cp, prevHash: h("x") } : cp)),
      2,
      "E_AUDIT_CHAIN_BROKEN",
    );
    expectBreak(
      buildChain((cp, i) => (i === 3 ? { ...cp, seq: 101 } : cp)),
      3,
      "E_AUDIT_CHAIN_BROKEN",
    );
    expectBreak(
      buildChain((cp, i) => (i === 3 ? { ...cp, logicalTimeMs: 1 } : cp)),
      3,
      "E_AUDIT_CHAIN_BROKEN",
    );
    expectBreak(
      buildChain((cp, i) => (i === 1 ? { ...cp, chainId: 14 } : cp)),
      1,
      "E_AUDIT_CHAIN_BROKEN",
    );
    expectBreak(
      withItem(3, (s) => ({ ...s, checkpoint: { ...s.checkpoint, treeSize: -1 } })),
      3,
      "E_AUDIT_CHAIN_BROKEN",
    );
    // The log itself.
    expectBreak(
      buildChain((cp, i) => (i === 3 ? { ...cp, treeSize: 2, auditRoot: log.root(2) } : cp)),
      3,
      "E_AUDIT_INCONSISTENT",
    );
    expectBreak(
      buildChain((cp, i) => (i === 2 ? { ...cp, auditRoot: h("same size, other root") } : cp)),
      2,
      "E_AUDIT_INCONSISTENT",
    );
    const forked = new AuditLog();
    for (let i = 0; i < 12; i++) forked.append(encodeEntry({ kind: "outcome", txId: h(`fork-${i}`), status: i }));
    expectBreak(
      buildChain((cp, i) => (i === 3 ? { ...cp, auditRoot: forked.root(12) } : cp)),
      3,
      "E_AUDIT_INCONSISTENT",
    );
    expectBreak(
      withItem(4, (s) => ({ ...s, consistency: s.consistency.slice(1) })),
      4,
      "E_AUDIT_INCONSISTENT",
    );
    expectBreak(
      withItem(4, (s) => ({ ...s, consistency: [h("x"), ...s.consistency.slice(1)] })),
      4,
      "E_AUDIT_INCONSISTENT",
    );
    expectBreak(
      withItem(0, (s) => ({ ...s, consistency: [h("x")] })),
      0,
      "E_AUDIT_INCONSISTENT",
    );
  });

  it("receipts and balances check against a signed checkpoint", () => {
    const index = 5;
    const entry = encodeEntry({ kind: "outcome", txId: h(`tx-${index}`), status: index });
    const proof = log.inclusionProof(index, cp.treeSize);
    expect(checkEntryInCheckpoint(entry, index, proof, cp, sig, node.publicKey)).toBeNull();
    expect(checkEntryInCheckpoint(entry, index + 1, proof, cp, sig, node.publicKey)?.code).toBe(
      "E_AUDIT_ROOT_MISMATCH",
    ); // the proof is for another index
    expect(checkEntryInCheckpoint(entry, index, proof, cp, sig, other.publicKey)?.code).toBe(
      "E_CHECKPOINT_SIG_INVALID",
    );

    stateTree.init(64, 256);
    stateTree.clear();
    for (let i = 0; i < 10; i++) stateTree.set(h(`acct-${i}`), h(`state-${i}`));
    const stateCp: Checkpoint = { ...cp, stateRoot: stateTree.root() };
    const stateSig = signCheckpoint(stateCp, node.secretKey);
    const p = stateTree.prove(h("acct-4"));
    expect(checkAccountInCheckpoint(h("acct-4"), h("state-4"), p, stateCp, stateSig, node.publicKey)).toBeNull();
    expect(checkAccountInCheckpoint(h("acct-4"), h("state-5"), p, stateCp, stateSig, node.publicKey)?.code).toBe(
      "E_STATE_PROOF_INVALID",
    );
    const absent = stateTree.prove(h("nobody"));
    expect(checkAccountInCheckpoint(h("nobody"), undefined, absent, stateCp, stateSig, node.publicKey)).toBeNull();
    expect(checkAccountInCheckpoint(h("nobody"), undefined, absent, cp, sig, node.publicKey)?.code).toBe(
      "E_STATE_PROOF_INVALID",
    );
  });
});
