// Staking over HTTP against a real node (the Sequencer over SQLite behind server/app.ts) whose clock is the wall
// clock: a genesis with a short epoch, so epochs pass while the test waits for them. Stake → the epochs go by →
// claim pays PSY, and the account read (with its staking object) and GET /v1/staking are checked: the account JSON
// verifies against the signed checkpoint (the leaf is the whole 232-byte record), the pool's proven CHR balance is
// the total staked. Refused staking ops answer the catalogue's HTTP status with their receipt. Which epoch a packet
// lands in depends on the clock, so no assertion depends on it: the test waits until an epoch has surely passed.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountId,
  encodePacket,
  ERROR_CATALOGUE,
  generateKeyPair,
  ops,
  sha3_256,
  signPacket,
  Token,
  verifyAccount,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { buildApp } from "../../server/app.js";
import { nodeKeyFromSeed } from "../../server/node-key.js";
import type { AccountJson, ReceiptJson, StakingGlobalsJson } from "../../server/node-service.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { tempDir } from "./archive-fixtures.js";

const CHAIN_ID = 41;
/** Short, so a test waits a few hundred ms for epochs to pass. */
const EPOCH_MS = 200;
const E18 = 10n ** 18n;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const seed = (name: string) => sha3_256(new TextEncoder().encode(`qfs-v13/test/http-staking/${name}`));
const nodeKey = nodeKeyFromSeed(seed("node"));
const minter = generateKeyPair(44, seed("minter"));
const alice = generateKeyPair(44, seed("alice"));
const bob = generateKeyPair(44, seed("bob"));
const council = generateKeyPair(44, seed("council"));
const ALICE = accountId(alice.publicKey);
const POOL = hex(sha3_256(new TextEncoder().encode("QFS-V13/staking-pool/CHR")));

let dir: string;
let seq: Sequencer;
let app: FastifyInstance;
const nonces = new Map<KeyPair, bigint>();

beforeAll(async () => {
  dir = tempDir("qfs-http-staking-");
  seq = await Sequencer.open({
    dataDir: dir,
    genesis: {
      chainId: CHAIN_ID,
      timeMs: String(Date.now() - 1000),
      keys: [
        { publicKey: hex(minter.publicKey), roles: ["MINTER:CHR"] },
        { publicKey: hex(alice.publicKey), roles: [] },
        { publicKey: hex(bob.publicKey), roles: [] },
        { publicKey: hex(council.publicKey), roles: ["COUNCIL"] },
      ],
      allocations: [],
      epochLengthMs: String(EPOCH_MS),
    },
    nodeKey,
    poolThreads: 1,
    batchDelayMs: 2,
  });
  app = await buildApp({ node: seq });
});
afterAll(async () => {
  await app?.close();
  await seq?.close();
  (await import("node:fs")).rmSync(dir, { recursive: true, force: true });
});

/** Posts one packet of `signer` (its next nonce when applied) → status and body. */
async function post(
  signer: KeyPair,
  operations: Operation[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const nonce = (nonces.get(signer) ?? 0n) + 1n;
  const p = signPacket(
    {
      chainId: CHAIN_ID,
      account: accountId(signer.publicKey),
      nonce,
      timestampMs: BigInt(Date.now()),
      ops: operations,
    },
    [signer],
  );
  const r = await app.inject({
    method: "POST",
    url: "/v1/transactions",
    headers: { "content-type": "application/octet-stream" },
    payload: Buffer.from(encodePacket(p)),
  });
  if (r.statusCode === 200) nonces.set(signer, nonce);
  return { status: r.statusCode, body: r.json() };
}
const get = async <T>(url: string): Promise<T> => {
  const r = await app.inject({ method: "GET", url });
  expect(r.statusCode, `GET ${url}`).toBe(200);
  return r.json() as T;
};
const events = (r: Record<string, unknown>, type: string) =>
  (r as unknown as ReceiptJson).events.filter((e) => e.type === type);

/** Waits (polling the wall clock the node reads) until the current epoch is at least `epoch`. */
async function untilEpoch(epoch: bigint): Promise<void> {
  while (BigInt(Math.floor(Date.now() / EPOCH_MS)) < epoch) await new Promise((ok) => setTimeout(ok, EPOCH_MS / 4));
}

describe("stake, epochs pass, claim (real node)", () => {
  let stakeEpoch: bigint;

  it("stakes 4 CHR: 200 with the Stake event; the account's staking object shows it", async () => {
    expect((await post(minter, [ops.mint(Token.CHR, ALICE, 10n * E18)])).status).toBe(200);
    const r = await post(alice, [ops.stake(Token.CHR, 4n * E18)]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [ev] = events(r.body, "Stake");
    expect(ev).toMatchObject({ account: hex(ALICE), amount: String(4n * E18) });
    stakeEpoch = BigInt(ev!.epoch as string);
    const a = await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`);
    expect(a.balances.CHR).toBe(String(6n * E18));
    expect(a.staking).toMatchObject({
      stake: String(4n * E18),
      stakeEpoch1: String(stakeEpoch + 1n),
      alpha: String(E18),
    });
  });

  it("the account read verifies against its signed checkpoint; a changed staking field does not", async () => {
    const a = await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`);
    const cp = await get<unknown>(`/v1/audit/checkpoints/${a.proof.checkpointSeq}`);
    const v = verifyAccount(a, cp, nodeKey.publicKey);
    expect(v.ok ? v.account.staking.stake : v).toBe(4n * E18);
    const lied = { ...a, staking: { ...a.staking, pendingReward: "1" } };
    expect(verifyAccount(lied, cp, nodeKey.publicKey)).toMatchObject({ ok: false, field: "leaf" });
  });

  it("two epochs later, claim mints the settled reward in PSY (200, Reward event = the PSY balance)", async () => {
    await untilEpoch(stakeEpoch + 2n);
    const r = await post(alice, [ops.claim(Token.CHR)]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [ev] = events(r.body, "Reward");
    const amount = BigInt(ev!.amount as string);
    expect(amount).toBeGreaterThan(0n);
    const a = await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`);
    expect(a.balances.PSY).toBe(String(amount));
    expect(a.staking.pendingReward).toBe("0");
  });

  it("GET /v1/staking: the pool id, total staked = the pool's proven CHR balance, PSY emitted ≥ PSY paid", async () => {
    const g = await get<StakingGlobalsJson>("/v1/staking");
    expect(g.pool).toBe(POOL);
    expect(g.totalStaked).toBe(String(4n * E18));
    const pool = await get<AccountJson>(`/v1/accounts/${POOL}`);
    expect(pool.balances.CHR).toBe(g.totalStaked);
    const cp = await get<unknown>(`/v1/audit/checkpoints/${pool.proof.checkpointSeq}`);
    expect(verifyAccount(pool, cp, nodeKey.publicKey).ok).toBe(true);
    const paid = BigInt((await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`)).balances.PSY!);
    expect(BigInt(g.psyEmitted)).toBeGreaterThanOrEqual(paid);
    expect(g.seq).toBe((await get<{ seq: string }>("/v1/state")).seq);
  });
});

describe("a council penalty over HTTP", () => {
  it("slashes a quarter (burnt), and the Penalty and ResState events are in the target's history", async () => {
    const before = BigInt((await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`)).staking.stake);
    const r = await post(council, [ops.penalty(ALICE, E18 / 4n, 0n)]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const slashed = before / 4n;
    expect(events(r.body, "Penalty")[0]).toMatchObject({ target: hex(ALICE), slashed: String(slashed), resBurnt: "0" });
    const a = await get<AccountJson>(`/v1/accounts/${hex(ALICE)}`);
    expect(a.staking).toMatchObject({ stake: String(before - slashed), resState: "PENALIZED" });
    const g = await get<StakingGlobalsJson>("/v1/staking");
    expect(g.totalStaked).toBe(a.staking.stake);
    // The history is served from the audit entries (server/archive/event-json.ts): the same JSON as the receipt's.
    const h = await get<{ events: { txId: string; event: Record<string, unknown> }[] }>(
      `/v1/accounts/${hex(ALICE)}/events?limit=1000`,
    );
    const mine = h.events.filter((e) => e.txId === (r.body as unknown as ReceiptJson).txId).map((e) => e.event);
    expect(mine).toEqual((r.body as unknown as ReceiptJson).events);
    expect(mine.map((e) => e.type)).toEqual(["Penalty", "ResState"]);
    expect(mine[1]).toMatchObject({ from: "NEUTRAL", to: "PENALIZED" });
  });
});

describe("refused staking ops answer the catalogue's status with their receipt", () => {
  const refused = async (signer: KeyPair, op: Operation, name: string) => {
    const r = await post(signer, [op]);
    expect(r.body.error, JSON.stringify(r.body)).toBe(name);
    expect(r.status).toBe(ERROR_CATALOGUE[name as keyof typeof ERROR_CATALOGUE].httpStatus);
    expect((r.body.receipt as ReceiptJson).outcome).toBe(name);
  };
  it("claim with no stake: E_NOTHING_TO_CLAIM (409)", async () => {
    await refused(bob, ops.claim(Token.CHR), "E_NOTHING_TO_CLAIM");
    expect(ERROR_CATALOGUE.E_NOTHING_TO_CLAIM.httpStatus).toBe(409);
  });
  it("a stake of RES: E_STAKE_TOKEN; a position below MIN_STAKE: E_STAKE_TOO_SMALL", async () => {
    expect((await post(minter, [ops.mint(Token.CHR, accountId(bob.publicKey), 5n * E18)])).status).toBe(200);
    await refused(bob, ops.stake(Token.RES, E18), "E_STAKE_TOKEN");
    await refused(bob, ops.stake(Token.CHR, 1n), "E_STAKE_TOO_SMALL");
  });
  it("a transfer to the pool: E_STAKING_POOL", async () => {
    await refused(bob, ops.transfer(Token.CHR, new Uint8Array(Buffer.from(POOL, "hex")), 1n), "E_STAKING_POOL");
  });
});
