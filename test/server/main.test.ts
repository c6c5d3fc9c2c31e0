// `npm start`'s entry (server/main.ts) as a child process on a temp data dir: the first start writes the demo
// genesis and keys with its WARNING, serves, submits one signed mint over HTTP and prints the receipt; a second
// start on the same dir continues from the stores (seq and nonce move on) and writes no new keys.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "qfs-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "server/main.ts"), "--data", join(dir, "data"), "--demo-only", "--threads", "1"],
    { cwd: root, encoding: "utf8", timeout: 90_000 },
  );
}

function receipt(stdout: string): { outcome: string; seq: string; txId: string } {
  const line = stdout.split("\n").find((l) => l.startsWith("demo: "));
  expect(line, stdout).toBeDefined();
  return JSON.parse(line!.slice(line!.indexOf("{")));
}

describe("npm start (server/main.ts --demo-only)", () => {
  it("first start: demo keys with a warning, serves, the demo mint gets an OK receipt; restart continues", () => {
    const first = start();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/WARNING: .*DEMO KEYS/);
    expect(first.stdout).toMatch(/QFS node serving http:\/\/127\.0\.0\.1:\d+/);
    expect(first.stdout).toMatch(/verify it yourself: open http:\/\/127\.0\.0\.1:\d+\/ in a browser/);
    const keys = JSON.parse(readFileSync(join(dir, "data", "demo-keys.json"), "utf8")).keys;
    expect(keys.map((k: { name: string }) => k.name)).toEqual([
      "admin",
      "minter",
      "council1",
      "council2",
      "council3",
      "alice",
      "bob",
    ]);
    expect(existsSync(join(dir, "data", "genesis.json"))).toBe(true);
    // The demo council: any 2 of the 3 COUNCIL keys resume a halt (docs/service.md "Halt (CIR-302)").
    const genesis = JSON.parse(readFileSync(join(dir, "data", "genesis.json"), "utf8"));
    expect(genesis.councilThreshold).toBe("2");
    expect(genesis.keys.filter((k: { roles: string[] }) => k.roles.includes("COUNCIL"))).toHaveLength(3);
    const r1 = receipt(first.stdout);
    expect(r1).toMatchObject({ outcome: "OK", seq: "1" });
    // The node key was made at the first start; its id is printed and stays the same across restarts.
    const nodeKeyFile = JSON.parse(readFileSync(join(dir, "data", "node-key.json"), "utf8")) as { keyId: string };
    expect(first.stdout).toContain(`node key: ML-DSA-87 id ${nodeKeyFile.keyId}`);

    const second = start();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/WARNING/);
    expect(second.stdout).toContain("seq 1,");
    const r2 = receipt(second.stdout);
    expect(r2).toMatchObject({ outcome: "OK", seq: "2" });
    expect(r2.txId).not.toBe(r1.txId);
    expect(second.stdout).toContain(`node key: ML-DSA-87 id ${nodeKeyFile.keyId}`);
  });
});
