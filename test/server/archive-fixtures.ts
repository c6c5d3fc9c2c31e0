// Shared by the archive tests and their crash child: a fixed node key, a genesis with a minter of CHR and FLX and
// two users, and packets that mint and transfer both tokens, some of them failing on purpose.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accountId, encodePacket, generateKeyPair, ops, sha3_256, signPacket, Token } from "../../bindings/index.js";
import type { KeyPair } from "../../bindings/index.js";
import { nodeKeyFromSeed } from "../../server/node-key.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";

export const CHAIN_ID = 23;
const seed = (s: string) => sha3_256(new TextEncoder().encode(`qfs-v13/test/archive/${s}`));
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export const nodeKey = nodeKeyFromSeed(seed("node"));
export const minter = generateKeyPair(65, seed("minter"));
export const alice = generateKeyPair(44, seed("alice"));
export const bob = generateKeyPair(44, seed("bob"));
export const ALICE = accountId(alice.publicKey);
export const BOB = accountId(bob.publicKey);
export const MINTER = accountId(minter.publicKey);

export function archiveGenesis(timeMs: number): GenesisFile {
  return {
    chainId: CHAIN_ID,
    timeMs: String(timeMs),
    keys: [
      { publicKey: hex(minter.publicKey), roles: ["MINTER:CHR", "MINTER:FLX"] },
      { publicKey: hex(alice.publicKey), roles: [] },
      { publicKey: hex(bob.publicKey), roles: [] },
    ],
    allocations: [{ account: hex(ALICE), token: Token.CHR, amount: "1000" }],
  };
}

export function tempDir(prefix = "qfs-archive-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

type Op = ReturnType<typeof ops.mint> | ReturnType<typeof ops.transfer>;

export function packet(
  signer: KeyPair,
  nonce: bigint,
  opList: Op[],
  hedged = false,
  timestampMs = BigInt(Date.now()),
): Uint8Array {
  const body = { chainId: CHAIN_ID, account: accountId(signer.publicKey), nonce, timestampMs, ops: opList };
  return encodePacket(signPacket(body, [signer], { hedged }));
}

/** Round one: the minter mints CHR and FLX to alice (nonces 1, 2). Round two: alice pays bob in both tokens
 *  (nonce 1), overspends FLX (nonce 2: fails), replays nonce 1 (fails), and one packet is garbage. */
export function roundOne(): Uint8Array[] {
  return [
    packet(minter, 1n, [ops.mint(Token.CHR, ALICE, 500n)]),
    packet(minter, 2n, [ops.mint(Token.FLX, ALICE, 300n), ops.mint(Token.CHR, BOB, 7n)]),
  ];
}

export function roundTwo(): Uint8Array[] {
  return [
    packet(alice, 1n, [ops.transfer(Token.CHR, BOB, 120n), ops.transfer(Token.FLX, BOB, 30n)]),
    packet(alice, 2n, [ops.transfer(Token.FLX, BOB, 10_000n)]),
    packet(alice, 1n, [ops.transfer(Token.CHR, BOB, 1n)]),
    new Uint8Array([1, 2, 3, 4, 5]),
  ];
}
