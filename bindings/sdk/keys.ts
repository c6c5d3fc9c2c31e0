// Client-side keys: ML-DSA keygen through @noble/post-quantum; ids through the core's SHA3-256.
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { qfsError } from "../errors/index.js";
import { sha3_256 } from "../hash.js";
import { packetError } from "../packet/errors.js";
import { isLevel, PUBLIC_KEY_BYTES, type Level } from "../packet/types.js";

export interface KeyPair {
  readonly level: Level;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  /** SHA3-256 of the public key. */
  readonly keyId: Uint8Array;
}

export function mldsa(level: Level): typeof ml_dsa87 {
  if (level === 44) return ml_dsa44;
  if (level === 65) return ml_dsa65;
  if (level === 87) return ml_dsa87;
  throw packetError("E_PACKET_FIELD_RANGE", -1, "level must be 44, 65 or 87");
}

/** Key id = SHA3-256 of the ML-DSA public key (32 bytes). */
export function keyId(publicKey: Uint8Array): Uint8Array {
  return sha3_256(publicKey);
}

/** Account id = SHA3-256 of the account's (first) ML-DSA public key; it stays when the key rotates. */
export function accountId(publicKey: Uint8Array): Uint8Array {
  return sha3_256(publicKey);
}

/**
 * Generates an ML-DSA key pair (default ML-DSA-87). With a 32-byte `seed` the pair is
 * deterministic (FIPS 204 ML-DSA.KeyGen_internal(ξ)); without, noble draws ξ from the platform CSPRNG.
 */
export function generateKeyPair(level: Level = 87, seed?: Uint8Array): KeyPair {
  if (!isLevel(level)) throw packetError("E_PACKET_FIELD_RANGE", -1, "level must be 44, 65 or 87");
  const { publicKey, secretKey } = mldsa(level).keygen(seed);
  if (publicKey.length !== PUBLIC_KEY_BYTES[level]) throw qfsError("E_INTERNAL", "public key size");
  return { level, publicKey, secretKey, keyId: keyId(publicKey) };
}
