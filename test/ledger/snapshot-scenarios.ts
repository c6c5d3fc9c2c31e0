// Shared by the snapshot and rows tests: random batches of the pre-verified record path with fake
// keys (no ML-DSA in the loop), resolved against the ledger's state so most packets apply, and a
// busy ledger (accounts, balances, keys of both statuses, a parameter change, a halt record).
import fc from "fast-check";
import { isQfsError, Ledger, LedgerRole, sha3_256, type LedgerOp, type LedgerPacket } from "../../bindings/index.js";
import { CHAIN_ID, EPOCH_MS, fakePk, standardActors, standardGenesis } from "./model-fixtures.js";

export const actors = standardActors(); // admin, minter, council1..3, alice, bob, carol
const ADMIN = 0;
const MINTER = 1;
const NEW_PKS = Array.from({ length: 6 }, (_, i) => fakePk(500 + i));
export const NEW_IDS = NEW_PKS.map((pk) => sha3_256(pk));
export const OUTSIDER = new Uint8Array(32).fill(0xee);
export const RUNS = 1000;

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
export const scenario = fc.record({
  before: fc.array(batchSpec, { minLength: 0, maxLength: 4 }),
  after: fc.array(batchSpec, { minLength: 1, maxLength: 4 }),
});
type BatchSpec = { advanceMs: bigint; packets: Spec[] };

export interface Built {
  header: { seq: bigint; timeMs: bigint };
  packets: LedgerPacket[];
}

// Resolves specs against the ledger's current state (nonces, halt record), so most packets apply.
export function build(ledger: Ledger, b: BatchSpec): Built {
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
export function apply(ledger: Ledger, b: Built): Uint8Array {
  const r = ledger._applyRecordsForTest(b.header, b.packets);
  ledger.auditTree.append(r.stateRoot);
  return r.stateRoot;
}

export function fresh(): Ledger {
  return Ledger.create(standardGenesis(actors)); // a core of its own: an empty audit tree
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export function rehash(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(sha3_256(out.subarray(0, out.length - 32)), out.length - 32);
  return out;
}

export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isQfsError(e)) return e.code;
    return `not a QfsError: ${String(e)}`;
  }
  return "accepted";
}

// A ledger with accounts, balances, keys of both statuses, a parameter change and a halt record.
export function busyLedger(): Ledger {
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

// Set bits of a tree size (test sizes stay far below 2^32).
export function popcount(n: number): number {
  let c = 0;
  for (let v = n >>> 0; v !== 0; v >>>= 1) c += v & 1;
  return c;
}
