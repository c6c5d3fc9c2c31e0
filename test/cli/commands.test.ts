// The user commands (docs/cli.md) against an in-process node with real signed data (fixture-node.ts): keygen,
// register-key, mint, transfer (several tokens in one packet), balance, tx, verify-receipt and verify-log, their
// exit codes, and a usage error naming the bad argument for each.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../bin/commands/exit-codes.mjs";
import type { ReceiptJson } from "../../server/node-service.js";
import { FixtureNode } from "./fixture-node.js";
import { qfsAsync } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "qfs-cli-cmd-"));
const node = new FixtureNode();
let env: Record<string, string>;
const keys = join(tmp, "demo-keys.json");
const carol = join(tmp, "carol.json");
const E18 = 10n ** 18n;

beforeAll(async () => {
  const url = await node.listen();
  env = { QFS_URL: url };
  writeFileSync(keys, node.demoKeysJson());
});
afterAll(async () => {
  await node.close();
  rmSync(tmp, { recursive: true, force: true });
});

const qfs = (args: string[], input?: string) => qfsAsync(args, env, input);
const receiptOf = (stdout: string): ReceiptJson => JSON.parse(stdout) as ReceiptJson;

describe("the walkthrough's commands, one after the other", () => {
  let mintReceipt: ReceiptJson;
  let transferReceipt: ReceiptJson;

  it("keygen writes a key file (mode 0600) and refuses to overwrite it", async () => {
    const r = await qfs(["keygen", "--name", "carol", "--level", "65", "--out", carol]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const k = JSON.parse(readFileSync(carol, "utf8"));
    expect(Object.keys(k)).toEqual(["name", "level", "keyId", "account", "publicKey", "secretKey"]);
    expect(k.level).toBe(65);
    expect(k.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(k.account).toBe(k.keyId); // a new account's id is its first key's id
    expect(Buffer.from(k.publicKey, "base64")).toHaveLength(1952);
    expect(statSync(carol).mode & 0o777).toBe(0o600);
    expect(r.stderr).toContain(`account ${k.account}`);
    const again = await qfs(["keygen", "--out", carol]);
    expect(again.status).toBe(EXIT.USAGE);
    expect(again.stderr).toContain("exists (never overwritten)");
    expect(JSON.parse(readFileSync(carol, "utf8")).keyId).toBe(k.keyId);
  });

  it("keygen without --out prints the key file on stdout (default level 87); a path with '#' is still a file", async () => {
    const r = await qfs(["keygen"]);
    expect(r.status).toBe(EXIT.OK);
    const k = JSON.parse(r.stdout);
    expect(k.level).toBe(87);
    expect(k.name).toBeUndefined();
    const odd = join(tmp, "key#1.json");
    writeFileSync(odd, r.stdout);
    const b = await qfs(["balance", odd]); // read as a file: its account is asked for (unknown to the ledger)
    expect(b.stderr).toContain(`/v1/accounts/${k.account}: HTTP 404 E_ACCOUNT_UNKNOWN`);
  });

  it("register-key: the admin registers the new key; the receipt says OK", async () => {
    const r = await qfs(["register-key", "--key", `${keys}#admin`, "--public", carol]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const receipt = receiptOf(r.stdout);
    expect(receipt.outcome).toBe("OK");
    expect(receipt.events.map((e) => e.type)).toEqual(["KeyRegistered"]);
    expect(receipt.events[0]!.keyId).toBe(JSON.parse(readFileSync(carol, "utf8")).keyId);
  });

  it("register-key again: sequenced but refused (E_KEY_EXISTS), exit 7 with the receipt on stdout", async () => {
    const r = await qfs(["register-key", "--key", `${keys}#admin`, "--public", carol]);
    expect(r.status).toBe(EXIT.REJECTED);
    expect(receiptOf(r.stdout).outcome).toBe("E_KEY_EXISTS");
    expect(r.stderr).toContain("E_KEY_EXISTS");
  });

  it("mint: the minter mints CHR and FLX to the new account in one packet; --out saves the receipt", async () => {
    const out = join(tmp, "mint.json");
    const r = await qfs(["mint", "--key", `${keys}#minter`, "--to", carol, "CHR=100", "FLX=50.25", "--out", out]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    mintReceipt = receiptOf(r.stdout);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(mintReceipt);
    const account = JSON.parse(readFileSync(carol, "utf8")).account;
    expect(mintReceipt.events).toMatchObject([
      { type: "Mint", token: 0, account, amount: String(100n * E18) },
      { type: "Mint", token: 1, account, amount: String(50n * E18 + E18 / 4n) },
    ]);
  });

  it("transfer: the new account sends CHR and FLX to alice in one packet (one seq, both events)", async () => {
    const r = await qfs(["transfer", "--key", carol, "--to", `${keys}#alice`, "CHR=10", "FLX=5"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    transferReceipt = receiptOf(r.stdout);
    expect(transferReceipt.events.map((e) => [e.type, e.token, e.to])).toEqual([
      ["Transfer", 0, node.key("alice").account],
      ["Transfer", 1, node.key("alice").account],
    ]);
  });

  it("transfer past the balance is sequenced but not applied: exit 7, nothing moved", async () => {
    const r = await qfs(["transfer", "--key", carol, "--to", `${keys}#alice`, "CHR=1", "FLX=1000"]);
    expect(r.status).toBe(EXIT.REJECTED);
    const receipt = receiptOf(r.stdout);
    expect(receipt.code).not.toBe(0);
    expect(receipt.events).toEqual([]);
    const b = await qfs(["balance", "--json", `${keys}#alice`]);
    expect(JSON.parse(b.stdout).balances).toMatchObject({ CHR: String(10n * E18), FLX: String(5n * E18) });
  });

  it("--base-units amounts are raw base units", async () => {
    const r = await qfs(["transfer", "--key", carol, "--to", node.key("bob").account, "--base-units", "RES=0"]);
    expect(r.status).toBe(EXIT.USAGE); // zero is refused before anything is sent
    const ok = await qfs(["mint", "--key", `${keys}#minter`, "--to", node.key("bob").account, "--base-units", "ATR=7"]);
    expect(ok.status, ok.stderr).toBe(EXIT.OK);
    expect(receiptOf(ok.stdout).events[0]).toMatchObject({ type: "Mint", token: 3, amount: "7" });
  });

  it("a lost answer: the same packet goes again and the node answers with the original receipt, applied once", async () => {
    const bob = node.key("bob").account;
    const before = node.seq.ledger.getAccount(new Uint8Array(Buffer.from(bob, "hex")))!.balances[0]!;
    node.loseAnswers = 1;
    const r = await qfs(["transfer", "--key", carol, "--to", bob, "CHR=1"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    expect(r.stderr).toContain("sending the same packet again");
    expect(r.stderr).toContain("(a repeat: the original receipt)");
    expect(receiptOf(r.stdout).repeat).toBe(true);
    const after = node.seq.ledger.getAccount(new Uint8Array(Buffer.from(bob, "hex")))!.balances[0]!;
    expect(after - before).toBe(E18);
  });

  it("429 E_RATE_LIMITED: waits Retry-After and sends again; past SUBMIT_SENDS_MAX it is exit 6", async () => {
    node.rateLimit = 1;
    const ok = await qfs(["transfer", "--key", carol, "--to", node.key("bob").account, "FLX=0.25"]);
    expect(ok.status, ok.stderr).toBe(EXIT.OK);
    expect(ok.stderr).toContain("E_RATE_LIMITED");
    expect(ok.stderr).toContain("sending the same packet again in 0 ms"); // the node's Retry-After: 0
    node.rateLimit = 3;
    const seq = node.state().seq;
    const no = await qfs(["transfer", "--key", carol, "--to", node.key("bob").account, "FLX=0.25"]);
    expect(no.status).toBe(EXIT.NODE);
    expect(no.stderr).toContain("HTTP 429 E_RATE_LIMITED (878)");
    expect(node.state().seq).toBe(seq);
    node.rateLimit = 0;
  });

  it("a halted node: exit 6 naming the halt (source, reason, record hash); nothing sequenced", async () => {
    const hash = "ab".repeat(32);
    node.halt = {
      source: "node",
      record: "00".repeat(80),
      hash,
      code: 302,
      message: 601,
      reason: "E_STATE_ROOT_MISMATCH",
      seq: node.state().seq,
      stateRoot: node.state().stateRoot,
      auditHead: "00".repeat(32),
      signature: "",
    };
    const seq = node.state().seq;
    const r = await qfs(["transfer", "--key", carol, "--to", node.key("bob").account, "CHR=1"]);
    node.halt = undefined;
    expect(r.status).toBe(EXIT.NODE);
    expect(r.stderr).toContain(`HTTP 503 E_HALTED (20)`);
    expect(r.stderr).toContain(`the node is halted (node halt, E_STATE_ROOT_MISMATCH, record hash ${hash})`);
    expect(node.state().seq).toBe(seq);
  });

  it("balance: whole tokens and base units, by hex id or by key file", async () => {
    const byFile = await qfs(["balance", `${keys}#alice`]);
    expect(byFile.status).toBe(EXIT.OK);
    expect(byFile.stdout).toMatch(/CHR +10 +\(10000000000000000000 base units\)/);
    expect(byFile.stdout).toMatch(/FLX +5 +\(5000000000000000000 base units\)/);
    const byHex = await qfs(["balance", node.key("alice").account]);
    expect(byHex.stdout).toBe(byFile.stdout);
    const c = await qfs(["balance", carol]);
    expect(c.stdout).toMatch(/CHR +89 /); // 100 − 10 to alice − 1 to bob
    expect(c.stdout).toMatch(/FLX +45 /); // 50.25 − 5 to alice − 0.25 to bob
    expect(c.stdout).toMatch(/nonce 3/);
  });

  it("balance of an account the ledger does not have: exit 6 with the node's E_ACCOUNT_UNKNOWN", async () => {
    const r = await qfs(["balance", "ab".repeat(32)]);
    expect(r.status).toBe(EXIT.NODE);
    expect(r.stderr).toContain("E_ACCOUNT_UNKNOWN");
  });

  it("tx ID prints the receipt; an unknown id is exit 6 (E_TX_UNKNOWN)", async () => {
    const r = await qfs(["tx", transferReceipt.txId]);
    expect(r.status).toBe(EXIT.OK);
    expect(receiptOf(r.stdout)).toEqual(transferReceipt);
    const none = await qfs(["tx", "00".repeat(32)]);
    expect(none.status).toBe(EXIT.NODE);
    expect(none.stderr).toContain("E_TX_UNKNOWN");
  });

  it("verify-receipt: a receipt from mint and one from tx verify (exit 0), pinned or not", async () => {
    const file = join(tmp, "transfer.json");
    writeFileSync(file, JSON.stringify(transferReceipt));
    const r = await qfs(["verify-receipt", file]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/^valid: tx [0-9a-f]{64} OK/);
    expect(r.stdout).toContain("(not pinned)");
    const pinned = await qfs(["verify-receipt", "--node-key-id", node.state().nodeKeyId, join(tmp, "mint.json")]);
    expect(pinned.status, pinned.stderr).toBe(EXIT.OK);
    expect(pinned.stdout).not.toContain("not pinned");
    const stdin = await qfs(["verify-receipt", "-"], JSON.stringify(mintReceipt));
    expect(stdin.status).toBe(EXIT.OK);
  });

  it("verify-receipt: another node key pinned, or one changed byte, is exit 5 naming what failed", async () => {
    const file = join(tmp, "transfer.json");
    const wrongPin = await qfs(["verify-receipt", "--node-key-id", "cd".repeat(32), file]);
    expect(wrongPin.status).toBe(EXIT.INVALID);
    expect(wrongPin.stderr).toContain("is not the pinned");
    const bad = structuredClone(transferReceipt);
    bad.events[1]!.amount = String(6n * E18);
    writeFileSync(join(tmp, "bad.json"), JSON.stringify(bad));
    const r = await qfs(["verify-receipt", join(tmp, "bad.json")]);
    expect(r.status).toBe(EXIT.INVALID);
    expect(r.stderr).toContain("invalid: events[1]");
  });

  it("verify-log: replays the served log, re-hashes every entry, finds the node's state; exit 0", async () => {
    const r = await qfs(["verify-log"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(node.state().stateRoot);
    expect(r.stdout).toContain(`${node.seq.log().batches.length} batches replayed`);
    expect(r.stderr).toContain("100%"); // not a TTY: a line per 10%
    const byArg = await qfs(["verify-log", "--quiet", "--node-key-id", node.state().nodeKeyId, env.QFS_URL!]);
    expect(byArg.status).toBe(EXIT.OK);
    expect(byArg.stderr).toBe("");
  });
});

describe("verify-log progress on a terminal", () => {
  it("draws a bar on stderr when it is a TTY (util-linux `script` gives the command one)", async () => {
    const { spawn } = await import("node:child_process");
    const minted = await qfs(["mint", "--key", `${keys}#minter`, "--to", node.key("bob").account, "CHR=1"]);
    expect(minted.status, minted.stderr).toBe(EXIT.OK); // at least one batch to show
    const cmd = `${JSON.stringify(process.execPath)} bin/qfs.mjs verify-log ${env.QFS_URL}`;
    const out = await new Promise<string>((ok, fail) => {
      const c = spawn("script", ["-qec", cmd, "/dev/null"], { cwd: join(import.meta.dirname, "../..") });
      let text = "";
      c.stdout.setEncoding("utf8").on("data", (d: string) => (text += d));
      c.on("error", fail);
      c.on("close", (code) => (code === 0 ? ok(text) : fail(new Error(`exit ${code}: ${text}`))));
    });
    const batches = node.seq.log().batches.length;
    expect(out).toContain(`\r[${"#".repeat(30)}] 100% batch ${batches}/${batches}`);
    expect(out).not.toContain("verify-log: 100%"); // the line form is for pipes and files
  });
});

describe("usage errors name the bad argument (exit 2)", () => {
  const cases: [string[], string][] = [
    [["keygen", "--level", "50"], "--level must be 44, 65 or 87"],
    [["keygen", "--name", "a b"], "--name must be"],
    [["keygen", "extra"], "unexpected argument 'extra'"],
    [["register-key", "--public", "x.json"], "missing --key"],
    [["register-key", "--key", "x.json"], "missing --public"],
    [["register-key", "--key", "k#admin", "--public", "p", "--roles", "KING"], "unknown role 'KING'"],
    [["mint", "--to", "00".repeat(32), "CHR=1"], "missing --key"],
    [["mint", "--key", "k.json", "CHR=1"], "missing --to"],
    [["mint", "--key", "k.json", "--to", "00".repeat(32)], "missing TOKEN=AMOUNT"],
    [["mint", "--key", "k.json", "--to", "00".repeat(32), "GOLD=1"], "unknown token 'GOLD'"],
    [["mint", "--key", "k.json", "--to", "00".repeat(32), "CHR=1", "CHR=2"], "CHR given twice"],
    [["mint", "--key", "k.json", "--to", "00".repeat(32), "CHR=1.0000000000000000001"], "more than 18 decimals"],
    [["mint", "--key", "k.json", "--to", "00".repeat(32), "CHR=-1"], "not a decimal amount"],
    [["transfer", "--key", "k.json", "--to", "00".repeat(32), "CHR"], "'CHR' is not TOKEN=AMOUNT"],
    [["transfer", "--key", "/nonexistent/k.json", "--to", "00".repeat(32), "CHR=1"], "cannot read --key file"],
    [["transfer", "--bogus"], "unknown option '--bogus'"],
    [["transfer", "--key", "k", "--to", "00", "CHR=1", "--url", "ftp://x"], "--url is not an http(s) URL"],
    [["balance"], "missing argument"],
    [["balance", "nothex"], "ACCOUNT 'nothex' is neither 64 hex characters nor a key file"],
    [["tx", "1234"], "ID is not 64 hex characters"],
    [["tx", "a", "b"], "unexpected argument 'b'"],
    [["verify-receipt"], "missing argument"],
    [["verify-receipt", "--node-key-id", "xyz", "r.json"], "--node-key-id needs 64 lower-case hex"],
    [["verify-receipt", "/nonexistent/r.json"], "cannot read receipt"],
    [["verify-log", "--node-key-id", "XY"], "--node-key-id needs 64 lower-case hex"],
    [["verify-log", "a", "b"], "unexpected argument 'b'"],
    [["verify-log", "not a url"], "--url is not an http(s) URL"],
    [["start", "--port", "70000"], "--port must be an integer in 0..65535"],
    [["start", "--threads", "0"], "--threads must be an integer in 1..64"],
    [["start", "--nope"], "unknown option '--nope'"],
  ];
  it.each(cases)("qfs %j", async (args, message) => {
    const r = await qfs(args);
    expect(r.status, r.stderr).toBe(EXIT.USAGE);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`usage: qfs ${args[0]}`);
  });

  it("a key list without #NAME, a missing name, a file that is not a key, and $QFS_URL that is not a URL", async () => {
    const noName = await qfs(["balance", keys]);
    expect(noName.status).toBe(EXIT.USAGE);
    expect(noName.stderr).toContain("holds 4 keys: name one");
    const missing = await qfs(["mint", "--key", `${keys}#zed`, "--to", carol, "CHR=1"]);
    expect(missing.stderr).toContain("no key named 'zed' (admin, minter, alice, bob)");
    const notKey = join(tmp, "notkey.json");
    writeFileSync(notKey, JSON.stringify({ level: 44, publicKey: "abcd" }));
    const r = await qfs(["mint", "--key", notKey, "--to", carol, "CHR=1"]);
    expect(r.status).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("publicKey: not 1312 bytes of hex or base64");
    const envUrl = await qfsAsync(["balance", carol], { QFS_URL: "nope" });
    expect(envUrl.status).toBe(EXIT.USAGE);
    expect(envUrl.stderr).toContain("$QFS_URL is not an http(s) URL: 'nope'");
  });

  it("--out that exists is refused before anything is sent", async () => {
    const out = join(tmp, "exists.json");
    writeFileSync(out, "keep");
    const before = node.state().seq;
    const r = await qfs(["mint", "--key", `${keys}#minter`, "--to", carol, "CHR=1", "--out", out]);
    expect(r.status).toBe(EXIT.USAGE);
    expect(r.stderr).toContain("exists (never overwritten)");
    expect(readFileSync(out, "utf8")).toBe("keep");
    expect(node.state().seq).toBe(before);
  });

  it("every command has --help (exit 0, its usage line first)", async () => {
    for (const c of [
      "start",
      "keygen",
      "register-key",
      "mint",
      "transfer",
      "balance",
      "tx",
      "verify-receipt",
      "verify-log",
    ]) {
      const r = await qfs([c, "--help"]);
      expect(r.status, c).toBe(EXIT.OK);
      expect(r.stdout.startsWith(`qfs ${c}`), c).toBe(true);
      expect(r.stdout).toContain("Exit code");
    }
  });
});

describe("a node that cannot be reached is exit 6", () => {
  it("for reads, writes and verifications", async () => {
    const dead = { QFS_URL: "http://127.0.0.1:9" }; // the discard port: nothing listens there
    for (const args of [
      ["balance", node.key("alice").account],
      ["tx", "00".repeat(32)],
      ["mint", "--key", `${keys}#minter`, "--to", carol, "CHR=1"],
      ["verify-log"],
    ]) {
      const r = await qfsAsync(args, dead);
      expect(r.status, args.join(" ")).toBe(EXIT.NODE);
      expect(r.stderr).toContain("cannot reach the node at http://127.0.0.1:9");
    }
  });
});
