// What the service-level kill -9 suite checks on each restarted node, before new load (crash-server-runner.ts):
// every acknowledged packet is applied (account nonces, GET /v1/transactions/:id), the packets of unknown fate are
// settled by the nonce, no packet is partly applied across its tokens (each served balance = genesis + the legs of
// the applied packets + the effects their receipts' staking events name), no staking op half applied (each
// client's served stake is the model's, and the pool's CHR balance is the sum of the stakes), the served log holds exactly the applied packets and replays to the served state root,
// no round is left in doubt after the restart's recovery, and each token's supply equals the sum of balances.
import { expect } from "vitest";
import { replayLogStream, ReplayLogV2Reader, replayLogV2Lines, sha3_256, Token } from "../../bindings/index.js";
import type { Stores } from "../../server/stores/open.js";
import { lastCommitted, ledgerFromStores } from "../../server/sequencer/restore.js";
import {
  CLIENTS,
  expected,
  FUNDED_TOKENS,
  GENESIS_UNITS,
  TOKEN_COUNT,
  type LoadModel,
  type SentTx,
} from "./crash-server-load.js";
import { POOL_ACCOUNT_HEX } from "./crash-server-staking.js";

const TOKEN_NAMES = Object.keys(Token);
/** Acknowledged packets sent again after each restart (the retry of a client that timed out). */
const RETRIES_PER_CHECK = 3;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export interface ServerCheck {
  /** Acknowledged packets checked against their receipt route since the last check. */
  ackedChecked: number;
  /** Packets whose answer never came, found applied (nonce consumed) and not applied. */
  unknownApplied: number;
  unknownDropped: number;
  seq: string;
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The rounds prepared on some participant and not settled (in doubt), across all six. */
export async function roundsInDoubt(stores: Stores): Promise<bigint[]> {
  const rounds = new Set<bigint>();
  for (const p of stores.participants) for (const r of await p.recover()) rounds.add(r);
  return [...rounds].sort((a, b) => (a < b ? -1 : 1));
}

export async function checkServer(
  url: string,
  model: LoadModel,
  openForCheck: () => Promise<Stores>,
): Promise<ServerCheck> {
  const health = await getJson(`${url}/health`);
  const state = (await getJson(`${url}/v1/state`)).body as { seq: string; stateRoot: string; halted: boolean };
  // The node's state names the halt (code, message, seq): the first thing to read when this fails.
  const halt = JSON.stringify(state).slice(0, 4000);
  expect(health.body.status, `the node is not halted after the restart: ${halt}`).toBe("ok");
  expect(state.halted).toBe(false);

  const result: ServerCheck = { ackedChecked: 0, unknownApplied: 0, unknownDropped: 0, seq: state.seq };
  const toCheck: SentTx[] = [];
  const { served, stakes } = await settleByNonces(url, model, result, toCheck);

  // A packet with a RES leg is rejected whole; none may count as applied.
  for (const c of model.clients)
    for (const tx of c.applied.values())
      expect(
        tx.legs.some((l) => l.token === Token.RES),
        `tx ${tx.txId} with a RES leg applied`,
      ).toBe(false);
  // All or none of each packet's token legs: the served balances are exactly the model's arithmetic.
  const want = expected(model);
  expect(served, "balances = genesis + the legs and staking events of every applied packet").toEqual(want.balances);
  // A stake moved the account and the pool, or neither: the stakes are the events' sums, the pool holds them all.
  expect(stakes, "each client's stake = its Stake − Unstake − slashed events").toEqual(want.stakes);
  const pool = await getJson(`${url}/v1/accounts/${POOL_ACCOUNT_HEX}`);
  const staked = stakes.reduce((a, b) => a + b, 0n);
  const poolChr = pool.status === 200 ? BigInt((pool.body.balances as Record<string, string>).CHR!) : 0n;
  expect(poolChr, "the pool's CHR balance = the sum of the stakes").toBe(staked);

  await checkReceipts(url, toCheck);
  await checkRetries(url, model, toCheck.slice(-RETRIES_PER_CHECK));
  await checkServedLog(url, model, state);

  await checkStores(openForCheck, state.stateRoot, served, poolChr, want);
  return result;
}

/** Every acknowledged (or settled-applied) packet has its receipt, OK, in the batch its first answer named. */
async function checkReceipts(url: string, txs: readonly SentTx[]): Promise<void> {
  for (const tx of txs) {
    const { status, body } = await getJson(`${url}/v1/transactions/${tx.txId}`);
    expect(status, `receipt of acknowledged tx ${tx.txId}`).toBe(200);
    expect(body.txId).toBe(tx.txId);
    expect(body.outcome, `tx ${tx.txId} outcome`).toBe("OK");
    expect(body.repeat, `tx ${tx.txId}: a read is not a repeat`).toBe(false);
    if (tx.seq !== undefined) expect(body.seq, `tx ${tx.txId} seq`).toBe(tx.seq);
  }
}

/** A client that never got its answer sends the same bytes again after the restart: the original receipt
 *  (repeat: true, same batch), never a second application (the account's nonce does not move). */
async function checkRetries(url: string, model: LoadModel, txs: readonly SentTx[]): Promise<void> {
  for (const tx of txs) {
    const res = await fetch(`${url}/v1/transactions`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: new Uint8Array(tx.bytes),
    });
    const body = (await res.json()) as { txId?: string; seq?: string; repeat?: boolean };
    expect(res.status, `retry of tx ${tx.txId}`).toBe(200);
    expect(body).toMatchObject({ txId: tx.txId, repeat: true, ...(tx.seq === undefined ? {} : { seq: tx.seq }) });
    const account = await getJson(`${url}/v1/accounts/${model.clients[tx.client]!.account}`);
    expect(BigInt(account.body.nonce as string), `retry of tx ${tx.txId} applied again`).toBe(
      model.clients[tx.client]!.confirmed,
    );
  }
}

/** The served log (contract §1) holds each applied packet once (plus any sequenced rejection) and nothing else,
 *  and a fresh replay of it reaches the served state root and seq. */
async function checkServedLog(url: string, model: LoadModel, state: { seq: string; stateRoot: string }): Promise<void> {
  const res = await fetch(`${url}/v1/audit/log`);
  expect(res.status, "GET /v1/audit/log").toBe(200);
  const log = new Uint8Array(await res.arrayBuffer());
  const replay = replayLogStream(log);
  expect(replay.ok ? "ok" : JSON.stringify(replay.halt), "the served log replays").toBe("ok");
  if (replay.ok) {
    expect(replay.stateRoot, "replay of the served log = served state root").toBe(state.stateRoot);
    expect(String(replay.seq)).toBe(state.seq);
  }
  const logged = new Set<string>();
  const reader = new ReplayLogV2Reader();
  for (const line of replayLogV2Lines(log)) {
    const item = reader.line(line);
    if (item.kind !== "batch") continue;
    for (const p of item.batch.packets) {
      const id = hex(sha3_256(p));
      expect(logged.has(id), `tx ${id} logged twice`).toBe(false);
      logged.add(id);
    }
  }
  const applied = new Set(model.clients.flatMap((c) => [...c.applied.values()].map((t) => t.txId)));
  const rejected = new Set(model.rejected.map((r) => r.txId));
  for (const id of applied) expect(logged.has(id), `applied tx ${id} is in the served log`).toBe(true);
  for (const id of logged) {
    if (applied.has(id) || rejected.has(id)) continue;
    // Sequenced, but its answer never came and its nonce is not consumed: it must be a rejection on record.
    const { status, body } = await getJson(`${url}/v1/transactions/${id}`);
    expect(status, `receipt of logged tx ${id}`).toBe(200);
    expect(body.code, `logged tx ${id} of unknown fate, not applied by the nonces: outcome`).not.toBe(0);
    model.rejected.push({ txId: id, outcome: String(body.outcome) });
  }
}

/** Nothing acknowledged is lost (each nonce ≥ the highest acknowledged); a packet of unknown fate is applied iff
 *  its nonce was consumed, and no other packet of the client can have applied (its events then come from its
 *  receipt). Moves the acknowledged (and the settled-applied) packets into `toCheck`; returns the served balances,
 *  client by client, in token order, and the served stakes. */
async function settleByNonces(
  url: string,
  model: LoadModel,
  result: ServerCheck,
  toCheck: SentTx[],
): Promise<{ served: bigint[][]; stakes: bigint[] }> {
  const served: bigint[][] = [];
  const stakes: bigint[] = [];
  for (const [i, c] of model.clients.entries()) {
    const { status, body } = await getJson(`${url}/v1/accounts/${c.account}`);
    expect(status, `client ${i} account`).toBe(200);
    const nonce = BigInt(body.nonce as string);
    expect(nonce, `client ${i}: nonce ${nonce} below its highest acknowledged ${c.confirmed}`).toBeGreaterThanOrEqual(
      c.confirmed,
    );
    if (c.unknown !== undefined && nonce === c.unknown.nonce) {
      const receipt = await getJson(`${url}/v1/transactions/${c.unknown.txId}`);
      expect(receipt.status, `receipt of tx ${c.unknown.txId}, applied by the nonce`).toBe(200);
      c.unknown.events = receipt.body.events as SentTx["events"];
      c.applied.set(nonce, c.unknown);
      c.confirmed = nonce;
      toCheck.push(c.unknown);
      result.unknownApplied++;
    } else if (c.unknown !== undefined) result.unknownDropped++;
    c.unknown = undefined;
    expect(nonce, `client ${i}: nonce ${nonce}, but only ${c.confirmed} packets of it can have applied`).toBe(
      c.confirmed,
    );
    const balances = body.balances as Record<string, string>;
    served.push(TOKEN_NAMES.map((t) => BigInt(balances[t]!)));
    stakes.push(BigInt((body.staking as { stake: string }).stake));
    toCheck.push(...c.newlyAcked);
    result.ackedChecked += c.newlyAcked.length;
    c.newlyAcked = [];
  }

  return { served, stakes };
}

/** The stores: nothing in doubt after the restart's recovery; they rebuild to the served root and pass the
 *  invariant scan; each token's supply is the genesis total less what the penalties burnt (CHR slashed, RES) plus
 *  the PSY rewards, and the sum of the served balances (the pool's CHR included). */
async function checkStores(
  openForCheck: () => Promise<Stores>,
  stateRoot: string,
  served: readonly bigint[][],
  poolChr: bigint,
  want: ReturnType<typeof expected>,
): Promise<void> {
  const stores = await openForCheck();
  try {
    expect(await roundsInDoubt(stores), "rounds in doubt after the restart's recovery").toEqual([]);
    const last = await lastCommitted(stores.log);
    expect(last, "a committed round").toBeDefined();
    const ledger = await ledgerFromStores(stores.participants, last!);
    expect(hex(ledger.stateRoot()), "the stores rebuild to the served state root").toBe(stateRoot);
    expect(ledger.checkInvariants()).toEqual({ ok: true });
    const change = [-want.slashed, 0n, want.psyMinted, 0n, -want.resBurnt];
    for (let t = 0; t < TOKEN_COUNT; t++) {
      const sum = served.reduce((s, b) => s + b[t]!, t === Token.CHR ? poolChr : 0n);
      const genesisSupply = FUNDED_TOKENS.includes(t) ? GENESIS_UNITS * BigInt(CLIENTS) : 0n;
      expect(ledger.supply(t), `${TOKEN_NAMES[t]} supply`).toBe(genesisSupply + change[t]!);
      expect(sum, `${TOKEN_NAMES[t]}: sum of balances = supply`).toBe(ledger.supply(t));
    }
  } finally {
    await stores.close();
  }
}
