// Replay (docs/replay.md): every frozen vector replays to its expectedStateRoot — through the API,
// through the CLI under other time zones and locales, and inside a node:vm context without Node
// globals — and every tampered variant stops with its CIR-302 code.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectCode } from "../helpers/errors.js";
import {
  batchRoot,
  checkpointHash,
  parseReplayLog,
  replayLog,
  serializeReplayLog,
  sha3_256,
  signBatchHeader,
  signCheckpoint,
  type Checkpoint,
  type LoggedBatch,
  type ReplayLog,
  type ReplayResult,
} from "../../bindings/index.js";
import { nodeKey } from "../../scripts/replay-scenarios.js";

const root = resolve(import.meta.dirname, "../..");
const dir = join(root, "vectors", "replay");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
const vectors = files.map((f) => {
  const text = readFileSync(join(dir, f), "utf8");
  return {
    file: join(dir, f),
    name: f.replace(/\.json$/, ""),
    text,
    expected: JSON.parse(text).expectedStateRoot as string,
  };
});
const cli = join(root, "bin", "qfs.mjs");
const tmp = mkdtempSync(join(tmpdir(), "qfs-replay-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lastLine(s: string): string {
  const lines = s.trimEnd().split("\n");
  return lines[lines.length - 1] ?? "";
}

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function halted(r: ReplayResult): { code: string; seq: number } {
  if (r.ok) throw new Error("expected a CIR-302 halt, replay succeeded");
  return { code: r.halt.code, seq: r.halt.seq };
}

describe("frozen vectors", () => {
  it("cover the required scenarios, one with at least 20 batches", () => {
    expect(vectors.map((v) => v.name)).toEqual(
      expect.arrayContaining(["basic", "keys", "council", "roles-params", "long"]),
    );
    const long = parseReplayLog(vectors.find((v) => v.name === "long")!.text);
    expect(long.batches.length).toBeGreaterThanOrEqual(20);
  });

  for (const v of vectors)
    it(`${v.name} replays to its expectedStateRoot`, () => {
      expect(v.expected).toMatch(/^[0-9a-f]{64}$/);
      const r = replayLog(v.text);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.stateRoot).toBe(v.expected);
        expect(r.batches).toBe(parseReplayLog(v.text).batches.length);
      }
      // The canonical serialisation of the parsed log is the file itself.
      expect(serializeReplayLog(parseReplayLog(v.text))).toBe(v.text);
    });
});

describe("qfs CLI", () => {
  it("prints the state root as the last line, exit 0", () => {
    for (const v of vectors) {
      const r = runCli(["replay", v.file]);
      expect(r.status, r.stderr).toBe(0);
      expect(lastLine(r.stdout)).toBe(v.expected);
      expect(r.stdout.split("\n").length).toBeGreaterThan(2); // progress and summary before it
    }
  });

  it("gives identical roots under other time zones and locales", () => {
    const envs = [
      { TZ: "Pacific/Chatham" },
      { TZ: "UTC" },
      { LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" },
      { LC_ALL: "C", TZ: "America/St_Johns" },
    ];
    for (const env of envs)
      for (const v of vectors) {
        const r = runCli(["replay", "--quiet", v.file], env);
        expect(r.status, `${JSON.stringify(env)} ${r.stderr}`).toBe(0);
        expect(r.stdout).toBe(v.expected + "\n");
      }
  });

  it("--node-key-id pins the node key: the right one passes, another halts at genesis", () => {
    const v = vectors.find((x) => x.name === "council")!;
    const id = Buffer.from(sha3_256(parseReplayLog(v.text).nodePublicKey)).toString("hex");
    const good = runCli(["replay", "--node-key-id", id, v.file]);
    expect(good.status, good.stderr).toBe(0);
    expect(lastLine(good.stdout)).toBe(v.expected);
    const bad = runCli(["replay", "--quiet", "--node-key-id", "ab".repeat(32), v.file]);
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: "E_CHECKPOINT_SIG_INVALID", seq: 0, actual: id });
    expect(runCli(["replay", "--node-key-id", "xyz", v.file]).status).toBe(2);
  });

  it("usage errors and unreadable files exit 2; help exits 0", () => {
    expect(runCli(["replay"]).status).toBe(2);
    expect(runCli(["replay", join(tmp, "missing.json")]).status).toBe(2);
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, "{ not json");
    const r = runCli(["replay", bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("E_REPLAY_LOG_MALFORMED");
    expect(runCli(["nope"]).status).toBe(2);
    const v = vectors[0]!;
    const stdin = spawnSync(process.execPath, [cli, "replay", "--quiet", "-"], { input: v.text, encoding: "utf8" });
    expect(stdin.stdout).toBe(v.expected + "\n");
    const h = runCli(["help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain("replay");
  });

  it("a CIR-302 condition exits 3 with the halt record (JSON) as the last line", () => {
    const log = parseReplayLog(vectors.find((v) => v.name === "basic")!.text);
    const bad = join(tmp, "tampered.json");
    writeFileSync(
      bad,
      serializeReplayLog(withBatch(log, 1, (b) => ({ ...b, checkpointSignature: flip(b.checkpointSignature) }))),
    );
    const r = runCli(["replay", bad]);
    expect(r.status).toBe(3);
    const rec = JSON.parse(lastLine(r.stdout));
    expect(rec).toMatchObject({ halt: "CIR-302", code: "E_CHECKPOINT_SIG_INVALID", number: 600, seq: 2 });
    expect(rec.stateRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.auditHead).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("browser-compatible replay in a node:vm context without Node globals", () => {
  it("gives the same roots", () => {
    const r = spawnSync(
      process.execPath,
      [
        "--experimental-vm-modules",
        "--no-warnings",
        join(root, "test", "replay", "vm-runner.mjs"),
        ...vectors.map((v) => v.file),
      ],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(lastLine(r.stdout));
    expect(out.globals).toEqual({
      process: "undefined",
      Buffer: "undefined",
      require: "undefined",
      fetch: "undefined",
      crypto: "undefined",
    });
    expect(out.results).toEqual(vectors.map((v) => v.expected));
  });
});

// ---- tampered variants (built here, not frozen) ----

function flip(b: Uint8Array, at = 7): Uint8Array {
  const c = b.slice();
  c[at % c.length]! ^= 0x01;
  return c;
}

function withBatch(log: ReplayLog, i: number, f: (b: LoggedBatch) => LoggedBatch): ReplayLog {
  return { ...log, batches: log.batches.map((b, j) => (j === i ? f(b) : b)) };
}

const node = nodeKey();

// What a node with a bug (or a compromised key) would sign: the header and checkpoint of batch
// `i` re-signed after `f` changed them, keeping the chain links (prevHash, checkpoint hash).
function resign(
  log: ReplayLog,
  i: number,
  f: (b: LoggedBatch) => { packets?: Uint8Array[]; checkpoint?: Checkpoint },
): ReplayLog {
  return withBatch(log, i, (b) => {
    const changed = f(b);
    const packets = changed.packets ?? [...b.packets];
    const checkpoint = changed.checkpoint ?? b.checkpoint;
    const header = {
      ...b.header,
      packetCount: packets.length,
      batchRoot: batchRoot(packets),
      checkpointHash: checkpointHash(checkpoint),
    };
    return {
      header,
      headerSignature: signBatchHeader(header, node.secretKey),
      packets,
      checkpoint,
      checkpointSignature: signCheckpoint(checkpoint, node.secretKey),
    };
  });
}

describe("tampered logs stop with their CIR-302 code", () => {
  const basic = parseReplayLog(vectors.find((v) => v.name === "basic")!.text);
  const long = parseReplayLog(vectors.find((v) => v.name === "long")!.text);

  it("the untampered logs pass (control)", () => {
    expect(replayLog(basic).ok).toBe(true);
  });

  it("a flipped checkpoint signature → E_CHECKPOINT_SIG_INVALID", () => {
    const t = withBatch(basic, 2, (b) => ({ ...b, checkpointSignature: flip(b.checkpointSignature) }));
    expect(halted(replayLog(t))).toEqual({ code: "E_CHECKPOINT_SIG_INVALID", seq: 3 });
    const g = { ...basic, genesisCheckpointSignature: flip(basic.genesisCheckpointSignature, 100) };
    expect(halted(replayLog(g))).toEqual({ code: "E_CHECKPOINT_SIG_INVALID", seq: 0 });
  });

  it("a flipped batch header signature → E_CHECKPOINT_SIG_INVALID", () => {
    const t = withBatch(basic, 0, (b) => ({ ...b, headerSignature: flip(b.headerSignature, 4000) }));
    expect(halted(replayLog(t))).toEqual({ code: "E_CHECKPOINT_SIG_INVALID", seq: 1 });
  });

  it("a state root edited without the node key → E_CHECKPOINT_SIG_INVALID", () => {
    const t = withBatch(basic, 1, (b) => ({
      ...b,
      checkpoint: { ...b.checkpoint, stateRoot: flip(b.checkpoint.stateRoot) },
    }));
    expect(halted(replayLog(t)).code).toBe("E_CHECKPOINT_SIG_INVALID");
  });

  it("a wrong state root signed by the node → E_STATE_ROOT_MISMATCH with the halt record", () => {
    const t = resign(long, 9, (b) => ({ checkpoint: { ...b.checkpoint, stateRoot: flip(b.checkpoint.stateRoot) } }));
    const r = replayLog(t);
    expect(halted(r)).toEqual({ code: "E_STATE_ROOT_MISMATCH", seq: 10 });
    if (!r.ok) {
      // The record names the last verified checkpoint (seq 9), the expected and the recomputed root.
      expect(r.halt.stateRoot).toBe(Buffer.from(long.batches[8]!.checkpoint.stateRoot).toString("hex"));
      expect(r.halt.auditHead).toBe(Buffer.from(long.batches[8]!.checkpoint.auditRoot).toString("hex"));
      expect(r.halt.actual).toBe(Buffer.from(long.batches[9]!.checkpoint.stateRoot).toString("hex"));
      expect(r.halt.number).toBe(603);
      // The 80-byte record: code 302, message 603, seq 10, then the two roots.
      const rec = Buffer.from(r.halt.record, "hex");
      expect(rec.length).toBe(80);
      expect(rec.readUInt32LE(0)).toBe(302);
      expect(rec.readUInt32LE(4)).toBe(603);
      expect(rec.readBigUInt64LE(8)).toBe(10n);
      expect(rec.subarray(16, 48).toString("hex")).toBe(r.halt.stateRoot);
      expect(rec.subarray(48, 80).toString("hex")).toBe(r.halt.auditHead);
      expect(r.halt.recordHash).toBe(Buffer.from(sha3_256(rec)).toString("hex"));
      expect(r.verifiedBatches).toBe(9);
    }
  });

  it("a wrong genesis (allocation changed) → E_STATE_ROOT_MISMATCH at seq 0", () => {
    const g = basic.genesis;
    const t = {
      ...basic,
      genesis: { ...g, allocations: g.allocations!.map((a) => ({ ...a, amount: a.amount + 1n })) },
    };
    expect(halted(replayLog(t))).toEqual({ code: "E_STATE_ROOT_MISMATCH", seq: 0 });
  });

  it("a genesis audit root signed by the node but not the genesis events' → E_AUDIT_CHAIN_BROKEN at seq 0", () => {
    const cp = { ...basic.genesisCheckpoint, auditRoot: flip(basic.genesisCheckpoint.auditRoot) };
    const t = { ...basic, genesisCheckpoint: cp, genesisCheckpointSignature: signCheckpoint(cp, node.secretKey) };
    expect(halted(replayLog(t))).toEqual({ code: "E_AUDIT_CHAIN_BROKEN", seq: 0 });
    expect(basic.genesisCheckpoint.treeSize).toBe(basic.genesis.keys.length + (basic.genesis.allocations?.length ?? 0));
  });

  it("a reordered packet → E_AUDIT_CHAIN_BROKEN (batch root); re-signed, the recomputed roots differ", () => {
    const swap = (ps: readonly Uint8Array[]): Uint8Array[] => [ps[1]!, ps[0]!, ...ps.slice(2)];
    const t = withBatch(basic, 1, (b) => ({ ...b, packets: swap(b.packets) }));
    expect(halted(replayLog(t))).toEqual({ code: "E_AUDIT_CHAIN_BROKEN", seq: 2 });
    // The node itself sequenced the other order but logged the original checkpoint: the audit
    // entries (or the state) no longer match what it signed.
    const s = resign(long, 4, (b) => ({ packets: swap(b.packets) }));
    const code = halted(replayLog(s)).code;
    expect(["E_AUDIT_CHAIN_BROKEN", "E_STATE_ROOT_MISMATCH"]).toContain(code);
  });

  it("a dropped batch → E_AUDIT_CHAIN_BROKEN", () => {
    const t = { ...long, batches: long.batches.filter((_, j) => j !== 5) };
    const r = replayLog(t);
    expect(halted(r)).toEqual({ code: "E_AUDIT_CHAIN_BROKEN", seq: 7 });
    if (!r.ok) expect(r.verifiedBatches).toBe(5);
    const last = { ...long, batches: long.batches.slice(1) };
    expect(halted(replayLog(last)).code).toBe("E_AUDIT_CHAIN_BROKEN");
  });

  it("a dropped packet → E_AUDIT_CHAIN_BROKEN", () => {
    const t = withBatch(basic, 1, (b) => ({ ...b, packets: b.packets.slice(1) }));
    expect(halted(replayLog(t))).toEqual({ code: "E_AUDIT_CHAIN_BROKEN", seq: 2 });
  });

  it("a swapped checkpoint pair (each validly signed) → E_AUDIT_CHAIN_BROKEN", () => {
    const b = long.batches;
    const t = { ...long, batches: [b[0]!, b[2]!, b[1]!, ...b.slice(3)] };
    expect(halted(replayLog(t)).code).toBe("E_AUDIT_CHAIN_BROKEN");
  });

  it("a log from another node key → E_CHECKPOINT_SIG_INVALID", () => {
    const other = parseReplayLog(vectors.find((v) => v.name === "keys")!.text);
    const t = { ...basic, nodePublicKey: flip(other.nodePublicKey) };
    expect(halted(replayLog(t))).toEqual({ code: "E_CHECKPOINT_SIG_INVALID", seq: 0 });
  });

  it("a malformed log throws E_REPLAY_LOG_MALFORMED naming the bad field (not a halt)", () => {
    const j = JSON.parse(vectors[0]!.text);
    const malformed = (input: unknown) => expectCode(() => replayLog(input), "E_REPLAY_LOG_MALFORMED");
    expect(malformed(JSON.stringify({ ...j, version: 2 })).details).toEqual({ path: "$.version" });
    const extra = malformed(JSON.stringify({ ...j, extra: 1 }));
    expect([extra.details, extra.message]).toEqual([
      { path: "$.extra" },
      "E_REPLAY_LOG_MALFORMED: $.extra: unknown field",
    ]);
    expect(malformed("[]").details).toEqual({ path: "$" });
    expect(malformed(new Uint8Array([0xff, 0xfe])).message).toMatch(/UTF-8/);
  });
});

describe("frozen generator", () => {
  it("refuses to change a frozen vector without --force-breaking", () => {
    const out = join(tmp, "gen");
    rmSync(out, { recursive: true, force: true });
    spawnSync("mkdir", ["-p", out]);
    copyFileSync(join(dir, "roles-params.json"), join(out, "roles-params.json"));
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const gen = (extra: string[]) =>
      spawnSync(tsx, [join(root, "scripts", "gen-replay-vectors.ts"), "roles-params", "--out", out, ...extra], {
        encoding: "utf8",
      });
    const same = gen([]);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain("unchanged");
    const j = JSON.parse(readFileSync(join(out, "roles-params.json"), "utf8"));
    j.expectedStateRoot = "00".repeat(32);
    writeFileSync(join(out, "roles-params.json"), JSON.stringify(j, null, 2) + "\n");
    const refused = gen([]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("FROZEN");
    const forced = gen(["--force-breaking"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(out, "roles-params.json"), "utf8")).toBe(
      readFileSync(join(dir, "roles-params.json"), "utf8"),
    );
  });
});
