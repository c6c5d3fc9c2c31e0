// The browser entry (dist/browser.js) without a browser: its whole module graph is loaded with vm.SourceTextModule
// into a node:vm context that has no Node globals (no process, Buffer, require, setTimeout) — only WebAssembly,
// URL, TextEncoder/TextDecoder, console and a fetch stub serving build/core.wasm as application/wasm — and runs
// the same battery as the Chromium suite (test/browser/). vm modules need --experimental-vm-modules, so the
// loading happens in a child `node --experimental-vm-modules test/bindings/browser-entry.vm-runner.mjs`; this test hands it
// the graph and the fixture and checks its JSON output against the Node entry (dist/index.js).
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { runBattery, type BatteryResult, type Fixture } from "../browser/battery.js";
import { expectCorrect, expectGroupsPresent, nodeEntry, nodeFixture } from "../browser/expect.js";
import { BROWSER_ENTRY, CORE_WASM, REPO, moduleGraph, scanSpecifiers } from "../browser/graph.js";

interface RunnerOutput {
  readonly error?: string;
  readonly env?: Record<string, string>;
  readonly result?: BatteryResult;
  readonly fetches: { url: string; method: string }[];
  readonly loaded?: string[];
}

function runInVm(job: object): Promise<{ code: number | null; out: RunnerOutput; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--experimental-vm-modules", "--no-warnings", path.join(REPO, "test/bindings/browser-entry.vm-runner.mjs")],
      { cwd: REPO, stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        resolve({ code, out: JSON.parse(stdout) as RunnerOutput, stderr });
      } catch {
        reject(new Error(`runner exited ${code} without JSON output:\n${stdout}\n${stderr}`));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

describe("browser entry in a node:vm context without Node globals", () => {
  let fixture: Fixture;
  let nodeResult: BatteryResult;
  let run: Awaited<ReturnType<typeof runInVm>>;
  let vmResult: BatteryResult;

  beforeAll(async () => {
    const graph = moduleGraph(BROWSER_ENTRY);
    const nodeApi = await nodeEntry();
    fixture = await nodeFixture(nodeApi);
    nodeResult = await runBattery(nodeApi, fixture);
    run = await runInVm({
      files: graph.files,
      edges: graph.edges,
      entry: BROWSER_ENTRY,
      battery: path.join(REPO, "test/browser/battery.js"),
      wasm: CORE_WASM,
      fixture,
    });
    if (run.out.error !== undefined) throw new Error(`the browser entry failed in the vm context:\n${run.out.error}`);
    vmResult = run.out.result as BatteryResult;
  });

  it("no node: import is reachable from dist/browser.js", () => {
    expect(scanSpecifiers(BROWSER_ENTRY)).toEqual([]);
  });

  it("the context really has no Node globals, and the runner succeeded", () => {
    expect(run.code).toBe(0);
    expect(run.out.env).toEqual({
      process: "undefined",
      Buffer: "undefined",
      require: "undefined",
      module: "undefined",
      global: "undefined",
      setTimeout: "undefined",
      setImmediate: "undefined",
      crypto: "undefined",
      WebAssembly: "object",
      TextEncoder: "function",
    });
    const loaded = (run.out.loaded ?? []).map((f) => path.relative(REPO, f));
    expect(loaded).toContain("dist/load-browser.js");
    expect(loaded).not.toContain("dist/load-node.js");
  });

  it("the entry fetched exactly ../build/core.wasm (resolved from import.meta.url), once", () => {
    expect(run.out.fetches).toEqual([{ url: pathToFileURL(CORE_WASM).href, method: "GET" }]);
  });

  it("exports (names, constants) and hashes equal the Node entry's and @noble/hashes", () => {
    expect(vmResult.exports).toEqual(nodeResult.exports);
    expect(vmResult.constants).toEqual(nodeResult.constants);
    expect(vmResult.present).toEqual(nodeResult.present);
    expectGroupsPresent(vmResult);
    expect(vmResult.hash).toEqual(nodeResult.hash);
    expectCorrect(vmResult, fixture);
  });

  it("CertifiedMath, ML-DSA verify, packet decode, audit proofs, ledger roots (those exported) equal the Node entry's", () => {
    expect(vmResult.math).toEqual(nodeResult.math);
    expect(vmResult.audit).toEqual(nodeResult.audit);
    expect(vmResult.ledger).toEqual(nodeResult.ledger);
    expect(vmResult.mldsa).toEqual(nodeResult.mldsa);
    expect(vmResult.packet).toEqual(nodeResult.packet);
    expect(vmResult.packet).not.toBeNull();
  });
});
