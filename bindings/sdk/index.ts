// Client SDK: keys, operation builders, signing, codec, signature verification.
export * from "../packet/index.js";
export { generateKeyPair, keyId, accountId, type KeyPair } from "./keys.js";
export * as ops from "./ops.js";
export { toBase64, fromBase64 } from "./base64.js";
export {
  signPacket,
  signBody,
  sortKeyIds,
  assemblePacket,
  verifyPacketSignatures,
  VerifyErrorCode,
  type Signer,
  type SignOptions,
  type UnsignedBody,
  type RegisteredKey,
  type KeyLookup,
  type VerifyResult,
} from "./sign.js";
