// Client SDK: keys, operation builders, signing, codec, signature verification.
export * from "../packet/index.js";
export { generateKeyPair, keyId, accountId, type KeyPair } from "./keys.js";
export * as ops from "./ops.js";
export {
  signPacket,
  verifyPacketSignatures,
  VerifyErrorCode,
  type Signer,
  type SignOptions,
  type UnsignedBody,
  type RegisteredKey,
  type KeyLookup,
  type VerifyResult,
} from "./sign.js";
