// Capacity growth (docs/ledger.md "Capacity"): from 16-slot genesis hints, one core holds
// 896,000 accounts and 100,000 ML-DSA-87-sized keys; every record is found after the tables
// have been rehashed many times, the books balance, and growth never changes a state root (the
// same batches on a ledger reserved up front, which never grows while they run, give the same
// root after every batch).
import { describe, expect, it } from "vitest";
import { Ledger, sha3_256, verifyAccountValue, type LedgerPacket } from "../../bindings/index.js";
import { standardActors, standardGenesis, packet, fakePk, T0, type Actor } from "./model-fixtures.js";

const TOKEN_FLX = 1;
const OPS_PER_PACKET = 16;

// A well-spread 32-byte account id for n (what hashed ids look like to the tables and the tree).
function accountId(n: number): Uint8Array {
  const id = new Uint8Array(32);
  const dv = new DataView(id.buffer);
  let h = (n + 0x9e3779b9) | 0;
  for (let w = 0; w < 8; w++) {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    dv.setUint32(4 * w, h >>> 0, true);
    h = (h + n + w) | 0;
  }
  return id;
}

const amountOf = (n: number): bigint => BigInt((n % 997) + 1);

function actorsByName(actors: Actor[]): Record<string, Actor> {
  return Object.fromEntries(actors.map((a) => [a.name, a])) as Record<string, Actor>;
}

// Batches of mints from the minter to accounts 0 .. total - 1 (16 new accounts a packet).
function* mintBatches(minter: Actor, total: number, packetsPerBatch: number): Generator<LedgerPacket[]> {
  let nonce = 0n;
  for (let first = 0; first < total;) {
    const packets: LedgerPacket[] = [];
    for (let p = 0; p < packetsPerBatch && first < total; p++) {
      const ops = [];
      for (let k = 0; k < OPS_PER_PACKET && first < total; k++, first++)
        ops.push({ kind: "mint" as const, token: TOKEN_FLX, to: accountId(first), amount: amountOf(first) });
      packets.push(packet([minter], ++nonce, ops));
    }
    yield packets;
  }
}

// Batches of key registrations by the admin: ML-DSA-87-sized (2,592-byte) public keys, each key
// its own new account. The pre-verified path never looks inside a public key.
function keyPk(n: number): Uint8Array {
  const pk = fakePk(n, 2592);
  new DataView(pk.buffer).setUint32(2, n, true); // fakePk spells only n's low 16 bits
  return pk;
}
function* keyBatches(admin: Actor, total: number, packetsPerBatch: number): Generator<LedgerPacket[]> {
  let nonce = 0n;
  for (let first = 0; first < total;) {
    const packets: LedgerPacket[] = [];
    for (let p = 0; p < packetsPerBatch && first < total; p++) {
      const ops = [];
      for (let k = 0; k < OPS_PER_PACKET && first < total; k++, first++)
        ops.push({ kind: "keyRegister" as const, publicKey: keyPk(first) });
      packets.push(packet([admin], ++nonce, ops));
    }
    yield packets;
  }
}

// Applies every batch, checking each packet applied; returns the root after each batch.
function run(ledger: Ledger, batches: Iterable<LedgerPacket[]>): string[] {
  const roots: string[] = [];
  let seq = 0n;
  for (const packets of batches) {
    const r = ledger._applyRecordsForTest({ seq: ++seq, timeMs: T0 }, packets);
    const bad = r.outcomes.findIndex((c) => c !== 0);
    if (bad >= 0) throw new Error(`batch ${seq} packet ${bad}: outcome ${r.outcomes[bad]}`);
    roots.push(Buffer.from(r.stateRoot).toString("hex"));
  }
  return roots;
}

// About 20 s and 1 GB for the 896,000 accounts on an idle 2-core machine; allow for a busy one.
const BIG_TIMEOUT_MS = 600_000;

describe("capacity grows", () => {
  it(
    "896,000 accounts in one core from a 16-slot hint: all found, books balanced, roots as if never grown",
    { timeout: BIG_TIMEOUT_MS },
    () => {
      const ACCOUNTS = 896_000; // 56 batches of 1,000 packets x 16 mints
      const actors = standardActors();
      const by = actorsByName(actors);
      const genesis = { ...standardGenesis(actors), accountSlots: 16, keySlots: 16 };

      const grown = Ledger.create(genesis);
      expect(grown.capacity().accountSlots).toBe(32); // genesis: one packet, at most 17 accounts
      const roots = run(grown, mintBatches(by.minter!, ACCOUNTS, 1000));
      expect(grown.accountCount).toBe(actors.length + ACCOUNTS);
      // 896,008 accounts fill the hard limit, 2^20 slots, to 85% (past 3/4 it fills to 7/8 = 917,504).
      expect(grown.capacity().accountSlots).toBe(1 << 20);
      expect(grown.checkInvariants()).toEqual({ ok: true });
      let sum = 0n;
      for (let n = 0; n < ACCOUNTS; n++) {
        const a = grown.getAccount(accountId(n));
        if (a === undefined || a.balances[TOKEN_FLX] !== amountOf(n) || a.nonce !== 0n)
          throw new Error(`account ${n} lost or wrong after growth: ${JSON.stringify(a, (_k, v) => String(v))}`);
        sum += a.balances[TOKEN_FLX]!;
      }
      expect(grown.supply(TOKEN_FLX)).toBe(sum);
      for (const a of actors) expect(grown.getAccount(a.account)).toBeDefined();
      expect(grown.getAccount(accountId(ACCOUNTS))).toBeUndefined();

      // The same batches on a ledger that has all its capacity before they start.
      const reserved = Ledger.create(genesis);
      reserved.reserve({ accounts: ACCOUNTS });
      const cap = reserved.capacity().accountSlots;
      expect(cap).toBe(1 << 20);
      expect(run(reserved, mintBatches(by.minter!, ACCOUNTS, 1000))).toEqual(roots);
      expect(reserved.capacity().accountSlots).toBe(cap);
    },
  );

  it(
    "100,000 ML-DSA-87-sized keys in one core from a 16-slot hint: all found with their public keys",
    { timeout: BIG_TIMEOUT_MS },
    () => {
      const KEYS = 100_800; // 70 batches of 90 packets x 16 registrations (about 3.8 MB of input each)
      const actors = standardActors();
      const by = actorsByName(actors);
      const genesis = { ...standardGenesis(actors), accountSlots: 16, keySlots: 16 };

      const grown = Ledger.create(genesis);
      const roots = run(grown, keyBatches(by.admin!, KEYS, 90));
      expect(grown.keyCount).toBe(actors.length + KEYS);
      expect(grown.accountCount).toBe(actors.length + KEYS);
      const cap = grown.capacity();
      expect(cap.keySlots).toBe(1 << 18); // 100,808 keys > 3/4 of 2^17
      // 261 MB of public keys, plus the last batch's worst case (its input, 3.8 MB): 256 MiB.
      expect(cap.pubKeyArenaBytes).toBe(256 << 20);
      expect(grown.checkInvariants()).toEqual({ ok: true });
      for (let n = 0; n < KEYS; n++) {
        const pk = keyPk(n);
        const keyId = sha3_256(pk);
        const k = grown.getKey(keyId);
        if (k === undefined || k.level !== 87 || !Buffer.from(k.publicKey).equals(Buffer.from(pk)))
          throw new Error(`key ${n} lost or wrong after growth`);
        if (grown.getAccount(keyId) === undefined) throw new Error(`account of key ${n} lost after growth`);
      }
      for (const a of actors) expect(Buffer.from(grown.getKey(a.keyId)!.publicKey)).toEqual(Buffer.from(a.pk));

      const reserved = Ledger.create(genesis);
      reserved.reserve({ accounts: KEYS, keys: KEYS, pubKeyBytes: KEYS * 2592 });
      const before = reserved.capacity();
      expect(run(reserved, keyBatches(by.admin!, KEYS, 90))).toEqual(roots);
      expect(reserved.capacity()).toEqual(before);
    },
  );

  it("growth between batches keeps packets atomic: a failed packet's fresh accounts and keys leave no trace", () => {
    const actors = standardActors();
    const by = actorsByName(actors);
    const ledger = Ledger.create({ ...standardGenesis(actors), accountSlots: 16, keySlots: 16 });
    // Packet 1 creates 15 accounts then fails (insufficient funds on a transfer): rolled back.
    const fresh = Array.from({ length: 15 }, (_, n) => ({
      kind: "mint" as const,
      token: TOKEN_FLX,
      to: accountId(5000 + n),
      amount: 1n,
    }));
    const failing = packet([by.minter!], 1n, [
      ...fresh,
      { kind: "transfer", token: TOKEN_FLX, to: accountId(1), amount: 10n ** 30n },
    ]);
    const r = ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, [
      failing,
      packet([by.admin!], 1n, [{ kind: "keyRegister", publicKey: keyPk(7) }]),
    ]);
    expect(r.outcomes).toEqual([406, 0]); // E_INSUFFICIENT_FUNDS, OK
    expect(ledger.capacity().accountSlots).toBeGreaterThan(16);
    for (const f of fresh) expect(ledger.getAccount(f.to)).toBeUndefined();
    expect(ledger.accountCount).toBe(actors.length + 1);
    // The next batch grows the tables again (its worst case): every record is still there.
    const r2 = ledger._applyRecordsForTest(
      { seq: 2n, timeMs: T0 },
      Array.from({ length: 40 }, (_, i) => packet([by.minter!], BigInt(i + 1), fresh)),
    );
    expect(r2.outcomes.every((c) => c === 0)).toBe(true);
    expect(ledger.capacity().accountSlots).toBeGreaterThanOrEqual(1024);
    for (const f of fresh) expect(ledger.getAccount(f.to)!.balances[TOKEN_FLX]).toBe(40n);
    expect(ledger.getKey(sha3_256(keyPk(7)))).toBeDefined();
    for (const a of actors) expect(ledger.getKey(a.keyId)).toBeDefined();
    expect(ledger.checkInvariants()).toEqual({ ok: true });
  });
  it("the state tree's stores grow under adversarial ids (255-bit common prefixes: ~250 nodes a leaf)", () => {
    const actors = standardActors();
    const by = actorsByName(actors);
    const ledger = Ledger.create({ ...standardGenesis(actors), accountSlots: 16, keySlots: 16 });
    // Ids equal but in the last bit pair up at depth 255; 64 such pairs under one 200-bit prefix.
    const ids: Uint8Array[] = [];
    for (let n = 0; n < 128; n++) {
      const id = new Uint8Array(32).fill(0xc3);
      id[25] = n >> 1;
      id[31] = 0xc2 | (n & 1);
      ids.push(id);
    }
    const mints = ids.map((to) => ({ kind: "mint" as const, token: TOKEN_FLX, to, amount: 3n }));
    for (let b = 0; b < 8; b++) {
      const r = ledger._applyRecordsForTest({ seq: BigInt(b + 1), timeMs: T0 }, [
        packet([by.minter!], BigInt(b + 1), mints.slice(16 * b, 16 * b + 16)),
      ]);
      expect(r.outcomes).toEqual([0]);
    }
    const root = ledger.stateRoot();
    for (const id of ids) {
      const value = ledger.accountCommitment(id)!;
      expect(verifyAccountValue(root, id, value, ledger.stateProof(id))).toBe(true);
    }
    expect(ledger.checkInvariants()).toEqual({ ok: true });
  });
});
