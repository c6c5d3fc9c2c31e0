// The halt record and its signature (bindings/audit/halt.ts) and the guard's own checks of halt.json and of the
// last checkpoint (server/halt/guard.ts), without a sequencer: a Ledger made from a genesis stands in for the
// rebuilt one.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkHaltJson,
  decodeHaltRecord,
  encodeHaltRecord,
  HALT_RECORD_BYTES,
  haltRecordHash,
  Ledger,
  signCheckpoint,
  signHaltRecord,
  verifyHaltRecord,
  type Checkpoint,
} from "../../bindings/index.js";
import { isQfsError } from "../../bindings/errors/index.js";
import { genesisInput } from "../../server/sequencer/genesis-file.js";
import { HaltGuard, haltJson, type StartFacts } from "../../server/halt/guard.js";
import { HALT_FILE, type HaltFile } from "../../server/halt/halt-file.js";
import { HALT_FILE_BYTES_MAX, HALT_HISTORY_ENTRIES_MAX } from "../../server/halt/limits.js";
import { nodeKeyFromSeed } from "../../server/node-key.js";
import { admin, ALICE, council, haltGenesis, hex, mint, removeTempDirs, resume, tempDataDir } from "./halt-fixtures.js";

afterAll(removeTempDirs);

const nodeKey = nodeKeyFromSeed(new Uint8Array(32).fill(1));
const otherKey = nodeKeyFromSeed(new Uint8Array(32).fill(2));
const fields = {
  code: 302,
  message: 448,
  seq: 7n,
  stateRoot: new Uint8Array(32).fill(0xaa),
  auditHead: new Uint8Array(32).fill(0xbb),
};

const ledger = () => Ledger.create(genesisInput(haltGenesis()));
function facts(l: Ledger, over: Partial<StartFacts> = {}): StartFacts {
  const root = l.stateRoot();
  return { seq: l.seq, expectedStateRoot: root, rebuiltStateRoot: root, auditHead: l.auditRoot(), ...over };
}
const readFile = (dir: string) => JSON.parse(readFileSync(join(dir, HALT_FILE), "utf8")) as HaltFile;

describe("halt record (bindings/audit/halt.ts)", () => {
  it("encodes the 80-byte layout of the core's record, decodes it back, and refuses out-of-range fields", () => {
    const rec = encodeHaltRecord(fields);
    expect(rec.length).toBe(HALT_RECORD_BYTES);
    expect(Buffer.from(rec.subarray(0, 16)).toString("hex")).toBe("2e010000c00100000700000000000000");
    expect(decodeHaltRecord(rec)).toEqual(fields);
    expect(decodeHaltRecord(rec.subarray(1))).toBeUndefined();
    expect(() => encodeHaltRecord({ ...fields, code: -1 })).toThrow(/u32/);
    expect(() => encodeHaltRecord({ ...fields, seq: 1n << 64n })).toThrow(/u64/);
    expect(() => encodeHaltRecord({ ...fields, stateRoot: new Uint8Array(31) })).toThrow(/32 bytes/);
  });

  it("is the record the core writes: a HALT op's record round-trips and hashes to the core's hash", () => {
    const l = ledger();
    const t = BigInt(haltGenesis().timeMs);
    // A test-only path (pre-verified records): the admin's HALT with reason 5 in batch 1.
    l._applyRecordsForTest({ seq: 1n, timeMs: t }, [
      {
        chainId: l.chainId,
        account: admin.keyId,
        signers: [admin.keyId],
        nonce: 1n,
        timestampMs: t,
        ops: [{ kind: "halt", reason: 5 }],
      },
    ]);
    const core = l.haltRecord()!;
    expect(decodeHaltRecord(core.encoded)).toMatchObject({ code: 1, message: 5, seq: 1n });
    expect(encodeHaltRecord(decodeHaltRecord(core.encoded)!)).toEqual(core.encoded);
    expect(haltRecordHash(core.encoded)).toEqual(core.hash);
  });

  it("signs with context QFS-V13/halt; verifies only the same record under the node's key; checkHaltJson names what is wrong", () => {
    const rec = encodeHaltRecord(fields);
    const sig = signHaltRecord(rec, nodeKey.secretKey);
    expect(verifyHaltRecord(rec, sig, nodeKey.publicKey)).toBe(true);
    expect(verifyHaltRecord(rec, sig, otherKey.publicKey)).toBe(false);
    const other = rec.slice();
    other[79] = other[79]! ^ 1;
    expect(verifyHaltRecord(other, sig, nodeKey.publicKey)).toBe(false);
    expect(verifyHaltRecord(rec.subarray(1), sig, nodeKey.publicKey)).toBe(false);
    const h = haltJson("node", rec, sig);
    expect(h).toMatchObject({
      code: 302,
      message: 448,
      reason: "E_RESTORE_ROOT",
      seq: "7",
      hash: hex(haltRecordHash(rec)),
    });
    expect(checkHaltJson(h, nodeKey.publicKey)).toBeNull();
    expect(checkHaltJson(h, otherKey.publicKey)).toMatch(/signature/);
    expect(checkHaltJson({ ...h, message: 449 }, nodeKey.publicKey)).toMatch(/message/);
    expect(checkHaltJson({ ...h, seq: "8" }, nodeKey.publicKey)).toMatch(/seq/);
    expect(checkHaltJson({ ...h, hash: "00".repeat(32) }, nodeKey.publicKey)).toMatch(/hash/);
    expect(checkHaltJson({ ...h, stateRoot: "00".repeat(32) }, nodeKey.publicKey)).toMatch(/stateRoot/);
    expect(checkHaltJson({ ...h, auditHead: "00".repeat(32) }, nodeKey.publicKey)).toMatch(/auditHead/);
    expect(checkHaltJson({ ...h, record: h.record.slice(2) }, nodeKey.publicKey)).toMatch(/80 bytes/);
    expect(checkHaltJson({ ...h, signature: "%%%" }, nodeKey.publicKey)).toMatch(/base64/);
  });
});

describe("HaltGuard (server/halt/guard.ts)", () => {
  it("no halt.json and sound facts: not halted, no file written; check() passes every packet", () => {
    const dir = tempDataDir();
    const l = ledger();
    const g = HaltGuard.load(dir, nodeKey);
    g.afterOpen(l, facts(l));
    expect(g.current()).toBeNull();
    expect(existsSync(join(dir, HALT_FILE))).toBe(false);
    expect(g.check(mint(1n, ALICE, 1n))).toBe("pass");
  });

  it("while a node halt is current: a resume-only packet is 'node-resume', anything else E_HALTED with the record", () => {
    const dir = tempDataDir();
    const l = ledger();
    const g = HaltGuard.load(dir, nodeKey);
    g.afterOpen(l, facts(l, { expectedStateRoot: new Uint8Array(32).fill(9) }));
    const halt = g.current()!;
    expect(halt).toMatchObject({ source: "node", message: 448 });
    expect(g.check(resume([council[0]], 1n, halt.hash))).toBe("node-resume");
    expect(g.check(resume([council[0]], 1n, "00".repeat(32)))).toBe("node-resume"); // judged by tryNodeResume
    let thrown: unknown;
    try {
      g.check(mint(1n, ALICE, 1n));
    } catch (e) {
      thrown = e;
    }
    expect(isQfsError(thrown, "E_HALTED") && thrown.details?.halt).toEqual(halt);
    expect(() => g.check(new Uint8Array([1, 2, 3]))).toThrow(/E_HALTED/);
    // A resume that fails the node's checks is refused and the halt stays.
    expect(() => g.tryNodeResume(resume([council[0]], 1n, halt.hash), l)).toThrow(/E_RESUME_INVALID/);
    expect(g.current()).toEqual(halt);
  });

  it("a last checkpoint that the node key did not sign is a node halt (E_CHECKPOINT_SIG_INVALID); a signed one is not", () => {
    const l = ledger();
    const cp: Checkpoint = {
      version: 1,
      chainId: l.chainId,
      treeSize: l.auditSize,
      auditRoot: l.auditRoot(),
      stateRoot: l.stateRoot(),
      seq: 0,
      logicalTimeMs: Number(haltGenesis().timeMs),
      prevHash: new Uint8Array(32),
    };
    const good = HaltGuard.load(tempDataDir(), nodeKey);
    good.afterOpen(l, facts(l, { checkpoint: { checkpoint: cp, signature: signCheckpoint(cp, nodeKey.secretKey) } }));
    expect(good.current()).toBeNull();
    const bad = HaltGuard.load(tempDataDir(), nodeKey);
    bad.afterOpen(l, facts(l, { checkpoint: { checkpoint: cp, signature: signCheckpoint(cp, otherKey.secretKey) } }));
    expect(bad.current()).toMatchObject({
      source: "node",
      code: 302,
      message: 600,
      reason: "E_CHECKPOINT_SIG_INVALID",
    });
  });

  it("a halt.json the node cannot trust (not JSON, too large, a record another key signed) halts the node and is set aside", () => {
    const l = ledger();
    const signedByOther = (() => {
      const rec = encodeHaltRecord(fields);
      const file: HaltFile = {
        version: 1,
        current: { halt: haltJson("node", rec, signHaltRecord(rec, otherKey.secretKey)), detail: "x", raisedAtMs: 0 },
        history: [],
      };
      return JSON.stringify(file);
    })();
    const editedRecord = (() => {
      const rec = encodeHaltRecord(fields);
      const h = haltJson("node", rec, signHaltRecord(rec, nodeKey.secretKey));
      return JSON.stringify({
        version: 1,
        current: { halt: { ...h, message: 1 }, detail: "x", raisedAtMs: 0 },
        history: [],
      });
    })();
    for (const content of ["{not json", " ".repeat(HALT_FILE_BYTES_MAX + 1), signedByOther, editedRecord]) {
      const dir = tempDataDir();
      writeFileSync(join(dir, HALT_FILE), content);
      const g = HaltGuard.load(dir, nodeKey);
      g.afterOpen(l, facts(l));
      expect(g.current()).toMatchObject({ source: "node", code: 302, message: 600 });
      expect(readFileSync(join(dir, `${HALT_FILE}.untrusted`), "utf8")).toBe(content);
      expect(readFile(dir).current?.halt).toEqual(g.current());
      expect(readFile(dir).current?.detail).toMatch(/halt\.json/);
      // The new file is the node's own: the next start trusts it and stays halted on it.
      const again = HaltGuard.load(dir, nodeKey);
      again.afterOpen(l, facts(l));
      expect(again.current()).toEqual(g.current());
    }
  });

  it("the ledger's flag is the truth for ledger halts: a halt the file missed (a crash) is raised at start, one it outlived is ended", () => {
    const dir = tempDataDir();
    const l = ledger();
    const t = BigInt(haltGenesis().timeMs);
    const batch = (
      nonce: bigint,
      op: Parameters<typeof l._applyRecordsForTest>[1][number]["ops"][number],
      signers: Uint8Array[],
    ) =>
      l._applyRecordsForTest({ seq: l.seq + 1n, timeMs: t }, [
        { chainId: l.chainId, account: signers[0]!, signers, nonce, timestampMs: t, ops: [op] },
      ]);
    batch(1n, { kind: "halt", reason: 4 }, [admin.keyId]);
    const g = HaltGuard.load(dir, nodeKey);
    g.afterOpen(l, facts(l));
    expect(g.current()).toMatchObject({ source: "ledger", code: 1, message: 4, hash: hex(l.haltRecord()!.hash) });
    expect(readFile(dir).current?.detail).toMatch(/found at start/);
    // The council's RESUME committed, then the node died before halt.json was rewritten.
    const ids = [council[0].keyId, council[1].keyId].sort(Buffer.compare);
    batch(1n, { kind: "resume", haltRecordHash: l.haltRecord()!.hash }, ids);
    expect(l.halted).toBe(false);
    const after = HaltGuard.load(dir, nodeKey);
    after.afterOpen(l, facts(l));
    expect(after.current()).toBeNull();
    expect(readFile(dir).history.at(-1)).toMatchObject({ ended: { how: "not-halted-at-start" } });
  });

  it("raiseNodeHalt: another trusted-path check halts the node with its catalogue number; the first node halt stays", () => {
    const dir = tempDataDir();
    const l = ledger();
    const g = HaltGuard.load(dir, nodeKey);
    g.afterOpen(l, facts(l));
    const at = { seq: l.seq, stateRoot: l.stateRoot(), auditHead: l.auditRoot() };
    const halt = g.raiseNodeHalt("E_AUDIT_CHAIN_BROKEN", "checkpoint 3's prevHash", at);
    expect(halt).toMatchObject({ source: "node", code: 302, message: 601, reason: "E_AUDIT_CHAIN_BROKEN" });
    expect(checkHaltJson(halt, nodeKey.publicKey)).toBeNull();
    expect(g.raiseNodeHalt("E_AUDIT_INCONSISTENT", "later", at)).toEqual(halt);
    expect(readFile(dir).current?.halt).toEqual(halt);
    expect(() => g.check(mint(1n, ALICE, 1n))).toThrow(/E_HALTED/);
  });

  it("writes halt.json atomically (no temp file left), tells subscribers, and keeps at most HALT_HISTORY_ENTRIES_MAX ended halts", () => {
    const dir = tempDataDir();
    const l = ledger();
    const rec = encodeHaltRecord(fields);
    const old = { halt: haltJson("node", rec, signHaltRecord(rec, nodeKey.secretKey)), detail: "old", raisedAtMs: 0 };
    const full: HaltFile = {
      version: 1,
      current: null,
      history: Array.from({ length: HALT_HISTORY_ENTRIES_MAX }, () => ({
        ...old,
        ended: { how: "superseded", atMs: 0, seq: "7" },
      })),
    };
    writeFileSync(join(dir, HALT_FILE), JSON.stringify(full));
    const g = HaltGuard.load(dir, nodeKey);
    const seen: string[] = [];
    g.subscribe((e) => seen.push(e.type));
    g.afterOpen(l, facts(l, { expectedStateRoot: new Uint8Array(32).fill(9) }));
    const halt = g.current()!;
    expect(existsSync(join(dir, `${HALT_FILE}.tmp`))).toBe(false);
    const r = g.tryNodeResume(resume([council[0], council[1]], 1n, halt.hash), l);
    expect(r).toMatchObject({ haltHash: halt.hash, stateRoot: hex(l.stateRoot()) });
    expect(r.councilKeyIds.sort()).toEqual([hex(council[0].keyId), hex(council[1].keyId)].sort());
    expect(seen).toEqual(["halt", "resume"]);
    const file = readFile(dir);
    expect(file.current).toBeNull();
    expect(file.history).toHaveLength(HALT_HISTORY_ENTRIES_MAX);
    expect(file.history.at(-1)).toMatchObject({ halt, ended: { how: "council-accepts-stores" } });
  });
});
