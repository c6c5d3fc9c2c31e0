// The README walkthrough, run verbatim: the shell block between <!-- walkthrough:begin --> and
// <!-- walkthrough:end --> of README.md, in bash (-e: the first failing command fails the test), from the
// repository root, with QFS_PORT set to a free port (the block's `${QFS_PORT:-8080}`). It starts a real node
// (`qfs start` → server/main.ts) on a fresh temp data dir, so this checks the service, the CLI and the README
// together. The node runs in the script's own process group, which is ended at the end whatever happened.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "./run-cli.js";

/** Longest the whole walkthrough may take before the test gives up on it, ms (first start, ten CLI runs). */
const WALKTHROUGH_TIMEOUT_MS = 240_000;

export function walkthroughScript(readme: string): string {
  const m = /<!-- walkthrough:begin -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (m === null) throw new Error("README.md has no walkthrough block");
  return m[1]!;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

const script = walkthroughScript(readFileSync(join(root, "README.md"), "utf8"));
let groupPid: number | undefined;
// The block's `mktemp -d` makes its demo dir under $TMPDIR: this one, removed at the end.
const tmp = mkdtempSync(join(tmpdir(), "qfs-walkthrough-"));
afterAll(() => {
  if (groupPid !== undefined) {
    try {
      process.kill(-groupPid, "SIGTERM"); // the script's group: the node if the script did not stop it
    } catch {
      // the group has already exited
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe("README walkthrough", () => {
  it("names every step: start, keygen, register-key, mint, transfer, balance, verify-receipt, verify-log", () => {
    const order = [
      "qfs.mjs start",
      "qfs keygen",
      "qfs register-key",
      "qfs mint",
      "qfs transfer",
      "qfs balance",
      "qfs verify-receipt",
      "qfs verify-log",
      "kill %1",
    ];
    const at = order.map((s) => script.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(script).toMatch(/qfs transfer .* CHR=\S+ FLX=\S+/); // several tokens, one packet
  });

  it(
    "runs verbatim against a real node and every step succeeds",
    async () => {
      const port = await freePort();
      const child = spawn("bash", ["-e", "-c", script], {
        cwd: root,
        env: { ...process.env, QFS_PORT: String(port), QFS_URL: "", TMPDIR: tmp },
        detached: true, // its own process group, so afterAll can end the node with it
      });
      groupPid = child.pid;
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      const status = await new Promise<number | null>((ok) => child.on("close", ok));
      const demo = readdirSync(tmp).map((d) => join(tmp, d, "node.log"));
      const nodeLog = demo.length === 1 ? readFileSync(demo[0]!, "utf8").slice(-4000) : `no demo dir in ${tmp}`;
      expect(status, `stderr:\n${stderr}\nstdout:\n${stdout.slice(-4000)}\nnode log:\n${nodeLog}`).toBe(0);
      expect(stderr).toContain("qfs keygen: ML-DSA-87 key");
      expect(stderr).toMatch(/qfs register-key: OK/);
      expect(stderr).toMatch(/qfs mint: OK/);
      expect(stderr).toMatch(/qfs transfer: OK/);
      expect(stdout).toMatch(/CHR +90 +\(90000000000000000000 base units\)/); // carol: 100 − 10
      expect(stdout).toMatch(/FLX +47\.5 +\(47500000000000000000 base units\)/); // carol: 50 − 2.5
      expect(stdout).toMatch(/FLX +2\.5 +\(2500000000000000000 base units\)/); // alice
      expect(stdout).toMatch(/^valid: tx [0-9a-f]{64} OK/m);
      expect(stdout).toContain(`ok: http://127.0.0.1:${port}: `);
    },
    WALKTHROUGH_TIMEOUT_MS,
  );
});
