// The ledger fed with real DRV packets: SDK-signed ML-DSA-44 packets, decoded by the wire codec,
// applied with the core verifying every signature itself (the default) and with verified-signer
// bitmaps from upstream (the fast path: the core verifies only the unmarked signatures).
import { describe, expect, it } from "vitest";
import {
  Ledger,
  LedgerRole,
  Token,
  encodePacket,
  generateKeyPair,
  ledgerCodeName,
  minterRole,
  ops,
  signPacket,
  decodePacket,
  fromWirePacket,
  Role,
  type Operation,
} from "../../bindings/index.js";

const CHAIN = 7;
const T = 1_800_000_000_000n;
const seed = (n: number) => new Uint8Array(32).fill(n);

describe("ledger over the wire format", () => {
  const admin = generateKeyPair(44, seed(1));
  const minter = generateKeyPair(44, seed(2));
  const alice = generateKeyPair(44, seed(3));
  const c1 = generateKeyPair(44, seed(4));
  const c2 = generateKeyPair(44, seed(5));

  function fresh(): Ledger {
    return Ledger.create({
      chainId: CHAIN,
      timeMs: T,
      councilThreshold: 2n,
      keys: [
        { publicKey: admin.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: minter.publicKey, roles: minterRole(Token.FLX) },
        { publicKey: alice.publicKey, roles: 0 },
        { publicKey: c1.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: c2.publicKey, roles: LedgerRole.COUNCIL },
      ],
      accountSlots: 64,
      keySlots: 16,
    });
  }

  const body = (account: Uint8Array, nonce: bigint, operations: Operation[]) => ({
    chainId: CHAIN,
    account,
    nonce,
    timestampMs: T,
    ops: operations,
  });

  const mintPkt = encodePacket(signPacket(body(minter.keyId, 1n, [ops.mint(Token.FLX, alice.keyId, 500n)]), [minter]));
  const xferPkt = encodePacket(
    signPacket(body(alice.keyId, 1n, [ops.transfer(Token.FLX, admin.keyId, 200n)]), [alice]),
  );

  for (const upstream of [false, true]) {
    it(`applies SDK-signed packets (${upstream ? "verified-signer bitmaps" : "core verifies signatures"})`, () => {
      const ledger = fresh();
      const opts = upstream ? { verified: Uint8Array.of(1, 1, 0) } : {};
      const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, [mintPkt, xferPkt, new Uint8Array(3)], opts);
      expect(r.outcomes.map(ledgerCodeName).slice(0, 2)).toEqual(["OK", "OK"]);
      expect(r.outcomes[2]).toBe(100); // E_PACKET_TOO_SHORT from the wire decoder
      expect(r.events.map((e) => [e.type, e.packet])).toEqual([
        ["Mint", 0],
        ["Transfer", 1],
      ]);
      expect(ledger.getAccount(alice.keyId)!.balances[Token.FLX]).toBe(300n);
    });
  }

  it("with no options a forged signature is rejected with E_SIG_INVALID and a client's bad signature does not halt", () => {
    const ledger = fresh();
    const bad = mintPkt.slice();
    bad[bad.length - 10]! ^= 1;
    const r = ledger.applyWireBatch({ seq: 1n, timeMs: T }, [bad]);
    expect(r.outcomes.map(ledgerCodeName)).toEqual(["E_SIG_INVALID"]);
    expect(ledger.halted).toBe(false);
    // A signature entry of another level than the registered key's.
    const p = decodePacket(mintPkt);
    const other = encodePacket({ body: p.body, signatures: [{ level: 65, signature: new Uint8Array(3309) }] });
    const r2 = ledger.applyWireBatch({ seq: 2n, timeMs: T }, [other]);
    expect(r2.outcomes.map(ledgerCodeName)).toEqual(["E_KEY_LEVEL_MISMATCH"]);
    expect(ledger.getAccount(alice.keyId)!.balances[Token.FLX]).toBe(0n);
  });

  it("a verified-signer bitmap skips only the marked signatures: an unmarked forged one is still rejected", () => {
    const ledger = fresh();
    const halt = encodePacket(signPacket(body(admin.keyId, 1n, [ops.halt(5)]), [admin]));
    expect(ledger.applyWireBatch({ seq: 1n, timeMs: T }, [halt], { verified: Uint8Array.of(1) }).outcomes).toEqual([0]);
    const hash = ledger.haltRecord()!.hash;
    // A 2-of-2 council resume whose second signature (wire order) is forged.
    const good = decodePacket(encodePacket(signPacket(body(c1.keyId, 1n, [ops.resume(hash)]), [c1, c2])));
    const forged = good.signatures[1]!.signature.slice();
    forged[100]! ^= 1;
    const pkt = encodePacket({ body: good.body, signatures: [good.signatures[0]!, { level: 44, signature: forged }] });
    const codes = (seq: bigint, verified?: Uint8Array) =>
      ledger
        .applyWireBatch({ seq, timeMs: T }, [pkt], verified === undefined ? {} : { verified })
        .outcomes.map(ledgerCodeName);
    expect(codes(2n)).toEqual(["E_SIG_INVALID"]); // no options: everything verified
    expect(codes(3n, Uint8Array.of(0b01))).toEqual(["E_SIG_INVALID"]); // signer 1 not marked: verified here
    expect(ledger.halted).toBe(true);
    // Marking signer 1 asserts its signature was verified upstream: the core trusts the bitmap.
    expect(codes(4n, Uint8Array.of(0b11))).toEqual(["OK"]);
    expect(ledger.halted).toBe(false);
    // One bitmap byte per packet, or the batch is refused.
    expect(() => ledger.applyWireBatch({ seq: 5n, timeMs: T }, [pkt], { verified: new Uint8Array(2) })).toThrow(
      /E_BATCH_MALFORMED/,
    );
  });

  it("a council-signed resume (2 of 2, one packet, signers sorted) resumes a halt in replay mode", () => {
    const ledger = fresh();
    const halt = encodePacket(signPacket(body(admin.keyId, 1n, [ops.halt(5)]), [admin]));
    expect(ledger.applyWireBatch({ seq: 1n, timeMs: T }, [halt]).outcomes).toEqual([0]);
    const hash = ledger.haltRecord()!.hash;
    const one = encodePacket(signPacket(body(c1.keyId, 1n, [ops.resume(hash)]), [c1]));
    const two = encodePacket(signPacket(body(c1.keyId, 1n, [ops.resume(hash)]), [c1, c2]));
    const r = ledger.applyWireBatch({ seq: 2n, timeMs: T }, [one, two]);
    expect(r.outcomes.map(ledgerCodeName)).toEqual(["E_MULTISIG_THRESHOLD", "OK"]);
    expect(ledger.halted).toBe(false);
  });

  it("the in-core DRV path and the TS adapter (fromWirePacket) agree on every operation kind", () => {
    const k2 = generateKeyPair(44, seed(9));
    const k3 = generateKeyPair(44, seed(10));
    const unsigned = (account: Uint8Array, nonce: bigint, operations: Operation[]) =>
      encodePacket({
        body: { ...body(account, nonce, operations), signers: [account] },
        signatures: [{ level: 44, signature: new Uint8Array(2420) }],
      });
    const batches: Uint8Array[][] = [
      [
        unsigned(admin.keyId, 1n, [
          ops.keyRegister(k2.publicKey, 44, {
            roles: [Role.MINTER, Role.COUNCIL],
            minterTokens: [Token.ATR, Token.CHR],
            maxAgeEpochs: 9,
          }),
          ops.roleGrant(alice.keyId, Role.MINTER, Token.FLX),
          ops.roleRevoke(minter.keyId, Role.MINTER, Token.FLX),
          ops.paramChange(0, 7_000n),
        ]),
        unsigned(alice.keyId, 1n, [ops.mint(Token.FLX, alice.keyId, 9n), ops.burn(Token.FLX, 2n)]),
        unsigned(minter.keyId, 1n, [ops.mint(Token.FLX, alice.keyId, 1n)]),
        unsigned(alice.keyId, 2n, [
          ops.transfer(Token.FLX, k2.keyId, 3n),
          ops.keyRotate(alice.keyId, k3.publicKey, 44),
        ]),
        unsigned(c1.keyId, 1n, [ops.stake(Token.CHR, 1n)]),
        unsigned(admin.keyId, 2n, [ops.keyRevoke(c2.keyId), ops.halt(3)]),
      ],
    ];
    const a = fresh();
    // Zero signatures marked as verified upstream: this compares the two encoders, not ML-DSA.
    const all = (b: Uint8Array[]) => ({ verified: new Uint8Array(b.length).fill(0xff) });
    const viaCore = batches.map((b, i) => a.applyWireBatch({ seq: BigInt(i + 1), timeMs: T }, b, all(b)));
    expect(viaCore[0]!.outcomes.map(ledgerCodeName)).toEqual([
      "OK",
      "OK",
      "E_ROLE_MISSING",
      "OK",
      "E_INSUFFICIENT_FUNDS", // c1 stakes 1 CHR it does not have
      "OK",
    ]);
    const k = a.getKey(k2.keyId)!;
    expect(k.roles).toBe(LedgerRole.COUNCIL | minterRole(Token.ATR) | minterRole(Token.CHR));
    expect(k.maxAgeEpochs).toBe(9n);
    expect(a.param(0)).toBe(7_000n);
    expect(a.halted).toBe(true);
    const b = fresh();
    const viaTs = batches.map((bb, i) =>
      b._applyRecordsForTest(
        { seq: BigInt(i + 1), timeMs: T },
        bb.map((bytes) => fromWirePacket(decodePacket(bytes))),
      ),
    );
    // The wire path also returns write sets and audit entries; the shared part must agree.
    expect(viaTs).toEqual(
      viaCore.map(({ outcomes, events, stateRoot, halted }) => ({ outcomes, events, stateRoot, halted })),
    );
  });

  it("replaying the log from genesis reproduces the live state roots", () => {
    const log = [
      { header: { seq: 1n, timeMs: T }, packets: [mintPkt] },
      { header: { seq: 2n, timeMs: T + 1n }, packets: [xferPkt, mintPkt] },
    ];
    const live = fresh();
    const liveRoots = log.map((b) => live.applyWireBatch(b.header, b.packets).stateRoot);
    const genesis = {
      chainId: CHAIN,
      timeMs: T,
      councilThreshold: 2n,
      keys: [admin, minter, alice, c1, c2].map((k, i) => ({
        publicKey: k.publicKey,
        roles: [
          LedgerRole.ADMIN | LedgerRole.KEY_ADMIN,
          minterRole(Token.FLX),
          0,
          LedgerRole.COUNCIL,
          LedgerRole.COUNCIL,
        ][i]!,
      })),
      accountSlots: 64,
      keySlots: 16,
    };
    const { ledger, roots } = Ledger.replay(genesis, log);
    expect(roots.map((r) => Buffer.from(r).toString("hex"))).toEqual(
      liveRoots.map((r) => Buffer.from(r).toString("hex")),
    );
    expect(ledger.getAccount(alice.keyId)!.balances[Token.FLX]).toBe(300n);
  });
});
