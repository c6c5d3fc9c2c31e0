// The fsyncs per round, counted by the kernel: fsync-child.ts runs committed rounds on SQLite stores under
// `strace -f -c`; the difference between a long and a short run is the fsyncs of the extra rounds alone (opening,
// schema and closing cost the same in both). Expected: 7 per round (six participant prepares + one decision;
// commits run with synchronous=NORMAL), the same number the in-process instrument counts. Needs strace (the
// system suite, npm run test:pg; scripts/ci-postgres.sh installs it).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("../fsync-child.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "qfs-fsync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fsyncsFor(rounds: number): { syscalls: number; forced: number } {
  const out = join(dir, `strace-${rounds}.txt`);
  const stdout = execFileSync(
    "strace",
    ["-f", "-c", "-e", "trace=fsync,fdatasync", "-o", out, process.execPath, "--import", "tsx", CHILD],
    { env: { ...process.env, QFS_FSYNC_DIR: join(dir, `stores-${rounds}`), QFS_FSYNC_ROUNDS: String(rounds) } },
  ).toString();
  let syscalls = 0;
  for (const line of readFileSync(out, "utf8").split("\n")) {
    const m = /^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$/.exec(line);
    if (m) syscalls += Number(m[1]);
  }
  return { syscalls, forced: (JSON.parse(stdout) as { forced: number }).forced };
}

describe("fsyncs per committed round (strace)", () => {
  it("is seven: six prepares and one decision", () => {
    const short = fsyncsFor(20);
    const long = fsyncsFor(80);
    const perRound = (long.syscalls - short.syscalls) / 60;
    console.log(`fsync syscalls: 20 rounds ${short.syscalls}, 80 rounds ${long.syscalls}: ${perRound} per round`);
    expect(long.forced - short.forced).toBe(7 * 60); // the instrument
    // The kernel: at least one fsync per forced write; a WAL checkpoint may add a few over a run.
    expect(perRound).toBeGreaterThanOrEqual(7);
    expect(perRound).toBeLessThan(7.5);
  });
});
