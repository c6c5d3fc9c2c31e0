// The getting-started example runs (examples/README.md): the script exits 0, the root it printed
// is the root `qfs replay` prints for the log it wrote, a second run writes the same log byte for
// byte (fixed seeds, deterministic signing, fixed times), and the written log is really checked:
// one changed packet byte makes `qfs replay` halt.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const script = join(root, "examples", "getting-started.ts");
const cli = join(root, "bin", "qfs.mjs");
const tmp = mkdtempSync(join(tmpdir(), "qfs-examples-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runExample(outDir: string) {
  // `node --import tsx` is what `npx tsx` does, without npx's lookup.
  const r = spawnSync(process.execPath, ["--import", "tsx", script, outDir], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function printed(stdout: string, label: string): string | undefined {
  return new RegExp(`^${label}: ([0-9a-f]{64})$`, "m").exec(stdout)?.[1];
}

function qfsReplay(file: string) {
  const r = spawnSync(process.execPath, [cli, "replay", "--quiet", file], { encoding: "utf8" });
  return { status: r.status, last: r.stdout.trimEnd().split("\n").at(-1) ?? "" };
}

describe("examples/getting-started.ts", () => {
  const first = join(tmp, "first");
  const logFile = join(first, "getting-started.replay.json");
  let run: ReturnType<typeof runExample>;
  beforeAll(() => {
    run = runExample(first);
  });

  it("exits 0 and shows each step, the rejected packets with their code names", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    for (const s of ["Keys", "Genesis", "Checkpoint", "Inclusion proof", "Account proofs", "Replay log", "qfs replay"])
      expect(run.stdout).toMatch(new RegExp(`^== \\d+\\. ${s}$`, "m"));
    expect(run.stdout).toMatch(/10000 FLX to bob +→ E_INSUFFICIENT_FUNDS/);
    expect(run.stdout).toMatch(/nonce 7 +→ E_NONCE/);
    expect(run.stdout).toMatch(/forged outcome .* → E_AUDIT_ROOT_MISMATCH/);
    expect(run.stdout).toMatch(/one base unit more CHR → E_STATE_PROOF_INVALID/);
  });

  it("the root it printed is the one qfs replay prints for the log it wrote", () => {
    const sequencerRoot = printed(run.stdout, "sequencer state root");
    expect(sequencerRoot).toMatch(/^[0-9a-f]{64}$/);
    expect(printed(run.stdout, "qfs replay state root")).toBe(sequencerRoot);
    const r = qfsReplay(logFile);
    expect(r).toEqual({ status: 0, last: sequencerRoot });
  });

  it("is deterministic: a second run writes the same log", () => {
    const second = join(tmp, "second");
    const again = runExample(second);
    expect(again.status).toBe(0);
    expect(readFileSync(join(second, "getting-started.replay.json"), "utf8")).toBe(readFileSync(logFile, "utf8"));
  });

  it("a log with one packet byte changed does not replay (qfs replay halts, exit 3)", () => {
    const log = JSON.parse(readFileSync(logFile, "utf8")) as { batches: { packets: string[] }[] };
    const bytes = Buffer.from(log.batches[1]!.packets[0]!, "base64");
    bytes[bytes.length - 1]! ^= 1;
    log.batches[1]!.packets[0] = bytes.toString("base64");
    const tampered = join(tmp, "tampered.json");
    writeFileSync(tampered, JSON.stringify(log, null, 2) + "\n");
    const r = qfsReplay(tampered);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.last)).toMatchObject({ halt: "CIR-302", code: "E_AUDIT_CHAIN_BROKEN", seq: 2 });
  });
});
