// Pending batches (docs/ledger.md "Pending batches"): prepare → abort leaves the state byte for
// byte as before (records, globals, state root, audit tree); prepare → commit equals
// applyWireBatch; the write sets hold exactly the changed rows with their new values; the core's
// audit entries are the bytes of the TS reference (bindings/replay/entries.ts). Packets are real
// DRV packets with zero signatures on the pre-verified path (no ML-DSA in the loop).
import { ACC_SIZE } from "../../bindings/ledger/layout.generated.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Ledger,
  isQfsError,
  LedgerCode,
  LedgerRole,
  Token,
  encodePacket,
  ledgerCodeName,
  minterRole,
  ops,
  sha3_256,
  batchAuditEntries,
  packetEntry,
  type Operation,
  type TokenId,
  type RoleId,
} from "../../bindings/index.js";
import { fakePk } from "./model-fixtures.js";
import {
  expectedRows,
  hex,
  parseWriteSet,
  rawAccount,
  rawKey,
  removeAccount,
  removeKey,
  snapshot,
  trusted,
  useCore,
  type Snapshot,
} from "./pending.helpers.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";

useTestCore();

const CHAIN = 21;
const T = 1_750_000_000_000n;
const ALL_MINTERS = [0, 1, 2, 3, 4].reduce((r, t) => r | minterRole(t), 0);
// Pool keys 0..7 exist at genesis (0 admin, 1 minter, 2 council); 8..11 can be registered.
const PKS = Array.from({ length: 12 }, (_, i) => fakePk(500 + i));
const KEY_IDS = PKS.map((pk) => sha3_256(pk));
const GENESIS_KEYS = 8;
const ROLES = [LedgerRole.ADMIN | LedgerRole.KEY_ADMIN, ALL_MINTERS, LedgerRole.COUNCIL, 0, 0, 0, 0, 0];
// Recipients: the pool's accounts and outsiders (new accounts; 32 slots hold 28, so some batches
// fill the table and the abort removes from long probe clusters).
const OUTSIDERS = Array.from({ length: 24 }, (_, i) => sha3_256(Uint8Array.of(7, i)));
const ACCOUNTS = [...KEY_IDS, ...OUTSIDERS];

function fresh(): Ledger {
  return Ledger.create({
    chainId: CHAIN,
    timeMs: T,
    keys: PKS.slice(0, GENESIS_KEYS).map((publicKey, i) => ({ publicKey, roles: ROLES[i]! })),
    allocations: KEY_IDS.slice(0, GENESIS_KEYS).flatMap((account, i) =>
      [0, 1, 3, 4].map((token) => ({ account, token, amount: 100_000n + BigInt(i) })),
    ),
    accountSlots: 32,
    keySlots: 16,
  });
}

type OpSpec =
  | { k: "transfer" | "mint"; token: number; to: number; amount: bigint }
  | { k: "burn"; token: number; amount: bigint }
  | { k: "register"; pk: number; role: number }
  | { k: "rotate"; old: number; pk: number }
  | { k: "revoke"; key: number }
  | { k: "grant" | "revokeRole"; key: number; role: number; token: number }
  | { k: "param"; id: number; value: bigint }
  | { k: "halt" }
  | { k: "resume"; good: boolean };

interface PacketSpec {
  garbage: Uint8Array | null;
  signer: number;
  nonceDelta: bigint;
  chainOk: boolean;
  ops: OpSpec[];
}

const tokenArb = fc.integer({ min: 0, max: 4 }); // the wire encoder refuses others (garbage covers that)
const amountArb = fc.oneof(
  { arbitrary: fc.bigInt({ min: 1n, max: 1500n }), weight: 9 },
  fc.bigInt({ min: 1n << 127n, max: (1n << 128n) - 1n }),
);
const keyArb = fc.integer({ min: 0, max: PKS.length - 1 });
const otherKeyArb = fc.integer({ min: 3, max: PKS.length - 1 });
const moveArb = fc.record({
  k: fc.constantFrom("transfer" as const, "mint" as const),
  token: tokenArb,
  to: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }),
  amount: amountArb,
});
const transferArb = moveArb.map((o) => ({ ...o, k: "transfer" as const }));
const burnArb = fc.record({ k: fc.constant("burn" as const), token: tokenArb, amount: amountArb });
const adminArb: fc.Arbitrary<OpSpec> = fc.oneof(
  fc.record({ k: fc.constant("register" as const), pk: keyArb, role: fc.integer({ min: 0, max: 4 }) }),
  // Keys 0..2 (admin, minter, council) keep their roles, so most batches stay live.
  fc.record({ k: fc.constant("rotate" as const), old: otherKeyArb, pk: keyArb }),
  fc.record({ k: fc.constant("revoke" as const), key: otherKeyArb }),
  fc.record({
    k: fc.constantFrom("grant" as const, "revokeRole" as const),
    key: otherKeyArb,
    role: fc.integer({ min: 0, max: 4 }),
    token: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    k: fc.constant("param" as const),
    id: fc.integer({ min: 0, max: 3 }),
    value: fc.bigInt({ min: 0n, max: 90_000n }),
  }),
  transferArb,
);
const haltArb = fc.record({ k: fc.constant("halt" as const) });
const resumeArb = fc.record({ k: fc.constant("resume" as const), good: fc.boolean() });
const anyOpArb: fc.Arbitrary<OpSpec> = fc.oneof(moveArb, burnArb, adminArb, haltArb, resumeArb);
const opsOf = (a: fc.Arbitrary<OpSpec>) =>
  fc.oneof(
    { arbitrary: fc.array(a, { minLength: 1, maxLength: 1 }), weight: 3 },
    fc.array(a, { minLength: 1, maxLength: 3 }),
  );
// Personas: signers with ops that mostly fit their roles, plus chaos (anyone, anything).
const personaArb: fc.Arbitrary<{ signer: number; ops: OpSpec[] }> = fc.oneof(
  { arbitrary: fc.record({ signer: fc.integer({ min: 0, max: 7 }), ops: opsOf(transferArb) }), weight: 5 },
  { arbitrary: fc.record({ signer: fc.constant(1), ops: opsOf(fc.oneof(moveArb, moveArb, burnArb)) }), weight: 4 },
  { arbitrary: fc.record({ signer: fc.constant(0), ops: opsOf(adminArb) }), weight: 3 },
  { arbitrary: fc.record({ signer: fc.constant(2), ops: opsOf(resumeArb) }), weight: 1 },
  { arbitrary: fc.record({ signer: keyArb, ops: opsOf(anyOpArb) }), weight: 1 },
);
const packetArb: fc.Arbitrary<PacketSpec> = fc
  .record({
    garbage: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, fc.uint8Array({ maxLength: 300 })),
    persona: personaArb,
    nonceDelta: fc.oneof({ arbitrary: fc.constant(0n), weight: 12 }, fc.constantFrom(-1n, 1n)),
    chainOk: fc.oneof({ arbitrary: fc.constant(true), weight: 20 }, fc.constant(false)),
  })
  .map(({ persona, ...rest }) => ({ ...rest, signer: persona.signer, ops: persona.ops }));
const batchArb = fc.array(packetArb, { maxLength: 8 });

function toOp(ledger: Ledger, o: OpSpec): Operation {
  switch (o.k) {
    case "transfer":
      return ops.transfer(o.token as TokenId, ACCOUNTS[o.to]!, o.amount);
    case "mint":
      return ops.mint(o.token as TokenId, ACCOUNTS[o.to]!, o.amount);
    case "burn":
      return ops.burn(o.token as TokenId, o.amount);
    case "register":
      return ops.keyRegister(PKS[o.pk]!, 44, { roles: o.role === 1 ? [] : [o.role as RoleId] });
    case "rotate":
      return ops.keyRotate(KEY_IDS[o.old]!, PKS[o.pk]!, 44);
    case "revoke":
      return ops.keyRevoke(KEY_IDS[o.key]!);
    case "grant":
      return ops.roleGrant(KEY_IDS[o.key]!, o.role as RoleId, o.token as TokenId);
    case "revokeRole":
      return ops.roleRevoke(KEY_IDS[o.key]!, o.role as RoleId, o.token as TokenId);
    case "param":
      return ops.paramChange(o.id, o.value);
    case "halt":
      return ops.halt(3);
    case "resume":
      return ops.resume(o.good ? (ledger.haltRecord()?.hash ?? new Uint8Array(32)) : new Uint8Array(32).fill(9));
  }
}

// Wire packets for the specs, nonces resolved against the ledger's current state.
function build(ledger: Ledger, specs: PacketSpec[], timeMs = T): Uint8Array[] {
  const next = new Map<string, bigint>();
  return specs.map((s) => {
    if (s.garbage !== null) return s.garbage;
    const signer = KEY_IDS[s.signer]!;
    const account = ledger.getKey(signer)?.owner ?? signer;
    const last = next.get(hex(account)) ?? ledger.getAccount(account)?.nonce ?? 0n;
    const nonce = last + 1n + s.nonceDelta;
    if (s.nonceDelta === 0n) next.set(hex(account), nonce);
    return encodePacket({
      body: {
        chainId: s.chainOk ? CHAIN : CHAIN + 1,
        account,
        nonce: nonce < 0n ? 0n : nonce,
        timestampMs: timeMs,
        signers: [signer],
        ops: s.ops.map((o) => toOp(ledger, o)),
      },
      signatures: [{ level: 44, signature: new Uint8Array(2420) }],
    });
  });
}

const snap = (ledger: Ledger): Snapshot => snapshot(ledger, ACCOUNTS, KEY_IDS);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isQfsError(e) ? e.code : String(e);
  }
  return "no error";
}

describe("pending batches", () => {
  it("abort restores every byte; prepare+commit = applyWireBatch; write sets = changed rows; audit entries = reference", () => {
    let nonTrivial = 0;
    fc.assert(
      fc.property(batchArb, batchArb, fc.integer({ min: 0, max: 200_000 }), (setup, specs, dt) => {
        const ledger = fresh();
        ledger.applyWireBatch({ seq: 1n, timeMs: T }, build(ledger, setup), trusted(build(ledger, setup)));
        const before = snap(ledger);
        const header = { seq: 2n, timeMs: T + BigInt(dt) };
        const packets = build(ledger, specs, header.timeMs);
        const prepared = ledger.prepare(header, packets, trusted(packets));
        const p = prepared.result;
        expect(prepared.stateRoot).toEqual(p.stateRoot);
        expect(codeOf(() => ledger.getAccount(KEY_IDS[0]!))).toBe("E_BATCH_PENDING");
        expect(codeOf(() => ledger.prepare(header, packets, trusted(packets)))).toBe("E_BATCH_PENDING");
        prepared.abort();
        expect(codeOf(() => prepared.commit())).toBe("E_NO_PENDING_BATCH");
        expect(snap(ledger)).toEqual(before);

        const r = ledger.applyWireBatch(header, packets, trusted(packets));
        expect(r).toEqual(p);
        const after = snap(ledger);
        expect(hex(r.stateRoot)).toBe(after.stateRoot);
        expect(r.auditRoot).toEqual(ledger.auditRoot());
        const rows = r.writeSets.map((ws, i) => parseWriteSet(ws, i, 2n));
        expect(rows).toEqual(expectedRows(before, after));
        expect(r.auditEntries).toEqual(batchAuditEntries(packets, r.outcomes, r.events));
        expect(r.auditSize).toBe(before.auditSize + r.auditEntries.length);
        packets.forEach((pk, i) => {
          const ref = packetEntry(pk);
          expect(r.packets[i]).toEqual({ id: ref.packetId, bodyHash: ref.packetHash });
        });
        if (r.outcomes.some((c) => c === 0)) nonTrivial++;
      }),
      { numRuns: 1000 },
    );
    // Most batches must apply some packet, or the property would hold for want of changes.
    expect(nonTrivial).toBeGreaterThan(500); // measured: about 600 of 1,000
  });

  it("CIR-302: the batch-level Halt entry comes after the packets' entries; abort of a halted batch restores", () => {
    const ledger = fresh();
    testHooks(ledger.core).ledgerTestCorruptSupply(Token.FLX, 1n, 0n); // breaks the supply invariant (a simulated core bug)
    const first = build(ledger, [
      {
        garbage: null,
        signer: 3,
        nonceDelta: 0n,
        chainOk: true,
        ops: [{ k: "transfer", token: 1, to: 4, amount: 5n }],
      },
    ]);
    // The batch halts before its packet runs; the Halt is emitted first but logged last.
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, first, trusted(first));
    expect(r.halted).toBe(true);
    expect(r.outcomes.map(ledgerCodeName)).toEqual(["E_HALTED"]);
    expect(r.events.map((e) => [e.type, e.packet])).toEqual([["Halt", 0xffffffff]]);
    expect(r.auditEntries).toEqual(batchAuditEntries(first, r.outcomes, r.events));
    expect(r.auditEntries.map((e) => e[1])).toEqual([1, 2, 3]); // packet, outcome, event
    const before = snap(ledger);
    // The council resumes; the invariant is still broken, so the resume is rolled back.
    const packets = build(ledger, [
      { garbage: null, signer: 2, nonceDelta: 0n, chainOk: true, ops: [{ k: "resume", good: true }] },
    ]);
    const p = ledger.prepare({ seq: 2n, timeMs: T + 1n }, packets, trusted(packets));
    expect(p.outcomes.map(ledgerCodeName)).toEqual(["E_INVARIANT_VIOLATED"]);
    expect(p.auditEntries).toEqual(batchAuditEntries(packets, p.outcomes, p.events));
    p.abort();
    expect(snap(ledger)).toEqual(before);
  });

  it("a batch-level refusal leaves nothing pending", () => {
    const ledger = fresh();
    expect(codeOf(() => ledger.prepare({ seq: 5n, timeMs: T }, [], trusted([])))).toBe("E_BATCH_SEQ");
    const r = ledger.prepare({ seq: 1n, timeMs: T }, [], trusted([]));
    expect(r.outcomes).toEqual([]);
    r.commit();
    expect(codeOf(() => r.abort())).toBe("E_NO_PENDING_BATCH");
    expect(ledger.seq).toBe(1n);
  });

  it("an empty batch still writes the globals row (seq, time) and nothing else", () => {
    const ledger = fresh();
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T + 5n }, [], trusted([]));
    const rows = r.writeSets.map((ws, i) => parseWriteSet(ws, i, 1n));
    expect(rows.slice(0, 5)).toEqual([[], [], [], [], []]);
    expect(rows[5]!.map((x) => x.kind)).toEqual([5]);
  });

  it("a full undo log fails the packet with E_BATCH_UNDO_FULL, and abort still restores", () => {
    const ledger = fresh();
    // Room for two saved account records (40 B header + ACC_SIZE each) and nothing more.
    testHooks(ledger.core).ledgerTestLimits(2 * (40 + ACC_SIZE), 8 << 20);
    const before = snap(ledger);
    const minter = KEY_IDS[1]!;
    const mint = (nonce: bigint, to: number[]) =>
      encodePacket({
        body: {
          chainId: CHAIN,
          account: minter,
          nonce,
          timestampMs: T,
          signers: [minter],
          ops: to.map((i) => ops.mint(Token.FLX, KEY_IDS[i]!, 1n)),
        },
        signatures: [{ level: 44, signature: new Uint8Array(2420) }],
      });
    // Packet 0 saves the minter and account 2 (full); packet 1 needs account 3: refused.
    const batch = [mint(1n, [2]), mint(2n, [3]), mint(2n, [2])];
    const p = ledger.prepare({ seq: 1n, timeMs: T }, batch, trusted(batch));
    expect(p.result.outcomes.map(ledgerCodeName)).toEqual(["OK", "E_BATCH_UNDO_FULL", "E_BATCH_UNDO_FULL"]);
    p.abort();
    expect(snap(ledger)).toEqual(before);
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, batch, trusted(batch));
    expect(r.outcomes.map(ledgerCodeName)).toEqual(["OK", "E_BATCH_UNDO_FULL", "E_BATCH_UNDO_FULL"]);
    expect(ledger.getAccount(KEY_IDS[2]!)!.balances[Token.FLX]).toBe(100_002n + 1n); // genesis + packet 0
  });

  it("write sets past their cap undo the whole batch (E_WRITE_SET_FULL, nothing pending)", () => {
    const ledger = fresh();
    testHooks(ledger.core).ledgerTestLimits(4 << 20, 200);
    const before = snap(ledger);
    const batch = build(ledger, [
      { garbage: null, signer: 1, nonceDelta: 0n, chainOk: true, ops: [{ k: "mint", token: 1, to: 20, amount: 5n }] },
    ]);
    expect(codeOf(() => ledger.prepare({ seq: 1n, timeMs: T }, batch, trusted(batch)))).toBe("E_WRITE_SET_FULL");
    expect(snap(ledger)).toEqual(before);
    expect(ledger.seq).toBe(0n);
  });

  it("abort removes accounts created into a colliding probe cluster", () => {
    // Ids whose home slot in a 16-slot table is 5 or 6: (u32@0 ^ u32@12 ^ u32@24) & 15.
    const homed = (home: number, tag: number) => {
      const id = new Uint8Array(32);
      id[0] = home;
      id[31] = tag;
      return id;
    };
    const old = [homed(5, 1), homed(5, 2), homed(6, 3)];
    const created = [homed(5, 4), homed(6, 5), homed(5, 6), homed(7, 7), homed(5, 8)];
    const minterPk = PKS[1]!;
    const ledger = Ledger.create({
      chainId: CHAIN,
      timeMs: T,
      keys: [{ publicKey: minterPk, roles: ALL_MINTERS }],
      allocations: old.map((account) => ({ account, token: 0, amount: 7n })),
      accountSlots: 16,
      keySlots: 16,
    });
    const minter = KEY_IDS[1]!;
    const pkt = encodePacket({
      body: {
        chainId: CHAIN,
        account: minter,
        nonce: 1n,
        timestampMs: T,
        signers: [minter],
        ops: [...created, old[0]!].map((to) => ops.mint(Token.CHR, to, 1n)),
      },
      signatures: [{ level: 44, signature: new Uint8Array(2420) }],
    });
    const root = hex(ledger.stateRoot());
    const p = ledger.prepare({ seq: 1n, timeMs: T }, [pkt], trusted([pkt]));
    expect(p.result.outcomes).toEqual([0]);
    p.abort();
    useCore(ledger.core);
    for (const id of old) expect(rawAccount(id)).not.toBeNull();
    for (const id of created) expect(rawAccount(id)).toBeNull();
    expect(ledger.accountCount).toBe(old.length + 1);
    expect(hex(ledger.stateRoot())).toBe(root);
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, [pkt], trusted([pkt]));
    expect(r.outcomes).toEqual([LedgerCode.OK]);
    for (const id of [...old, ...created]) expect(ledger.getAccount(id)).toBeDefined();
  });
});

describe("the sequencer over pending batches", () => {
  it("a batch that cannot be logged is aborted, and the sequencer goes on", async () => {
    const { ReplaySequencer } = await import("../../bindings/index.js");
    const { nodeKey } = await import("../../scripts/replay-scenarios.js");
    const node = nodeKey();
    const s = new ReplaySequencer({
      genesis: { chainId: CHAIN, timeMs: T, keys: [{ publicKey: PKS[0]!, roles: 0 }] },
      nodeSecretKey: node.secretKey,
      nodePublicKey: node.publicKey,
    });
    const before = snap(s.ledger);
    // Logging fails after the batch ran (as a full disk would): the prepared batch is aborted.
    const seq = s as unknown as { logBatch: (...a: unknown[]) => unknown };
    const logBatch = seq.logBatch;
    seq.logBatch = () => {
      throw new Error("simulated: the log cannot be written");
    };
    expect(() => s.applyBatch(Number(T) + 1, [])).toThrow(/simulated/);
    seq.logBatch = logBatch;
    expect(snap(s.ledger)).toEqual(before);
    const b = s.applyBatch(Number(T) + 1, []);
    expect(b.checkpoint.seq).toBe(1);
    expect(b.checkpoint.treeSize).toBe(before.auditSize);
  });
});

describe("removal by id", () => {
  it("abort removes keys registered into a colliding probe cluster; older keys stay reachable", () => {
    // Fake public keys whose key ids share home slot 3 of a 16-slot key table.
    const home = (id: Uint8Array) => {
      const dv = new DataView(id.buffer, id.byteOffset, 32);
      return (dv.getUint32(0, true) ^ dv.getUint32(12, true) ^ dv.getUint32(24, true)) & 15;
    };
    const colliding: Uint8Array[] = [];
    for (let n = 9000; colliding.length < 6; n++) if (home(sha3_256(fakePk(n))) === 3) colliding.push(fakePk(n));
    const [adminPk, ...rest] = colliding as [Uint8Array, ...Uint8Array[]];
    const ids = colliding.map((pk) => sha3_256(pk));
    const ledger = Ledger.create({
      chainId: CHAIN,
      timeMs: T,
      keys: [
        { publicKey: adminPk, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: rest[0]!, roles: 0 },
      ],
      accountSlots: 16,
      keySlots: 16,
    });
    const admin = ids[0]!;
    const pkt = encodePacket({
      body: {
        chainId: CHAIN,
        account: admin,
        nonce: 1n,
        timestampMs: T,
        signers: [admin],
        ops: rest.slice(1).map((pk) => ops.keyRegister(pk, 44)),
      },
      signatures: [{ level: 44, signature: new Uint8Array(2420) }],
    });
    const before = snapshot(ledger, ids, ids);
    const p = ledger.prepare({ seq: 1n, timeMs: T }, [pkt], trusted([pkt]));
    expect(p.outcomes).toEqual([0]);
    p.abort();
    expect(snapshot(ledger, ids, ids)).toEqual(before);
    expect(ledger.keyCount).toBe(2);
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, [pkt], trusted([pkt]));
    expect(r.outcomes).toEqual([0]);
    for (const id of ids) expect(ledger.getKey(id)).toBeDefined();
  });

  // A 16-slot table, homes 14, 15, 0, 1: clusters that wrap around the end of the table.
  const home16 = (id: Uint8Array) => {
    const dv = new DataView(id.buffer, id.byteOffset, 32);
    return (dv.getUint32(0, true) ^ dv.getUint32(12, true) ^ dv.getUint32(24, true)) & 15;
  };
  const WRAP_HOMES = [14, 15, 0, 1];
  const wrapPks: Uint8Array[] = [];
  for (let n = 20_000; wrapPks.length < 13; n++)
    if (WRAP_HOMES.includes(home16(sha3_256(fakePk(n))))) wrapPks.push(fakePk(n));

  it("accRemove and keyRemove in any order keep every other id reachable (fast-check)", () => {
    const accIds = Array.from({ length: 12 }, (_, i) => {
      const id = new Uint8Array(32);
      id[0] = WRAP_HOMES[i % 4]!;
      id[31] = i + 1;
      return id;
    });
    const keyIds = wrapPks.map((pk) => sha3_256(pk));
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...accIds.keys()], { minLength: 1 }),
        fc.shuffledSubarray([...keyIds.keys()], { minLength: 1 }),
        (accOrder, keyOrder) => {
          const ledger = Ledger.create({
            chainId: CHAIN,
            timeMs: T,
            // The keys' owners are their own ids: 13 more accounts would not fit, so one owner for all.
            keys: wrapPks.map((publicKey) => ({ publicKey, roles: 0, owner: accIds[0]! })),
            allocations: accIds.map((account) => ({ account, token: 0, amount: 1n })),
            accountSlots: 16,
            keySlots: 16,
          });
          useCore(ledger.core);
          const check = <T>(
            ids: Uint8Array[],
            order: number[],
            remove: (id: Uint8Array) => boolean,
            get: (id: Uint8Array) => T | null,
          ) => {
            const gone = new Set<number>();
            for (const i of order) {
              expect(remove(ids[i]!)).toBe(true);
              gone.add(i);
              expect(remove(ids[i]!)).toBe(false);
              ids.forEach((id, j) => expect(get(id) === null, `id ${j} after removing ${[...gone]}`).toBe(gone.has(j)));
            }
          };
          check(accIds, accOrder, removeAccount, rawAccount);
          check(keyIds, keyOrder, removeKey, rawKey);
        },
      ),
      { numRuns: 300 },
    );
  });
});
