// Writes vectors/ledger/basic.json: a genesis and a log of signed DRV batches (ML-DSA-44 keys from
// fixed seeds, deterministic signatures) with the expected outcomes, events and state root after
// every batch. Any implementation (or the core in a browser) replays it and must match bit for bit.
// Run: `npx tsx scripts/gen-ledger-vectors.ts`. A change to this output is a ledger rule change.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  Ledger,
  LedgerRole,
  Token,
  Role,
  encodePacket,
  generateKeyPair,
  ledgerCodeName,
  minterRole,
  ops,
  signPacket,
  type KeyPair,
  type Operation,
} from "../bindings/index.js";

const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const seedOf = (n: number): Uint8Array => new Uint8Array(32).map((_, i) => (n * 53 + i) & 0xff);
const key = (n: number): KeyPair => generateKeyPair(44, seedOf(n));

const CHAIN = 1313;
const T0 = 1_750_000_000_000n;
const EPOCH = 3_600_000n;
const [admin, minter, c1, c2, alice, bob, alice2, dave] = [1, 2, 3, 4, 5, 6, 7, 8].map(key) as KeyPair[];
const genesisKeys: [KeyPair, number][] = [
  [admin!, LedgerRole.ADMIN | LedgerRole.KEY_ADMIN],
  [minter!, minterRole(Token.CHR) | minterRole(Token.FLX) | minterRole(Token.PSY) | minterRole(Token.RES)],
  [c1!, LedgerRole.COUNCIL],
  [c2!, LedgerRole.COUNCIL],
  [alice!, 0],
  [bob!, 0],
];
const genesis = {
  chainId: CHAIN,
  timeMs: T0,
  epochLengthMs: EPOCH,
  timestampWindowMs: 10_000n,
  councilThreshold: 2n,
  keys: genesisKeys.map(([k, roles]) => ({ publicKey: k.publicKey, roles })),
  accountSlots: 64,
  keySlots: 32,
};

const ledger = Ledger.create(genesis);
const nonces = new Map<string, bigint>();
// Packets expected to be rejected (`rejected: true`) do not advance the account's next nonce.
function pkt(
  account: KeyPair,
  signers: KeyPair[],
  operations: Operation[],
  opts: { rejected?: boolean; ts?: bigint } = {},
) {
  const a = hex(account.keyId);
  const nonce = (nonces.get(a) ?? 0n) + 1n;
  if (opts.rejected !== true) nonces.set(a, nonce);
  const bytes = encodePacket(
    signPacket(
      { chainId: CHAIN, account: account.keyId, nonce, timestampMs: opts.ts ?? now, ops: operations },
      signers,
    ),
  );
  return { bytes };
}

let now = T0;
let seq = 0n;
const batches: unknown[] = [];
function batch(time: bigint, packets: ReturnType<typeof pkt>[]) {
  now = time;
  const header = { seq: ++seq, timeMs: time, auditHead: new Uint8Array(32).fill(Number(seq)) };
  const r = ledger.applyWireBatch(
    header,
    packets.map((p) => p.bytes),
  );
  batches.push({
    seq: Number(header.seq),
    timeMs: String(time),
    auditHead: hex(header.auditHead),
    packets: packets.map((p) => hex(p.bytes)),
    outcomes: r.outcomes.map(ledgerCodeName),
    events: r.events.map((e) => `${e.type}@${e.packet}`),
    stateRoot: hex(r.stateRoot),
  });
}

// 1: mints, a key registration, a RES transfer (not transferable).
now = T0 + 1_000n;
batch(now, [
  pkt(minter!, [minter!], [ops.mint(Token.FLX, alice!.keyId, 1_000_000n), ops.mint(Token.RES, bob!.keyId, 5n)]),
  pkt(admin!, [admin!], [ops.keyRegister(dave!.publicKey, 44, { maxAgeEpochs: 2 })]),
  pkt(bob!, [bob!], [ops.transfer(Token.RES, alice!.keyId, 1n)], { rejected: true }),
]);
// 2: transfer, rotation by the old key, a burn without the role, a burn with it.
now = T0 + 2_000n;
batch(now, [
  pkt(alice!, [alice!], [ops.transfer(Token.FLX, bob!.keyId, 250_000n)]),
  pkt(alice!, [alice!], [ops.keyRotate(alice!.keyId, alice2!.publicKey, 44)]),
  pkt(bob!, [bob!], [ops.burn(Token.FLX, 1n)], { rejected: true }),
  pkt(minter!, [minter!], [ops.mint(Token.FLX, minter!.keyId, 10n), ops.burn(Token.FLX, 4n)]),
]);
// 3: the rotated-out key is rejected, its successor acts for the same account; revocation is immediate;
// an atomic packet whose second op fails; a parameter change.
now = T0 + EPOCH;
batch(now, [
  pkt(alice!, [alice!], [ops.transfer(Token.FLX, bob!.keyId, 1n)], { rejected: true }),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 7n)]),
  pkt(admin!, [admin!], [ops.keyRevoke(bob!.keyId), ops.paramChange(0, 20_000n)]),
  pkt(bob!, [bob!], [ops.transfer(Token.FLX, alice!.keyId, 1n)], { rejected: true }),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 1n), ops.transfer(Token.FLX, dave!.keyId, 10n ** 12n)], {
    rejected: true,
  }),
  pkt(minter!, [minter!], [ops.mint(Token.PSY, minter!.keyId, 1n)], { rejected: true }),
]);
// 4: halt; writes answer E_HALTED.
now = T0 + EPOCH + 5_000n;
batch(now, [
  pkt(admin!, [admin!], [ops.halt(42)]),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 1n)], { rejected: true }),
]);
// 5: resume: one COUNCIL signature is below the threshold, two resume; then a late timestamp.
const hash = ledger.haltRecord()!.hash;
now = T0 + EPOCH + 6_000n;
batch(now, [
  pkt(c1!, [c1!], [ops.resume(hash)], { rejected: true }),
  pkt(c1!, [c1!, c2!], [ops.resume(hash)]),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 1n)], { ts: now - 20_001n, rejected: true }),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 1n), ops.roleGrant(dave!.keyId, Role.ADMIN)], {
    rejected: true,
  }),
  pkt(alice!, [alice2!], [ops.transfer(Token.FLX, dave!.keyId, 2n)]),
]);
// 6: dave's key expired (max age 2 epochs).
now = T0 + 3n * EPOCH;
batch(now, [pkt(dave!, [dave!], [ops.transfer(Token.FLX, alice!.keyId, 1n)], { rejected: true })]);

const out = {
  description:
    "QFS V13 ledger golden log: genesis + signed DRV batches; replay with signature verification and compare outcomes, events (type@packet) and state roots",
  genesis: {
    chainId: CHAIN,
    timeMs: String(T0),
    epochLengthMs: String(EPOCH),
    timestampWindowMs: "10000",
    councilThreshold: "2",
    accountSlots: 64,
    keySlots: 32,
    keys: genesisKeys.map(([k, roles]) => ({ publicKey: hex(k.publicKey), roles })),
  },
  batches,
  final: {
    supplies: [0, 1, 2, 3, 4].map((t) => String(ledger.supply(t))),
    balances: Object.fromEntries(
      [admin, minter, alice, bob, dave].map((k) => [hex(k!.keyId), ledger.getAccount(k!.keyId)!.balances.map(String)]),
    ),
  },
};
const file = resolve(import.meta.dirname, "../vectors/ledger/basic.json");
writeFileSync(file, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${file}: ${batches.length} batches`);
for (const b of batches as { outcomes: string[] }[]) console.log(b.outcomes.join(" "));
