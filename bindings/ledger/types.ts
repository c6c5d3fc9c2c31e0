// Types of the ledger binding: tokens, roles, parameters, operations, packets, results.

export const Token = { CHR: 0, FLX: 1, PSY: 2, ATR: 3, RES: 4 } as const;
export type TokenId = (typeof Token)[keyof typeof Token];
export const TOKEN_COUNT = 5;

export const Role = {
  ADMIN: 1 << 0,
  KEY_ADMIN: 1 << 1,
  COUNCIL: 1 << 2,
  AUDITOR: 1 << 3,
} as const;
// MINTER of a token is bit (8 + token).
export function minterRole(token: TokenId): number {
  return 1 << (8 + token);
}
export const ROLE_ALL = 0xf | (0x1f << 8);

export const Param = { TIMESTAMP_WINDOW_MS: 0, COUNCIL_THRESHOLD: 1, EPOCH_LENGTH_MS: 2 } as const;

export const KeyStatus = { ACTIVE: 1, ROTATED: 2, REVOKED: 3 } as const;
export type KeyStatusValue = (typeof KeyStatus)[keyof typeof KeyStatus];

export const OpCode = {
  TRANSFER: 1,
  MINT: 2,
  BURN: 3,
  KEY_REGISTER: 4,
  KEY_ROTATE: 5,
  KEY_REVOKE: 6,
  ROLE_GRANT: 7,
  ROLE_REVOKE: 8,
  PARAM_SET: 9,
  HALT: 10,
  RESUME: 11,
} as const;

export type LedgerOp =
  | { kind: "transfer"; token: number; to: Uint8Array; amount: bigint }
  | { kind: "mint"; token: number; to: Uint8Array; amount: bigint }
  | { kind: "burn"; token: number; amount: bigint }
  | { kind: "keyRegister"; publicKey: Uint8Array; owner?: Uint8Array; maxAgeEpochs?: number }
  | { kind: "keyRotate"; oldKeyId: Uint8Array; publicKey: Uint8Array; maxAgeEpochs?: number }
  | { kind: "keyRevoke"; keyId: Uint8Array }
  | { kind: "roleGrant"; keyId: Uint8Array; roles: number }
  | { kind: "roleRevoke"; keyId: Uint8Array; roles: number }
  | { kind: "paramSet"; param: number; value: bigint }
  | { kind: "halt"; reason: number }
  | { kind: "resume"; haltRecordHash: Uint8Array };

// A decoded packet whose signatures were verified: `signers` are the key ids (32 bytes) whose
// signatures checked out; signers[0] is the primary signer (its owner account pays the nonce).
export interface LedgerPacket {
  chainId: number;
  signers: Uint8Array[];
  nonce: bigint;
  timestampMs: bigint;
  ops: LedgerOp[];
  // Replay mode only (applyBatch with verifySignatures): the signed message and one signature
  // per signer, verified by the core itself.
  message?: Uint8Array;
  signatures?: Uint8Array[];
}

export interface BatchHeader {
  seq: bigint;
  timeMs: bigint;
  auditHead?: Uint8Array; // 32 bytes; zeros when absent
}

export interface AccountState {
  nonce: bigint;
  balances: bigint[]; // base units, index = token
}

export interface KeyState {
  keyId: Uint8Array;
  owner: Uint8Array;
  roles: number;
  level: number;
  status: KeyStatusValue;
  validFromEpoch: bigint;
  maxAgeEpochs: bigint;
  rotatedAtSeq: bigint;
  successor: Uint8Array;
  registeredSeq: bigint;
  publicKey: Uint8Array;
}

export interface HaltRecord {
  code: number;
  message: number;
  seq: bigint;
  stateRoot: Uint8Array;
  auditHead: Uint8Array;
  encoded: Uint8Array; // the 80 canonical bytes
  hash: Uint8Array; // SHA3-256(encoded), what a resume names
}

export interface GenesisKey {
  publicKey: Uint8Array;
  roles: number;
  owner?: Uint8Array;
  maxAgeEpochs?: number;
}

export interface Genesis {
  chainId: number;
  timeMs: bigint;
  timestampWindowMs?: bigint;
  councilThreshold?: bigint;
  epochLengthMs?: bigint;
  keys: GenesisKey[];
  allocations?: { account: Uint8Array; token: number; amount: bigint }[];
  accountSlots?: number; // power of two, 16..65536 (default 4096)
  keySlots?: number; // power of two, 16..4096 (default 256)
}
