// Replay log version 2 (JSON Lines, docs/replay.md §3.2): every frozen vector in its v2 form
// replays to the same root and result as v1; the reader streams (a batch is replayed before the
// next line is even produced) under the per-line cap; and the caps of the v1 reader.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  isQfsError,
  isReplayLogV2,
  LineSplitter,
  parseReplayLog,
  parseReplayLogV2,
  REPLAY_BATCH_PACKETS_MAX,
  REPLAY_LOG_LINE_BYTES_MAX,
  REPLAY_LOG_V1_BYTES_MAX,
  REPLAY_LOG_V2_PREFIX,
  REPLAY_PUBLIC_KEY_BYTES_MAX,
  replayLog,
  replayLogStream,
  replayLogToJson,
  serializeReplayLog,
  serializeReplayLogV2,
} from "../../bindings/index.js";

const dir = resolve(import.meta.dirname, "../..", "vectors", "replay");
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));
const enc = new TextEncoder();

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("version 2 beside version 1", () => {
  for (const v of vectors)
    it(`${v.name}: the v2 form replays to the same root and result as v1`, () => {
      const log = parseReplayLog(v.text);
      const v2 = serializeReplayLogV2(log);
      expect(isReplayLogV2(v2)).toBe(true);
      expect(isReplayLogV2(v.text)).toBe(false);
      expect(v2.split("\n").length).toBe(log.batches.length + 3); // head, batches, trailer, final ""
      const r1 = replayLog(v.text);
      const r2 = replayLogStream(v2);
      expect(r1.ok && r2.ok).toBe(true);
      expect(r2).toEqual(r1);
      expect(r1.ok && r1.stateRoot).toBe(log.meta!.expectedStateRoot);
      // Fed in odd-sized chunks (lines split anywhere), the same.
      expect(replayLogStream(chunked(enc.encode(v2), 4093))).toEqual(r1);
      // v2 → v1 gives the frozen file back, byte for byte.
      expect(serializeReplayLog(parseReplayLogV2(v2))).toBe(v.text);
    });

  it("streams: each batch is replayed before the next line is read", () => {
    const log = parseReplayLog(vectors.find((v) => v.name === "long.json")!.text);
    const lines = serializeReplayLogV2(log).trimEnd().split("\n");
    let read = 0;
    const seen: number[] = [];
    function* source(): Generator<Uint8Array> {
      for (const l of lines) {
        read++;
        yield enc.encode(l + "\n");
      }
    }
    const r = replayLogStream(source(), { onBatch: () => seen.push(read) });
    expect(r.ok).toBe(true);
    // Batch i (0-based) is line i + 2: it completes when that line's chunk is in, never later.
    expect(seen).toEqual(log.batches.map((_, i) => i + 2));
  });

  it("a line past its cap stops the read at once, without gathering the line", () => {
    let pulled = 0;
    const chunk = new Uint8Array(1 << 20).fill(0x61);
    function* endless(): Generator<Uint8Array> {
      yield enc.encode(REPLAY_LOG_V2_PREFIX);
      for (;;) {
        pulled++;
        yield chunk;
      }
    }
    const e = thrown(() => replayLogStream(endless()));
    expect(isQfsError(e, "E_INPUT_TOO_LARGE")).toBe(true);
    expect(pulled).toBe(REPLAY_LOG_LINE_BYTES_MAX / chunk.length);
  });

  it("trailer: its batch count must match; nothing may follow it; an empty log is malformed", () => {
    const log = parseReplayLog(vectors.find((v) => v.name === "basic.json")!.text);
    const lines = serializeReplayLogV2(log).trimEnd().split("\n");
    const t = lines.length - 1;
    const drop = [...lines.slice(0, t - 1), lines[t]!].join("\n");
    expect(thrown(() => replayLogStream(drop))).toMatchObject({
      code: "E_REPLAY_LOG_MALFORMED",
      details: { path: "$.trailer.batches" },
    });
    const after = [...lines, lines[1]!].join("\n");
    expect(thrown(() => replayLogStream(after))).toMatchObject({ code: "E_REPLAY_LOG_MALFORMED" });
    expect(thrown(() => replayLogStream(""))).toMatchObject({ code: "E_REPLAY_LOG_MALFORMED" });
    // Without a trailer the log replays; the result then names no expectedStateRoot.
    const bare = replayLogStream(lines.slice(0, t).join("\n"));
    expect(bare.ok && bare.expectedStateRoot).toBe(undefined);
    expect(bare.ok && bare.stateRoot).toBe(log.meta!.expectedStateRoot);
  });

  it("LineSplitter joins lines across chunks and returns an unterminated last line at the end", () => {
    const s = new LineSplitter(8);
    const got = [...s.push(enc.encode("ab\ncd")), ...s.push(enc.encode("ef\n\ng")), s.end()!].map((b) =>
      new TextDecoder().decode(b),
    );
    expect(got).toEqual(["ab", "cdef", "", "g"]);
    expect(new LineSplitter(8).end()).toBe(undefined);
    const t = new LineSplitter(4);
    t.push(enc.encode("abc"));
    expect(() => t.push(enc.encode("de\n"))).toThrow(/^E_INPUT_TOO_LARGE/);
  });
});

describe("caps of the version-1 reader", () => {
  const basic = vectors.find((v) => v.name === "basic.json")!.text;

  it("a document past REPLAY_LOG_V1_BYTES_MAX is refused before it is decoded", () => {
    const big = new Uint8Array(REPLAY_LOG_V1_BYTES_MAX + 1);
    expect(thrown(() => parseReplayLog(big))).toMatchObject({
      code: "E_INPUT_TOO_LARGE",
      details: { limit: REPLAY_LOG_V1_BYTES_MAX },
    });
    expect(thrown(() => replayLog(" ".repeat(REPLAY_LOG_V1_BYTES_MAX + 1)))).toMatchObject({
      code: "E_INPUT_TOO_LARGE",
    });
  });

  it("a key, signature or packet list past its cap is E_INPUT_TOO_LARGE naming the field", () => {
    const j = replayLogToJson(parseReplayLog(basic)) as Record<string, unknown>;
    const key = { ...j, nodePublicKey: "A".repeat(4 * Math.ceil(REPLAY_PUBLIC_KEY_BYTES_MAX / 3) + 4) };
    expect(thrown(() => parseReplayLog(key))).toMatchObject({
      code: "E_INPUT_TOO_LARGE",
      details: { what: "$.nodePublicKey" },
    });
    const batches = j.batches as Record<string, unknown>[];
    const many = { ...j, batches: [{ ...batches[0], packets: new Array(REPLAY_BATCH_PACKETS_MAX + 1).fill("") }] };
    expect(thrown(() => parseReplayLog(many))).toMatchObject({
      code: "E_INPUT_TOO_LARGE",
      details: { what: "$.batches[0].packets" },
    });
    const sig = { ...j, batches: [{ ...batches[0], checkpointSignature: "A".repeat(8000) }] };
    expect(thrown(() => parseReplayLog(sig))).toMatchObject({
      code: "E_INPUT_TOO_LARGE",
      details: { what: "$.batches[0].checkpointSignature" },
    });
  });
});
