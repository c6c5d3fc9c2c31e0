// Client SDK: keys, signing (context QFS-V13/tx over the body bytes), multi-sig, verification.
import { ml_dsa44 } from "@noble/post-quantum/ml-dsa.js";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { codeOf } from "../helpers/errors.js";
import {
  accountId,
  CONTEXT_TX,
  decodePacket,
  decodePacketWithBody,
  encodeBody,
  encodePacket,
  generateKeyPair,
  keyId,
  ops,
  packetId,
  Role,
  signPacket,
  signBody,
  toBase64,
  fromBase64,
  sortKeyIds,
  assemblePacket,
  Token,
  verifyPacketSignatures,
  wasmDecodePacket,
  type KeyLookup,
  type KeyPair,
  type UnsignedBody,
} from "../../bindings/index.js";

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const seed = (b: number): Uint8Array => new Uint8Array(32).fill(b);

// A few keys, made once: ML-DSA keygen and signing cost milliseconds each.
const alice = generateKeyPair(87, seed(1));
const bob = generateKeyPair(44, seed(2));
const carol = generateKeyPair(65, seed(3));
const dave = generateKeyPair(44, seed(4));
const registry = new Map<string, KeyPair>([alice, bob, carol, dave].map((k) => [hex(k.keyId), k]));
const lookup: KeyLookup = (id) => registry.get(hex(id));

const body: UnsignedBody = {
  chainId: 1,
  account: accountId(alice.publicKey),
  nonce: 1n,
  timestampMs: 1_764_000_000_000n,
  ops: [ops.transfer(Token.FLX, accountId(bob.publicKey), 25n * 10n ** 18n)],
};

describe("sdk: keys", () => {
  it("keygen is deterministic from a seed, sizes per level, ids are SHA3-256 of the public key", () => {
    const again = generateKeyPair(87, seed(1));
    expect(hex(again.publicKey)).toBe(hex(alice.publicKey));
    expect(alice.publicKey.length).toBe(2592);
    expect(carol.publicKey.length).toBe(1952);
    expect(bob.publicKey.length).toBe(1312);
    expect(hex(keyId(alice.publicKey))).toBe(hex(sha3_256(alice.publicKey)));
    expect(hex(accountId(alice.publicKey))).toBe(hex(alice.keyId));
    expect(generateKeyPair(44).publicKey.length).toBe(1312); // random seed
    expect(codeOf(() => generateKeyPair(42 as 44))).toBe("E_PACKET_FIELD_RANGE");
  });
});

describe("sdk: sign and verify", () => {
  const signed = signPacket(body, [alice]);
  const bytes = encodePacket(signed);

  it("a signed packet verifies (bytes and decoded), decodes in WASM, and signing is deterministic", () => {
    expect(verifyPacketSignatures(bytes, lookup)).toEqual({ ok: true });
    expect(verifyPacketSignatures(decodePacket(bytes), lookup)).toEqual({ ok: true });
    expect(wasmDecodePacket(bytes).code).toBe(0);
    expect(hex(encodePacket(signPacket(body, [alice])))).toBe(hex(bytes));
    expect(packetId(bytes).length).toBe(32);
    // The signature is plain FIPS 204 ML-DSA over the body bytes with context "QFS-V13/tx".
    const { bodyBytes } = decodePacketWithBody(bytes);
    expect(hex(bodyBytes)).toBe(hex(encodeBody(signed.body)));
  });

  it("a flipped bit in the body or in the signature fails with E_SIG_INVALID", () => {
    const inBody = bytes.slice();
    inBody[48] = (inBody[48] as number) ^ 1; // nonce
    expect(verifyPacketSignatures(inBody, lookup)).toEqual({ ok: false, code: "E_SIG_INVALID", index: 0 });
    const inSig = bytes.slice();
    inSig[bytes.length - 100] = (inSig[bytes.length - 100] as number) ^ 0x10;
    expect(verifyPacketSignatures(inSig, lookup)).toEqual({ ok: false, code: "E_SIG_INVALID", index: 0 });
  });

  it("another chain id or another context does not verify", () => {
    const other = { ...signed, body: { ...signed.body, chainId: 2 } };
    expect(verifyPacketSignatures(other, lookup)).toMatchObject({ ok: false, code: "E_SIG_INVALID" });
    const noCtx = ml_dsa44.sign(encodeBody(signPacket(body, [bob]).body), bob.secretKey, { extraEntropy: false });
    const p = signPacket(body, [bob]);
    expect(verifyPacketSignatures(p, lookup)).toEqual({ ok: true });
    const forged = { ...p, signatures: [{ level: 44 as const, signature: noCtx }] };
    expect(verifyPacketSignatures(forged, lookup)).toMatchObject({ ok: false, code: "E_SIG_INVALID" });
    expect(
      ml_dsa44.verify(p.signatures[0]!.signature, encodeBody(p.body), bob.publicKey, { context: CONTEXT_TX }),
    ).toBe(true);
  });

  it("hedged signing gives another signature that also verifies", () => {
    const h = signPacket(body, [bob], { hedged: true });
    const d = signPacket(body, [bob]);
    expect(hex(h.signatures[0]!.signature)).not.toBe(hex(d.signatures[0]!.signature));
    expect(verifyPacketSignatures(h, lookup)).toEqual({ ok: true });
  });

  it("unknown key, wrong level, wrong public key", () => {
    expect(verifyPacketSignatures(bytes, () => undefined)).toEqual({ ok: false, code: "E_KEY_UNKNOWN", index: 0 });
    expect(verifyPacketSignatures(bytes, () => ({ publicKey: alice.publicKey, level: 65 }))).toEqual({
      ok: false,
      code: "E_KEY_LEVEL_MISMATCH",
      index: 0,
    });
    expect(verifyPacketSignatures(bytes, () => ({ publicKey: carol.publicKey, level: 87 }))).toMatchObject({
      code: "E_KEY_UNKNOWN",
    });
  });

  it("structural errors surface as packet codes before any signature check", () => {
    expect(codeOf(() => verifyPacketSignatures(bytes.subarray(0, 100), lookup))).toBe("E_PACKET_TOO_SHORT");
  });
});

describe("sdk: multi-sig", () => {
  const council = [dave, carol, bob]; // any order: the SDK sorts by key id
  const p = signPacket(
    { ...body, ops: [ops.penalty(accountId(dave.publicKey), 10n ** 17n, 5n), ops.roleGrant(bob.keyId, Role.COUNCIL)] },
    council,
  );

  it("signers are sorted by key id, one signature each, and all verify", () => {
    const ids = p.body.signers.map(hex);
    expect(ids).toEqual([...ids].sort());
    expect(p.signatures.map((s) => s.level)).toEqual(
      [...council].sort((a, b) => (hex(a.keyId) < hex(b.keyId) ? -1 : 1)).map((k) => k.level),
    );
    const bytes = encodePacket(p);
    expect(verifyPacketSignatures(bytes, lookup)).toEqual({ ok: true });
    expect(wasmDecodePacket(bytes).code).toBe(0);
  });

  it("one bad signature among several names its index", () => {
    const bytes = encodePacket(p);
    const { bodyBytes } = decodePacketWithBody(bytes);
    const lastSigStart = bytes.length - p.signatures[2]!.signature.length;
    const bad = bytes.slice();
    bad[lastSigStart + 5] = (bad[lastSigStart + 5] as number) ^ 1;
    expect(verifyPacketSignatures(bad, lookup)).toEqual({ ok: false, code: "E_SIG_INVALID", index: 2 });
    expect(bodyBytes.length).toBeLessThan(lastSigStart);
    const missing: KeyLookup = (id) => (hex(id) === hex(p.body.signers[1]!) ? undefined : lookup(id));
    expect(verifyPacketSignatures(bytes, missing)).toEqual({ ok: false, code: "E_KEY_UNKNOWN", index: 1 });
  });

  it("distributed signing: agree on the body, sign apart, assemble in any order", () => {
    const full = { ...body, signers: sortKeyIds([dave.keyId, carol.keyId, bob.keyId, bob.keyId]) };
    expect(full.signers.length).toBe(3);
    const parts = [carol, bob, dave].map((k) => ({ keyId: k.keyId, signature: signBody(full, k) }));
    const assembled = assemblePacket(full, parts);
    expect(verifyPacketSignatures(encodePacket(assembled), lookup)).toEqual({ ok: true });
    expect(hex(encodePacket(assembled))).toBe(hex(encodePacket(signPacket(body, [dave, carol, bob]))));
    expect(codeOf(() => signBody(full, alice))).toBe("E_PACKET_SIG_ORDER");
    expect(codeOf(() => assemblePacket(full, parts.slice(1)))).toBe("E_PACKET_SIG_COUNT");
  });

  it("body.signers must name exactly the signing keys", () => {
    expect(codeOf(() => signPacket({ ...body, signers: [alice.keyId] }, [bob]))).toBe("E_PACKET_SIG_ORDER");
    expect(verifyPacketSignatures(signPacket({ ...body, signers: [bob.keyId] }, [bob]), lookup)).toEqual({ ok: true });
  });
});

describe("sdk: base64 (JSON form of a packet)", () => {
  it("matches Buffer on every length mod 3, and is strict", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 2567]) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      const t = toBase64(b);
      expect(t).toBe(Buffer.from(b).toString("base64"));
      expect(hex(fromBase64(t))).toBe(hex(b));
    }
    for (const bad of ["A", "AB=C", "QQ", "QR==", "QUI=x===", "QU!=", "Q===", "é" + "AAA"])
      expect(
        codeOf(() => fromBase64(bad)),
        bad,
      ).toBe("E_PACKET_FIELD_RANGE");
  });
});
