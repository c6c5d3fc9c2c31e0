// The staking commands (docs/cli.md "Staking") end to end against an in-process node with real signed data whose
// logical clock the test moves (fixture-node.ts { staking: true }): stake → the same-epoch and nothing-to-claim
// refusals → unstake a part next epoch → claim pays PSY (the exact α-weighted figure of docs/token-mechanics.md)
// → `qfs staking` verifies the state against the signed checkpoint and refuses a node that lies about a stake → a
// council penalty needs both COUNCIL keys → an emergency withdrawal forfeits its reward. Exit codes and usage
// errors too.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../bin/commands/exit-codes.mjs";
import type { EventJson, ReceiptJson } from "../../server/node-service.js";
import { FixtureNode } from "./fixture-node.js";
import { qfsAsync } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "qfs-cli-stake-"));
const node = new FixtureNode({ staking: true });
let env: Record<string, string>;
const keys = join(tmp, "demo-keys.json");
const E18 = 10n ** 18n;
const k = (name: string) => `${keys}#${name}`;

beforeAll(async () => {
  env = { QFS_URL: await node.listen() };
  writeFileSync(keys, node.demoKeysJson());
});
afterAll(async () => {
  await node.close();
  rmSync(tmp, { recursive: true, force: true });
});

const qfs = (args: string[]) => qfsAsync(args, env);
const receiptOf = (stdout: string): ReceiptJson => JSON.parse(stdout) as ReceiptJson;
const eventOf = (r: ReceiptJson, type: string): EventJson => {
  const e = r.events.find((x) => x.type === type);
  expect(e, `${type} event in ${JSON.stringify(r.events.map((x) => x.type))}`).toBeDefined();
  return e!;
};
const balance = async (name: string, token: string): Promise<bigint> => {
  const r = await qfs(["balance", "--json", k(name)]);
  expect(r.status, r.stderr).toBe(EXIT.OK);
  return BigInt((JSON.parse(r.stdout) as { balances: Record<string, string> }).balances[token]!);
};

describe("stake, unstake, claim across epochs", () => {
  let e0: bigint;

  it("mints CHR and RES to alice, then stakes 4 CHR: the Stake event names the amount and the epoch", async () => {
    const m = await qfs(["mint", "--key", k("minter"), "--to", k("alice"), "CHR=10", "RES=150"]);
    expect(m.status, m.stderr).toBe(EXIT.OK);
    e0 = node.epochNow();
    const r = await qfs(["stake", "--key", k("alice"), "4"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const ev = eventOf(receiptOf(r.stdout), "Stake");
    expect(ev).toMatchObject({ account: node.key("alice").account, amount: String(4n * E18), epoch: String(e0) });
    expect(await balance("alice", "CHR")).toBe(6n * E18);
  });

  it("refuses an unstake in the stake's epoch (exit 7, E_STAKE_SAME_EPOCH) and a claim with nothing settled", async () => {
    const u = await qfs(["unstake", "--key", k("alice"), "1"]);
    expect(u.status).toBe(EXIT.REJECTED);
    expect(receiptOf(u.stdout).outcome).toBe("E_STAKE_SAME_EPOCH");
    expect(u.stderr).toContain("E_STAKE_SAME_EPOCH");
    const c = await qfs(["claim", "--key", k("alice")]);
    expect(c.status).toBe(EXIT.REJECTED);
    expect(receiptOf(c.stdout).outcome).toBe("E_NOTHING_TO_CLAIM");
    expect(await balance("alice", "CHR")).toBe(6n * E18);
  });

  it("a stake of another token is refused (E_STAKE_TOKEN)", async () => {
    const r = await qfs(["stake", "--key", k("alice"), "--token", "RES", "1"]);
    expect(r.status).toBe(EXIT.REJECTED);
    expect(receiptOf(r.stdout).outcome).toBe("E_STAKE_TOKEN");
  });

  it("next epoch, unstaking 1 CHR returns it (the unstaked part forfeits the epoch's provisional bump)", async () => {
    node.advanceEpochs(1);
    const r = await qfs(["unstake", "--key", k("alice"), "1"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const ev = eventOf(receiptOf(r.stdout), "Unstake");
    // Epoch e0+1 assigned its emission (1000 PSY) to the 4 CHR held at its start: 250 PSY per CHR.
    expect(ev).toMatchObject({ amount: String(E18), forfeited: String(250n * E18) });
    expect(await balance("alice", "CHR")).toBe(7n * E18);
  });

  it("the epoch after, claim pays the completed epoch's reward in PSY, α = 1 (alice acted every epoch)", async () => {
    node.advanceEpochs(1);
    const r = await qfs(["claim", "--key", k("alice")]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    // 3 CHR held through epoch e0+1 × 250 PSY per CHR, α = 1: 750 PSY, minted by the claim.
    expect(eventOf(receiptOf(r.stdout), "Reward")).toMatchObject({ amount: String(750n * E18) });
    expect(await balance("alice", "PSY")).toBe(750n * E18);
    expect(node.epochNow()).toBe(e0 + 2n);
  });
});

describe("qfs staking", () => {
  it("prints the stake, reward and α only after verifying them against the signed checkpoint", async () => {
    const r = await qfs(["staking", k("alice")]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    expect(r.stdout).toMatch(/stake +3 CHR/);
    expect(r.stdout).toMatch(/pending reward +0 PSY/);
    expect(r.stdout).toMatch(/alpha +1 at the start of epoch/);
    expect(r.stdout).toMatch(/RES state +RESONANT/);
    expect(r.stdout).toMatch(/verified: in the state root of checkpoint seq \d+, signed by node key [0-9a-f]{64}/);
    const j = await qfs(["staking", "--json", k("alice")]);
    expect(JSON.parse(j.stdout).staking).toMatchObject({ stake: String(3n * E18), pendingReward: "0" });
  });

  it("a node that reports a larger stake fails the leaf check (exit 5)", async () => {
    node.tamper = { account: (a) => ({ ...a, staking: { ...a.staking, stake: String(30n * E18) } }) };
    try {
      const r = await qfs(["staking", k("alice")]);
      expect(r.status).toBe(EXIT.INVALID);
      expect(r.stderr).toContain("not verified: leaf: the nonce, balances and staking fields shown are not");
      expect(r.stdout).toBe("");
    } finally {
      node.tamper = {};
    }
  });

  it("a pinned node key that is not the node's fails (exit 5); an unknown account is exit 6", async () => {
    const pin = await qfs(["staking", "--node-key-id", "ab".repeat(32), k("alice")]);
    expect(pin.status).toBe(EXIT.INVALID);
    const none = await qfs(["staking", "cd".repeat(32)]);
    expect(none.status).toBe(EXIT.NODE);
    expect(none.stderr).toContain("E_ACCOUNT_UNKNOWN");
  });
});

describe("qfs penalty (2 of 2 COUNCIL keys)", () => {
  it("one COUNCIL signature is below the quorum: sequenced, not applied", async () => {
    const r = await qfs(["penalty", "--key", k("council"), "--share", "0.5", "--res-burn", "100", k("alice")]);
    expect(r.status).toBe(EXIT.REJECTED);
    expect(receiptOf(r.stdout).outcome).toBe("E_MULTISIG_THRESHOLD");
  });

  it("both keys: half the stake is slashed (burnt), 100 RES burnt, the RES state PENALIZED", async () => {
    const r = await qfs([
      ...["penalty", "--key", k("council"), "--key", k("council2")],
      ...["--share", "0.5", "--res-burn", "100", k("alice")],
    ]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const receipt = receiptOf(r.stdout);
    expect(eventOf(receipt, "Penalty")).toMatchObject({
      target: node.key("alice").account,
      slashed: String((3n * E18) / 2n),
      resBurnt: String(100n * E18),
      share: String(E18 / 2n),
    });
    expect(eventOf(receipt, "ResState")).toMatchObject({ account: node.key("alice").account, to: "PENALIZED" });
    expect(await balance("alice", "RES")).toBe(50n * E18);
    const s = await qfs(["staking", k("alice")]);
    expect(s.status, s.stderr).toBe(EXIT.OK);
    expect(s.stdout).toMatch(/stake +1\.5 CHR/);
    expect(s.stdout).toMatch(/RES state +PENALIZED \(last penalty epoch \d+\)/);
  });
});

describe("qfs unstake --emergency", () => {
  it("returns the principal and names the PSY forfeited", async () => {
    const m = await qfs(["mint", "--key", k("minter"), "--to", k("bob"), "CHR=5"]);
    expect(m.status, m.stderr).toBe(EXIT.OK);
    const s = await qfs(["stake", "--key", k("bob"), "2"]);
    expect(s.status, s.stderr).toBe(EXIT.OK);
    node.advanceEpochs(1);
    const r = await qfs(["unstake", "--emergency", "--key", k("bob"), "2"]);
    expect(r.status, r.stderr).toBe(EXIT.OK);
    const ev = eventOf(receiptOf(r.stdout), "Unstake");
    expect(ev.amount).toBe(String(2n * E18));
    expect(ev.emergency).toBe(true);
    expect(BigInt(ev.forfeited as string)).toBeGreaterThan(0n);
    expect(await balance("bob", "CHR")).toBe(5n * E18);
  });
});

describe("usage errors (exit 2, nothing sent)", () => {
  it.each([
    [["stake", "--key", "KEYS#alice"], "missing argument"],
    [["stake", "--key", "KEYS#alice", "0"], "the amount must be above zero"],
    [["stake", "4"], "missing --key"],
    [["stake", "--key", "KEYS#alice", "--token", "GOLD", "1"], "unknown token 'GOLD'"],
    [["unstake", "--key", "KEYS#alice", "1.0000000000000000001"], "more than 18 decimals"],
    [["penalty", "--key", "KEYS#council", "--share", "1.5", "--res-burn", "0", "KEYS#alice"], "a share is at most 1"],
    [["penalty", "--key", "KEYS#council", "--res-burn", "0", "KEYS#alice"], "missing --share"],
    [["penalty", "--key", "KEYS#council", "--key", "KEYS#council", "--share", "0", "--res-burn", "0", "x"], "twice"],
    [["claim", "--key", "KEYS#alice", "extra"], "unexpected argument 'extra'"],
    [["staking"], "missing argument"],
  ])("qfs %j", async (args, text) => {
    const before = node.seq.ledger.seq;
    const r = await qfs(args.map((a) => a.replace("KEYS", keys)));
    expect(r.status).toBe(EXIT.USAGE);
    expect(r.stderr).toContain(text);
    expect(r.stderr).toContain("usage: qfs");
    expect(node.seq.ledger.seq).toBe(before);
  });
});
