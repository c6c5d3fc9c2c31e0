// Types and constants of the DRV packet wire format, version 1 (docs/wire-format.md).

export const MAGIC = new Uint8Array([0x51, 0x44, 0x52, 0x56]); // "QDRV"
export const VERSION = 1;
export const MAX_PACKET_BYTES = 65_536;
export const HEADER_BYTES = 64;
export const ID_BYTES = 32;
export const MAX_SIGNERS = 8;
export const MAX_OPS = 16;
export const CONTEXT_TX = new TextEncoder().encode("QFS-V13/tx");
/** 1.0 as an 18-decimal fixed-point value: the largest slash share. */
export const ONE_18 = 10n ** 18n;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

export const Token = { CHR: 0, FLX: 1, PSY: 2, ATR: 3, RES: 4 } as const;
export type TokenId = (typeof Token)[keyof typeof Token];
export const TOKEN_COUNT = 5;

/** Role enum (ROLE_GRANT/ROLE_REVOKE); bit `1 << role` in a KEY_REGISTER roles mask. */
export const Role = { ADMIN: 0, MINTER: 1, KEY_ADMIN: 2, COUNCIL: 3, AUDITOR: 4 } as const;
export type RoleId = (typeof Role)[keyof typeof Role];
export const ROLE_COUNT = 5;
export const ROLES_MASK = (1 << ROLE_COUNT) - 1;
export const TOKENS_MASK = (1 << TOKEN_COUNT) - 1;

export type Level = 44 | 65 | 87;
export const LEVELS: readonly Level[] = [44, 65, 87];
/** FIPS 204 sizes in bytes. */
export const PUBLIC_KEY_BYTES: Record<Level, number> = { 44: 1312, 65: 1952, 87: 2592 };
export const SIGNATURE_BYTES: Record<Level, number> = { 44: 2420, 65: 3309, 87: 4627 };

export function isLevel(x: number): x is Level {
  return x === 44 || x === 65 || x === 87;
}

/** Operation type bytes. */
export const OpType = {
  transfer: 0x01,
  mint: 0x02,
  burn: 0x03,
  stake: 0x04,
  unstake: 0x05,
  claim: 0x06,
  penalty: 0x07,
  keyRegister: 0x08,
  keyRotate: 0x09,
  keyRevoke: 0x0a,
  roleGrant: 0x0b,
  roleRevoke: 0x0c,
  paramChange: 0x0d,
  halt: 0x0e,
  resume: 0x0f,
} as const;
export type OpKind = keyof typeof OpType;

export interface TransferOp {
  readonly op: "transfer";
  readonly token: TokenId;
  readonly to: Uint8Array;
  readonly amount: bigint;
}
export interface MintOp {
  readonly op: "mint";
  readonly token: TokenId;
  readonly to: Uint8Array;
  readonly amount: bigint;
}
export interface BurnOp {
  readonly op: "burn";
  readonly token: TokenId;
  readonly amount: bigint;
}
export interface StakeOp {
  readonly op: "stake";
  readonly token: TokenId;
  readonly amount: bigint;
}
export interface UnstakeOp {
  readonly op: "unstake";
  readonly token: TokenId;
  readonly amount: bigint;
  /** Emergency withdrawal: principal back, accrued rewards forfeited. */
  readonly emergency: boolean;
}
export interface ClaimOp {
  readonly op: "claim";
  /** The staked token whose accrued rewards are claimed. */
  readonly token: TokenId;
}
export interface PenaltyOp {
  readonly op: "penalty";
  readonly target: Uint8Array;
  /** Share of the target's stake to slash, 18-decimal fixed point in [0, 1e18]. */
  readonly slashShare: bigint;
  /** RES base units to burn from the target. */
  readonly resBurn: bigint;
}
export interface KeyRegisterOp {
  readonly op: "keyRegister";
  readonly level: Level;
  /** Bit set of Role (bit 1 << role). */
  readonly roles: number;
  /** Bit set of tokens (bit 1 << token) the key may mint; non-zero iff the MINTER bit is set. */
  readonly minterTokens: number;
  readonly validFromEpoch: bigint;
  /** Rotation schedule in epochs; 0 = no maximum age. */
  readonly maxAgeEpochs: number;
  readonly publicKey: Uint8Array;
}
export interface KeyRotateOp {
  readonly op: "keyRotate";
  readonly oldKeyId: Uint8Array;
  readonly level: Level;
  readonly publicKey: Uint8Array;
}
export interface KeyRevokeOp {
  readonly op: "keyRevoke";
  readonly keyId: Uint8Array;
}
export interface RoleGrantOp {
  readonly op: "roleGrant";
  readonly keyId: Uint8Array;
  readonly role: RoleId;
  /** Token for MINTER; must be 0 for every other role. */
  readonly token: TokenId;
}
export interface RoleRevokeOp {
  readonly op: "roleRevoke";
  readonly keyId: Uint8Array;
  readonly role: RoleId;
  readonly token: TokenId;
}
export interface ParamChangeOp {
  readonly op: "paramChange";
  readonly paramId: number;
  readonly value: bigint;
}
export interface HaltOp {
  readonly op: "halt";
  /** Halt reason code (non-zero). */
  readonly reason: number;
}
export interface ResumeOp {
  readonly op: "resume";
  /** SHA3-256 of the halt record being resolved. */
  readonly haltRecordHash: Uint8Array;
}

export type Operation =
  | TransferOp
  | MintOp
  | BurnOp
  | StakeOp
  | UnstakeOp
  | ClaimOp
  | PenaltyOp
  | KeyRegisterOp
  | KeyRotateOp
  | KeyRevokeOp
  | RoleGrantOp
  | RoleRevokeOp
  | ParamChangeOp
  | HaltOp
  | ResumeOp;

/** The signed part of a packet. */
export interface PacketBody {
  readonly chainId: number;
  /** The acting account: its nonce is consumed, its balances are debited. */
  readonly account: Uint8Array;
  readonly nonce: bigint;
  readonly timestampMs: bigint;
  /** Key ids of the signers, strictly increasing (bytewise), 1..8. */
  readonly signers: readonly Uint8Array[];
  /** 1..16 operations, applied atomically in order. */
  readonly ops: readonly Operation[];
}

export interface PacketSignature {
  readonly level: Level;
  readonly signature: Uint8Array;
}

export interface Packet {
  readonly body: PacketBody;
  /** One per signer, in the order of body.signers. */
  readonly signatures: readonly PacketSignature[];
}
