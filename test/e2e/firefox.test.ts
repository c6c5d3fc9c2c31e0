// Issue 10, the second engine: the page in Debian's Firefox ESR (SpiderMonkey runs the WASM, not V8), headless.
// No WebDriver is needed: the e2e proxy injects firefox-driver.ts (bundled here with esbuild) into the page it
// serves; the page runs the same tools as in Chromium (asking the proxy to tamper with an audit entry for one log
// run) and posts what it saw back to the proxy. The frozen replay
// vectors are replayed there too and must reach the roots Node reaches (determinism across two WASM engines).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ml_dsa44 } from "@noble/post-quantum/ml-dsa.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mldsaCacheSetEnabled, toBase64, toHex } from "../../bindings/index.js";
import { verifySignature } from "../../bindings/sdk/verify.js";
import { benchBoth } from "../../web/src/bench-verify.js";
import { BOB, roundOne } from "../server/archive-fixtures.js";
import type { DriverConfig, DriverReport } from "./firefox-driver.js";
import { startNode, tamperEntry, type E2eNode } from "./node.js";

const FIREFOX = "/usr/bin/firefox-esr";
const REPO = resolve(import.meta.dirname, "../..");
const VECTORS = resolve(REPO, "vectors/replay");
/** How long Firefox may take to start, run every tool and report, ms. */
const REPORT_WAIT_MS = 150_000;
// A fresh profile: no first-run pages, no telemetry, no updates, no network of its own.
const PREFS = [
  'user_pref("browser.shell.checkDefaultBrowser", false);',
  'user_pref("browser.startup.homepage_override.mstone", "ignore");',
  'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
  'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
  'user_pref("app.update.disabledForTesting", true);',
  'user_pref("browser.aboutwelcome.enabled", false);',
  'user_pref("network.captive-portal-service.enabled", false);',
].join("\n");

let node: E2eNode;
let firefox: ChildProcess | undefined;
let profile: string;
let report: DriverReport & { fatal?: string };
const names = readdirSync(VECTORS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => f.slice(0, -5));

async function driverBundle(): Promise<string> {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [resolve(import.meta.dirname, "firefox-driver.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["firefox115"],
    write: false,
    logLevel: "error",
  });
  return out.outputFiles[0]!.text;
}

beforeAll(async () => {
  expect(existsSync(FIREFOX), `${FIREFOX} is required (apt-get install -y firefox-esr)`).toBe(true);
  node = await startNode();
  const receipt = await node.submit(roundOne()[0]!);
  const keys = ml_dsa44.keygen(new Uint8Array(32).fill(44));
  const message = "the same bytes, another engine";
  const context = new TextEncoder().encode("QFS-V13/e2e");
  const config: DriverConfig = {
    receipt,
    account: toHex(BOB),
    sig: {
      level: "44",
      publicKey: toHex(keys.publicKey),
      message,
      signature: toBase64(
        ml_dsa44.sign(new TextEncoder().encode(message), keys.secretKey, { context, extraEntropy: false }),
      ),
      context: "QFS-V13/e2e",
    },
    vectors: names,
  };
  const files = new Map<string, { type: string; body: Buffer | string }>([
    ["/web/e2e-driver.js", { type: "text/javascript", body: await driverBundle() }],
    ["/e2e/config.json", { type: "application/json", body: JSON.stringify(config) }],
    ...names.map(
      (n) =>
        [`/e2e/vectors/${n}.json`, { type: "application/json", body: readFileSync(join(VECTORS, `${n}.json`)) }] as [
          string,
          { type: string; body: Buffer },
        ],
    ),
  ]);
  const got = new Promise<string>((ok) => {
    node.extra = {
      files,
      inject: "e2e-driver.js",
      report: ok,
      tamper: (what) => (node.tamper = what === "entry" ? tamperEntry(3) : undefined),
    };
  });
  profile = mkdtempSync(join(tmpdir(), "qfs-firefox-"));
  writeFileSync(join(profile, "user.js"), PREFS + "\n");
  const stderr: string[] = [];
  firefox = spawn(FIREFOX, ["--headless", "--no-remote", "--profile", profile, `${node.url}/`], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" },
  });
  firefox.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`no report from Firefox in ${REPORT_WAIT_MS} ms; stderr:\n${stderr.join("").slice(-2000)}`)),
      REPORT_WAIT_MS,
    );
  });
  try {
    report = JSON.parse(await Promise.race([got, late])) as typeof report;
  } finally {
    clearTimeout(timer);
  }
}, REPORT_WAIT_MS + 30_000);

afterAll(async () => {
  // Firefox and its content processes: the group this test started.
  if (firefox?.pid !== undefined && firefox.exitCode === null) {
    const exited = new Promise((ok) => firefox!.once("exit", ok));
    process.kill(-firefox.pid, "SIGTERM");
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    if (firefox.exitCode === null) process.kill(-firefox.pid, "SIGKILL");
  }
  await node?.close();
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

describe("the page in Firefox ESR", () => {
  it("ran to the end in Firefox, with no page error", () => {
    expect(report.fatal, report.fatal).toBeUndefined();
    expect(report.userAgent).toMatch(/Firefox\/\d+/);
    expect(report.errors).toEqual([]);
    console.log(`Firefox: ${report.userAgent}`);
  });

  it("the core.wasm hash, the node key, a receipt and the whole log verify", () => {
    expect(report.wasm.state).toBe("pass");
    expect(report.node.state).toBe("pass");
    expect(report.receipt.state, report.receipt.text).toBe("pass");
    expect(report.log.state, report.log.text).toBe("pass");
    expect(report.balance.state, report.balance.text).toBe("pass");
  });

  it("tampering is detected and shown", () => {
    expect(report.receiptTampered).toMatchObject({ state: "fail" });
    expect(report.receiptTampered.text).toMatch(/events\[0\].*not leaf/);
    expect(report.checkpointTampered).toMatchObject({ state: "fail" });
    expect(report.checkpointTampered.text).toContain("signature does not verify under the node key");
    expect(report.logTampered).toMatchObject({ state: "fail" });
    expect(report.logTampered.text).toMatch(/First failure — the audit entries .* do not give checkpoint \d+'s root/);
  });

  it("an ML-DSA signature passes, and fails once the message changes", () => {
    expect(report.sigPass.state, report.sigPass.text).toBe("pass");
    expect(report.sigFail.state).toBe("fail");
    expect(report.sigFail.text).toContain("does not verify under this key");
  });

  it("the frozen replay vectors reach the same roots as in Node; a flipped signature halts the same way", () => {
    const expected = names.map(
      (n) =>
        (JSON.parse(readFileSync(join(VECTORS, `${n}.json`), "utf8")) as { expectedStateRoot: string })
          .expectedStateRoot,
    );
    expect(report.replay.roots).toEqual(expected);
    expect(report.replay.tampered).toBe("E_CHECKPOINT_SIG_INVALID");
  });

  it("prints Firefox's ML-DSA-87 verifies/s beside Node's", async () => {
    const n = await benchBoth(
      (pk, m, s, c) => verifySignature(87, pk, m, s, c),
      mldsaCacheSetEnabled,
      () => performance.now(),
    );
    console.log(
      `ML-DSA-87 verifies/s, same core.wasm — Firefox: ${report.bench.cold.toFixed(0)} (key cached: ` +
        `${report.bench.cached.toFixed(0)}); Node ${process.version}: ${n.cold.perSecond.toFixed(0)} (key cached: ` +
        `${n.cached.perSecond.toFixed(0)})`,
    );
    expect(report.bench.cold).toBeGreaterThan(0);
    expect(report.bench.cached).toBeGreaterThan(0);
  });
});
