// Issue 10: the verification page in Debian's Chromium against a real node (server/app.ts over a Sequencer):
// transactions submitted with the SDK, then each tool run as a person would — a receipt (pass), the same receipt
// tampered and with a tampered checkpoint (each fails, its reason shown), the whole log (pass) and with one audit
// entry changed by the node (fails, shown), a balance proof (pass) and a lying balance (fails), an ML-DSA
// signature (pass and fail) — screenshots in test-results/, and the page's ML-DSA-87 verifies/s beside Node's.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountId,
  encodePacket,
  mldsaCacheSetEnabled,
  ops,
  signPacket,
  toBase64,
  toHex,
  Token,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { verifySignature } from "../../bindings/sdk/verify.js";
import type { ReceiptJson } from "../../server/node-service.js";
import { benchBoth } from "../../web/src/bench-verify.js";
import { ALICE, BOB, bob, CHAIN_ID, minter, nodeKey, roundOne, roundTwo } from "../server/archive-fixtures.js";
import { launchChromium, openPage, run, shot, steps } from "./browser.js";
import { startNode, tamperEntry, type E2eNode } from "./node.js";

const REPO = resolve(import.meta.dirname, "../..");
/** Rounds of the speed comparison (each: the page's two measurements, then Node's). */
const BENCH_ROUNDS = 2;
const shots: string[] = [];
let node: E2eNode;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const receipts: ReceiptJson[] = [];

beforeAll(async () => {
  node = await startNode();
  for (const p of roundOne()) receipts.push(await node.submit(p));
  // The last packet of round two is garbage (refused before sequencing: no receipt).
  for (const p of roundTwo().slice(0, 3)) receipts.push(await node.submit(p));
  browser = await launchChromium();
  page = await openPage(browser, node.url, errors);
});

afterAll(async () => {
  await browser?.close();
  await node?.close();
  console.log(`e2e screenshots:\n  ${shots.join("\n  ")}`);
});

const fill = (id: string, text: string) => page.fill(`#${id}`, text);
const E18 = 10n ** 18n;
/** A packet built and signed with the SDK (any op, a staking op too). */
const sdkPacket = (signer: KeyPair, nonce: bigint, operations: Operation[]): Uint8Array =>
  encodePacket(
    signPacket(
      {
        chainId: CHAIN_ID,
        account: accountId(signer.publicKey),
        nonce,
        timestampMs: BigInt(Date.now()),
        ops: operations,
      },
      [signer],
    ),
  );

describe("the page in Chromium", () => {
  it("loads the node's core.wasm and shows its SHA-256 beside the manifest's", async () => {
    const served = createHash("sha256")
      .update(readFileSync(resolve(REPO, "build/core.wasm")))
      .digest("hex");
    const manifest = JSON.parse(readFileSync(resolve(REPO, "wasm-manifest.json"), "utf8")) as {
      files: Record<string, { sha256: string }>;
    };
    const want = manifest.files["build/core.wasm"]!.sha256;
    expect(await page.textContent("#wasm-served")).toContain(`${served} (`);
    expect(await page.textContent("#wasm-served")).toContain("application/wasm");
    expect(await page.textContent("#wasm-manifest")).toBe(want);
    expect(await page.getAttribute("#wasm-status", "data-state")).toBe(served === want ? "pass" : "fail");
    await page.click("#node-load");
    await page.waitForSelector("#node-info[data-state=pass]");
    expect(await page.textContent("#node-info")).toContain(toHex(nodeKey.keyId));
    shots.push(await shot(page, "e2e-page"));
  });

  it("a receipt verifies step by step", async () => {
    const r = receipts[0]!;
    expect(r.events.length).toBeGreaterThan(0);
    await fill("receipt-input", JSON.stringify(r, null, 2));
    const v = await run(page, "receipt-verify", "receipt-verdict");
    expect(v).toMatchObject({ state: "pass" });
    expect(v.text).toContain(`tx ${r.txId.slice(0, 16)}`);
    expect(Object.values(await steps(page, "receipt-steps"))).toEqual(Array(6).fill("pass"));
    shots.push(await shot(page, "e2e-receipt-pass", "receipt-verdict"));
  });

  it("a tampered receipt fails, with the event that was changed named", async () => {
    const r = structuredClone(receipts[0]!);
    r.events[0]!.amount = "500000";
    await fill("receipt-input", JSON.stringify(r));
    const v = await run(page, "receipt-verify", "receipt-verdict");
    expect(v.state).toBe("fail");
    expect(v.text).toMatch(/events\[0\].*not leaf/);
    expect((await steps(page, "receipt-steps"))["Packet and events"]).toBe("fail");
    shots.push(await shot(page, "e2e-receipt-tampered", "receipt-verdict"));
  });

  it("a tampered checkpoint fails at its signature", async () => {
    const r = structuredClone(receipts[1]!);
    // A node claiming a larger tree: the signature no longer covers the checkpoint.
    r.checkpoint.treeSize += 1;
    await fill("receipt-input", JSON.stringify(r));
    const v = await run(page, "receipt-verify", "receipt-verdict");
    expect(v.state).toBe("fail");
    expect(v.text).toContain("signature does not verify under the node key");
    expect(await steps(page, "receipt-steps")).toMatchObject({
      "Checkpoint signature": "fail",
      "Inclusion proof": "skip",
    });
    shots.push(await shot(page, "e2e-checkpoint-tampered", "receipt-verdict"));
  });

  it("the whole log verifies in the Web Worker, with counts", async () => {
    const v = await run(page, "log-verify", "log-verdict");
    expect(v).toMatchObject({ state: "pass" });
    const seq = node.sequencer.state().seq;
    expect(v.text).toContain(`batches to seq ${seq}`);
    const counts = (await page.textContent("#log-counts")) ?? "";
    expect(counts).toMatch(new RegExp(`^${seq} of ${seq} batches, \\d+ entries`));
    expect(await page.$eval("#log-progress", (p) => (p as HTMLProgressElement).value)).toBe(Number(seq));
    shots.push(await shot(page, "e2e-log-pass", "log-verdict"));
  });

  it("the log is checked under the key in the key field: another node's key fails it", async () => {
    const trusted = await page.inputValue("#node-key");
    await fill("node-key", toBase64(ml_dsa87.keygen(new Uint8Array(32).fill(9)).publicKey));
    try {
      const v = await run(page, "log-verify", "log-verdict");
      expect(v.state).toBe("fail");
      expect(v.text).toMatch(/the node's state against its log: the node's key id [0-9a-f]{64} is not the pinned/);
    } finally {
      await fill("node-key", trusted);
    }
  });

  it("a log with one audit entry changed by the node fails, the failure shown plainly", async () => {
    node.tamper = tamperEntry(3);
    try {
      const v = await run(page, "log-verify", "log-verdict");
      expect(v.state).toBe("fail");
      expect(v.text).toContain("First failure — the audit entries against the signed audit roots");
      expect(v.text).toMatch(/do not give checkpoint \d+'s root/);
      shots.push(await shot(page, "e2e-log-entry-tampered", "log-verdict"));
    } finally {
      node.tamper = undefined;
    }
  });

  it("a log whose first batch carries a rewritten packet halts the replay, shown with its seq", async () => {
    node.tamper = {
      path: /^\/v1\/audit\/log$/,
      text: (ndjson) => {
        const lines = ndjson.split("\n");
        const batch = JSON.parse(lines[1]!) as { packets: string[] };
        const p = Buffer.from(batch.packets[0]!, "base64");
        p[p.length - 1]! ^= 1; // the last byte of the packet's signature
        batch.packets[0] = p.toString("base64");
        lines[1] = JSON.stringify(batch);
        return lines.join("\n");
      },
    };
    try {
      const v = await run(page, "log-verify", "log-verdict");
      expect(v.state).toBe("fail");
      expect(v.text).toMatch(/First failure — the log itself .*\(halt E_[A-Z_]+ at seq 1\)/);
      shots.push(await shot(page, "e2e-log-line-tampered", "log-verdict"));
    } finally {
      node.tamper = undefined;
    }
  });

  it("an account's balances verify against the latest signed checkpoint", async () => {
    await fill("account-id", toHex(BOB));
    const v = await run(page, "account-verify", "account-verdict");
    expect(v).toMatchObject({ state: "pass" });
    expect(v.text).toContain(`checkpoint seq ${node.sequencer.state().seq}`);
    const table = await page.$$eval("#account-balances tbody tr", (rows) => rows.map((r) => r.textContent));
    expect(table).toEqual(expect.arrayContaining(["CHR127", "FLX30"]));
    shots.push(await shot(page, "e2e-balance-pass", "account-verdict"));
  });

  it("a node lying about a balance is caught by the commitment", async () => {
    node.tamper = {
      path: /^\/v1\/accounts\/[0-9a-f]{64}$/,
      json: (b) => ({ ...(b as object), balances: { ...(b as { balances: object }).balances, CHR: "1000000" } }),
    };
    try {
      await fill("account-id", toHex(ALICE));
      const v = await run(page, "account-verify", "account-verdict");
      expect(v.state).toBe("fail");
      expect(v.text).toContain(
        "Balances and staking committed: the nonce, balances and staking fields shown are not what the leaf commits to",
      );
      shots.push(await shot(page, "e2e-balance-tampered", "account-verdict"));
    } finally {
      node.tamper = undefined;
    }
  });

  it("a stake made with the SDK shows in the account tool, proven by the same leaf; a tampered stake fails", async () => {
    const mint = await node.submit(sdkPacket(minter, 3n, [ops.mint(Token.CHR, BOB, 2n * E18)]));
    expect(mint.outcome).toBe("OK");
    const stake = await node.submit(sdkPacket(bob, 1n, [ops.stake(Token.CHR, E18)]));
    expect(stake.outcome).toBe("OK");
    await fill("account-id", toHex(BOB));
    const v = await run(page, "account-verify", "account-verdict");
    expect(v).toMatchObject({ state: "pass" });
    expect(v.text).toContain("these balances and this staking state");
    const rows = await page.$$eval("#account-staking tbody tr", (trs) => trs.map((r) => r.textContent));
    expect(rows).toEqual(expect.arrayContaining([`Stake (CHR base units)${E18}`, "RES stateNEUTRAL"]));
    expect(rows.some((r) => r?.startsWith("α1 (start of epoch "))).toBe(true);
    shots.push(await shot(page, "e2e-staking-pass", "account-verdict"));
    node.tamper = {
      path: /^\/v1\/accounts\/[0-9a-f]{64}$/,
      json: (b) => {
        const a = b as { staking: Record<string, string> };
        return { ...a, staking: { ...a.staking, stake: String(5n * E18) } };
      },
    };
    try {
      const bad = await run(page, "account-verify", "account-verdict");
      expect(bad.state).toBe("fail");
      expect(bad.text).toContain("Balances and staking committed");
      const shown = await page.$$eval("#account-staking tbody tr", (trs) => trs.map((r) => r.textContent));
      expect(shown).toContain(`Stake (CHR base units)${5n * E18}`);
      shots.push(await shot(page, "e2e-staking-tampered", "account-verdict"));
    } finally {
      node.tamper = undefined;
    }
  });

  it("every control is labelled, and the tools work from the keyboard", async () => {
    const unlabelled = await page.$$eval("input, textarea, select, progress", (els) =>
      els.filter((e) => ((e as HTMLInputElement).labels?.length ?? 0) === 0).map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
    await fill("sig-pk", "00");
    await page.focus("#sig-ctx");
    await page.keyboard.press("Tab"); // → the context's encoding
    await page.keyboard.press("Tab"); // → Verify the signature
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sig-verify");
    await page.$eval("#sig-verdict", (e) => ((e as HTMLElement).dataset.state = "idle"));
    await page.keyboard.press("Enter");
    await page.waitForSelector("#sig-verdict[data-state=fail]");
    expect(await page.textContent("#sig-verdict")).toContain("the public key is 1 B");
  });

  it("an ML-DSA signature verifies, and fails once the message changes", async () => {
    const keys = ml_dsa65.keygen(new Uint8Array(32).fill(65));
    const msg = "pay bob 30 FLX";
    const context = new TextEncoder().encode("QFS-V13/e2e");
    const sig = ml_dsa65.sign(new TextEncoder().encode(msg), keys.secretKey, { context, extraEntropy: false });
    await page.selectOption("#sig-level", "65");
    await fill("sig-pk", toHex(keys.publicKey));
    await page.selectOption("#sig-pk-enc", "hex");
    await fill("sig-msg", msg);
    await page.selectOption("#sig-msg-enc", "text");
    await fill("sig-sig", toBase64(sig));
    await page.selectOption("#sig-sig-enc", "base64");
    await fill("sig-ctx", "QFS-V13/e2e");
    let v = await run(page, "sig-verify", "sig-verdict");
    expect(v).toMatchObject({ state: "pass" });
    expect(v.text).toContain("Valid ML-DSA-65 signature");
    shots.push(await shot(page, "e2e-signature-pass", "sig-verdict"));
    await fill("sig-msg", "pay bob 31 FLX");
    v = await run(page, "sig-verify", "sig-verdict");
    expect(v.state).toBe("fail");
    expect(v.text).toContain("does not verify under this key");
    shots.push(await shot(page, "e2e-signature-fail", "sig-verdict"));
  });

  it("reports ML-DSA-87 verifies/s in the browser, printed beside Node's for the same WASM", async () => {
    // The machine is shared: browser and Node take turns, and each figure is the best of its rounds.
    const rounds: { browser: [number, number]; node: [number, number] }[] = [];
    for (let i = 0; i < BENCH_ROUNDS; i++) {
      await page.$eval("#bench-result", (e) => {
        delete (e as HTMLElement).dataset.perSecond;
        delete (e as HTMLElement).dataset.perSecondCached;
      });
      await page.click("#bench-run");
      const el = await page.waitForSelector("#bench-result[data-per-second-cached]", { timeout: 120_000 });
      const b: [number, number] = [
        Number(await el.getAttribute("data-per-second")),
        Number(await el.getAttribute("data-per-second-cached")),
      ];
      const n = await benchBoth(
        (pk, m, s, c) => verifySignature(87, pk, m, s, c),
        mldsaCacheSetEnabled,
        () => performance.now(),
      );
      rounds.push({ browser: b, node: [n.cold.perSecond, n.cached.perSecond] });
    }
    const best = (f: (r: (typeof rounds)[number]) => number) => Math.max(...rounds.map(f));
    const [bc, bk, nc, nk] = [
      best((r) => r.browser[0]),
      best((r) => r.browser[1]),
      best((r) => r.node[0]),
      best((r) => r.node[1]),
    ];
    console.log(
      `ML-DSA-87 verifies/s, same core.wasm, best of ${BENCH_ROUNDS} alternating rounds — Chromium: ${bc.toFixed(0)} ` +
        `(key cached: ${bk.toFixed(0)}); Node ${process.version}: ${nc.toFixed(0)} (key cached: ${nk.toFixed(0)}); ` +
        `Node/Chromium ${(nc / bc).toFixed(2)}× (cached ${(nk / bk).toFixed(2)}×); rounds ` +
        JSON.stringify(rounds.map((r) => ({ browser: r.browser.map(Math.round), node: r.node.map(Math.round) }))),
    );
    expect(bc).toBeGreaterThan(0);
    expect(bk).toBeGreaterThan(0);
    shots.push(await shot(page, "e2e-bench", "bench-result"));
    expect(errors).toEqual([]);
  });
});
