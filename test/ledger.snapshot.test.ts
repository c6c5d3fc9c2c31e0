// Snapshots and rows (docs/ledger.md "Snapshots", "Loading from rows"): a restored ledger and a
// ledger loaded from rows continue exactly as the original (same roots, same final snapshot bytes,
// audit tree included); every changed byte of a snapshot is refused by its hash, and with the hash
// recomputed every change is still refused with a named LedgerError, never a trap.
// Batches: random packets of the pre-verified record path with fake keys (no ML-DSA in the loop).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Ledger,
  LedgerError,
  LedgerCode,
  LedgerRole,
  RowKind,
  sha3_256,
  type LedgerOp,
  type LedgerPacket,
  type StateRow,
} from "../bindings/index.js";
import { wasmAuditTree } from "../bindings/audit/wasm-tree.js";
import { CHAIN_ID, EPOCH_MS, fakePk, standardActors, standardGenesis } from "./model/fixtures.js";

const actors = standardActors(); // admin, minter, council1..3, alice, bob, carol
const ADMIN = 0;
const MINTER = 1;
const NEW_PKS = Array.from({ length: 6 }, (_, i) => fakePk(500 + i));
const NEW_IDS = NEW_PKS.map((pk) => sha3_256(pk));
const OUTSIDER = new Uint8Array(32).fill(0xee);
const RUNS = 1000;

type Spec =
  | { k: "transfer"; from: number; to: number; token: number; amount: bigint }
  | { k: "mint"; to: number; token: number; amount: bigint }
  | { k: "burn"; from: number; token: number; amount: bigint }
  | { k: "register"; pk: number; council: boolean }
  | { k: "revoke"; key: number }
  | { k: "grant"; key: number }
  | { k: "param"; window: bigint }
  | { k: "halt" }
  | { k: "resume" };

const who = fc.integer({ min: 0, max: actors.length - 1 });
const token = fc.integer({ min: 0, max: 4 });
const amount = fc.bigInt({ min: 1n, max: 5_000n });
const spec: fc.Arbitrary<Spec> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant("transfer" as const), from: who, to: who, token, amount }), weight: 6 },
  {
    arbitrary: fc.record({ k: fc.constant("mint" as const), to: fc.integer({ min: 0, max: 8 }), token, amount }),
    weight: 4,
  },
  { arbitrary: fc.record({ k: fc.constant("burn" as const), from: who, token, amount }), weight: 1 },
  {
    arbitrary: fc.record({
      k: fc.constant("register" as const),
      pk: fc.integer({ min: 0, max: 5 }),
      council: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ k: fc.constant("revoke" as const), key: fc.integer({ min: 5, max: 7 }) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("grant" as const), key: fc.integer({ min: 5, max: 7 }) }), weight: 1 },
  {
    arbitrary: fc.record({ k: fc.constant("param" as const), window: fc.bigInt({ min: 1_000n, max: 60_000n }) }),
    weight: 1,
  },
  { arbitrary: fc.constant({ k: "halt" as const }), weight: 1 },
  { arbitrary: fc.constant({ k: "resume" as const }), weight: 2 },
);
const batchSpec = fc.record({
  advanceMs: fc.oneof(fc.bigInt({ min: 0n, max: 3_000n }), fc.bigInt({ min: 0n, max: 2n * EPOCH_MS })),
  packets: fc.array(spec, { minLength: 0, maxLength: 4 }),
});
const scenario = fc.record({
  before: fc.array(batchSpec, { minLength: 0, maxLength: 4 }),
  after: fc.array(batchSpec, { minLength: 1, maxLength: 4 }),
});
type BatchSpec = { advanceMs: bigint; packets: Spec[] };

interface Built {
  header: { seq: bigint; timeMs: bigint };
  packets: LedgerPacket[];
}

// Resolves specs against the ledger's current state (nonces, halt record), so most packets apply.
function build(ledger: Ledger, b: BatchSpec): Built {
  const timeMs = ledger.timeMs + b.advanceMs;
  const nonces = new Map<string, bigint>();
  const packet = (signerIdx: number[], account: Uint8Array, ops: LedgerOp[]): LedgerPacket => {
    const k = Buffer.from(account).toString("hex");
    const nonce = (nonces.get(k) ?? ledger.getAccount(account)?.nonce ?? 0n) + 1n;
    nonces.set(k, nonce);
    const signers = signerIdx.map((i) => actors[i]!.keyId);
    return { chainId: CHAIN_ID, account, signers, nonce, timestampMs: timeMs, ops };
  };
  const acct = (i: number) => (i < actors.length ? actors[i]!.account : OUTSIDER);
  const packets = b.packets.map((s): LedgerPacket => {
    const admin = (ops: LedgerOp[]) => packet([ADMIN], actors[ADMIN]!.account, ops);
    switch (s.k) {
      case "transfer":
        return packet([s.from], acct(s.from), [{ kind: "transfer", token: s.token, to: acct(s.to), amount: s.amount }]);
      case "mint":
        return packet([MINTER], acct(MINTER), [{ kind: "mint", token: s.token, to: acct(s.to), amount: s.amount }]);
      case "burn":
        return packet([s.from], acct(s.from), [{ kind: "burn", token: s.token, amount: s.amount }]);
      case "register":
        return admin([{ kind: "keyRegister", publicKey: NEW_PKS[s.pk]!, roles: s.council ? LedgerRole.COUNCIL : 0 }]);
      case "revoke":
        return admin([{ kind: "keyRevoke", keyId: actors[s.key]!.keyId }]);
      case "grant":
        return admin([{ kind: "roleGrant", keyId: actors[s.key]!.keyId, roles: LedgerRole.AUDITOR }]);
      case "param":
        return admin([{ kind: "paramSet", param: 0, value: s.window }]);
      case "halt":
        return admin([{ kind: "halt", reason: 3 }]);
      case "resume": {
        const hash = ledger.haltRecord()?.hash ?? new Uint8Array(32);
        return packet([2, 3], actors[2]!.account, [{ kind: "resume", haltRecordHash: hash }]);
      }
    }
  });
  return { header: { seq: ledger.seq + 1n, timeMs }, packets };
}

// Applies a batch and appends its root to the core's audit tree (a stand-in for its log entries).
function apply(ledger: Ledger, b: Built): Uint8Array {
  const r = ledger._applyRecordsForTest(b.header, b.packets);
  wasmAuditTree.append(r.stateRoot);
  return r.stateRoot;
}

function fresh(): Ledger {
  const ledger = Ledger.create(standardGenesis(actors));
  wasmAuditTree.reset();
  return ledger;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function rehash(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(sha3_256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e.message.split(":")[0]!;
    return `not a LedgerError: ${String(e)}`;
  }
  return "accepted";
}

// A ledger with accounts, balances, keys of both statuses, a parameter change and a halt record.
function busyLedger(): Ledger {
  const ledger = fresh();
  const specs: BatchSpec[] = [
    {
      advanceMs: 10n,
      packets: [
        { k: "mint", to: 5, token: 1, amount: 900n },
        { k: "mint", to: 6, token: 0, amount: 50n },
        { k: "register", pk: 0, council: true },
        { k: "register", pk: 1, council: false },
      ],
    },
    {
      advanceMs: EPOCH_MS,
      packets: [
        { k: "transfer", from: 5, to: 9, token: 1, amount: 300n },
        { k: "revoke", key: 7 },
        { k: "param", window: 9_000n },
        { k: "halt" },
      ],
    },
  ];
  for (const s of specs) apply(ledger, build(ledger, s));
  return ledger;
}

describe("snapshots", () => {
  it("carry magic, version, hash and root, and restore to the same bytes and state", () => {
    const a = busyLedger();
    const snap = a.snapshot();
    expect(Buffer.from(snap.bytes.subarray(0, 4)).toString()).toBe("QSNP");
    expect(snap.bytes[4]).toBe(1);
    expect(hex(snap.sha3_256)).toBe(hex(sha3_256(snap.bytes.subarray(0, snap.bytes.length - 32))));
    expect(hex(snap.bytes.subarray(snap.bytes.length - 32))).toBe(hex(snap.sha3_256));
    expect(hex(snap.stateRoot)).toBe(hex(a.stateRoot()));
    const acc = a.getAccount(actors[5]!.account);
    const key = a.getKey(NEW_IDS[0]!);
    const audit = [wasmAuditTree.size(), hex(wasmAuditTree.root())];
    const b = Ledger.restore(snap.bytes);
    expect(() => a.seq).toThrow(/E_LEDGER_STALE/);
    expect(hex(b.snapshot().bytes)).toBe(hex(snap.bytes));
    expect(b.getAccount(actors[5]!.account)).toEqual(acc);
    expect(b.getKey(NEW_IDS[0]!)).toEqual(key);
    expect([b.seq, b.halted, b.param(0)]).toEqual([2n, true, 9_000n]);
    expect([wasmAuditTree.size(), hex(wasmAuditTree.root())]).toEqual(audit);
    expect(b.checkInvariants()).toEqual({ ok: true });
  });

  it("refuse a bad frame, records out of order, a changed record and a changed public key, each by name", () => {
    const snap = busyLedger().snapshot().bytes;
    const at = (i: number, x: number) => {
      const m = snap.slice();
      m[i]! ^= x;
      return m;
    };
    expect(codeOf(() => Ledger.restore(at(200, 1)))).toBe("E_SNAPSHOT_HASH");
    expect(codeOf(() => Ledger.restore(snap.subarray(0, 100)))).toBe("E_SNAPSHOT_LENGTH");
    expect(codeOf(() => Ledger.restore(rehash(at(0, 1))))).toBe("E_SNAPSHOT_MAGIC");
    expect(codeOf(() => Ledger.restore(rehash(at(4, 2))))).toBe("E_SNAPSHOT_VERSION");
    expect(codeOf(() => Ledger.restore(rehash(at(24, 1))))).toBe("E_SNAPSHOT_LENGTH"); // account count
    const accounts = 112 + 640 + 32 * popcount(wasmAuditTree.size());
    // First account's first balance byte: committed by the state root.
    expect(codeOf(() => Ledger.restore(rehash(at(accounts + 40, 1))))).toBe("E_RESTORE_ROOT");
    const swapped = snap.slice();
    swapped.set(snap.subarray(accounts + 160, accounts + 320), accounts);
    swapped.set(snap.subarray(accounts, accounts + 160), accounts + 160);
    expect(codeOf(() => Ledger.restore(rehash(swapped)))).toBe("E_RESTORE_ORDER");
    const n = new DataView(snap.buffer).getUint32(24, true);
    const firstPk = accounts + 160 * n + 144;
    expect(codeOf(() => Ledger.restore(rehash(at(firstPk + 5, 1))))).toBe("E_RESTORE_RECORD");
    // A failed restore leaves nothing usable, and a good one still works after it.
    expect(hex(Ledger.restore(snap).snapshot().bytes)).toBe(hex(snap));
  });

  it("snapshot → restore → N batches gives the roots and final state of the original (1,000 runs)", () => {
    fc.assert(
      fc.property(scenario, ({ before, after }) => {
        const a = fresh();
        for (const s of before) apply(a, build(a, s));
        const snap = a.snapshot().bytes;
        const built: Built[] = [];
        const roots: string[] = [];
        for (const s of after) {
          built.push(build(a, s));
          roots.push(hex(apply(a, built[built.length - 1]!)));
        }
        const end = a.snapshot().bytes;
        const b = Ledger.restore(snap);
        expect(built.map((x) => hex(apply(b, x)))).toEqual(roots);
        expect(hex(b.snapshot().bytes)).toBe(hex(end));
      }),
      { numRuns: RUNS },
    );
  });

  it("every single-byte change is refused by the hash (every position, and 1,000 random changes)", () => {
    // Every position of a small snapshot (one key: each restore hashes the whole snapshot) ...
    const tiny = Ledger.create({ ...standardGenesis(actors), keys: standardGenesis(actors).keys.slice(0, 1) });
    const small = tiny.snapshot().bytes;
    for (let i = 0; i < small.length; i++) {
      const m = small.slice();
      m[i]! ^= 1 + ((i * 37) % 255);
      expect(
        codeOf(() => Ledger.restore(m)),
        `byte ${i}`,
      ).toBe("E_SNAPSHOT_HASH");
    }
    // ... and random positions of a busy one.
    const snap = busyLedger().snapshot().bytes;
    fc.assert(
      fc.property(fc.nat({ max: snap.length - 1 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = snap.slice();
        m[i]! ^= x;
        expect(codeOf(() => Ledger.restore(m))).toBe("E_SNAPSHOT_HASH");
      }),
      { numRuns: RUNS },
    );
  });

  it("with the hash recomputed, every single-byte change is still refused with a named error (1,000 runs + every non-key byte)", () => {
    const snap = busyLedger().snapshot().bytes;
    const named = new Set(
      Object.keys(LedgerCode).filter((n) => n.startsWith("E_SNAPSHOT_") || n.startsWith("E_RESTORE_")),
    );
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.nat({ max: snap.length - 33 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const m = snap.slice();
        m[i]! ^= x;
        const code = codeOf(() => Ledger.restore(rehash(m)));
        seen.set(code, (seen.get(code) ?? 0) + 1);
        expect(named.has(code), `byte ${i} ^ ${x}: ${code}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // And exhaustively: every byte that is not inside a public key (where the key id check
    // answers for every byte alike), so each header, globals, frontier and record field is hit.
    const keys = 112 + 640 + 32 * popcount(wasmAuditTree.size()) + 160 * new DataView(snap.buffer).getUint32(24, true);
    const inPk = new Uint8Array(snap.length);
    for (let off = keys; off < snap.length - 32;) {
      const pkLen = new DataView(snap.buffer).getUint32(off + 100, true);
      inPk.fill(1, off + 144, off + 144 + pkLen);
      off += 144 + pkLen;
    }
    for (let i = 0; i < snap.length - 32; i++) {
      if (inPk[i]) continue;
      const m = snap.slice();
      m[i]! ^= 1 + ((i * 37) % 255);
      const code = codeOf(() => Ledger.restore(rehash(m)));
      seen.set(code, (seen.get(code) ?? 0) + 1);
      expect(named.has(code), `byte ${i}: ${code}`).toBe(true);
    }
    // Each check has its say (the exhaustive pass makes this deterministic). E_RESTORE_COUNT is
    // out of reach of one byte here: the header and globals counts are compared before loading.
    for (const c of named)
      if (c !== "E_SNAPSHOT_HASH" && c !== "E_RESTORE_COUNT") expect(seen.get(c) ?? 0, c).toBeGreaterThan(0);
  });
});

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) c += v % 2;
  return c;
}

describe("rows", () => {
  it("are sorted per participant, carry every account, key, balance, supply and the globals", () => {
    const a = busyLedger();
    const rows = a.rows();
    const registry = rows.filter((r) => r.participant === 5);
    expect(registry.filter((r) => r.kind === RowKind.ACCOUNT)).toHaveLength(a.accountCount);
    expect(registry.filter((r) => r.kind === RowKind.KEY)).toHaveLength(a.keyCount);
    expect(registry.filter((r) => r.kind === RowKind.GLOBALS)).toHaveLength(1);
    for (let t = 0; t < 5; t++) {
      const mine = rows.filter((r) => r.participant === t);
      expect(mine.filter((r) => r.kind === RowKind.SUPPLY)).toHaveLength(1);
      for (const r of mine.filter((r) => r.kind === RowKind.BALANCE))
        expect(new DataView(r.value.buffer).getBigUint64(0, true)).toBe(a.getAccount(r.key)!.balances[t]);
    }
    for (let p = 0; p <= 5; p++) {
      const keys = rows.filter((r) => r.participant === p).map((r) => `${r.kind}:${hex(r.key)}`);
      expect(keys).toEqual([...keys].sort());
    }
    for (const r of registry.filter((r) => r.kind === RowKind.ACCOUNT))
      expect(r.value.subarray(40, 120).every((b) => b === 0)).toBe(true);
  });

  it("rows → fromRows → N batches gives the roots and final state of the original (1,000 runs)", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ before, after }, shuffle) => {
        const a = fresh();
        for (const s of before) apply(a, build(a, s));
        const rows = a.rows();
        if (shuffle) rows.reverse(); // a store may return its rows in any order
        const root = a.stateRoot();
        const audit = a.auditTreeState();
        const built: Built[] = [];
        const roots: string[] = [];
        for (const s of after) {
          built.push(build(a, s));
          roots.push(hex(apply(a, built[built.length - 1]!)));
        }
        const end = a.snapshot().bytes;
        const b = Ledger.fromRows(rows, root, { audit });
        expect(built.map((x) => hex(apply(b, x)))).toEqual(roots);
        expect(hex(b.snapshot().bytes)).toBe(hex(end));
      }),
      { numRuns: RUNS },
    );
  });

  it("refuse any single changed byte of any row by name, never a trap (1,000 runs)", () => {
    const a = busyLedger();
    const rows = a.rows();
    const root = a.stateRoot();
    const named = new Set(Object.keys(LedgerCode).filter((n) => n.startsWith("E_ROWS_") || n.startsWith("E_RESTORE_")));
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.nat({ max: rows.length - 1 }),
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (ri, inKey, pos, x) => {
          const r = rows[ri]!;
          const field = inKey ? r.key : r.value;
          const changed = field.slice();
          changed[pos % changed.length]! ^= x;
          const row = inKey ? { ...r, key: changed } : { ...r, value: changed };
          const code = codeOf(() =>
            Ledger.fromRows(
              rows.map((o, i) => (i === ri ? row : o)),
              root,
            ),
          );
          seen.set(code, (seen.get(code) ?? 0) + 1);
          expect(named.has(code), `row ${ri} ${inKey ? "key" : "value"}[${pos % changed.length}] ^ ${x}: ${code}`).toBe(
            true,
          );
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.get("E_ROWS_MALFORMED") ?? 0).toBeGreaterThan(0);
    expect(seen.get("E_RESTORE_ROOT") ?? 0).toBeGreaterThan(0);
  });

  it("refuse wrong shapes, repeats, unknown accounts, a disagreeing supply and a wrong root, each by name", () => {
    const a = busyLedger();
    const rows = a.rows();
    const root = a.stateRoot();
    const load = (rs: StateRow[], r = root) => codeOf(() => Ledger.fromRows(rs, r));
    const isKind = (k: number) => (r: StateRow) => r.kind === k;
    const balance = rows.find(isKind(RowKind.BALANCE))!;
    expect(load(rows.filter((r) => r.kind !== RowKind.GLOBALS))).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, balance])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, key: OUTSIDER.map((x) => x ^ 1) }])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, participant: 6 }])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, value: new Uint8Array(15) }])).toBe("E_ROWS_MALFORMED");
    const supply = rows.findIndex(isKind(RowKind.SUPPLY));
    const badSupply = rows.map((r, i) =>
      i === supply ? { ...r, value: r.value.map((b, j) => (j === 0 ? b ^ 1 : b)) } : r,
    );
    expect(load(badSupply)).toBe("E_ROWS_MALFORMED");
    const bi = rows.indexOf(balance);
    const richer = rows.map((r, i) => (i === bi ? { ...r, value: r.value.map((b, j) => (j === 0 ? b ^ 1 : b)) } : r));
    expect(load(richer)).toBe("E_RESTORE_ROOT");
    expect(load(rows.filter((r) => r.kind !== RowKind.KEY))).toBe("E_RESTORE_COUNT");
    expect(load(rows, new Uint8Array(32))).toBe("E_RESTORE_ROOT");
    const acc = rows.find(isKind(RowKind.ACCOUNT))!;
    const withBalance = { ...acc, value: acc.value.map((b, j) => (j === 40 ? 1 : b)) };
    expect(load(rows.map((r) => (r === acc ? withBalance : r)))).toBe("E_ROWS_MALFORMED");
    // After all those refusals the same rows still load, also with explicit zero balances (what a
    // store holds for a balance that went back to 0).
    const zeros = rows
      .filter(isKind(RowKind.ACCOUNT))
      .map((r) => ({ participant: 2, kind: RowKind.BALANCE, key: r.key, value: new Uint8Array(16) }));
    expect(rows.find((r) => r.participant === 2 && r.kind === RowKind.SUPPLY)!.value.every((b) => b === 0)).toBe(true);
    expect(hex(Ledger.fromRows([...zeros, ...rows], root).stateRoot())).toBe(hex(root));
    expect(hex(Ledger.fromRows(rows, root).stateRoot())).toBe(hex(root));
  });
});
