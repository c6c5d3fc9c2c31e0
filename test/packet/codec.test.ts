// DRV packet codec (TS) and WASM decoder: round trips, every error code, canonical property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bodyHash,
  decodePacket,
  decodePacketWithBody,
  encodeBody,
  encodePacket,
  ops,
  PacketErrorCode,
  packetErrorName,
  packetId,
  Role,
  SIGNATURE_BYTES,
  Token,
  U128_MAX,
  wasmDecodePacket,
  wasmPacketLayout,
  type Operation,
  type Packet,
  type PacketErrorName,
} from "../../bindings/index.js";
import { asPacketError, codeOf } from "../helpers/errors.js";
import { canon, expectedLayout, packetArb, packetSize, prngBytes } from "./gen.js";

const id = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");

function packetOf(opList: Operation[], signerIds: Uint8Array[] = [id(1)], level: 44 | 65 | 87 = 44): Packet {
  return {
    body: {
      chainId: 7,
      account: id(0xaa),
      nonce: 1n,
      timestampMs: 1_764_000_000_000n,
      signers: signerIds,
      ops: opList,
    },
    signatures: signerIds.map((_, i) => ({ level, signature: prngBytes(i + 1, SIGNATURE_BYTES[level]) })),
  };
}

/** Decodes with both decoders and returns the (agreed) outcome. */
function both(bytes: Uint8Array): { code: number; offset: number } {
  let ts: { code: number; offset: number };
  try {
    decodePacket(bytes);
    ts = { code: 0, offset: -1 };
  } catch (e) {
    const p = asPacketError(e);
    ts = { code: p.number, offset: p.offset };
  }
  const w = wasmDecodePacket(bytes);
  expect({ code: w.code, offset: w.offset }).toEqual(ts);
  return ts;
}

function expectReject(bytes: Uint8Array, code: PacketErrorName, offset: number): void {
  expect(both(bytes)).toEqual({ code: PacketErrorCode[code], offset });
  expect(codeOf(() => decodePacket(bytes))).toBe(code);
}

const pk44 = prngBytes(9, 1312);
const pk87 = prngBytes(10, 2592);
const EVERY_OP: Operation[] = [
  ops.transfer(Token.FLX, id(2), 1n),
  ops.mint(Token.CHR, id(3), U128_MAX),
  ops.burn(Token.ATR, 5n),
  ops.stake(Token.CHR, 10n ** 18n),
  ops.unstake(Token.CHR, 3n, true),
  ops.unstake(Token.CHR, 3n),
  ops.claim(Token.CHR),
  ops.penalty(id(4), 5n * 10n ** 17n, 0n),
  ops.penalty(id(4), 0n, 1n),
  ops.keyRegister(pk44, 44, {
    roles: [Role.MINTER, Role.AUDITOR],
    minterTokens: [Token.FLX, Token.RES],
    validFromEpoch: 12n,
    maxAgeEpochs: 90,
  }),
  ops.keyRegister(pk87, 87),
  ops.keyRotate(id(5), pk87, 87),
  ops.keyRevoke(id(6)),
  ops.roleGrant(id(7), Role.MINTER, Token.PSY),
  ops.roleRevoke(id(7), Role.COUNCIL),
  ops.paramChange(0xffff, 0n),
  ops.halt(1),
  ops.resume(id(8)),
];

describe("packet codec: round trips", () => {
  for (const op of EVERY_OP) {
    it(`${op.op} round-trips in TS and is accepted by WASM`, () => {
      const p = packetOf([op]);
      const bytes = encodePacket(p);
      expect(bytes.length).toBe(packetSize(p));
      expect(canon(decodePacket(bytes))).toBe(canon(p));
      expect(hex(encodePacket(decodePacket(bytes)))).toBe(hex(bytes));
      const w = wasmDecodePacket(bytes);
      expect(w).toEqual({ code: 0, offset: -1, bodyLength: encodeBody(p.body).length });
    });
  }

  it("all op types in one packet, 8 signers of mixed levels", () => {
    const signers = Array.from({ length: 8 }, (_, i) => id(i * 16 + 1));
    const p0 = packetOf(EVERY_OP.slice(0, 16), signers);
    const p: Packet = {
      ...p0,
      signatures: p0.signatures.map((s, i) => {
        const level = ([44, 65, 87] as const)[i % 3] as 44 | 65 | 87;
        return { level, signature: prngBytes(i, SIGNATURE_BYTES[level]) };
      }),
    };
    const bytes = encodePacket(p);
    const d = decodePacketWithBody(bytes);
    expect(canon(d.packet)).toBe(canon(p));
    expect(hex(d.bodyBytes)).toBe(hex(encodeBody(p.body)));
    expect(both(bytes).code).toBe(0);
    expect(canon(wasmPacketLayout())).toBe(canon(expectedLayout(p)));
    expect(wasmDecodePacket(bytes.subarray(1)).code).toBe(102); // E_PACKET_MAGIC: the first byte is gone
    expect(wasmPacketLayout().opTypes).toEqual([]); // nothing recorded for a rejected packet
  });

  it("packet id and body hash are SHA3-256 of the packet and of the body", async () => {
    const { sha3_256 } = await import("@noble/hashes/sha3.js");
    const p = packetOf([ops.claim(Token.CHR)]);
    const bytes = encodePacket(p);
    expect(hex(packetId(bytes))).toBe(hex(sha3_256(bytes)));
    expect(hex(bodyHash(encodeBody(p.body)))).toBe(hex(sha3_256(encodeBody(p.body))));
  });

  it("layout: header fields at their documented offsets", () => {
    const bytes = encodePacket(packetOf([ops.transfer(Token.FLX, id(2), 0x0102n)]));
    expect(hex(bytes.subarray(0, 16))).toBe("5144525601000101" + "07000000" + "00000000");
    expect(hex(bytes.subarray(48, 64))).toBe("0100000000000000" + "00e897b69a010000"); // docs/wire-format.md §8
    expect(bytes[96]).toBe(0x01); // op type after header (64) + one signer id (32)
    expect(bytes[97]).toBe(Token.FLX);
    expect(hex(bytes.subarray(130, 146))).toBe("0201" + "00".repeat(14));
    expect(bytes[146]).toBe(44);
    expect(bytes.length).toBe(147 + 2420);
  });
});

describe("packet codec: field offsets of docs/wire-format.md §2.2", () => {
  const at = (op: Operation): { b: Uint8Array; v: DataView } => {
    const b = encodeBody(packetOf([op]).body).subarray(96); // the op starts after header + one signer id
    return { b, v: new DataView(b.buffer, b.byteOffset, b.byteLength) };
  };
  it("every documented offset holds its field", () => {
    let { b, v } = at(ops.unstake(Token.PSY, 7n, true));
    expect([b[0], b[1], v.getBigUint64(2, true), b[18], b.length]).toEqual([0x05, 2, 7n, 1, 19]);
    ({ b, v } = at(ops.penalty(id(4), 3n, 9n)));
    expect([b[1], v.getBigUint64(33, true), v.getBigUint64(49, true), b.length]).toEqual([4, 3n, 9n, 65]);
    ({ b, v } = at(
      ops.keyRegister(pk44, 44, {
        roles: [Role.MINTER],
        minterTokens: [Token.RES],
        validFromEpoch: 11n,
        maxAgeEpochs: 5,
      }),
    ));
    expect([b[1], b[2], b[3], b[4], v.getUint32(5, true), v.getBigUint64(9, true), b[17], b.length]).toEqual([
      44,
      2,
      16,
      0,
      5,
      11n,
      pk44[0],
      17 + 1312,
    ]);
    ({ b } = at(ops.keyRotate(id(5), pk44, 44)));
    expect([b[1], b[33], b[34], b.length]).toEqual([5, 44, pk44[0], 34 + 1312]);
    ({ b } = at(ops.roleGrant(id(6), Role.MINTER, Token.ATR)));
    expect([b[1], b[33], b[34], b.length]).toEqual([6, 1, 3, 35]);
    ({ b, v } = at(ops.paramChange(0x1234, 77n)));
    expect([v.getUint16(1, true), v.getBigUint64(3, true), b.length]).toEqual([0x1234, 77n, 19]);
    ({ b, v } = at(ops.halt(0x0302)));
    expect([v.getUint16(1, true), b.length]).toEqual([0x0302, 3]);
  });
});

describe("packet codec: every error code", () => {
  const base = encodePacket(packetOf([ops.transfer(Token.FLX, id(2), 1n)]));
  const set = (i: number, v: number, src = base): Uint8Array => {
    const c = src.slice();
    c[i] = v;
    return c;
  };

  it("E_PACKET_TOO_SHORT", () => {
    expectReject(new Uint8Array(0), "E_PACKET_TOO_SHORT", 0);
    expectReject(base.slice(0, 3), "E_PACKET_TOO_SHORT", 0);
    expectReject(base.slice(0, 63), "E_PACKET_TOO_SHORT", 56);
    expectReject(base.slice(0, 100), "E_PACKET_TOO_SHORT", 98);
    expectReject(base.slice(0, base.length - 1), "E_PACKET_TOO_SHORT", 147);
  });
  it("E_PACKET_TOO_LONG", () => {
    const big = new Uint8Array(65_537);
    big.set(base);
    expectReject(big, "E_PACKET_TOO_LONG", 65_536);
  });
  it("E_PACKET_MAGIC", () => expectReject(set(0, 0x52), "E_PACKET_MAGIC", 0));
  it("E_PACKET_VERSION", () => {
    expectReject(set(4, 0), "E_PACKET_VERSION", 4);
    expectReject(set(4, 2), "E_PACKET_VERSION", 4);
  });
  it("E_PACKET_RESERVED_NONZERO", () => {
    expectReject(set(5, 1), "E_PACKET_RESERVED_NONZERO", 5);
    expectReject(set(15, 0x80), "E_PACKET_RESERVED_NONZERO", 12);
    const rg = encodePacket(packetOf([ops.roleGrant(id(3), Role.ADMIN)]));
    expectReject(set(130, 1, rg), "E_PACKET_RESERVED_NONZERO", 130);
    const kr = encodePacket(packetOf([ops.keyRegister(pk44, 44)]));
    expectReject(set(100, 1, kr), "E_PACKET_RESERVED_NONZERO", 100);
  });
  it("E_PACKET_SIG_COUNT", () => {
    expectReject(set(6, 0), "E_PACKET_SIG_COUNT", 6);
    expectReject(set(6, 9), "E_PACKET_SIG_COUNT", 6);
  });
  it("E_PACKET_OP_COUNT", () => {
    expectReject(set(7, 0), "E_PACKET_OP_COUNT", 7);
    expectReject(set(7, 17), "E_PACKET_OP_COUNT", 7);
  });
  it("E_PACKET_SIG_ORDER", () => {
    const two = encodePacket(packetOf([ops.claim(Token.CHR)], [id(1), id(2)]));
    const dup = two.slice();
    dup.set(id(1), 96);
    expectReject(dup, "E_PACKET_SIG_ORDER", 96);
    const swapped = two.slice();
    swapped.set(id(2), 64);
    swapped.set(id(1), 96);
    expectReject(swapped, "E_PACKET_SIG_ORDER", 96);
  });
  it("E_PACKET_OP_UNKNOWN", () => {
    expectReject(set(96, 0), "E_PACKET_OP_UNKNOWN", 96);
    expectReject(set(96, 0x10), "E_PACKET_OP_UNKNOWN", 96);
    expectReject(set(96, 0xff), "E_PACKET_OP_UNKNOWN", 96);
  });
  it("E_PACKET_FIELD_RANGE", () => {
    expectReject(set(97, 5), "E_PACKET_FIELD_RANGE", 97); // token
    const un = encodePacket(packetOf([ops.unstake(Token.CHR, 1n)]));
    expectReject(set(114, 2, un), "E_PACKET_FIELD_RANGE", 114); // boolean
    const pen = encodePacket(packetOf([ops.penalty(id(4), 10n ** 18n, 0n)]));
    expectReject(set(129, 0x0d, pen), "E_PACKET_FIELD_RANGE", 129); // slash share > 1
    const kr = encodePacket(packetOf([ops.keyRegister(pk44, 44, { roles: [Role.MINTER], minterTokens: [0] })]));
    expectReject(set(97, 45, kr), "E_PACKET_FIELD_RANGE", 97); // level
    expectReject(set(98, 0x20, kr), "E_PACKET_FIELD_RANGE", 98); // roles
    expectReject(set(99, 0, kr), "E_PACKET_FIELD_RANGE", 99); // MINTER without tokens
    expectReject(set(99, 0x21, kr), "E_PACKET_FIELD_RANGE", 99);
    const rg = encodePacket(packetOf([ops.roleGrant(id(3), Role.MINTER, Token.RES)]));
    expectReject(set(129, 5, rg), "E_PACKET_FIELD_RANGE", 129); // role
    expectReject(set(130, 5, rg), "E_PACKET_FIELD_RANGE", 130); // minter token
    const h = encodePacket(packetOf([ops.halt(3)]));
    expectReject(set(97, 0, h), "E_PACKET_FIELD_RANGE", 97);
  });
  it("E_PACKET_AMOUNT_ZERO", () => {
    const z = base.slice();
    z.fill(0, 130, 146);
    expectReject(z, "E_PACKET_AMOUNT_ZERO", 130);
    const pen = encodePacket(packetOf([ops.penalty(id(4), 1n, 0n)]));
    expectReject(set(129, 0, pen), "E_PACKET_AMOUNT_ZERO", 145);
  });
  it("E_PACKET_SIG_LEVEL", () => {
    expectReject(set(146, 43), "E_PACKET_SIG_LEVEL", 146);
    expectReject(set(146, 0), "E_PACKET_SIG_LEVEL", 146);
  });
  it("E_PACKET_TRAILING_BYTES", () => {
    const t = new Uint8Array(base.length + 1);
    t.set(base);
    expectReject(t, "E_PACKET_TRAILING_BYTES", base.length);
  });
  it("the numbering is the documented one and every code was reached above", () => {
    expect(Object.values(PacketErrorCode)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112]);
    for (const [name, num] of Object.entries(PacketErrorCode)) expect(packetErrorName(num)).toBe(name);
  });
});

describe("packet codec: the encoder refuses what the decoder would reject", () => {
  const good = packetOf([ops.claim(Token.CHR)]);
  const cases: [string, () => unknown, PacketErrorName][] = [
    ["no ops", () => encodePacket({ ...good, body: { ...good.body, ops: [] } }), "E_PACKET_OP_COUNT"],
    [
      "17 ops",
      () => encodePacket({ ...good, body: { ...good.body, ops: Array(17).fill(ops.claim(0)) } }),
      "E_PACKET_OP_COUNT",
    ],
    ["no signers", () => encodeBody({ ...good.body, signers: [] }), "E_PACKET_SIG_COUNT"],
    ["unsorted signers", () => encodeBody({ ...good.body, signers: [id(2), id(1)] }), "E_PACKET_SIG_ORDER"],
    ["signature count", () => encodePacket({ ...good, signatures: [] }), "E_PACKET_SIG_COUNT"],
    [
      "signature length",
      () => encodePacket({ ...good, signatures: [{ level: 44, signature: new Uint8Array(3) }] }),
      "E_PACKET_FIELD_RANGE",
    ],
    [
      "signature level",
      () => encodePacket({ ...good, signatures: [{ level: 43 as 44, signature: new Uint8Array(2420) }] }),
      "E_PACKET_SIG_LEVEL",
    ],
    ["zero amount", () => encodeBody({ ...good.body, ops: [ops.transfer(0, id(1), 0n)] }), "E_PACKET_AMOUNT_ZERO"],
    ["amount too big", () => encodeBody({ ...good.body, ops: [ops.burn(0, U128_MAX + 1n)] }), "E_PACKET_FIELD_RANGE"],
    ["bad token", () => encodeBody({ ...good.body, ops: [ops.claim(5 as 0)] }), "E_PACKET_FIELD_RANGE"],
    ["short id", () => encodeBody({ ...good.body, account: new Uint8Array(31) }), "E_PACKET_FIELD_RANGE"],
    ["nonce > u64", () => encodeBody({ ...good.body, nonce: 1n << 64n }), "E_PACKET_FIELD_RANGE"],
    ["chain id", () => encodeBody({ ...good.body, chainId: 2 ** 32 }), "E_PACKET_FIELD_RANGE"],
    [
      "unknown op",
      () => encodeBody({ ...good.body, ops: [{ op: "nope" } as unknown as Operation] }),
      "E_PACKET_OP_UNKNOWN",
    ],
    ["null op", () => encodeBody({ ...good.body, ops: [null as unknown as Operation] }), "E_PACKET_OP_UNKNOWN"],
    ["null packet", () => encodePacket(null as unknown as Packet), "E_PACKET_FIELD_RANGE"],
    [
      "null signature",
      () => encodePacket({ ...good, signatures: [null as unknown as Packet["signatures"][0]] }),
      "E_PACKET_SIG_LEVEL",
    ],
    [
      "token on non-MINTER role",
      () => encodeBody({ ...good.body, ops: [{ op: "roleGrant", keyId: id(1), role: Role.ADMIN, token: 2 }] }),
      "E_PACKET_RESERVED_NONZERO",
    ],
    [
      "public key length",
      () => encodeBody({ ...good.body, ops: [ops.keyRotate(id(1), pk44, 87)] }),
      "E_PACKET_FIELD_RANGE",
    ],
    [
      "too long",
      () =>
        encodePacket(
          packetOf(
            Array(16).fill(ops.keyRegister(pk87, 87)),
            Array.from({ length: 8 }, (_, i) => id(i)),
            87,
          ),
        ),
      "E_PACKET_TOO_LONG",
    ],
  ];
  for (const [name, f, code] of cases) {
    it(name, () => {
      expect(codeOf(f)).toBe(code);
    });
  }
});

describe("packet codec: properties", () => {
  it("the encoder throws only packet codes on ill-typed fields (1,000 runs)", () => {
    fc.assert(
      fc.property(packetArb, fc.nat(), fc.anything({ withBigInt: true, withTypedArray: true }), (p, k, junk) => {
        const op = p.body.ops[k % p.body.ops.length] as Operation;
        const keys = Object.keys(op);
        const key = keys[k % keys.length] as string;
        const body = { ...p.body, ops: p.body.ops.map((o) => (o === op ? { ...op, [key]: junk } : o)) };
        try {
          const bytes = encodePacket({ ...p, body });
          expect(canon(decodePacket(bytes).body.ops)).toBe(canon(body.ops)); // only if junk was a valid value
        } catch (e) {
          asPacketError(e);
        }
      }),
      { numRuns: 1000, seed: 0x7e57 },
    );
  });

  it("random valid packets round-trip canonically in TS and are accepted by WASM (1,000 runs)", () => {
    fc.assert(
      fc.property(packetArb, (p) => {
        const bytes = encodePacket(p);
        expect(bytes.length).toBe(packetSize(p));
        const d = decodePacketWithBody(bytes);
        expect(canon(d.packet)).toBe(canon(p));
        expect(hex(encodePacket(d.packet))).toBe(hex(bytes));
        const w = wasmDecodePacket(bytes);
        expect(w.code).toBe(0);
        expect(w.bodyLength).toBe(d.bodyBytes.length);
        expect(canon(wasmPacketLayout())).toBe(canon(expectedLayout(p)));
      }),
      { numRuns: 1000, seed: 0x51f5 },
    );
  });
});
