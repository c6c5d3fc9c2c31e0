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
export {
  verifyReceipt,
  receiptProofIndexes,
  RECEIPT_EVENTS_MAX,
  type ReceiptVerdict,
  type ReceiptVerified,
  type ReceiptFailure,
  type ReceiptProofs,
} from "./receipt.js";
export {
  verifyServedLog,
  AUDIT_ENTRIES_PAGE_MAX,
  type ServedLog,
  type ServedState,
  type ServedEntry,
  type LogVerdict,
  type LogVerified,
  type LogFailure,
} from "./verify-log.js";
export {
  verifyAccount,
  accountRecord,
  accountRecordCommitment,
  readAccountJson,
  ACCOUNT_DOMAIN_V2,
  ACCOUNT_RECORD_BYTES,
  ACCOUNT_RECORD_TOKENS,
  RES_STATE_NAMES,
  NO_STAKING,
  type AccountStaking,
  type ProvenAccount,
  type ResStateName,
  type AccountVerdict,
  type AccountVerified,
  type AccountFailure,
} from "./account-proof.js";
