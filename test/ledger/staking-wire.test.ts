// Token mechanics over DRV packets in the core: stake/unstake/claim/penalty decoded from the wire (the
// 80-byte PENALTY record), a pending batch whose abort restores every staking byte (rollover included),
// write-set rows carrying the new fields, and a snapshot round trip that continues to the same roots.
import { describe, expect, it } from "vitest";
import {
  Ledger,
  LedgerParam as P,
  LedgerRole,
  Token,
  decodePacket,
  encodePacket,
  fromWirePacket,
  ledgerCodeName,
  minterRole,
  ops,
  sha3_256,
  type Operation,
} from "../../bindings/index.js";
import { ACC_SIZE, ACC_STAKE, G_ROOT, G_STK_TOTAL } from "../../bindings/ledger/layout.generated.js";
import { fakePk, EPOCH_MS } from "./model-fixtures.js";
import { hex, parseWriteSet, trusted } from "./pending.helpers.js";

const S = 10n ** 18n;
const CHAIN = 31;
const T = 1_760_000_000_000n;
const E = T / EPOCH_MS;
const PKS = [0, 1, 2, 3, 4, 5].map((i) => fakePk(900 + i));
const [, , C1, C2, ALICE, BOB] = PKS.map((pk) => sha3_256(pk));
const ROLES = [
  LedgerRole.ADMIN | LedgerRole.KEY_ADMIN,
  minterRole(Token.RES),
  LedgerRole.COUNCIL,
  LedgerRole.COUNCIL,
  0,
  0,
];

function fresh(): Ledger {
  return Ledger.create({
    chainId: CHAIN,
    timeMs: T,
    epochLengthMs: EPOCH_MS,
    councilThreshold: 2n,
    params: [
      { param: P.REWARD_RATE, value: 10n * S },
      { param: P.ALPHA_MIN, value: S },
    ],
    keys: PKS.map((publicKey, i) => ({ publicKey, roles: ROLES[i]! })),
    allocations: [
      { account: ALICE!, token: Token.CHR, amount: 1000n * S },
      { account: BOB!, token: Token.CHR, amount: 1000n * S },
      { account: ALICE!, token: Token.RES, amount: 30n * S },
    ],
    accountSlots: 32,
    keySlots: 16,
  });
}

const nonces = new Map<string, bigint>();
function pkt(epoch: bigint, signers: Uint8Array[], opsList: Operation[]): Uint8Array {
  const k = hex(signers[0]!);
  const nonce = (nonces.get(k) ?? 0n) + 1n;
  nonces.set(k, nonce);
  return encodePacket({
    body: {
      chainId: CHAIN,
      account: signers[0]!,
      nonce,
      timestampMs: (E + epoch) * EPOCH_MS,
      // The wire wants signer ids in increasing order; the account is the first signer's.
      signers: [...signers].sort((x, y) => hex(x).localeCompare(hex(y))),
      ops: opsList,
    },
    signatures: signers.map(() => ({ level: 44 as const, signature: new Uint8Array(2420) })),
  });
}
const at = (epoch: bigint, seq: bigint) => ({ seq, timeMs: (E + epoch) * EPOCH_MS });

describe("staking over the wire, pending, write sets, snapshots", () => {
  it("applies, aborts to the same bytes, commits like applyWireBatch, and restores from a snapshot", () => {
    nonces.clear();
    const a = fresh();
    const b = fresh();
    const b1 = [pkt(1n, [ALICE!], [ops.stake(Token.CHR, 100n * S)]), pkt(1n, [BOB!], [ops.stake(Token.CHR, 50n * S)])];
    for (const l of [a, b]) expect(l.applyWireBatch(at(1n, 1n), b1, trusted(b1)).outcomes).toEqual([0, 0]);

    // Epoch 4: epochs 2, 3 completed (20 PSY over 150 CHR), 4 provisional.
    const b2 = [
      pkt(4n, [ALICE!], [ops.claim(Token.CHR)]),
      pkt(4n, [BOB!], [ops.unstake(Token.CHR, 10n * S, false)]),
      pkt(4n, [C1!, C2!], [ops.penalty(ALICE!, S / 10n, 5n * S)]),
      pkt(4n, [ALICE!], [ops.unstake(Token.CHR, S, true)]),
    ];
    // The core's record of the wire penalty is the 80-byte one: its res_burn arrives.
    expect(fromWirePacket(decodePacket(b2[2]!)).ops).toEqual([
      { kind: "penalty", target: ALICE!, slashShare: S / 10n, resBurn: 5n * S },
    ]);
    const before = a.snapshot().bytes;
    const globals = a.stakingGlobals();
    const p = a.prepare(at(4n, 2n), b2, trusted(b2));
    expect(p.result.outcomes.map(ledgerCodeName)).toEqual(["OK", "OK", "OK", "OK"]);
    const rows = parseWriteSet(p.writeSets[5]!, 5, 2n);
    const aliceRow = rows.find((r) => r.kind === 3 && r.key === hex(ALICE!))!;
    expect(aliceRow.value.length).toBe(2 * ACC_SIZE);
    const rec = Buffer.from(aliceRow.value, "hex");
    // 100 − 10% slashed − 1 withdrawn = 89 CHR staked.
    expect(rec.readBigUInt64LE(ACC_STAKE) | (rec.readBigUInt64LE(ACC_STAKE + 8) << 64n)).toBe(89n * S);
    const g = Buffer.from(rows.find((r) => r.kind === 5)!.value, "hex");
    expect(g.length).toBe(G_ROOT);
    expect(g.readBigUInt64LE(G_STK_TOTAL) | (g.readBigUInt64LE(G_STK_TOTAL + 8) << 64n)).toBe(89n * S + 40n * S);
    p.abort();
    expect(hex(a.snapshot().bytes)).toBe(hex(before));
    expect(a.stakingGlobals()).toEqual(globals);
    const committed = a.prepare(at(4n, 2n), b2, trusted(b2)).commit();
    const direct = b.applyWireBatch(at(4n, 2n), b2, trusted(b2));
    expect(hex(committed.stateRoot)).toBe(hex(direct.stateRoot));
    expect(committed.events).toEqual(direct.events);
    expect(direct.events.map((e) => e.type)).toEqual(["Reward", "Unstake", "Penalty", "ResState", "Unstake"]);
    expect(a.checkInvariants()).toEqual({ ok: true });

    // A snapshot restores the staking state, and both continue to the same root.
    const c = Ledger.restore(a.snapshot().bytes);
    expect(c.stakingGlobals()).toEqual(a.stakingGlobals());
    expect(c.getAccount(ALICE!)).toEqual(a.getAccount(ALICE!));
    const b3 = [pkt(6n, [ALICE!], [ops.claim(Token.CHR)]), pkt(6n, [BOB!], [ops.stake(Token.CHR, 5n * S)])];
    const ra = a.applyWireBatch(at(6n, 3n), b3, trusted(b3));
    const rc = c.applyWireBatch(at(6n, 3n), b3, trusted(b3));
    expect(ra.outcomes).toEqual([0, 0]);
    expect(hex(rc.stateRoot)).toBe(hex(ra.stateRoot));
    expect(c.checkInvariants()).toEqual({ ok: true });
  });
  it("a penalty that is the target's first write in a pending batch saves its record: the write set carries it", () => {
    // Regression: touching the target before its first write skipped the undo log's save, so the
    // write set lost the row and a node rebuilt from its stores halted with E_RESTORE_ROOT.
    nonces.clear();
    const a = fresh();
    const b = fresh();
    const b1 = [pkt(1n, [BOB!], [ops.stake(Token.CHR, 50n * S)])];
    for (const l of [a, b]) expect(l.applyWireBatch(at(1n, 1n), b1, trusted(b1)).outcomes).toEqual([0]);
    const b2 = [pkt(4n, [C1!, C2!], [ops.penalty(BOB!, S / 10n, 0n)])];
    const p = a.prepare(at(4n, 2n), b2, trusted(b2));
    expect(p.result.outcomes.map(ledgerCodeName)).toEqual(["OK"]);
    const rows = parseWriteSet(p.writeSets[5]!, 5, 2n);
    const bobRow = rows.find((r) => r.kind === 3 && r.key === hex(BOB!));
    expect(bobRow, "the penalty target's account row").toBeDefined();
    const rec = Buffer.from(bobRow!.value, "hex");
    expect(rec.readBigUInt64LE(ACC_STAKE) | (rec.readBigUInt64LE(ACC_STAKE + 8) << 64n)).toBe(45n * S);
    const committed = p.commit();
    expect(hex(committed.stateRoot)).toBe(hex(b.applyWireBatch(at(4n, 2n), b2, trusted(b2)).stateRoot));
    // The state as stores hold it reaches the committed root.
    expect(hex(Ledger.fromRows(a.rows(), committed.stateRoot).stateRoot())).toBe(hex(committed.stateRoot));
  });
});
