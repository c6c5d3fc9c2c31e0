// The pool agrees with the in-thread verifiers on 500 random and mutated packets: its first error
// with the SDK's verifyPacketSignatures (and the TS decoder's QfsError), its bitmap with an
// independent per-signer mldsaVerify, packet by packet, across many tasks on two threads.
import { afterAll, describe, expect, it } from "vitest";
import {
  CONTEXT_TX,
  decodePacketWithBody,
  keyId,
  mldsaVerify,
  ops,
  QfsError,
  Role,
  Token,
  verifyPacketSignatures,
  VerifyErrorCode,
  type Packet,
} from "../../bindings/index.js";
import { PoolCode, VerifyPool } from "../../server/pool/index.js";
import { alice, bob, carol, CHAIN_ID, dave, hex, lookup, mallory, signed } from "./pool-fixtures.js";

/** mulberry32: a seeded generator, so a failure names its case and replays. */
function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bases: Uint8Array[] = [
  signed([alice], 1n),
  signed([bob], 2n),
  signed([carol], 3n),
  signed([dave], 4n),
  signed([alice, bob], 5n),
  signed([bob, carol, dave], 6n),
  signed([alice, mallory], 7n),
  signed([mallory], 8n),
  signed([bob], 9n, { chainId: CHAIN_ID + 1 }),
  signed([carol], 10n, {
    ops: [
      ops.keyRegister(dave.publicKey, 87, { roles: [Role.MINTER], minterTokens: [Token.CHR] }),
      ops.transfer(Token.ATR, alice.keyId, 5n),
    ],
  }),
  signed([alice, carol], 11n, { ops: Array.from({ length: 16 }, (_, i) => ops.burn(Token.RES, BigInt(i + 1))) }),
];

function flipBit(b: Uint8Array, i: number, bit: number): void {
  b[i] = (b[i] as number) ^ (1 << bit);
}

function mutate(p: Uint8Array, r: () => number): Uint8Array {
  const at = (n: number): number => Math.floor(r() * n);
  const out = p.slice();
  switch (at(8)) {
    case 0:
      return out; // unchanged
    case 1: // a bit anywhere
      flipBit(out, at(out.length), at(8));
      return out;
    case 2: // a bit in the last 4,000 bytes (signatures)
      flipBit(out, out.length - 1 - at(4000), at(8));
      return out;
    case 3: // a bit in the header or signer ids
      flipBit(out, at(Math.min(out.length, 64 + 32 * 3)), at(8));
      return out;
    case 4:
      return out.subarray(0, at(out.length));
    case 5: {
      const longer = new Uint8Array(out.length + 1 + at(8));
      longer.set(out);
      return longer;
    }
    case 6: // a signer id replaced by an unregistered key's id (order may break: E_PACKET_SIG_ORDER)
      out.set(mallory.keyId, 64 + 32 * at(out[6] ?? 1));
      return out;
    default:
      return Uint8Array.from({ length: at(300) }, () => at(256));
  }
}

/** What the pool must say, from the in-thread verifiers. */
function expected(p: Uint8Array): { code: number; signer: number; bitmap: number } {
  let decoded: { packet: Packet; bodyBytes: Uint8Array };
  try {
    decoded = decodePacketWithBody(p);
  } catch (e) {
    return { code: (e as QfsError).number, signer: -1, bitmap: 0 };
  }
  const { packet, bodyBytes } = decoded;
  if (packet.body.chainId !== CHAIN_ID) return { code: PoolCode.E_CHAIN_ID, signer: -1, bitmap: 0 };
  let bitmap = 0;
  packet.body.signers.forEach((id, s) => {
    const key = lookup(id);
    const sig = packet.signatures[s];
    if (key === undefined || sig === undefined || hex(keyId(key.publicKey)) !== hex(id) || key.level !== sig.level)
      return;
    if (mldsaVerify(sig.level, key.publicKey, bodyBytes, sig.signature, CONTEXT_TX)) bitmap |= 1 << s;
  });
  const sdk = verifyPacketSignatures(p, lookup);
  return sdk.ok ? { code: 0, signer: -1, bitmap } : { code: VerifyErrorCode[sdk.code], signer: sdk.index, bitmap };
}

const pool = new VerifyPool({ chainId: CHAIN_ID, threads: 2, taskPackets: 16 });
afterAll(async () => {
  await pool.close();
});

describe("verify pool agrees with the in-thread verifiers", () => {
  it("on 500 random and mutated packets: codes, failing signer, bitmaps, ids", async () => {
    const r = rng(0x5eed);
    const inputs = Array.from({ length: 500 }, (_, i) => mutate(bases[i % bases.length] as Uint8Array, r));
    const res = await pool.verify(inputs, lookup);
    const seen = new Set<number>();
    inputs.forEach((p, i) => {
      const want = expected(p);
      seen.add(want.code);
      const got = { code: res.firstErrorCode(i), signer: res.firstErrorSigner(i), bitmap: res.verifiedBitmap(i) };
      expect(got, `case ${i}`).toEqual(want);
      if (res.decodeCode(i) === 0) expect(res.signerCount(i)).toBe(decodePacketWithBody(p).packet.body.signers.length);
    });
    // The mix really covers the paths: valid, decode errors, unknown key, bad signature, chain id.
    for (const code of [0, 100, 104, 200, 202, 302]) expect(seen.has(code), `code ${code} generated`).toBe(true);
    expect(pool.metrics().tasksRun).toBe(Math.ceil(500 / 16));
  });
});
