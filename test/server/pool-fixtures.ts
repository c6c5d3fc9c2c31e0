// Signed packets and a key registry for the verify-pool tests (made with the SDK, as a client would).
import {
  accountId,
  encodePacket,
  generateKeyPair,
  ops,
  signPacket,
  Token,
  type KeyLookup,
  type KeyPair,
  type RegisteredKey,
  type Level,
  type Operation,
} from "../../bindings/index.js";

export const CHAIN_ID = 7;
export const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const seed = (b: number): Uint8Array => new Uint8Array(32).fill(b);

// Keys are made once per file: ML-DSA keygen and signing cost milliseconds each in pure JS.
export const alice = generateKeyPair(87, seed(1));
export const bob = generateKeyPair(44, seed(2));
export const carol = generateKeyPair(65, seed(3));
export const dave = generateKeyPair(87, seed(4));
/** Signs packets but is not in the registry. */
export const mallory = generateKeyPair(44, seed(5));

export const registered: readonly KeyPair[] = [alice, bob, carol, dave];
const registry = new Map<string, RegisteredKey>(registered.map((k) => [hex(k.keyId), k]));
export const lookup: KeyLookup = (id) => registry.get(hex(id));

export function signed(
  signers: readonly KeyPair[],
  nonce: bigint,
  opts: { chainId?: number; ops?: Operation[] } = {},
): Uint8Array {
  const [first] = signers;
  if (first === undefined) throw new Error("a packet needs a signer");
  return encodePacket(
    signPacket(
      {
        chainId: opts.chainId ?? CHAIN_ID,
        account: accountId(first.publicKey),
        nonce,
        timestampMs: 1_764_000_000_000n + nonce,
        ops: opts.ops ?? [ops.transfer(Token.FLX, accountId(bob.publicKey), 10n ** 18n + nonce)],
      },
      signers,
    ),
  );
}

/** Index in wire order (sorted key ids) of `k` among `signers`. */
export function wireIndex(signers: readonly KeyPair[], k: KeyPair): number {
  return [...signers]
    .map((s) => hex(s.keyId))
    .sort()
    .indexOf(hex(k.keyId));
}

/** Byte offset of signer i's signature bytes (after its level byte) in an encoded packet. */
export function sigOffset(packet: Uint8Array, bodyLength: number, i: number): number {
  const SIG: Record<number, number> = { 44: 2420, 65: 3309, 87: 4627 };
  let at = bodyLength;
  for (let s = 0; s < i; s++) at += 1 + (SIG[packet[at] as number] as number);
  return at + 1;
}

export const LEVELS: readonly Level[] = [44, 65, 87];
