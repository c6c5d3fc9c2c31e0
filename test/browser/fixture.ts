// Inputs for battery.js made in Node: ML-DSA signatures from @noble/post-quantum (independent of our core) and a
// DRV packet signed and encoded with the SDK of the Node entry. Deterministic: fixed seeds, no hedging.
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { Fixture, MldsaCase } from "./battery.js";
import { AUDIT_ENTRIES, auditEntry, input, toHex } from "./battery.js";

type Level = 44 | 65 | 87;
const ALGS = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 } as const;

function mldsaCase(level: Level, name: string, msgLen: number, context?: Uint8Array): MldsaCase {
  const alg = ALGS[level];
  const keys = alg.keygen(new Uint8Array(32).fill(level));
  const message = input(msgLen, level);
  const signature = alg.sign(message, keys.secretKey, { extraEntropy: false, ...(context ? { context } : {}) });
  return {
    name,
    level,
    publicKey: toHex(keys.publicKey),
    message: toHex(message),
    signature: toHex(signature),
    ...(context ? { context: toHex(context) } : {}),
  };
}

type Key = { level: Level; publicKey: Uint8Array; keyId: Uint8Array };

/** The SDK module surface the fixture needs (the Node entry's exports). */
interface Sdk {
  generateKeyPair(level: Level, seed: Uint8Array): { level: Level; publicKey: Uint8Array; keyId: Uint8Array };
  accountId(publicKey: Uint8Array): Uint8Array;
  signPacket(body: object, signers: readonly object[]): object;
  encodePacket(packet: object): Uint8Array;
  ops: {
    transfer(token: number, to: Uint8Array, amount: bigint): object;
    mint?: (token: number, to: Uint8Array, amount: bigint) => object;
  };
  Token: Record<string, number>;
  // The audit module (optional until merged).
  AuditLog?: new () => {
    append(e: Uint8Array): number;
    root(size?: number): Uint8Array;
    inclusionProof(index: number, size?: number): Uint8Array[];
    consistencyProof(m: number, n?: number): Uint8Array[];
  };
  encodeInclusionProof?: (p: { index: number; size: number; path: readonly Uint8Array[] }) => Uint8Array;
  encodeConsistencyProof?: (p: { m: number; n: number; path: readonly Uint8Array[] }) => Uint8Array;
  encodeCheckpoint?: (cp: object) => Uint8Array;
  // The ledger module (optional until merged).
  Ledger?: unknown;
  LedgerRole?: Record<string, number>;
  minterRole?: (token: number) => number;
}

// Five ML-DSA-44 keys (admin, minter, alice, two council members), a mint and a transfer in two batches, as
// in the ledger's own wire tests.
function ledgerFixture(sdk: Sdk): Fixture["ledger"] {
  const { LedgerRole, minterRole } = sdk;
  const mint = sdk.ops.mint;
  if (sdk.Ledger === undefined || !LedgerRole || !minterRole || !mint) {
    return { genesis: { chainId: 0, timeMs: "0", keys: [] }, batches: [], accounts: [] };
  }
  const chainId = 7;
  const t = 1_800_000_000_000n;
  const [admin, minter, alice, c1, c2] = [21, 22, 23, 24, 25].map((b) =>
    sdk.generateKeyPair(44, new Uint8Array(32).fill(b)),
  ) as [Key, Key, Key, Key, Key];
  const roles = [
    (LedgerRole.ADMIN as number) | (LedgerRole.KEY_ADMIN as number),
    minterRole(sdk.Token.FLX as number),
    0,
    LedgerRole.COUNCIL as number,
    LedgerRole.COUNCIL as number,
  ];
  const pkt = (signer: Key, nonce: bigint, op: object): string =>
    toHex(
      sdk.encodePacket(sdk.signPacket({ chainId, account: signer.keyId, nonce, timestampMs: t, ops: [op] }, [signer])),
    );
  const mintPkt = pkt(minter, 1n, mint(sdk.Token.FLX as number, alice.keyId, 500n));
  const xferPkt = pkt(alice, 1n, sdk.ops.transfer(sdk.Token.FLX as number, admin.keyId, 200n));
  return {
    genesis: {
      chainId,
      timeMs: String(t),
      keys: [admin, minter, alice, c1, c2].map((k, i) => ({
        publicKey: toHex(k.publicKey),
        roles: roles[i] as number,
      })),
    },
    batches: [
      { seq: "1", timeMs: String(t), packets: [mintPkt] },
      { seq: "2", timeMs: String(t + 1n), packets: [xferPkt, mintPkt] },
    ],
    accounts: [admin, minter, alice].map((k) => toHex(k.keyId)),
  };
}

const INCLUSION_INDEX = 5;

// Proofs and a checkpoint made with the Node entry's AuditLog; the checkpoint is signed with
// @noble/post-quantum's ML-DSA-87 directly (context "QFS-V13/checkpoint", SPEC §8).
function auditFixture(sdk: Sdk): Fixture["audit"] {
  const { AuditLog, encodeInclusionProof, encodeConsistencyProof, encodeCheckpoint } = sdk;
  if (!AuditLog || !encodeInclusionProof || !encodeConsistencyProof || !encodeCheckpoint) {
    return {
      inclusionIndex: INCLUSION_INDEX,
      inclusion: "",
      consistency: "",
      checkpoint: "",
      signature: "",
      publicKey: "",
    };
  }
  const log = new AuditLog();
  for (let i = 0; i < AUDIT_ENTRIES; i++) log.append(auditEntry(i));
  const cp = encodeCheckpoint({
    version: 1,
    chainId: 7,
    treeSize: AUDIT_ENTRIES,
    auditRoot: log.root(),
    stateRoot: new Uint8Array(32).fill(0x5a),
    seq: 3,
    logicalTimeMs: 1_764_000_000_000,
    prevHash: new Uint8Array(32).fill(0xa5),
  });
  const node = ml_dsa87.keygen(new Uint8Array(32).fill(0x87));
  const context = new TextEncoder().encode("QFS-V13/checkpoint");
  return {
    inclusionIndex: INCLUSION_INDEX,
    inclusion: toHex(
      encodeInclusionProof({ index: INCLUSION_INDEX, size: AUDIT_ENTRIES, path: log.inclusionProof(INCLUSION_INDEX) }),
    ),
    consistency: toHex(encodeConsistencyProof({ m: 6, n: AUDIT_ENTRIES, path: log.consistencyProof(6) })),
    checkpoint: toHex(cp),
    signature: toHex(ml_dsa87.sign(cp, node.secretKey, { context, extraEntropy: false })),
    publicKey: toHex(node.publicKey),
  };
}

export function makeFixture(sdk: Sdk): Fixture {
  const alice = sdk.generateKeyPair(44, new Uint8Array(32).fill(11));
  const bob = sdk.generateKeyPair(65, new Uint8Array(32).fill(12));
  const body = {
    chainId: 7,
    account: sdk.accountId(alice.publicKey),
    nonce: 42n,
    timestampMs: 1_764_000_000_000n,
    ops: [
      sdk.ops.transfer(sdk.Token.FLX as number, sdk.accountId(bob.publicKey), 25n * 10n ** 18n),
      sdk.ops.transfer(sdk.Token.CHR as number, sdk.accountId(bob.publicKey), 1n),
    ],
  };
  const packet = sdk.signPacket(body, [alice]);
  return {
    mldsa: [
      mldsaCase(44, "msg200", 200),
      mldsaCase(65, "msg200", 200),
      mldsaCase(87, "msg200", 200),
      mldsaCase(44, "ctx", 33, new TextEncoder().encode("QFS-V13/tx")),
    ],
    packet: {
      bytes: toHex(sdk.encodePacket(packet)),
      keys: [alice, bob].map((k) => ({ keyId: toHex(k.keyId), level: k.level, publicKey: toHex(k.publicKey) })),
    },
    audit: auditFixture(sdk),
    ledger: ledgerFixture(sdk),
  };
}
