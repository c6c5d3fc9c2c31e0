// The verifiers behind qfs verify-receipt and qfs verify-log (bindings/sdk/receipt.ts, verify-log.ts): a receipt
// with one changed byte in any field is refused, naming that field; a served log with a changed packet,
// checkpoint, header, entry or state is refused, at the step that caught it; and the commands exit 5 / 3 on it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountId,
  encodePacket,
  fromBase64,
  ops,
  receiptProofIndexes,
  signPacket,
  toBase64,
  Token,
  verifyReceipt,
  verifyServedLog,
  type Operation,
  type ServedLog,
} from "../../bindings/index.js";
import { EXIT } from "../../bin/commands/exit-codes.mjs";
import type { ReceiptJson } from "../../server/node-service.js";
import { FixtureNode } from "./fixture-node.js";
import { qfsAsync } from "./run-cli.js";

const E18 = 10n ** 18n;
const node = new FixtureNode();
const tmp = mkdtempSync(join(tmpdir(), "qfs-cli-verify-"));
let receipts: ReceiptJson[] = [];

function signer(name: string) {
  const k = node.key(name);
  const pk = new Uint8Array(Buffer.from(k.publicKey, "hex"));
  return {
    level: k.level,
    publicKey: pk,
    secretKey: new Uint8Array(Buffer.from(k.secretKey, "hex")),
    account: accountId(pk),
  };
}

function packet(name: string, nonce: bigint, o: Operation[]): Uint8Array {
  const s = signer(name);
  const body = { chainId: 13, account: s.account, nonce, timestampMs: BigInt(Date.now()), ops: o };
  return encodePacket(signPacket(body, [s]));
}

beforeAll(async () => {
  await node.listen();
  const alice = new Uint8Array(Buffer.from(node.key("alice").account, "hex"));
  const bob = new Uint8Array(Buffer.from(node.key("bob").account, "hex"));
  receipts = [
    node.submit(packet("minter", 1n, [ops.mint(Token.CHR, alice, 9n * E18), ops.mint(Token.FLX, alice, 4n * E18)])),
    node.submit(packet("alice", 1n, [ops.transfer(Token.CHR, bob, 2n * E18), ops.transfer(Token.FLX, bob, 1n)])),
    node.submit(packet("bob", 1n, [ops.transfer(Token.RES, alice, 1n)])), // no RES: rejected, no events
  ];
});
afterAll(async () => {
  await node.close();
  rmSync(tmp, { recursive: true, force: true });
});

const nodePk = () => node.nodeKey.publicKey;
function proofsFor(r: unknown): Map<number, string[]> {
  const size = (r as ReceiptJson).checkpoint.treeSize;
  const m = new Map<number, string[]>();
  for (const i of receiptProofIndexes(r))
    // As the node answers: no proof for a leaf or a size it does not have (the CLI then leaves it out).
    if (i < size && size <= node.audit.size)
      m.set(
        i,
        node.audit.inclusionProof(i, size).map((h) => Buffer.from(h).toString("hex")),
      );
  return m;
}

// Every leaf of the JSON: [path, value], arrays by index.
function leaves(v: unknown, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (v !== null && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]));
  return [[path, v]];
}

// One changed byte: a character of a string (kept in its alphabet), a number + 1.
function changeOne(v: unknown): unknown {
  if (typeof v === "number") return v + 1;
  if (typeof v === "boolean") return !v;
  const s = String(v);
  const i = Math.floor(s.length / 2);
  const c = s[i]!;
  const swap = /[0-9]/.test(c)
    ? String((Number(c) + 1) % 10)
    : c === "z" || c === "Z"
      ? "a"
      : String.fromCharCode(c.charCodeAt(0) + 1);
  return s.slice(0, i) + swap + s.slice(i + 1);
}

function setAt(o: unknown, path: (string | number)[], value: unknown): void {
  let cur = o as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path.at(-1)!] = value;
}

describe("verifyReceipt", () => {
  it("accepts each receipt the node gave, with and without the neighbouring proofs", () => {
    for (const r of receipts) {
      const v = verifyReceipt(r, nodePk(), proofsFor(r));
      expect(v, JSON.stringify(v)).toMatchObject({ ok: true, txId: r.txId, seq: r.seq, code: r.code });
      const offline = verifyReceipt(r, nodePk());
      expect(offline.ok).toBe(true);
      if (offline.ok) expect(offline.unchecked.join(" ")).toContain("bodyHash, index, events");
    }
    expect(receipts[2]!.code).not.toBe(0);
    const noEvents = verifyReceipt(receipts[2], nodePk(), proofsFor(receipts[2]));
    expect(noEvents.ok && noEvents.unchecked.join(" ")).toContain("index (the packet emitted no event");
  });

  it("refuses one changed byte in every field (but repeat, which the log does not hold), naming the field", () => {
    let tried = 0;
    for (const r of receipts) {
      for (const [path, value] of leaves(r)) {
        if (path[0] === "repeat") continue;
        if (path[0] === "index" && r.events.length === 0) continue; // listed as unchecked (the test above)
        const bad = structuredClone(r);
        setAt(bad, path, changeOne(value));
        const v = verifyReceipt(bad, nodePk(), proofsFor(bad));
        expect(v.ok, `${path.join(".")} changed`).toBe(false);
        if (!v.ok) {
          // The failure names the field, or the signed checkpoint / proof that the change broke.
          const top = String(path[0]);
          const named =
            v.field.startsWith(top) ||
            ["checkpoint", "inclusionProof", "bodyHash"].includes(v.field) ||
            (top === "index" && v.field.startsWith("events[")); // the events' entries name the packet index
          expect(named, `${path.join(".")} → ${v.field}`).toBe(true);
        }
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(60);
  });

  it("refuses a receipt under another node key, an event left out, and fields of the wrong type", () => {
    expect(verifyReceipt(receipts[0], new Uint8Array(2592), proofsFor(receipts[0]))).toMatchObject({
      ok: false,
      field: "checkpoint",
    });
    const dropped = structuredClone(receipts[0]!);
    dropped.events = dropped.events.slice(1);
    expect(verifyReceipt(dropped, nodePk(), proofsFor(dropped))).toMatchObject({
      ok: false,
      field: "events[0].auditIndex",
    });
    for (const [field, value] of [
      ["code", "0"],
      ["seq", 1],
      ["events", {}],
      ["inclusionProof", "x"],
      ["repeat", "no"],
    ] as const) {
      const bad = { ...receipts[0]!, [field]: value };
      expect(verifyReceipt(bad, nodePk()), field).toMatchObject({ ok: false, field });
    }
    expect(verifyReceipt(null, nodePk())).toMatchObject({ ok: false, field: "receipt" });
  });
});

function served(over: Partial<ServedLog> = {}): ServedLog {
  const lines = node.logLines();
  return {
    state: node.state(),
    log: (async function* () {
      for (const l of lines) yield new TextEncoder().encode(l + "\n");
    })(),
    entries: async (from, to) =>
      node.entries.slice(from, to).map((e, i) => {
        const entry = toBase64(e);
        return { index: from + i, entry: node.tamper.entry ? node.tamper.entry(entry, from + i) : entry };
      }),
    ...over,
  };
}

// Changes one base64/hex character in the middle of `field` of batch line `n` (1 = the first batch).
function tamperLine(n: number, edit: (batch: Record<string, unknown>) => void) {
  node.tamper = {
    logLine: (l, i) => {
      if (i !== n) return l;
      const o = JSON.parse(l) as Record<string, unknown>;
      edit(o);
      return JSON.stringify(o);
    },
  };
}

describe("verifyServedLog", () => {
  it("verifies the served log: every batch, every entry, the node's state", async () => {
    node.tamper = {};
    const progress: number[] = [];
    const v = await verifyServedLog(served({ onProgress: (d) => progress.push(d) }));
    expect(v).toMatchObject({
      ok: true,
      batches: 3,
      seq: 3,
      stateRoot: node.state().stateRoot,
      entries: node.entries.length,
    });
    expect(progress).toEqual([1, 2, 3]);
  });

  it("refuses a changed packet, checkpoint, header signature, entry, or state", async () => {
    const cases: [string, () => void, string][] = [
      [
        "packet",
        () => tamperLine(2, (b) => ((b.packets as string[])[0] = flipB64((b.packets as string[])[0]!))),
        "log",
      ],
      [
        "checkpoint",
        () => tamperLine(1, (b) => ((b.checkpoint as Record<string, string>).stateRoot = "00".repeat(32))),
        "log",
      ],
      [
        "header signature",
        () => tamperLine(3, (b) => (b.headerSignature = flipB64(b.headerSignature as string))),
        "log",
      ],
      ["entry", () => (node.tamper = { entry: (e, i) => (i === 6 ? flipB64(e) : e) }), "entries"],
      ["state root", () => (node.tamper = { state: (s) => ({ ...s, stateRoot: "11".repeat(32) }) }), "state"],
      [
        "state checkpoint",
        () => (node.tamper = { state: (s) => ({ ...s, checkpoint: { ...s.checkpoint, hash: "22".repeat(32) } }) }),
        "state",
      ],
    ];
    for (const [what, setup, step] of cases) {
      setup();
      const v = await verifyServedLog(served());
      expect(v, what).toMatchObject({ ok: false, step });
      if (step === "log") expect(!v.ok && v.halt?.halt, what).toBe("CIR-302");
    }
    node.tamper = {};
  });

  it("refuses a log under another key than the pinned one, and a log that stops before the node's seq", async () => {
    node.tamper = {};
    expect(await verifyServedLog(served({ nodeKeyId: new Uint8Array(32) }))).toMatchObject({
      ok: false,
      step: "state",
    });
    node.tamper = { logLine: (l, i) => (i >= 3 ? "" : l) };
    const lines = node.logLines().filter((l) => l !== "");
    const short = served({
      log: (async function* () {
        for (const l of lines) yield new TextEncoder().encode(l + "\n");
      })(),
    });
    expect(await verifyServedLog(short)).toMatchObject({ ok: false, step: "state" });
    node.tamper = {};
  });
});

function flipB64(s: string): string {
  const i = Math.floor(s.length / 2);
  const c = s[i] === "A" ? "B" : "A";
  const out = s.slice(0, i) + c + s.slice(i + 1);
  fromBase64(out); // still canonical base64: the change is in the bytes, not the encoding
  return out;
}

describe("the commands on a tampered node", () => {
  it("verify-log exits 3 with the halt record for a changed packet, 5 for a changed entry", async () => {
    const env = { QFS_URL: node.url };
    tamperLine(2, (b) => ((b.packets as string[])[0] = flipB64((b.packets as string[])[0]!)));
    const halted = await qfsAsync(["verify-log", "--quiet"], env);
    expect(halted.status, halted.stderr).toBe(EXIT.HALT);
    expect(JSON.parse(halted.stdout.trimEnd().split("\n").at(-1)!)).toMatchObject({ halt: "CIR-302", seq: 2 });
    node.tamper = { entry: (e, i) => (i === 3 ? flipB64(e) : e) };
    const entries = await qfsAsync(["verify-log", "--quiet"], env);
    expect(entries.status).toBe(EXIT.INVALID);
    expect(entries.stderr).toContain("not verified (entries)");
    node.tamper = {};
  });

  it("verify-receipt exits 5 naming the field for a changed bodyHash", async () => {
    const bad = { ...receipts[1]!, bodyHash: changeOne(receipts[1]!.bodyHash) };
    const file = join(tmp, "bad.json");
    writeFileSync(file, JSON.stringify(bad));
    const r = await qfsAsync(["verify-receipt", file], { QFS_URL: node.url });
    expect(r.status).toBe(EXIT.INVALID);
    expect(r.stderr).toContain("invalid: bodyHash");
  });
});
