// Issue 8 acceptance: ≥ 10,000 concurrent conflicting transfers through the real Sequencer on SQLite stores.
// Eight accounts send each other multi-token transfers; every nonce slot of an account has 2–3 competing packets
// (an over-spending one, a medium one, a tiny one, in a shuffled order), so packets lose to E_NONCE and to
// E_INSUFFICIENT_FUNDS all the time. All are submitted at once. Then: no balance below zero or above its supply,
// every supply equals its genesis allocation (transfers move value, never make it), and every receipt's outcome
// equals a sequential replay of the committed batches (read back from the decision log) on a fresh Ledger.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { errorName, ledgerCodeName, LedgerParam, Token } from "../../bindings/index.js";
import { MAX_TIMESTAMP_WINDOW_MS } from "../../bindings/ledger/layout.generated.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { prng } from "./helpers.js";
import {
  accountHex,
  hex,
  presign,
  replayDecisionLog,
  seededKey,
  type OpSpec,
  type PacketSpec,
} from "./load-fixtures.js";

const CHAIN_ID = 31;
const PACKETS_MIN = 10_000;
const USERS = 8;
/** Base units of every token each user holds at genesis. */
const ALLOCATION = 1_000_000n;
const TRANSFERABLE = [Token.CHR, Token.FLX, Token.ATR];
/** PSY is minted only by staking (not at genesis), so the users hold the other four. */
const ALLOCATED: readonly number[] = [...TRANSFERABLE, Token.RES];

const admin = seededKey("qfs-v13/test/conflicts/admin");
const users = Array.from({ length: USERS }, (_, i) => seededKey(`qfs-v13/test/conflicts/user-${i}`));
const userAccounts = users.map(accountHex);

const genesis: GenesisFile = {
  chainId: CHAIN_ID,
  timeMs: String(Date.now() - 1000),
  keys: [
    { publicKey: hex(admin.publicKey), roles: ["ADMIN"] },
    ...users.map((u) => ({ publicKey: hex(u.publicKey), roles: [] })),
  ],
  allocations: userAccounts.flatMap((account) =>
    ALLOCATED.map((token) => ({ account, token, amount: String(ALLOCATION) })),
  ),
};

const spec = (signer: number, label: string, nonce: number, ops: OpSpec[], nowMs: number): PacketSpec => ({
  chainId: CHAIN_ID,
  account: signer < 0 ? accountHex(admin) : userAccounts[signer]!,
  nonce: String(nonce),
  timestampMs: String(nowMs),
  signers: [{ label, level: 44 }],
  ops,
});

/** The conflicting packets, in submission order: per round of slots, every user's next nonce slot, its
 *  alternatives (same nonce, different bodies) shuffled. */
function conflictingSpecs(seed: number, nowMs: number): PacketSpec[] {
  const rand = prng(seed);
  const out: PacketSpec[] = [];
  const transfers = (from: number, scale: bigint, n: number): OpSpec[] =>
    Array.from({ length: n }, () => {
      let to = rand() % USERS;
      if (to === from && rand() % 8 !== 0) to = (to + 1) % USERS; // now and then a transfer to self
      // About one packet in 50 also moves RES, which is not transferable: the whole packet fails.
      const token = rand() % 200 === 0 ? Token.RES : TRANSFERABLE[rand() % TRANSFERABLE.length]!;
      const amount = 1n + (BigInt(rand()) % scale);
      return { op: "transfer", token, to: userAccounts[to]!, amount: String(amount) };
    });
  for (let nonce = 1; out.length < PACKETS_MIN; nonce++) {
    for (let u = 0; u < USERS; u++) {
      const label = `qfs-v13/test/conflicts/user-${u}`;
      const alts = [
        transfers(u, (ALLOCATION * 3n) / 4n, 2 + (rand() % 3)), // often over-spends one of its tokens
        transfers(u, ALLOCATION / 20n, 2 + (rand() % 2)),
        transfers(u, 100n, 2),
      ].slice(rand() % 3 === 0 ? 1 : 0); // a third of the slots have two alternatives
      if (rand() % 3 === 0) alts.reverse(); // the tiny one first: the big one then loses on its nonce
      for (const ops of alts) out.push(spec(u, label, nonce, ops, nowMs));
    }
  }
  return out;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("conflicting transfers through the sequencer (SQLite)", () => {
  it(`≥ ${PACKETS_MIN} concurrent multi-token transfers: no negative balance, supplies intact, outcomes = a sequential replay`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "qfs-conflicts-"));
    dirs.push(dataDir);
    // Signing 10,000 packets takes longer than the default ±30 s timestamp window: the admin widens it first.
    const [widen] = await presign([
      spec(
        -1,
        "qfs-v13/test/conflicts/admin",
        1,
        [{ op: "paramChange", paramId: LedgerParam.TIMESTAMP_WINDOW_MS, value: String(MAX_TIMESTAMP_WINDOW_MS) }],
        Date.now(),
      ),
    ]);
    const seq = await Sequencer.open({ dataDir, genesis, poolThreads: 1, queuePacketsMax: 2 * PACKETS_MIN });
    let receipts: Awaited<ReturnType<Sequencer["submit"]>>[];
    let liveBalances: (bigint[] | undefined)[];
    let liveRoot: string;
    try {
      expect((await seq.submit(widen!)).code).toBe(0);
      const specs = conflictingSpecs(0xc0ff1c7, Date.now());
      const packets = await presign(specs);
      expect(new Set(packets.map(hex)).size).toBe(packets.length); // all distinct: no retry shortcut
      // Every packet at once: the queue holds them all and group commit cuts them into batches.
      receipts = await Promise.all(packets.map((p) => seq.submit(p)));
      liveBalances = await Promise.all(
        users.map(async (u) => (await seq.account(Buffer.from(accountHex(u), "hex")))?.balances),
      );
      liveRoot = seq.state().stateRoot;
    } finally {
      await seq.close();
    }

    const replay = await replayDecisionLog(dataDir, genesis);
    expect(hex(replay.ledger.stateRoot())).toBe(liveRoot);
    expect(replay.txs.size).toBe(receipts.length + 1);
    expect(replay.batches).toBeGreaterThan(10); // the load really was cut into many group-commit batches

    // Outcomes: the receipt of every packet = the replay's outcome for the same tx id, in the same batch.
    const histogram = new Map<string, number>();
    for (const r of receipts) {
      const t = replay.txs.get(r.txId);
      expect(t, r.txId).toBeDefined();
      expect({ txId: r.txId, code: r.code, seq: r.seq }).toEqual({ txId: r.txId, code: t!.code, seq: String(t!.seq) });
      const name = r.code === 0 ? "OK" : (errorName(r.code) ?? ledgerCodeName(r.code));
      histogram.set(name, (histogram.get(name) ?? 0) + 1);
    }
    // The load is really conflicting: many applied, many lost their nonce, many over-spent.
    expect(histogram.get("OK") ?? 0).toBeGreaterThan(2_000);
    expect(histogram.get("E_NONCE") ?? 0).toBeGreaterThan(1_000);
    expect(histogram.get("E_INSUFFICIENT_FUNDS") ?? 0).toBeGreaterThan(500);
    expect(histogram.get("E_TOKEN_NOT_TRANSFERABLE") ?? 0).toBeGreaterThan(0);
    console.log(
      `conflicts: ${receipts.length} packets, ${replay.batches} batches, outcomes`,
      Object.fromEntries(histogram),
    );

    // Balances: none below zero (a u128 that wrapped would exceed the supply), each token sums to its supply,
    // and every supply is the genesis allocation: transfers only move value.
    for (const token of Object.values(Token)) {
      const supply = replay.ledger.supply(token);
      expect(supply).toBe(ALLOCATED.includes(token) ? ALLOCATION * BigInt(USERS) : 0n);
      let sum = 0n;
      for (const [u, account] of userAccounts.entries()) {
        const b = replay.ledger.getAccount(Buffer.from(account, "hex"))!.balances[token]!;
        expect(b).toBeGreaterThanOrEqual(0n);
        expect(b).toBeLessThanOrEqual(supply);
        expect(liveBalances[u]![token]).toBe(b); // the live node agrees with the replay
        sum += b;
      }
      expect(sum).toBe(supply);
    }
  });
});
