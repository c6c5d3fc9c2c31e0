// ReplaySequencer.applyBatch validates before it applies (docs/replay.md §1): a refused batch
// leaves the ledger, the audit tree and the log as they were, and the next batch goes through.
// A sequencer that streams its log (retainBatches: false) writes a version-2 log of many batches
// whose replay gives the sequencer's root.
import { describe, expect, it } from "vitest";
import {
  LEDGER_BATCH_PACKETS_MAX,
  isQfsError,
  replayLog,
  replayLogStream,
  replayLogV2BatchLine,
  replayLogV2HeadLine,
  replayLogV2TrailerLine,
  ReplaySequencer,
  wasmAuditTree,
  type GenesisInput,
} from "../../bindings/index.js";
import { nodeKey, seededKey, T0 } from "../../scripts/replay-scenarios.js";

const node = nodeKey();
const user = seededKey("seq-test/user", 44);
const genesis: GenesisInput = {
  chainId: 5,
  timeMs: T0, // a number: converted
  keys: [{ publicKey: user.publicKey, roles: ["MINTER:CHR"] }],
};

function sequencer(extra: object = {}): ReplaySequencer {
  return new ReplaySequencer({ genesis, nodeSecretKey: node.secretKey, nodePublicKey: node.publicKey, ...extra });
}

function snapshot(s: ReplaySequencer) {
  return {
    seq: s.ledger.seq,
    root: s.ledger.stateRoot(),
    audit: [wasmAuditTree.size(), wasmAuditTree.root()],
    head: s.lastCheckpoint,
    batches: s.log().batches.length,
  };
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isQfsError(e)).toBe(true);
    return (e as { code: string }).code;
  }
  throw new Error("expected a refusal");
}

describe("ReplaySequencer.applyBatch validates before it applies", () => {
  it("time 2^53 (the trial's stuck case), a time going back, bad packets: refused, nothing changes", () => {
    const s = sequencer();
    s.applyBatch(T0 + 1000, []);
    const before = snapshot(s);
    expect(refusal(() => s.applyBatch(2 ** 53, []))).toBe("E_INTEGER_RANGE");
    expect(refusal(() => s.applyBatch(1.5, []))).toBe("E_INTEGER_RANGE");
    expect(refusal(() => s.applyBatch(T0, []))).toBe("E_BATCH_TIME");
    expect(refusal(() => s.applyBatch(T0 + 2000, "x" as unknown as Uint8Array[]))).toBe("E_LEDGER_INPUT");
    expect(refusal(() => s.applyBatch(T0 + 2000, [7 as unknown as Uint8Array]))).toBe("E_LEDGER_INPUT");
    const tooMany = Array.from({ length: LEDGER_BATCH_PACKETS_MAX + 1 }, () => new Uint8Array(1));
    expect(refusal(() => s.applyBatch(T0 + 2000, tooMany))).toBe("E_BATCH_TOO_LARGE");
    expect(snapshot(s)).toEqual(before);
    // The core's input buffer (4 MiB) is checked by the ledger before it writes: still nothing applied.
    const huge = Array.from({ length: 70 }, () => new Uint8Array(65_536));
    expect(() => s.applyBatch(T0 + 2000, huge)).toThrow(/E_BATCH_TOO_LARGE/);
    expect(snapshot(s)).toEqual(before);
    // …and the sequencer is not stuck: the next batch gets seq 2 and the log replays.
    const next = s.applyBatch(BigInt(T0 + 2000), []);
    expect(next.header.seq).toBe(2);
    const root = Buffer.from(s.ledger.stateRoot()).toString("hex");
    const r = replayLog(s.log()); // one ledger per core: this replaces the sequencer's
    expect(r.ok && r.stateRoot).toBe(root);
  });

  it("seq past 2^53 - 1 is refused before the apply", () => {
    const s = sequencer();
    const before = snapshot(s);
    // The head is private; set its seq to the last representable one to reach the bound.
    (s as unknown as { head: { seq: number } }).head = { ...s.lastCheckpoint, seq: Number.MAX_SAFE_INTEGER };
    expect(refusal(() => s.applyBatch(T0 + 1, []))).toBe("E_BATCH_SEQ");
    expect(s.ledger.seq).toBe(before.seq);
    expect(s.ledger.stateRoot()).toEqual(before.root);
  });

  it("node keys of the wrong size are refused at construction", () => {
    expect(
      () => new ReplaySequencer({ genesis, nodeSecretKey: new Uint8Array(10), nodePublicKey: node.publicKey }),
    ).toThrow(/E_LEDGER_INPUT: nodeSecretKey/);
    expect(
      () => new ReplaySequencer({ genesis, nodeSecretKey: node.secretKey, nodePublicKey: new Uint8Array(5) }),
    ).toThrow(/E_LEDGER_INPUT: nodePublicKey/);
  });
});

describe("a streamed sequencer writes a version-2 log of many batches", () => {
  it("holds no batches; the lines replay to its root", () => {
    const lines: string[] = [];
    const s = sequencer({
      retainBatches: false,
      onLogged: (b: Parameters<typeof replayLogV2BatchLine>[0]) => lines.push(replayLogV2BatchLine(b)),
    });
    const BATCHES = 60;
    for (let i = 1; i <= BATCHES; i++) s.applyBatch(T0 + i * 1000, []);
    expect(() => s.log()).toThrow(/retainBatches/);
    const root = Buffer.from(s.ledger.stateRoot()).toString("hex");
    const text = [
      replayLogV2HeadLine(s.logHead()),
      ...lines,
      replayLogV2TrailerLine({ batches: BATCHES, expectedStateRoot: root }),
    ].join("\n");
    let longest = 0;
    const r = replayLogStream(
      (function* () {
        for (const l of text.split("\n")) {
          longest = Math.max(longest, l.length);
          yield new TextEncoder().encode(l + "\n");
        }
      })(),
    );
    expect(r).toMatchObject({ ok: true, batches: BATCHES, seq: BATCHES, stateRoot: root, expectedStateRoot: root });
    expect(longest).toBeLessThan(20_000); // what the reader held at once: one line
  });
});
