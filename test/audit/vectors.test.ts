import { readFileSync } from "node:fs";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { describe, expect, it } from "vitest";
import {
  AuditLog,
  auditLeafHash,
  checkpointHash,
  decodeEntry,
  encodeCheckpoint,
  encodeEntry,
  signCheckpoint,
  stateTree,
  verifyAccountAbsent,
  verifyAccountValue,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  wasmAuditTree,
  type AuditEntry,
  type Checkpoint,
  type StateProof,
} from "../../bindings/index.js";

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../vectors/audit/${name}`, import.meta.url), "utf8")) as T;
const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const un = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

interface MerkleVectors {
  entries: string[];
  leafHashes: string[];
  roots: { size: number; root: string }[];
  inclusion: { index: number; size: number; path: string[] }[];
  consistency: { m: number; n: number; proof: string[] }[];
}

describe("golden vectors: vectors/audit/*.json", () => {
  it("merkle.json: roots, inclusion and consistency proofs", () => {
    const v = load<MerkleVectors>("merkle.json");
    const log = new AuditLog();
    wasmAuditTree.reset();
    v.entries.forEach((e, i) => {
      expect(hex(auditLeafHash(un(e)))).toBe(v.leafHashes[i]);
      log.append(un(e));
    });
    for (const { size, root } of v.roots) {
      expect(hex(log.root(size))).toBe(root);
      if (size > 0) wasmAuditTree.append(un(v.entries[size - 1]!));
      expect(hex(wasmAuditTree.root())).toBe(root);
    }
    const rootOf = (n: number): Uint8Array => un(v.roots[n]!.root);
    for (const { index, size, path } of v.inclusion) {
      expect(log.inclusionProof(index, size).map(hex)).toEqual(path);
      expect(verifyInclusion(un(v.leafHashes[index]!), index, size, path.map(un), rootOf(size))).toBe(true);
    }
    for (const { m, n, proof } of v.consistency) {
      expect(log.consistencyProof(m, n).map(hex)).toEqual(proof);
      expect(verifyConsistency(m, n, proof.map(un), rootOf(m), rootOf(n))).toBe(true);
    }
    expect(v.inclusion.length).toBeGreaterThan(40);
    expect(v.consistency.length).toBeGreaterThan(40);
  });

  it("entries.json: encodings and leaf hashes", () => {
    type Raw = { kind: string; [k: string]: unknown };
    const v = load<{ entryVectors: { entry: Raw; encoding: string; leafHash: string }[] }>("entries.json");
    for (const { entry, encoding, leafHash } of v.entryVectors) {
      let e: AuditEntry;
      if (entry.kind === "packet") {
        e = { kind: "packet", packetId: un(entry.packetId as string), packetHash: un(entry.packetHash as string) };
      } else if (entry.kind === "outcome") {
        e = { kind: "outcome", txId: un(entry.txId as string), status: entry.status as number };
      } else {
        const fields = (entry.fields as { tag: number; value: string }[]).map((f) => ({
          tag: f.tag,
          value: un(f.value),
        }));
        e = { kind: "event", type: entry.type as number, fields };
      }
      expect(hex(encodeEntry(e))).toBe(encoding);
      expect(decodeEntry(un(encoding))).toEqual(e);
      expect(hex(auditLeafHash(un(encoding)))).toBe(leafHash);
    }
  });

  it("checkpoint.json: encoding, hash, deterministic ML-DSA-87 signature", () => {
    const v = load<{
      keySeed: string;
      publicKey: string;
      checkpoint: Record<string, string | number>;
      encoding: string;
      hash: string;
      signature: string;
    }>("checkpoint.json");
    const c = v.checkpoint;
    const cp: Checkpoint = {
      version: c.version as number,
      chainId: c.chainId as number,
      treeSize: c.treeSize as number,
      auditRoot: un(c.auditRoot as string),
      stateRoot: un(c.stateRoot as string),
      seq: c.seq as number,
      logicalTimeMs: c.logicalTimeMs as number,
      prevHash: un(c.prevHash as string),
    };
    expect(hex(encodeCheckpoint(cp))).toBe(v.encoding);
    expect(hex(checkpointHash(cp))).toBe(v.hash);
    expect(verifyCheckpoint(cp, un(v.signature), un(v.publicKey))).toBe(true);
    const keys = ml_dsa87.keygen(un(v.keySeed));
    expect(hex(keys.publicKey)).toBe(v.publicKey);
    expect(hex(signCheckpoint(cp, keys.secretKey))).toBe(v.signature);
  });

  it("state.json: root and proofs from the WASM tree", () => {
    type RawProof = { key: string; siblings: string[]; terminal: { kind: string; key?: string; value?: string } };
    const v = load<{ items: { key: string; value: string }[]; root: string; proofs: RawProof[] }>("state.json");
    stateTree.init(64, 512);
    stateTree.clear();
    for (const { key, value } of v.items) stateTree.set(un(key), un(value));
    const root = stateTree.root();
    expect(hex(root)).toBe(v.root);
    const values = new Map(v.items.map((i) => [i.key, i.value]));
    for (const raw of v.proofs) {
      const p = stateTree.prove(un(raw.key));
      expect(p.siblings.map(hex)).toEqual(raw.siblings);
      expect(p.terminal.kind).toBe(raw.terminal.kind);
      if (p.terminal.kind === "leaf") {
        expect(hex(p.terminal.key)).toBe(raw.terminal.key);
        expect(hex(p.terminal.value)).toBe(raw.terminal.value);
      }
      const proof: StateProof = {
        key: un(raw.key),
        siblings: raw.siblings.map(un),
        terminal:
          raw.terminal.kind === "leaf"
            ? { kind: "leaf", key: un(raw.terminal.key!), value: un(raw.terminal.value!) }
            : { kind: "empty" },
      };
      const value = values.get(raw.key);
      if (value !== undefined) expect(verifyAccountValue(root, un(raw.key), un(value), proof)).toBe(true);
      else expect(verifyAccountAbsent(root, un(raw.key), proof)).toBe(true);
    }
    expect(v.proofs[1]!.siblings.length).toBeGreaterThanOrEqual(32);
  });
});
