import { describe, expect, it } from "vitest";
import { Ledger, LedgerCode as C, Token, LedgerRole as Role, KeyStatus, ledgerCodeName } from "../../bindings/index.js";
import {
  sha3_256,
  BATCH_LEVEL,
  newCoreInstance,
  verifyAccountValue,
  verifyAccountAbsent,
} from "../../bindings/index.js";
import { codeOf, expectCode } from "../helpers/errors.js";
import { testHooks, useTestCore } from "../helpers/test-core.js";
import { standardActors, standardGenesis, packet, fakePk, T0, EPOCH_MS, type Actor } from "./model-fixtures.js";

useTestCore();

function setup(threshold = 2n) {
  const actors = standardActors();
  const by = Object.fromEntries(actors.map((a) => [a.name, a])) as Record<string, Actor>;
  const ledger = Ledger.create(standardGenesis(actors, threshold));
  let seq = 0n;
  const nonces = new Map<string, bigint>();
  const next = (a: Actor): bigint => {
    const n = (nonces.get(a.name) ?? 0n) + 1n;
    nonces.set(a.name, n);
    return n;
  };
  const batch = (pkts: ReturnType<typeof packet>[], time = T0) =>
    ledger._applyRecordsForTest({ seq: ++seq, timeMs: time }, pkts);
  return { ledger, by, next, batch, nonces };
}

const names = (codes: number[]) => codes.map(ledgerCodeName);

describe("ledger basics", () => {
  it("genesis registers keys with roles and params", () => {
    const { ledger, by } = setup();
    const k = ledger.getKey(by.admin!.keyId)!;
    expect(k.status).toBe(KeyStatus.ACTIVE);
    expect(k.roles).toBe(Role.ADMIN | Role.KEY_ADMIN);
    expect(Buffer.from(k.owner)).toEqual(Buffer.from(by.admin!.keyId));
    expect(ledger.param(2)).toBe(EPOCH_MS);
    expect(ledger.param(1)).toBe(2n);
    expect(ledger.seq).toBe(0n);
    expect(ledger.checkInvariants().ok).toBe(true);
    const ev = ledger.genesisResult.events.map((e) => e.type);
    expect(ev.filter((t) => t === "KeyRegistered")).toHaveLength(8);
    expect(ev.filter((t) => t === "ParamChanged")).toHaveLength(3);
    expect(Buffer.from(ledger.genesisResult.stateRoot)).toEqual(Buffer.from(ledger.stateRoot()));
  });

  it("mint, transfer, burn with events and invariants", () => {
    const { ledger, by, next, batch } = setup();
    const { minter, alice, bob } = by as Record<string, Actor>;
    const r = batch([
      packet([minter!], next(minter!), [{ kind: "mint", token: Token.FLX, to: alice!.keyId, amount: 1000n }]),
      packet([alice!], next(alice!), [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 400n }]),
      packet([minter!], next(minter!), [{ kind: "mint", token: Token.FLX, to: minter!.keyId, amount: 50n }]),
      packet([minter!], next(minter!), [{ kind: "burn", token: Token.FLX, amount: 20n }]),
    ]);
    expect(names(r.outcomes)).toEqual(["OK", "OK", "OK", "OK"]);
    expect(r.events.map((e) => e.type)).toEqual(["Mint", "Transfer", "Mint", "Burn"]);
    expect(ledger.getAccount(alice!.keyId)!.balances[Token.FLX]).toBe(600n);
    expect(ledger.getAccount(bob!.keyId)!.balances[Token.FLX]).toBe(400n);
    expect(ledger.supply(Token.FLX)).toBe(1030n);
    expect(ledger.getAccount(alice!.keyId)!.nonce).toBe(1n);
    expect(ledger.checkInvariants().ok).toBe(true);
  });
});

describe("ledger rules", () => {
  it("a rotated-out key is accepted for the rest of its batch and rejected from the next batch on", () => {
    const { ledger, by, next, batch } = setup();
    const alice = by.alice!;
    const pk2 = fakePk(100);
    const alice2Id = sha3_256(pk2);
    const r1 = batch([
      packet([alice], next(alice), [{ kind: "keyRotate", oldKeyId: alice.keyId, publicKey: pk2 }]),
      packet([alice], next(alice), [{ kind: "transfer", token: Token.FLX, to: by.bob!.keyId, amount: 0n }]),
      packet([alice], 2n, [{ kind: "keyRevoke", keyId: by.bob!.keyId }]),
    ]);
    expect(names(r1.outcomes)).toEqual(["OK", "E_AMOUNT_ZERO", "E_ROLE_MISSING"]);
    expect(r1.events.map((e) => e.type)).toEqual(["KeyRotated"]);
    const old = ledger.getKey(alice.keyId)!;
    expect(old.status).toBe(KeyStatus.ROTATED);
    expect(old.rotatedAtSeq).toBe(1n);
    expect(Buffer.from(old.successor)).toEqual(Buffer.from(alice2Id));
    const nk = ledger.getKey(alice2Id)!;
    expect(Buffer.from(nk.owner)).toEqual(Buffer.from(alice.keyId));
    // Same batch: still usable (nonce 2 was consumed? no: both failed, so next is 2).
    const r1b = batch([packet([alice], 2n, [{ kind: "keyRevoke", keyId: alice2Id }])]);
    expect(names(r1b.outcomes)).toEqual(["E_KEY_ROTATED"]);
    const alice2: Actor = { name: "alice2", pk: pk2, keyId: alice2Id, account: alice.keyId, roles: 0 };
    const r2 = batch([packet([alice2], 2n, [{ kind: "keyRevoke", keyId: alice2Id }])]);
    expect(names(r2.outcomes)).toEqual(["OK"]);
    expect(ledger.getKey(alice2Id)!.status).toBe(KeyStatus.REVOKED);
    expect(ledger.getAccount(alice.keyId)!.nonce).toBe(2n);
  });

  it("the old key also signs within the rotating batch", () => {
    const { by, next, batch } = setup();
    const alice = by.alice!;
    const r = batch([
      packet([by.minter!], next(by.minter!), [{ kind: "mint", token: Token.CHR, to: alice.keyId, amount: 10n }]),
      packet([alice], next(alice), [{ kind: "keyRotate", oldKeyId: alice.keyId, publicKey: fakePk(101) }]),
      packet([alice], next(alice), [{ kind: "transfer", token: Token.CHR, to: by.bob!.keyId, amount: 3n }]),
    ]);
    expect(names(r.outcomes)).toEqual(["OK", "OK", "OK"]);
  });

  it("a revoked key is rejected immediately, in the same batch, with E_KEY_REVOKED", () => {
    const { ledger, by, next, batch } = setup();
    const r = batch([
      packet([by.admin!], next(by.admin!), [{ kind: "keyRevoke", keyId: by.bob!.keyId }]),
      packet([by.bob!], 1n, [{ kind: "transfer", token: Token.FLX, to: by.alice!.keyId, amount: 1n }]),
    ]);
    expect(names(r.outcomes)).toEqual(["OK", "E_KEY_REVOKED"]);
    expect(r.events.map((e) => e.type)).toEqual(["KeyRevoked"]);
    expect(ledger.getKey(by.bob!.keyId)!.status).toBe(KeyStatus.REVOKED);
    const r2 = batch([packet([by.bob!], 1n, [{ kind: "keyRevoke", keyId: by.bob!.keyId }])]);
    expect(names(r2.outcomes)).toEqual(["E_KEY_REVOKED"]);
  });

  it("halt, then resume needs M distinct COUNCIL signers naming the halt record hash", () => {
    const { ledger, by, next, batch } = setup(2n);
    const { admin, council1, council2, alice } = by as Record<string, Actor>;
    const r = batch([packet([admin!], next(admin!), [{ kind: "halt", reason: 77 }])]);
    expect(names(r.outcomes)).toEqual(["OK"]);
    expect(ledger.halted).toBe(true);
    const hr = ledger.haltRecord()!;
    expect(hr.code).toBe(1);
    expect(hr.message).toBe(77);
    expect(hr.seq).toBe(1n);
    expect(Buffer.from(hr.hash)).toEqual(Buffer.from(sha3_256(hr.encoded)));
    const resume = { kind: "resume" as const, haltRecordHash: hr.hash };
    const r2 = batch([
      packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: admin!.keyId, amount: 1n }]),
      packet([council1!], 1n, [resume]),
      packet([council1!, council1!], 1n, [resume]),
      packet([council1!, alice!], 1n, [resume]),
      packet([council1!, council2!], 1n, [{ kind: "resume", haltRecordHash: new Uint8Array(32) }]),
      packet([admin!], 2n, [{ kind: "paramSet", param: 0, value: 1n }]),
    ]);
    expect(names(r2.outcomes)).toEqual([
      "E_HALTED",
      "E_MULTISIG_THRESHOLD",
      "E_MULTISIG_THRESHOLD",
      "E_MULTISIG_THRESHOLD",
      "E_HALT_RECORD_MISMATCH",
      "E_HALTED",
    ]);
    expect(ledger.halted).toBe(true);
    const r3 = batch([packet([council1!, council2!], 1n, [resume])]);
    expect(names(r3.outcomes)).toEqual(["OK"]);
    expect(r3.events).toMatchObject([{ type: "Resume", councilSigners: 2 }]);
    expect(ledger.halted).toBe(false);
    expect(names(batch([packet([council1!, council2!], 2n, [resume])]).outcomes)).toEqual(["E_NOT_HALTED"]);
  });

  it("a packet is atomic: when its 3rd op fails nothing of it remains", () => {
    const { ledger, by, next, batch } = setup();
    const { minter, alice, bob } = by as Record<string, Actor>;
    batch([packet([minter!], next(minter!), [{ kind: "mint", token: Token.FLX, to: minter!.keyId, amount: 100n }])]);
    const before = [minter!, alice!, bob!].map((a) => ledger.getAccount(a.keyId));
    const supplies = [0, 1, 2, 3, 4].map((t) => ledger.supply(t));
    const keysBefore = ledger.keyCount;
    const r = batch([
      packet([minter!], 2n, [
        { kind: "mint", token: Token.CHR, to: alice!.keyId, amount: 5n },
        { kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 60n },
        { kind: "transfer", token: Token.FLX, to: alice!.keyId, amount: 41n },
        { kind: "mint", token: Token.ATR, to: bob!.keyId, amount: 1n },
      ]),
    ]);
    expect(names(r.outcomes)).toEqual(["E_INSUFFICIENT_FUNDS"]);
    expect(r.events).toEqual([]);
    expect([minter!, alice!, bob!].map((a) => ledger.getAccount(a.keyId))).toEqual(before);
    expect([0, 1, 2, 3, 4].map((t) => ledger.supply(t))).toEqual(supplies);
    expect(ledger.keyCount).toBe(keysBefore);
    expect(ledger.checkInvariants().ok).toBe(true);
    // The nonce was not consumed: 2 is still the next one.
    expect(names(batch([packet([minter!], 2n, [{ kind: "burn", token: Token.FLX, amount: 1n }])]).outcomes)).toEqual([
      "OK",
    ]);
  });

  it("a violated invariant produces a CIR-302 halt record instead of applying more", () => {
    const { ledger, by, next, batch } = setup();
    const { minter, alice } = by as Record<string, Actor>;
    batch([packet([minter!], next(minter!), [{ kind: "mint", token: Token.FLX, to: alice!.keyId, amount: 10n }])]);
    const rootBefore = ledger.stateRoot();
    // A simulated core bug (test build hook): FLX supply 11 while the balances sum to 10.
    testHooks(ledger.core).ledgerTestCorruptSupply(Token.FLX, 11n, 0n);
    expect(ledger.checkInvariants()).toEqual({ ok: false, code: C.E_INVARIANT_VIOLATED, token: Token.FLX });
    const r = ledger._applyRecordsForTest({ seq: 2n, timeMs: T0, auditHead: new Uint8Array(32).fill(7) }, [
      packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: minter!.keyId, amount: 1n }]),
    ]);
    expect(names(r.outcomes)).toEqual(["E_HALTED"]);
    expect(r.halted).toBe(true);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ type: "Halt", packet: BATCH_LEVEL });
    const hr = ledger.haltRecord()!;
    expect(hr.code).toBe(302);
    expect(hr.message).toBe(C.E_INVARIANT_VIOLATED);
    expect(hr.seq).toBe(2n);
    expect(Buffer.from(hr.stateRoot)).toEqual(Buffer.from(rootBefore));
    expect(Buffer.from(hr.auditHead)).toEqual(Buffer.alloc(32, 7));
    expect(ledger.getAccount(alice!.keyId)!.balances[Token.FLX]).toBe(10n);
  });

  it("per-token rules, roles, nonce, timestamp window, chain id", () => {
    const { by, next, batch } = setup();
    const { minter, alice, bob, admin } = by as Record<string, Actor>;
    batch([
      packet([minter!], next(minter!), [
        { kind: "mint", token: Token.RES, to: alice!.keyId, amount: 5n },
        { kind: "mint", token: Token.FLX, to: alice!.keyId, amount: 5n },
      ]),
    ]);
    const r = batch([
      packet([alice!], 1n, [{ kind: "transfer", token: Token.RES, to: bob!.keyId, amount: 1n }]),
      packet([minter!], 2n, [{ kind: "mint", token: Token.PSY, to: bob!.keyId, amount: 1n }]),
      packet([alice!], 1n, [{ kind: "mint", token: Token.FLX, to: bob!.keyId, amount: 1n }]),
      packet([alice!], 2n, [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 1n }]),
      packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 1n }], T0 + 5_001n),
      { ...packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 1n }]), chainId: 14 },
      packet([alice!], 1n, [{ kind: "transfer", token: 9, to: bob!.keyId, amount: 1n }]),
      packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 6n }]),
      packet([alice!], 1n, [{ kind: "transfer", token: Token.FLX, to: bob!.keyId, amount: 1n }], T0 - 5_000n),
      packet([admin!], 1n, [{ kind: "paramSet", param: 2, value: 1n }]),
      packet([admin!], 1n, [{ kind: "paramSet", param: 11, value: 1n }]),
      packet([admin!], 1n, [{ kind: "roleGrant", keyId: bob!.keyId, roles: 1 << 20 }]),
      packet([bob!], 1n, [{ kind: "roleGrant", keyId: bob!.keyId, roles: Role.ADMIN }]),
      packet([bob!], 1n, [{ kind: "halt", reason: 1 }]),
      packet([{ ...bob!, keyId: new Uint8Array(32).fill(1) }], 1n, [{ kind: "halt", reason: 1 }]),
    ]);
    expect(names(r.outcomes)).toEqual([
      "E_TOKEN_NOT_TRANSFERABLE",
      "E_TOKEN_MINT_STAKING_ONLY",
      "E_ROLE_MISSING",
      "E_NONCE",
      "E_TIMESTAMP_WINDOW",
      "E_CHAIN_ID",
      "E_TOKEN_UNKNOWN",
      "E_INSUFFICIENT_FUNDS",
      "OK",
      "E_PARAM_IMMUTABLE",
      "E_PARAM_UNKNOWN",
      "E_ROLE_INVALID",
      "E_ROLE_MISSING",
      "E_ROLE_MISSING",
      "E_KEY_UNKNOWN",
    ]);
  });

  it("keys expire after max-age epochs; epochs follow the batch's logical time", () => {
    const { ledger, by, next, batch } = setup();
    const pk = fakePk(200);
    const id = sha3_256(pk);
    const r = batch([packet([by.admin!], next(by.admin!), [{ kind: "keyRegister", publicKey: pk, maxAgeEpochs: 2 }])]);
    expect(names(r.outcomes)).toEqual(["OK"]);
    const k = ledger.getKey(id)!;
    expect(k.validFromEpoch).toBe(T0 / EPOCH_MS);
    expect(Buffer.from(k.publicKey)).toEqual(Buffer.from(pk));
    const dave: Actor = { name: "dave", pk, keyId: id, account: id, roles: 0 };
    const t1 = T0 + EPOCH_MS;
    expect(names(batch([packet([dave], 1n, [{ kind: "burn", token: 0, amount: 1n }], t1)], t1).outcomes)).toEqual([
      "E_ROLE_MISSING",
    ]);
    const t2 = T0 + 2n * EPOCH_MS;
    expect(names(batch([packet([dave], 1n, [{ kind: "keyRevoke", keyId: id }], t2)], t2).outcomes)).toEqual([
      "E_KEY_EXPIRED",
    ]);
    expect(ledger.epoch).toBe(t2 / EPOCH_MS);
  });

  it("batch-level checks: seq, time regression; replay mode verifies signatures in the core", () => {
    const { ledger, by, batch } = setup();
    batch([], T0 + 10n);
    expect(codeOf(() => ledger._applyRecordsForTest({ seq: 5n, timeMs: T0 + 10n }, []))).toBe("E_BATCH_SEQ");
    expect(codeOf(() => ledger._applyRecordsForTest({ seq: 2n, timeMs: T0 }, []))).toBe("E_BATCH_TIME");
    const r = ledger._applyRecordsForTest({ seq: 2n, timeMs: T0 + 10n }, [
      packet([by.alice!], 1n, [{ kind: "transfer", token: 1, to: by.bob!.keyId, amount: 1n }]),
    ]);
    expect(names(r.outcomes)).toEqual(["E_INSUFFICIENT_FUNDS"]);
    const v = ledger._applyRecordsForTest(
      { seq: 3n, timeMs: T0 + 10n },
      [
        {
          ...packet([by.alice!], 1n, [{ kind: "transfer", token: 1, to: by.bob!.keyId, amount: 1n }]),
          message: new Uint8Array(10),
          signatures: [new Uint8Array(2420)],
        },
      ],
      { verifySignatures: true },
    );
    expect(names(v.outcomes)).toEqual(["E_SIG_INVALID"]);
  });

  it("is deterministic: the same genesis and batches give the same state root", () => {
    const roots: string[] = [];
    for (let run = 0; run < 2; run++) {
      const { ledger, by, next, batch } = setup();
      batch([
        packet([by.minter!], next(by.minter!), [{ kind: "mint", token: Token.CHR, to: by.alice!.keyId, amount: 9n }]),
      ]);
      batch([packet([by.alice!], next(by.alice!), [{ kind: "transfer", token: 0, to: by.bob!.keyId, amount: 4n }])]);
      roots.push(Buffer.from(ledger.stateRoot()).toString("hex"));
    }
    expect(roots[0]).toBe(roots[1]);
    expect(roots[0]).not.toBe("0".repeat(64));
  });

  it("the state root is the sparse Merkle tree: balance proofs verify, and it depends on state, not history", () => {
    const { ledger, by, next, batch } = setup();
    const { minter, alice, bob } = by as Record<string, Actor>;
    batch([packet([minter!], next(minter!), [{ kind: "mint", token: Token.FLX, to: alice!.keyId, amount: 70n }])]);
    const r = batch([packet([alice!], next(alice!), [{ kind: "transfer", token: 1, to: bob!.keyId, amount: 30n }])]);
    const root = r.stateRoot;
    for (const a of [alice!, bob!, minter!]) {
      const value = ledger.accountCommitment(a.keyId)!;
      expect(verifyAccountValue(root, a.keyId, value, ledger.stateProof(a.keyId))).toBe(true);
      expect(verifyAccountValue(root, a.keyId, sha3_256(value), ledger.stateProof(a.keyId))).toBe(false);
    }
    const nobody = new Uint8Array(32).fill(0xab);
    expect(verifyAccountAbsent(root, nobody, ledger.stateProof(nobody))).toBe(true);
    // An empty batch changes only the globals leaf (seq, time): the root changes, accounts stay provable.
    const r2 = batch([]);
    expect(Buffer.from(r2.stateRoot)).not.toEqual(Buffer.from(root));
    const v = ledger.accountCommitment(bob!.keyId)!;
    expect(verifyAccountValue(r2.stateRoot, bob!.keyId, v, ledger.stateProof(bob!.keyId))).toBe(true);
  });

  it("a signer must act for the packet's account; registering with roles needs ADMIN as well as KEY_ADMIN", () => {
    const { ledger, by, next, batch } = setup();
    const { admin, alice, bob } = by as Record<string, Actor>;
    const keyAdmin = fakePk(300);
    const kaId = sha3_256(keyAdmin);
    const ka: Actor = { name: "ka", pk: keyAdmin, keyId: kaId, account: kaId, roles: Role.KEY_ADMIN };
    const r = batch([
      { ...packet([alice!], 1n, [{ kind: "transfer", token: 1, to: alice!.keyId, amount: 1n }]), account: bob!.keyId },
      packet([admin!], next(admin!), [{ kind: "keyRegister", publicKey: keyAdmin, roles: Role.KEY_ADMIN }]),
    ]);
    expect(names(r.outcomes)).toEqual(["E_SIGNER_NOT_ACCOUNT", "OK"]);
    expect(r.events).toMatchObject([{ type: "KeyRegistered", roles: Role.KEY_ADMIN }]);
    const r2 = batch([
      packet([ka], 1n, [{ kind: "keyRegister", publicKey: fakePk(301), roles: Role.ADMIN }]),
      packet([ka], 1n, [{ kind: "keyRegister", publicKey: fakePk(302), validFromEpoch: T0 / EPOCH_MS + 2n }]),
    ]);
    expect(names(r2.outcomes)).toEqual(["E_ROLE_MISSING", "OK"]);
    const late: Actor = {
      name: "late",
      pk: fakePk(302),
      keyId: sha3_256(fakePk(302)),
      account: sha3_256(fakePk(302)),
      roles: 0,
    };
    expect(ledger.getKey(late.keyId)!.validFromEpoch).toBe(T0 / EPOCH_MS + 2n);
    expect(names(batch([packet([late], 1n, [{ kind: "keyRevoke", keyId: late.keyId }])]).outcomes)).toEqual([
      "E_KEY_NOT_YET_VALID",
    ]);
  });

  it("genesis is deterministic and refuses non-genesis operations; batch framing errors apply nothing", () => {
    const actors = standardActors();
    const a = Ledger.create(standardGenesis(actors)).stateRoot();
    const b = Ledger.create(standardGenesis(actors)).stateRoot();
    expect(Buffer.from(a)).toEqual(Buffer.from(b));
    const psyMint = { account: actors[0]!.keyId, token: Token.PSY, amount: 1n };
    const refused = expectCode(
      () => Ledger.create({ ...standardGenesis(actors), allocations: [psyMint] }),
      "E_GENESIS",
    );
    expect(refused.message).toMatch(/failed with E_TOKEN_MINT_STAKING_ONLY$/);
    expect(codeOf(() => Ledger.create({ ...standardGenesis(actors), accountSlots: 100 }))).toBe("E_INIT_CAPACITY");
    const { ledger } = setup();
    const before = ledger.stateRoot();
    expect(codeOf(() => ledger._applyRecordsForTest({ seq: 0n, timeMs: T0 }, []))).toBe("E_BATCH_SEQ");
    expect(Buffer.from(ledger.stateRoot())).toEqual(Buffer.from(before));
  });

  it("an old ledger handle stays live when another ledger is created (each owns its core instance)", () => {
    const first = setup();
    const root = first.ledger.stateRoot();
    const second = setup();
    const minter = second.by.minter!;
    const mint = packet([minter], second.next(minter), [
      { kind: "mint", token: Token.FLX, to: second.by.alice!.keyId, amount: 5n },
    ]);
    expect(second.batch([mint]).outcomes).toEqual([0]);
    expect(second.ledger.supply(Token.FLX)).toBe(first.ledger.supply(Token.FLX) + 5n);
    expect(Buffer.from(first.ledger.stateRoot())).toEqual(Buffer.from(root));
    expect(first.ledger.seq).toBe(0n);
    expect(second.ledger.core).not.toBe(first.ledger.core);
  });

  it("tables full at their hard limits: E_ACCOUNTS_FULL, E_KEYS_FULL, each rolling the packet back", () => {
    const actors = standardActors();
    const by = Object.fromEntries(actors.map((a) => [a.name, a])) as Record<string, Actor>;
    // Hard limits lowered to 16 slots (test hook), so the tables cannot grow past 16.
    const core = newCoreInstance();
    testHooks(core).ledgerTestSetLimits(16, 16, 0);
    fillToTheLimits(Ledger.create({ ...standardGenesis(actors), accountSlots: 16, keySlots: 16 }, { core }), by);
  });

  it("the public key arena full at its hard limit: E_KEYS_FULL, the packet rolled back", () => {
    const actors = standardActors();
    const by = Object.fromEntries(actors.map((a) => [a.name, a])) as Record<string, Actor>;
    const genesisBytes = actors.reduce((n, a) => n + a.pk.length, 0);
    // Room for the genesis keys and one more (fakePk: ML-DSA-44 sizes, 1,312 bytes).
    const core = newCoreInstance();
    testHooks(core).ledgerTestSetLimits(0, 0, genesisBytes + 1312);
    {
      const ledger = Ledger.create(standardGenesis(actors), { core });
      expect(ledger.capacity().pubKeyArenaBytes).toBe(genesisBytes + 1312);
      const reg = (n: number) => ({ kind: "keyRegister" as const, publicKey: fakePk(n), owner: by.admin!.keyId });
      const r = ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, [
        packet([by.admin!], 1n, [reg(500), reg(501)]),
        packet([by.admin!], 1n, [reg(500)]),
        packet([by.admin!], 2n, [reg(501)]),
      ]);
      expect(names(r.outcomes)).toEqual(["E_KEYS_FULL", "OK", "E_KEYS_FULL"]);
      expect(ledger.keyCount).toBe(actors.length + 1);
      expect(ledger.getKey(sha3_256(fakePk(501)))).toBeUndefined();
    }
  });

  function fillToTheLimits(ledger: Ledger, by: Record<string, Actor>): void {
    const minter = by.minter!;
    // 8 accounts exist; 14 fit (7/8 of 16): 6 more, the 7th fails and leaves nothing behind.
    const to = (n: number) => new Uint8Array(32).fill(0x40 + n);
    const mints = Array.from({ length: 7 }, (_, i) => ({ kind: "mint" as const, token: 1, to: to(i), amount: 1n }));
    const r = ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, [
      packet([minter], 1n, mints),
      packet([minter], 1n, mints.slice(0, 6)),
    ]);
    expect(names(r.outcomes)).toEqual(["E_ACCOUNTS_FULL", "OK"]);
    expect(ledger.accountCount).toBe(14);
    expect(ledger.getAccount(to(6))).toBeUndefined();
    // Keys: 8 registered, 14 fit.
    const regs = Array.from({ length: 7 }, (_, i) => ({
      kind: "keyRegister" as const,
      publicKey: fakePk(400 + i),
      owner: by.admin!.keyId,
    }));
    const r2 = ledger._applyRecordsForTest({ seq: 2n, timeMs: T0 }, [
      packet([by.admin!], 1n, regs),
      packet([by.admin!], 1n, regs.slice(0, 6)),
    ]);
    expect(names(r2.outcomes)).toEqual(["E_KEYS_FULL", "OK"]);
    expect(ledger.keyCount).toBe(14);
    expect(ledger.checkInvariants()).toEqual({ ok: true });
    expect(ledger.capacity()).toMatchObject({ accountSlots: 16, keySlots: 16 });
  }

  it("a batch whose events overflow the 1 MiB buffer rejects the packets that do not fit with E_EVENTS_FULL", () => {
    const { ledger, by } = setup();
    const minter = by.minter!;
    const ops16 = Array.from({ length: 16 }, () => ({
      kind: "mint" as const,
      token: 1,
      to: by.alice!.keyId,
      amount: 1n,
    }));
    // 57 bytes a Mint event: 16 x 57 = 912 bytes a packet, so about 1,150 packets fit.
    const pkts = Array.from({ length: 1300 }, (_, i) => packet([minter], BigInt(i + 1), ops16));
    const r = ledger._applyRecordsForTest({ seq: 1n, timeMs: T0 }, pkts);
    const ok = r.outcomes.filter((c) => c === 0).length;
    expect(ok).toBe(Math.floor((1 << 20) / 912));
    // The first packet that does not fit is rolled back (its nonce unused), so the next ones are out of order.
    expect(names(r.outcomes.slice(ok))).toEqual(["E_EVENTS_FULL", ...Array(1300 - ok - 1).fill("E_NONCE")]);
    expect(r.events).toHaveLength(ok * 16);
    expect(ledger.supply(1)).toBe(BigInt(ok * 16));
    expect(ledger.getAccount(minter.keyId)!.nonce).toBe(BigInt(ok));
  });
});
