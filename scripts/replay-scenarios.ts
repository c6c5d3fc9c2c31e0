// Scenario builders of the frozen replay vectors (vectors/replay/*.json, docs/replay.md §7).
// Deterministic: keys from fixed seeds, deterministic ML-DSA signing, fixed logical times. Each
// scenario asserts the outcome of every packet it sends, so a vector demonstrates what it claims.
// Used by scripts/gen-replay-vectors.ts and by test/replay/replay.test.ts (tampered variants).
import { qfsError } from "../bindings/errors/index.js";
import {
  accountId,
  encodePacket,
  generateKeyPair,
  LedgerParam,
  LedgerRole,
  ledgerCodeName,
  minterRole,
  ops,
  ReplaySequencer,
  Role,
  sha3_256,
  signPacket,
  Token,
  type Genesis,
  type KeyPair,
  type Level,
  type Operation,
  type ReplayLog,
} from "../bindings/index.js";
import { penalty, staking } from "./replay-scenarios-staking.js";

const enc = new TextEncoder();
export const T0 = 1_764_000_000_000;
const E18 = 10n ** 18n;

export function seededKey(tag: string, level: Level = 44): KeyPair {
  return generateKeyPair(level, sha3_256(enc.encode(`qfs-v13/replay-vectors/${tag}`)));
}

export const nodeKey = (): KeyPair => seededKey("node", 87);

export class Actor {
  readonly account: Uint8Array;
  nonce = 0n;
  constructor(
    readonly key: KeyPair,
    account?: Uint8Array,
  ) {
    this.account = account ?? accountId(key.publicKey);
  }
}

interface Send {
  bytes: Uint8Array;
  expect: string;
}

// A scenario under construction: genesis, actors, batches with asserted outcomes.
export class Scenario {
  readonly seq: ReplaySequencer;
  time = T0;
  constructor(
    readonly name: string,
    readonly description: string,
    genesis: Genesis,
  ) {
    const node = nodeKey();
    this.seq = new ReplaySequencer({ genesis, nodeSecretKey: node.secretKey, nodePublicKey: node.publicKey });
  }

  // A signed packet for `actor` (nonce = last + 1 unless given; `expect` is its outcome name).
  packet(
    actor: Actor,
    operations: Operation[],
    opts: { expect?: string; nonce?: bigint; signers?: KeyPair[]; ts?: number; chainId?: number } = {},
  ): Send {
    const expect = opts.expect ?? "OK";
    const nonce = opts.nonce ?? actor.nonce + 1n;
    if (expect === "OK" && opts.nonce === undefined) actor.nonce = nonce;
    const p = signPacket(
      {
        chainId: opts.chainId ?? this.seq.ledger.chainId,
        account: actor.account,
        nonce,
        timestampMs: BigInt(opts.ts ?? this.time),
        ops: operations,
      },
      opts.signers ?? [actor.key],
    );
    return { bytes: encodePacket(p), expect };
  }

  raw(bytes: Uint8Array, expect: string): Send {
    return { bytes, expect };
  }

  advance(dt: number): void {
    this.time += dt;
  }

  // Applies a batch at time + dt (packets built before carry the earlier time as client timestamp) and checks every outcome.
  batch(dt: number, sends: Send[]): void {
    this.time += dt;
    const res = this.seq.applyBatch(
      this.time,
      sends.map((s) => s.bytes),
    );
    sends.forEach((s, i) => {
      const got = res.outcomes[i] ?? -1;
      const name = got === 0 ? "OK" : got >= 100 && got < 200 ? `WIRE_${got}` : ledgerCodeName(got);
      if (name !== s.expect)
        throw qfsError(
          "E_INTERNAL",
          `${this.name}: batch ${res.checkpoint.seq} packet ${i}: expected ${s.expect}, got ${name}`,
        );
    });
  }

  log(): ReplayLog {
    return this.seq.log({
      name: this.name,
      description: this.description,
      expectedStateRoot: hexOf(this.seq.ledger.stateRoot()),
    });
  }
}

function hexOf(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

export const ALL_MINTERS = minterRole(0) | minterRole(1) | minterRole(2) | minterRole(3) | minterRole(4);

function basic(): ReplayLog {
  const admin = new Actor(seededKey("basic/admin", 87));
  const minter = new Actor(seededKey("basic/minter", 65));
  const alice = new Actor(seededKey("basic/alice", 44));
  const bob = new Actor(seededKey("basic/bob", 44));
  const carol = new Actor(seededKey("basic/carol", 65));
  const s = new Scenario(
    "basic",
    "Mints, transfers and burns across CHR, FLX, PSY, ATR and RES, with rejected packets: insufficient funds, RES transfer, PSY mint, bad nonce, missing role, bad signature, malformed packet, atomic rollback.",
    {
      chainId: 1,
      timeMs: BigInt(T0),
      keys: [
        { publicKey: admin.key.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: minter.key.publicKey, roles: ALL_MINTERS },
        { publicKey: alice.key.publicKey, roles: 0 },
        { publicKey: bob.key.publicKey, roles: 0 },
        { publicKey: carol.key.publicKey, roles: 0 },
      ],
      allocations: [{ account: alice.account, token: Token.CHR, amount: 100n * E18 }],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  s.batch(1000, [
    s.packet(minter, [
      ops.mint(Token.CHR, alice.account, 50n * E18),
      ops.mint(Token.FLX, alice.account, 1000n * E18),
      ops.mint(Token.ATR, alice.account, 10n * E18),
      ops.mint(Token.RES, alice.account, 7n * E18),
      ops.mint(Token.FLX, minter.account, 5n * E18),
    ]),
    s.packet(minter, [ops.mint(Token.PSY, alice.account, 1n)], { expect: "E_TOKEN_MINT_STAKING_ONLY" }),
  ]);
  s.batch(1000, [
    s.packet(alice, [
      ops.transfer(Token.FLX, bob.account, 250n * E18),
      ops.transfer(Token.CHR, bob.account, 30n * E18),
      ops.transfer(Token.ATR, carol.account, 3n * E18),
    ]),
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 10_000n * E18)], { expect: "E_INSUFFICIENT_FUNDS" }),
    s.packet(alice, [ops.transfer(Token.RES, bob.account, 1n)], { expect: "E_TOKEN_NOT_TRANSFERABLE" }),
    s.packet(alice, [ops.transfer(Token.PSY, bob.account, 1n)], { expect: "E_INSUFFICIENT_FUNDS" }),
    s.packet(bob, [ops.transfer(Token.FLX, carol.account, 1n)], { expect: "E_NONCE", nonce: 5n }),
    s.packet(bob, [ops.transfer(Token.FLX, carol.account, 40n * E18)]),
  ]);
  // A packet whose second operation fails leaves nothing behind (nonce included).
  const badSig = s.packet(carol, [ops.transfer(Token.ATR, bob.account, 1n)], { expect: "E_SIG_INVALID", nonce: 1n });
  badSig.bytes[badSig.bytes.length - 100]! ^= 1;
  s.batch(1000, [
    s.packet(
      alice,
      [ops.transfer(Token.FLX, carol.account, 5n * E18), ops.transfer(Token.CHR, carol.account, 10_000n * E18)],
      { expect: "E_INSUFFICIENT_FUNDS" },
    ),
    s.packet(alice, [ops.burn(Token.FLX, 1n)], { expect: "E_ROLE_MISSING" }),
    s.packet(minter, [ops.burn(Token.FLX, 2n * E18)]),
    badSig,
    s.raw(Uint8Array.of(0x51, 0x44, 0x52, 0x56, 0x02), "WIRE_103"), // E_PACKET_VERSION: rejected by the WASM wire decoder
    s.packet(carol, [ops.transfer(Token.ATR, bob.account, 1n * E18), ops.transfer(Token.FLX, alice.account, 1n)]),
  ]);
  s.batch(500, []);
  s.batch(2000, [
    s.packet(bob, [ops.transfer(Token.CHR, alice.account, 5n * E18), ops.transfer(Token.FLX, alice.account, 5n * E18)]),
    s.packet(alice, [ops.transfer(Token.CHR, bob.account, 1n)], { chainId: 2, expect: "E_CHAIN_ID", nonce: 2n }),
    s.packet(alice, [ops.transfer(Token.CHR, bob.account, 1n)], {
      ts: s.time + 60_000,
      expect: "E_TIMESTAMP_WINDOW",
      nonce: 2n,
    }),
    s.packet(alice, [ops.transfer(Token.ATR, bob.account, 1n)]),
  ]);
  return s.log();
}

function keys(): ReplayLog {
  const admin = new Actor(seededKey("keys/admin", 87));
  const alice = new Actor(seededKey("keys/alice", 44));
  const bob = new Actor(seededKey("keys/bob", 44));
  const carol = new Actor(seededKey("keys/carol", 65));
  const alice2 = seededKey("keys/alice2", 65);
  const dave = new Actor(seededKey("keys/dave", 44));
  const erin = new Actor(seededKey("keys/erin", 44));
  const s = new Scenario(
    "keys",
    "Key rotation (old key still valid in its batch, E_KEY_ROTATED from the next), immediate revocation (E_KEY_REVOKED later in the same batch), registration by KEY_ADMIN, expiry by max age across epochs, unknown signer.",
    {
      chainId: 2,
      timeMs: BigInt(T0),
      epochLengthMs: 60_000n,
      keys: [
        { publicKey: admin.key.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: alice.key.publicKey, roles: 0 },
        { publicKey: bob.key.publicKey, roles: 0 },
        { publicKey: carol.key.publicKey, roles: 0, maxAgeEpochs: 3 },
      ],
      allocations: [
        { account: alice.account, token: Token.FLX, amount: 1000n },
        { account: bob.account, token: Token.FLX, amount: 1000n },
        { account: carol.account, token: Token.FLX, amount: 1000n },
      ],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  const aliceNew = new Actor(alice2, alice.account);
  s.batch(1000, [
    s.packet(alice, [ops.keyRotate(alice.key.keyId, alice2.publicKey, 65)]),
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 10n)]),
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)]),
    s.packet(admin, [ops.keyRevoke(bob.key.keyId)]),
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)], { expect: "E_KEY_REVOKED" }),
    s.packet(carol, [ops.transfer(Token.FLX, bob.account, 5n)]),
  ]);
  aliceNew.nonce = alice.nonce;
  s.batch(1000, [
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 10n)], { expect: "E_KEY_ROTATED", nonce: alice.nonce + 1n }),
    s.packet(aliceNew, [ops.transfer(Token.FLX, carol.account, 20n)]),
    s.packet(admin, [ops.keyRegister(dave.key.publicKey, 44, {})]),
    s.packet(admin, [ops.keyRegister(erin.key.publicKey, 44, { roles: [Role.COUNCIL] })]),
    s.packet(dave, [ops.transfer(Token.FLX, carol.account, 1n)], { expect: "E_INSUFFICIENT_FUNDS" }),
    s.packet(bob, [ops.keyRotate(bob.key.keyId, seededKey("keys/bob2").publicKey, 44)], { expect: "E_KEY_REVOKED" }),
  ]);
  s.batch(1000, [
    s.packet(aliceNew, [ops.transfer(Token.FLX, dave.account, 100n)]),
    s.packet(aliceNew, [ops.keyRevoke(alice.key.keyId)], { expect: "E_ROLE_MISSING", nonce: aliceNew.nonce + 1n }),
    s.packet(admin, [ops.keyRevoke(alice.key.keyId)]),
    s.packet(seededKeyActor("keys/stranger"), [ops.transfer(Token.FLX, bob.account, 1n)], { expect: "E_KEY_UNKNOWN" }),
  ]);
  // Three epochs later carol's key (max age 3 epochs from epoch 0) has expired.
  s.advance(3 * 60_000);
  s.batch(0, [
    s.packet(dave, [ops.transfer(Token.FLX, erin.account, 40n)]),
    s.packet(carol, [ops.transfer(Token.FLX, bob.account, 1n)], { expect: "E_KEY_EXPIRED" }),
    s.packet(erin, [ops.transfer(Token.FLX, dave.account, 15n)]),
  ]);
  return s.log();
}

function seededKeyActor(tag: string): Actor {
  return new Actor(seededKey(tag));
}

function council(): ReplayLog {
  const admin = new Actor(seededKey("council/admin", 87));
  const c1 = new Actor(seededKey("council/c1", 65));
  const c2 = new Actor(seededKey("council/c2", 44));
  const c3 = new Actor(seededKey("council/c3", 87));
  const alice = new Actor(seededKey("council/alice", 44));
  const bob = new Actor(seededKey("council/bob", 44));
  const s = new Scenario(
    "council",
    "Operator halt and 2-of-3 COUNCIL resume: E_HALTED while halted, a one-signer resume below threshold (E_MULTISIG_THRESHOLD), a resume naming the wrong record, E_NOT_HALTED, a COUNCIL halt and a second resume.",
    {
      chainId: 3,
      timeMs: BigInt(T0),
      councilThreshold: 2n,
      keys: [
        { publicKey: admin.key.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: c1.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: c2.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: c3.key.publicKey, roles: LedgerRole.COUNCIL },
        { publicKey: alice.key.publicKey, roles: 0 },
        { publicKey: bob.key.publicKey, roles: 0 },
      ],
      allocations: [{ account: alice.account, token: Token.FLX, amount: 500n * E18 }],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  s.batch(1000, [
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 1n * E18)]),
    s.packet(bob, [ops.halt(7)], { expect: "E_ROLE_MISSING" }),
    s.packet(admin, [ops.halt(7)]),
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 1n * E18)], { expect: "E_HALTED", nonce: 2n }),
  ]);
  const rec = s.seq.ledger.haltRecord();
  if (rec === undefined) throw qfsError("E_INTERNAL", "council: not halted");
  s.batch(1000, [
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 1n * E18)], { expect: "E_HALTED", nonce: 2n }),
    s.packet(c1, [ops.resume(rec.hash)], { expect: "E_MULTISIG_THRESHOLD", nonce: 1n }),
    s.packet(c1, [ops.resume(new Uint8Array(32).fill(9))], {
      expect: "E_HALT_RECORD_MISMATCH",
      nonce: 1n,
      signers: [c1.key, c2.key],
    }),
    s.packet(c1, [ops.resume(rec.hash)], { signers: [c1.key, c2.key] }),
    s.packet(alice, [ops.transfer(Token.FLX, bob.account, 2n * E18)]),
  ]);
  s.batch(1000, [
    s.packet(c2, [ops.resume(rec.hash)], { expect: "E_NOT_HALTED", nonce: 1n, signers: [c2.key, c3.key] }),
    s.packet(c3, [ops.halt(9)]),
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)], { expect: "E_HALTED", nonce: 1n }),
  ]);
  const rec2 = s.seq.ledger.haltRecord();
  if (rec2 === undefined) throw qfsError("E_INTERNAL", "council: not halted again");
  s.batch(1000, [
    s.packet(c2, [ops.resume(rec2.hash)], { signers: [c2.key, c3.key] }),
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)]),
  ]);
  return s.log();
}

function rolesParams(): ReplayLog {
  const admin = new Actor(seededKey("roles/admin", 87));
  const alice = new Actor(seededKey("roles/alice", 44));
  const bob = new Actor(seededKey("roles/bob", 65));
  const s = new Scenario(
    "roles-params",
    "Role grant and revoke (MINTER of FLX, COUNCIL), E_ROLE_MISSING without them, parameter changes (timestamp window, council threshold) with E_PARAM_IMMUTABLE, E_PARAM_UNKNOWN and E_PARAM_INVALID, the new window enforced.",
    {
      chainId: 4,
      timeMs: BigInt(T0),
      keys: [
        { publicKey: admin.key.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: alice.key.publicKey, roles: 0 },
        { publicKey: bob.key.publicKey, roles: 0 },
      ],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  s.batch(1000, [
    s.packet(alice, [ops.mint(Token.FLX, bob.account, 5n)], { expect: "E_ROLE_MISSING" }),
    s.packet(admin, [ops.roleGrant(alice.key.keyId, Role.MINTER, Token.FLX)]),
    s.packet(alice, [ops.mint(Token.FLX, bob.account, 500n)]),
    s.packet(alice, [ops.roleGrant(bob.key.keyId, Role.COUNCIL)], { expect: "E_ROLE_MISSING" }),
    s.packet(admin, [ops.roleGrant(bob.key.keyId, Role.COUNCIL)]),
  ]);
  s.batch(1000, [
    s.packet(admin, [ops.roleRevoke(alice.key.keyId, Role.MINTER, Token.FLX)]),
    s.packet(alice, [ops.mint(Token.FLX, bob.account, 5n)], { expect: "E_ROLE_MISSING" }),
    s.packet(admin, [ops.paramChange(LedgerParam.TIMESTAMP_WINDOW_MS, 5_000n)]),
    s.packet(admin, [ops.paramChange(LedgerParam.EPOCH_LENGTH_MS, 1_000n)], { expect: "E_PARAM_IMMUTABLE" }),
    s.packet(admin, [ops.paramChange(11, 1n)], { expect: "E_PARAM_UNKNOWN" }),
    s.packet(admin, [ops.paramChange(LedgerParam.COUNCIL_THRESHOLD, 0n)], { expect: "E_PARAM_INVALID" }),
    s.packet(admin, [ops.paramChange(LedgerParam.COUNCIL_THRESHOLD, 2n)]),
  ]);
  s.batch(1000, [
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)], { ts: s.time - 9_000, expect: "E_TIMESTAMP_WINDOW" }),
    s.packet(bob, [ops.transfer(Token.FLX, alice.account, 1n)], { ts: s.time - 4_000 }),
    s.packet(admin, [ops.roleRevoke(bob.key.keyId, Role.COUNCIL)]),
    s.packet(admin, [ops.roleGrant(alice.key.keyId, Role.AUDITOR)]),
  ]);
  return s.log();
}

function long(): ReplayLog {
  const minter = new Actor(seededKey("long/minter", 87));
  const users = [
    new Actor(seededKey("long/u0", 44)),
    new Actor(seededKey("long/u1", 65)),
    new Actor(seededKey("long/u2", 87)),
    new Actor(seededKey("long/u3", 44)),
  ];
  const s = new Scenario(
    "long",
    "24 batches over 10 epochs: mints and round-robin transfers of CHR, FLX and ATR among four accounts (ML-DSA-44/65/87 signers), burns, one rejected overdraft every fourth batch, and an empty batch.",
    {
      chainId: 5,
      timeMs: BigInt(T0),
      epochLengthMs: 60_000n,
      keys: [
        {
          publicKey: minter.key.publicKey,
          roles: minterRole(Token.CHR) | minterRole(Token.FLX) | minterRole(Token.ATR),
        },
        ...users.map((u) => ({ publicKey: u.key.publicKey, roles: 0 })),
      ],
      accountSlots: 64,
      keySlots: 32,
    },
  );
  const tokens = [Token.CHR, Token.FLX, Token.ATR];
  for (let b = 0; b < 24; b++) {
    const sends: Send[] = [];
    if (b === 12) {
      s.batch(25_000, []);
      continue;
    }
    if (b === 0)
      sends.push(
        s.packet(
          minter,
          users.flatMap((u) => tokens.map((t) => ops.mint(t, u.account, 100n * E18))),
        ),
      );
    else if (b % 3 === 0)
      sends.push(
        s.packet(
          minter,
          users.map((u, i) => ops.mint(tokens[(b + i) % 3]!, u.account, BigInt(1000 + 10 * b + i) * E18)),
        ),
      );
    for (let i = 0; i < users.length; i++) {
      const from = users[i]!;
      const to = users[(i + 1 + (b % 3)) % users.length]!;
      const token = tokens[(b + i) % 3]!;
      sends.push(s.packet(from, [ops.transfer(token, to.account, BigInt(7 * (b + 1) + i))]));
    }
    if (b % 4 === 3)
      sends.push(
        s.packet(users[b % 4]!, [ops.transfer(Token.FLX, minter.account, 10n ** 30n)], {
          expect: "E_INSUFFICIENT_FUNDS",
        }),
      );
    if (b % 5 === 4) sends.push(s.packet(minter, [ops.mint(Token.FLX, minter.account, 9n), ops.burn(Token.FLX, 4n)]));
    s.batch(25_000, sends);
  }
  return s.log();
}

export const SCENARIOS: Record<string, () => ReplayLog> = {
  basic,
  keys,
  council,
  "roles-params": rolesParams,
  long,
  staking,
  penalty,
};
