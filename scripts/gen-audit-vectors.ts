// Generates the golden vectors in vectors/audit/*.json from independent reference code (naive
// recursive RFC 9162 and sparse-Merkle definitions over @noble/hashes SHA3-256, encodings built
// by hand, signatures by @noble/post-quantum) — never from bindings/. Run: npx tsx scripts/gen-audit-vectors.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { entryOf, hex, refLeaf, refMTH, refPath, refProof } from "../test/reference/audit.js";

const out = resolve(import.meta.dirname, "../vectors/audit");
mkdirSync(out, { recursive: true });
const write = (name: string, data: unknown): void =>
  writeFileSync(resolve(out, name), JSON.stringify(data, null, 2) + "\n");
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const arrs = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const o = new Uint8Array(arrs.reduce((a, p) => a + p.length, 0));
  let i = 0;
  for (const p of arrs) {
    o.set(p, i);
    i += p.length;
  }
  return o;
};
const u16 = (v: number): number[] => [v & 0xff, v >> 8];
const u32 = (v: number): number[] => [0, 8, 16, 24].map((s) => (v >>> s) & 0xff);
const u64 = (v: bigint): number[] => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Number((v >> BigInt(8 * i)) & 0xffn));

// --- Merkle tree ---
const N = 17;
const entries = Array.from({ length: N }, (_, i) => entryOf(i));
const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17];
write("merkle.json", {
  description:
    "RFC 9162 Merkle tree over SHA3-256: leaf = H(0x00||entry), node = H(0x01||l||r), empty = H(''). Proofs leaf-to-root.",
  entries: entries.map(hex),
  leafHashes: entries.map((e) => hex(refLeaf(e))),
  roots: Array.from({ length: N + 1 }, (_, n) => ({ size: n, root: hex(refMTH(entries.slice(0, n))) })),
  inclusion: sizes.flatMap((n) =>
    Array.from({ length: n }, (_, i) => i)
      .filter((i) => n <= 8 || i % 3 === 0 || i === n - 1)
      .map((i) => ({ index: i, size: n, path: refPath(i, entries.slice(0, n)).map(hex) })),
  ),
  consistency: sizes.flatMap((n) =>
    [0, 1, 2, 3, 4, 6, 7, 8, 11, 16, n]
      .filter((m, j, a) => m <= n && a.indexOf(m) === j)
      .map((m) => ({ m, n, proof: refProof(m, entries.slice(0, n)).map(hex) })),
  ),
});

// --- Entries ---
const id = (s: string): Uint8Array => sha3_256(utf8(s));
const entryVectors = [
  { kind: "packet", packetId: hex(id("packet-1")), packetHash: hex(id("packet-1-bytes")) },
  { kind: "outcome", txId: hex(id("tx-1")), status: 0 },
  { kind: "outcome", txId: hex(id("tx-2")), status: 409 },
  {
    kind: "event",
    type: 3,
    fields: [
      { tag: 1, value: hex(id("from")) },
      { tag: 2, value: hex(id("to")) },
      { tag: 3, value: hex(Uint8Array.from(u64(1000000000000000000n).concat(u64(0n)))) },
      { tag: 4, value: "02" },
    ],
  },
  { kind: "event", type: 12, fields: [] },
].map((e) => {
  const b = Buffer.from;
  let enc: Uint8Array;
  if (e.kind === "packet") enc = cat([1, 1], b(e.packetId!, "hex"), b(e.packetHash!, "hex"));
  else if (e.kind === "outcome") enc = cat([1, 2], b(e.txId!, "hex"), u16(e.status!));
  else
    enc = cat(
      [1, 3],
      u16(e.type!),
      [e.fields!.length],
      ...e.fields!.flatMap((f) => [cat([f.tag], u16(f.value.length / 2)), b(f.value, "hex")]),
    );
  return { entry: e, encoding: hex(enc), leafHash: hex(refLeaf(enc)) };
});
write("entries.json", { description: "Audit entry encoding v1 (docs/audit-log.md) and leaf hashes", entryVectors });

// --- Checkpoint ---
const keys = ml_dsa87.keygen(new Uint8Array(32).fill(7));
const cp = {
  version: 1,
  chainId: 13,
  treeSize: 17,
  auditRoot: hex(refMTH(entries)),
  stateRoot: hex(id("state")),
  seq: 42,
  logicalTimeMs: 1767225600000,
  prevHash: hex(id("previous checkpoint")),
};
const cpEnc = cat(
  [cp.version],
  u32(cp.chainId),
  u64(BigInt(cp.treeSize)),
  Buffer.from(cp.auditRoot, "hex"),
  Buffer.from(cp.stateRoot, "hex"),
  u64(BigInt(cp.seq)),
  u64(BigInt(cp.logicalTimeMs)),
  Buffer.from(cp.prevHash, "hex"),
);
const ctx = utf8("QFS-V13/checkpoint");
const sig = ml_dsa87.sign(cpEnc, keys.secretKey, { context: ctx, extraEntropy: false });
write("checkpoint.json", {
  description:
    "Checkpoint encoding v1 (125 bytes), hash = SHA3-256(encoding), ML-DSA-87 deterministic signature with context QFS-V13/checkpoint; key from seed 0x07 x 32",
  keySeed: hex(new Uint8Array(32).fill(7)),
  publicKey: hex(keys.publicKey),
  checkpoint: cp,
  encoding: hex(cpEnc),
  hash: hex(sha3_256(cpEnc)),
  signature: hex(sig),
});

// --- State tree ---
const bit = (k: Uint8Array, d: number): number => (k[d >> 3]! >> (7 - (d & 7))) & 1;
type Item = readonly [Uint8Array, Uint8Array];
const sLeaf = (k: Uint8Array, v: Uint8Array): Uint8Array => sha3_256(cat([0x10], k, v));
const sNode = (l: Uint8Array, r: Uint8Array): Uint8Array => sha3_256(cat([0x11], l, r));
const sRoot = (xs: readonly Item[], d: number): Uint8Array => {
  if (xs.length === 0) return new Uint8Array(32);
  if (xs.length === 1) return sLeaf(xs[0]![0], xs[0]![1]);
  return sNode(
    sRoot(
      xs.filter(([k]) => bit(k, d) === 0),
      d + 1,
    ),
    sRoot(
      xs.filter(([k]) => bit(k, d) === 1),
      d + 1,
    ),
  );
};
const sProve = (xs: readonly Item[], key: Uint8Array) => {
  let set = xs;
  let d = 0;
  const siblings: string[] = [];
  while (set.length >= 2) {
    const b = bit(key, d);
    siblings.push(
      hex(
        sRoot(
          set.filter(([k]) => bit(k, d) !== b),
          d + 1,
        ),
      ),
    );
    set = set.filter(([k]) => bit(k, d) === b);
    d++;
  }
  const terminal =
    set.length === 0 ? { kind: "empty" } : { kind: "leaf", key: hex(set[0]![0]), value: hex(set[0]![1]) };
  return { key: hex(key), siblings, terminal };
};
const items: Item[] = Array.from({ length: 12 }, (_, i) => [id(`account-${i}`), id(`account-state-${i}`)] as const);
// A key sharing its first 31 bits with account-0, to exercise chains of one-child nodes.
const near = id("account-0").slice();
near[3] = near[3]! ^ 0x01;
items.push([near, id("near-state")]);
write("state.json", {
  description:
    "Sparse Merkle state tree: empty = 0^32, leaf = H(0x10||key||value), node = H(0x11||l||r), single-leaf subtrees collapsed; siblings root-first",
  items: items.map(([k, v]) => ({ key: hex(k), value: hex(v) })),
  root: hex(sRoot(items, 0)),
  emptyRoot: hex(new Uint8Array(32)),
  proofs: [id("account-0"), near, id("account-5"), id("nobody"), id("nobody-2")].map((k) => sProve(items, k)),
});
console.log(`wrote ${out}/{merkle,entries,checkpoint,state}.json`);
