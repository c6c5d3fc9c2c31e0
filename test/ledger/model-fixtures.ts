// Test fixtures for the ledger: deterministic fake ML-DSA-44-sized public keys (the pre-verified
// signer path never looks inside them) and a genesis with admin, key admin, minters and council.
import { sha3_256 } from "../../bindings/index.js";
import { LedgerRole as Role, Token, minterRole } from "../../bindings/index.js";
import type { Genesis, LedgerOp, LedgerPacket } from "../../bindings/index.js";

export const CHAIN_ID = 13;
export const T0 = 1_700_000_000_000n;
export const EPOCH_MS = 60_000n;

export function fakePk(n: number, size = 1312): Uint8Array {
  const pk = new Uint8Array(size);
  for (let i = 0; i < size; i++) pk[i] = (n * 131 + i * 7 + (i >> 8)) & 0xff;
  pk[0] = n & 0xff;
  pk[1] = (n >> 8) & 0xff;
  return pk;
}

export interface Actor {
  name: string;
  pk: Uint8Array;
  keyId: Uint8Array;
  account: Uint8Array; // the account the key acts for
  roles: number;
}

export function actor(name: string, n: number, roles: number): Actor {
  const pk = fakePk(n);
  const keyId = sha3_256(pk);
  return { name, pk, keyId, account: keyId, roles };
}

export const ALL_MINTERS =
  minterRole(Token.CHR) | minterRole(Token.FLX) | minterRole(Token.PSY) | minterRole(Token.ATR) | minterRole(Token.RES);

export function standardActors(): Actor[] {
  return [
    actor("admin", 1, Role.ADMIN | Role.KEY_ADMIN),
    actor("minter", 2, ALL_MINTERS),
    actor("council1", 3, Role.COUNCIL),
    actor("council2", 4, Role.COUNCIL),
    actor("council3", 5, Role.COUNCIL),
    actor("alice", 6, 0),
    actor("bob", 7, 0),
    actor("carol", 8, Role.AUDITOR),
  ];
}

export function standardGenesis(actors: Actor[], threshold = 2n): Genesis {
  return {
    chainId: CHAIN_ID,
    timeMs: T0,
    epochLengthMs: EPOCH_MS,
    timestampWindowMs: 5_000n,
    councilThreshold: threshold,
    keys: actors.map((a) => ({ publicKey: a.pk, roles: a.roles })),
    accountSlots: 256,
    keySlots: 64,
  };
}

export function packet(signers: Actor[], nonce: bigint, ops: LedgerOp[], timestampMs = T0): LedgerPacket {
  const account = signers[0]?.account ?? new Uint8Array(32);
  return { chainId: CHAIN_ID, account, signers: signers.map((s) => s.keyId), nonce, timestampMs, ops };
}
