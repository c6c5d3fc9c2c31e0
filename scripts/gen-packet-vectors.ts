// Writes vectors/packet/v1.json: golden DRV packets (format v1) signed by keys derived from fixed
// seeds, with their ids, and crafted invalid packets with the expected error code and offset.
// Run: `npx tsx scripts/gen-packet-vectors.ts`. A change to this file's output is a format change.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  accountId,
  bodyHash,
  decodePacketWithBody,
  encodePacket,
  generateKeyPair,
  isQfsError,
  ops,
  packetId,
  qfsError,
  Role,
  signPacket,
  Token,
  type KeyPair,
  type Level,
  type Operation,
} from "../bindings/index.js";

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const seedOf = (n: number): Uint8Array => new Uint8Array(32).map((_, i) => (n * 31 + i) & 0xff);
const keySpecs: { seed: number; level: Level }[] = [
  { seed: 1, level: 87 },
  { seed: 2, level: 44 },
  { seed: 3, level: 65 },
  { seed: 4, level: 44 },
];
const keys = keySpecs.map(({ seed, level }) => ({ seed, level, kp: generateKeyPair(level, seedOf(seed)) }));
const k = (i: number): KeyPair => (keys[i] as { kp: KeyPair }).kp;
const acct = (i: number): Uint8Array => accountId(k(i).publicKey);
const h32 = (b: number): Uint8Array => new Uint8Array(32).fill(b);

const cases: { name: string; signers: number[]; nonce: bigint; ops: Operation[] }[] = [
  { name: "transfer, ML-DSA-87", signers: [0], nonce: 1n, ops: [ops.transfer(Token.FLX, acct(1), 25n * 10n ** 18n)] },
  { name: "transfer, ML-DSA-44", signers: [1], nonce: 9n, ops: [ops.transfer(Token.FLX, acct(0), 0x0102n)] },
  {
    name: "mint, burn, stake, unstake, claim, ML-DSA-44",
    signers: [1],
    nonce: 7n,
    ops: [
      ops.mint(Token.CHR, acct(1), (1n << 128n) - 1n),
      ops.burn(Token.ATR, 1n),
      ops.stake(Token.CHR, 10n ** 18n),
      ops.unstake(Token.CHR, 5n, true),
      ops.claim(Token.CHR),
    ],
  },
  {
    name: "council penalty and role grant, 3-of-3 mixed levels",
    signers: [3, 2, 1],
    nonce: 2n,
    ops: [ops.penalty(acct(0), 10n ** 17n, 3n * 10n ** 18n), ops.roleGrant(k(1).keyId, Role.COUNCIL)],
  },
  {
    name: "key register, rotate, revoke, role grant/revoke",
    signers: [1],
    nonce: 3n,
    ops: [
      ops.keyRegister(k(3).publicKey, 44, {
        roles: [Role.MINTER, Role.AUDITOR],
        minterTokens: [Token.FLX],
        validFromEpoch: 12n,
        maxAgeEpochs: 90,
      }),
      ops.keyRotate(k(1).keyId, k(3).publicKey, 44),
      ops.keyRevoke(k(2).keyId),
      ops.roleGrant(k(3).keyId, Role.MINTER, Token.PSY),
      ops.roleRevoke(k(3).keyId, Role.KEY_ADMIN),
    ],
  },
  {
    name: "param change, halt, resume",
    signers: [2, 3],
    nonce: 4n,
    ops: [ops.paramChange(17, 123_456_789n), ops.halt(302), ops.resume(h32(0x5a))],
  },
];

const valid = cases.map((c) => {
  const p = signPacket(
    { chainId: 1, account: acct(c.signers[0] as number), nonce: c.nonce, timestampMs: 1_764_000_000_000n, ops: c.ops },
    c.signers.map(k),
  );
  const bytes = encodePacket(p);
  const { bodyBytes } = decodePacketWithBody(bytes);
  return {
    name: c.name,
    signerKeys: c.signers.map((i) => ({ seed: hex(seedOf(keys[i]!.seed)), level: keys[i]!.level })),
    packet: hex(bytes),
    length: bytes.length,
    bodyLength: bodyBytes.length,
    packetId: hex(packetId(bytes)),
    bodyHash: hex(bodyHash(bodyBytes)),
  };
});

const base = Buffer.from(valid[1]!.packet, "hex"); // the smallest: one ML-DSA-44 transfer
const mutate = (f: (b: Uint8Array) => Uint8Array): Uint8Array => f(Uint8Array.from(base));
const set = (i: number, v: number) => (b: Uint8Array) => ((b[i] = v), b);
const invalidInputs: [string, Uint8Array][] = [
  ["empty", new Uint8Array(0)],
  ["truncated", mutate((b) => b.subarray(0, b.length - 1))],
  ["magic", mutate(set(0, 0))],
  ["version 2", mutate(set(4, 2))],
  ["flags", mutate(set(5, 1))],
  ["no signers", mutate(set(6, 0))],
  ["17 ops", mutate(set(7, 17))],
  ["reserved header word", mutate(set(13, 1))],
  ["op type 0x10", mutate(set(96, 0x10))],
  ["token 5", mutate(set(97, 5))],
  ["zero amount", mutate((b) => (b.fill(0, 130, 146), b))],
  ["signature level 88", mutate(set(146, 88))],
  ["trailing byte", mutate((b) => Uint8Array.from([...b, 0]))],
  ["too long", new Uint8Array(65_537)],
];
const invalid = invalidInputs.map(([name, bytes]) => {
  try {
    decodePacketWithBody(bytes);
  } catch (e) {
    if (!isQfsError(e)) throw e;
    return {
      name,
      packet: name === "too long" ? `zeros:${bytes.length}` : hex(bytes),
      code: e.code,
      number: e.number,
      offset: e.details?.offset,
    };
  }
  throw qfsError("E_INTERNAL", `invalid vector ${name} decodes`);
});

const out = resolve(import.meta.dirname, "../vectors/packet/v1.json");
writeFileSync(
  out,
  JSON.stringify(
    {
      format: "QFS-V13 DRV packet v1 (docs/wire-format.md)",
      context: "QFS-V13/tx",
      keySeeds: "ML-DSA KeyGen from the 32-byte seed (FIPS 204 xi); signatures deterministic (no extra entropy)",
      valid,
      invalid,
    },
    null,
    1,
  ) + "\n",
);
console.log(`wrote ${out}: ${valid.length} valid, ${invalid.length} invalid`);
