// fast-check arbitraries for valid DRV packets (shared by the packet and SDK suites).
import fc from "fast-check";
import {
  compareBytes,
  MAX_PACKET_BYTES,
  ONE_18,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  U128_MAX,
  U64_MAX,
  type Level,
  type Operation,
  type Packet,
  type PacketBody,
  type RoleId,
  type TokenId,
  type WasmPacketLayout,
  OpType,
} from "../../bindings/index.js";

/** Cheap deterministic bytes (mulberry32) for large opaque fields: public keys, signatures. */
export function prngBytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed | 0;
  for (let i = 0; i < n; i += 4) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    t = (t ^ (t >>> 14)) >>> 0;
    out[i] = t & 0xff;
    if (i + 1 < n) out[i + 1] = (t >>> 8) & 0xff;
    if (i + 2 < n) out[i + 2] = (t >>> 16) & 0xff;
    if (i + 3 < n) out[i + 3] = t >>> 24;
  }
  return out;
}

const id32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const token = fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<TokenId>;
const amount = fc.bigInt({ min: 1n, max: U128_MAX });
const u128 = fc.bigInt({ min: 0n, max: U128_MAX });
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const level = fc.constantFrom<Level>(44, 65, 87);
const role = fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<RoleId>;
const roleOp = (op: "roleGrant" | "roleRevoke"): fc.Arbitrary<Operation> =>
  fc.tuple(id32, role, token).map(([keyId, r, t]) => ({ op, keyId, role: r, token: r === 1 ? t : (0 as TokenId) }));

export const opArb: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("transfer" as const), token, to: id32, amount }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant("mint" as const), token, to: id32, amount }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("burn" as const), token, amount }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("stake" as const), token, amount }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant("unstake" as const), token, amount, emergency: fc.boolean() }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant("claim" as const), token }), weight: 2 },
  {
    arbitrary: fc
      .record({
        op: fc.constant("penalty" as const),
        target: id32,
        slashShare: fc.bigInt({ min: 0n, max: ONE_18 }),
        resBurn: u128,
      })
      .filter((p) => p.slashShare !== 0n || p.resBurn !== 0n),
    weight: 2,
  },
  {
    arbitrary: fc
      .tuple(level, fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 31 }), u64, fc.nat(), fc.integer())
      .map(([l, roles, mt, validFromEpoch, maxAgeEpochs, seed]) => ({
        op: "keyRegister" as const,
        level: l,
        roles,
        minterTokens: roles & 2 ? mt : 0,
        validFromEpoch,
        maxAgeEpochs: maxAgeEpochs >>> 0,
        publicKey: prngBytes(seed, PUBLIC_KEY_BYTES[l]),
      })),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(id32, level, fc.integer()).map(([oldKeyId, l, seed]) => ({
      op: "keyRotate" as const,
      oldKeyId,
      level: l,
      publicKey: prngBytes(seed, PUBLIC_KEY_BYTES[l]),
    })),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant("keyRevoke" as const), keyId: id32 }), weight: 1 },
  { arbitrary: roleOp("roleGrant"), weight: 1 },
  { arbitrary: roleOp("roleRevoke"), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant("paramChange" as const),
      paramId: fc.integer({ min: 0, max: 0xffff }),
      value: u128,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant("halt" as const), reason: fc.integer({ min: 1, max: 0xffff }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant("resume" as const), haltRecordHash: id32 }), weight: 1 },
);

export const bodyArb: fc.Arbitrary<PacketBody> = fc.record({
  chainId: fc.integer({ min: 0, max: 0xffff_ffff }),
  account: id32,
  nonce: u64,
  timestampMs: u64,
  signers: fc
    .uniqueArray(id32, {
      minLength: 1,
      maxLength: 8,
      selector: (a) => Array.from(a).join(","),
    })
    .map((ids) => [...ids].sort(compareBytes)),
  ops: fc.array(opArb, { minLength: 1, maxLength: 16 }),
});

const OP_SIZE: Record<string, number> = {
  transfer: 50,
  mint: 50,
  burn: 18,
  stake: 18,
  unstake: 19,
  claim: 2,
  penalty: 65,
  keyRevoke: 33,
  roleGrant: 35,
  roleRevoke: 35,
  paramChange: 19,
  halt: 3,
  resume: 33,
};

export function opSize(op: Operation): number {
  if (op.op === "keyRegister") return 17 + PUBLIC_KEY_BYTES[op.level];
  if (op.op === "keyRotate") return 34 + PUBLIC_KEY_BYTES[op.level];
  return OP_SIZE[op.op] as number;
}

export function packetSize(p: Packet): number {
  let n = 64 + 32 * p.body.signers.length;
  for (const op of p.body.ops) n += opSize(op);
  for (const s of p.signatures) n += 1 + SIGNATURE_BYTES[s.level];
  return n;
}

/** The layout the WASM decoder should record for a valid packet, computed from the sizes of §2. */
export function expectedLayout(p: Packet): WasmPacketLayout {
  let pos = 64 + 32 * p.body.signers.length;
  const opOffsets: number[] = [];
  for (const op of p.body.ops) {
    opOffsets.push(pos);
    pos += opSize(op);
  }
  const bodyLength = pos;
  const sigOffsets: number[] = [];
  for (const s of p.signatures) {
    sigOffsets.push(pos + 1);
    pos += 1 + SIGNATURE_BYTES[s.level];
  }
  return {
    chainId: p.body.chainId,
    nonce: p.body.nonce,
    timestampMs: p.body.timestampMs,
    bodyLength,
    signerOffsets: p.body.signers.map((_, i) => 64 + 32 * i),
    opTypes: p.body.ops.map((op) => OpType[op.op]),
    opOffsets,
    sigLevels: p.signatures.map((s) => s.level),
    sigOffsets,
  };
}

/** Valid packets (random signature bytes: structure only), within the size limit. */
export const packetArb: fc.Arbitrary<Packet> = bodyArb
  .chain((body) =>
    fc
      .array(fc.tuple(level, fc.integer()), { minLength: body.signers.length, maxLength: body.signers.length })
      .map((sigs) => ({
        body,
        signatures: sigs.map(([l, seed]) => ({ level: l, signature: prngBytes(seed, SIGNATURE_BYTES[l]) })),
      })),
  )
  .filter((p) => packetSize(p) <= MAX_PACKET_BYTES);

/** A string form of any packet value (bytes as hex, bigints as decimal): fast deep equality. */
export function canon(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex")}` : typeof v === "bigint" ? `${v}n` : v,
  );
}
