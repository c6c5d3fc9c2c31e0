// Shared by the halt tests (test/server/halt*.test.ts): deterministic keys (an admin, a minter, a council of three
// with COUNCIL_THRESHOLD 2, two users), their genesis, packet builders, temp data dirs, and a row corrupter that
// edits a participant's SQLite file the way a bad disk or a careless operator would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "@photostructure/sqlite";
import {
  accountId,
  encodePacket,
  generateKeyPair,
  ops,
  sha3_256,
  signPacket,
  Token,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { PARTICIPANT_NAMES } from "../../server/stores/limits.js";
import { KIND_BALANCE, KIND_GLOBALS } from "../../server/stores/write-set.js";
import { G_SUMS } from "../../bindings/ledger/layout.generated.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";

export const CHAIN_ID = 31;
const seeded = (level: 44 | 65 | 87, name: string): KeyPair =>
  generateKeyPair(level, sha3_256(new TextEncoder().encode(`qfs-v13/test/halt/${name}`)));
export const admin = seeded(44, "admin");
export const minter = seeded(44, "minter");
export const council = [seeded(44, "council1"), seeded(44, "council2"), seeded(44, "council3")] as const;
export const alice = seeded(44, "alice");
export const bob = seeded(44, "bob");
export const ALICE = accountId(alice.publicKey);
export const BOB = accountId(bob.publicKey);

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

export function haltGenesis(): GenesisFile {
  return {
    chainId: CHAIN_ID,
    timeMs: String(Date.now() - 1000),
    keys: [
      { publicKey: hex(admin.publicKey), roles: ["ADMIN"] },
      { publicKey: hex(minter.publicKey), roles: ["MINTER:CHR"] },
      ...council.map((k) => ({ publicKey: hex(k.publicKey), roles: ["COUNCIL"] })),
      { publicKey: hex(alice.publicKey), roles: [] },
      { publicKey: hex(bob.publicKey), roles: [] },
    ],
    allocations: [],
    councilThreshold: "2",
  };
}

/** A packet of `ops` acting for `by[0]`'s account with `nonce`, signed by every key of `by`. */
export function packet(by: readonly KeyPair[], nonce: bigint, operations: Operation[]): Uint8Array {
  return encodePacket(
    signPacket(
      {
        chainId: CHAIN_ID,
        account: accountId(by[0]!.publicKey),
        nonce,
        timestampMs: BigInt(Date.now()),
        ops: operations,
      },
      by,
    ),
  );
}

export const mint = (nonce: bigint, to: Uint8Array, amount: bigint) =>
  packet([minter], nonce, [ops.mint(Token.CHR, to, amount)]);
export const resume = (signers: readonly KeyPair[], nonce: bigint, hashHex: string) =>
  packet(signers, nonce, [ops.resume(unhex(hashHex))]);

/** The same packet with one byte of its last signature flipped. */
export function badSignature(p: Uint8Array): Uint8Array {
  const out = p.slice();
  out[out.length - 10] = out[out.length - 10]! ^ 0x01;
  return out;
}

const dirs: string[] = [];
export function tempDataDir(): string {
  const d = mkdtempSync(join(tmpdir(), "qfs-halt-"));
  dirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

const u128 = (b: Uint8Array): bigint => {
  const v = Buffer.from(b);
  return v.readBigUInt64LE(0) | (v.readBigUInt64LE(8) << 64n);
};
function u128Bytes(v: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64LE(v & 0xffffffffffffffffn, 0);
  b.writeBigUInt64LE(v >> 64n, 8);
  return b;
}

/** Adds `delta` to an account's committed BALANCE row of `token` in the token participant's SQLite file (the
 *  node must be closed). Returns the new balance. */
export function corruptBalance(dataDir: string, token: number, account: Uint8Array, delta: bigint): bigint {
  const path = join(dataDir, "stores", `participant-${PARTICIPANT_NAMES[token]}.sqlite`);
  const db = new DatabaseSync(path);
  try {
    const row = db.prepare("SELECT value FROM rows WHERE kind = ? AND key = ?").get(KIND_BALANCE, account) as
      { value: Uint8Array } | undefined;
    if (row === undefined) throw new Error(`no BALANCE row for ${hex(account)} in ${path}`);
    const next = u128(row.value) + delta;
    db.prepare("UPDATE rows SET value = ? WHERE kind = ? AND key = ?").run(u128Bytes(next), KIND_BALANCE, account);
    return next;
  } finally {
    db.close();
  }
}

/** Adds `delta` to the core's running sum of `token`'s balances (G_SUMS) in the registry's GLOBALS row. */
export function corruptRunningSum(dataDir: string, token: number, delta: bigint): void {
  const path = join(dataDir, "stores", "participant-registry.sqlite");
  const db = new DatabaseSync(path);
  try {
    const key = new Uint8Array(32);
    const row = db.prepare("SELECT value FROM rows WHERE kind = ? AND key = ?").get(KIND_GLOBALS, key) as
      { value: Uint8Array } | undefined;
    if (row === undefined) throw new Error(`no GLOBALS row in ${path}`);
    const value = Buffer.from(row.value);
    const at = G_SUMS + 16 * token;
    value.set(u128Bytes(u128(value.subarray(at, at + 16)) + delta), at);
    db.prepare("UPDATE rows SET value = ? WHERE kind = ? AND key = ?").run(value, KIND_GLOBALS, key);
  } finally {
    db.close();
  }
}
