// Inputs for battery.js made in Node: ML-DSA signatures from @noble/post-quantum (independent of our core) and a
// DRV packet signed and encoded with the SDK of the Node entry. Deterministic: fixed seeds, no hedging.
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import type { Fixture, MldsaCase } from "./battery.js";
import { input, toHex } from "./battery.js";

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

/** The SDK module surface the fixture needs (the Node entry's exports). */
interface Sdk {
  generateKeyPair(level: Level, seed: Uint8Array): { level: Level; publicKey: Uint8Array; keyId: Uint8Array };
  accountId(publicKey: Uint8Array): Uint8Array;
  signPacket(body: object, signers: readonly object[]): object;
  encodePacket(packet: object): Uint8Array;
  ops: { transfer(token: number, to: Uint8Array, amount: bigint): object; stake?: unknown };
  Token: Record<string, number>;
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
  };
}
