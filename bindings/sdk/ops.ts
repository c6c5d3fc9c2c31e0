// Builders for every operation type. They only assemble objects; the encoder validates them.
import {
  Role,
  type BurnOp,
  type ClaimOp,
  type HaltOp,
  type KeyRegisterOp,
  type KeyRevokeOp,
  type KeyRotateOp,
  type Level,
  type MintOp,
  type ParamChangeOp,
  type PenaltyOp,
  type ResumeOp,
  type RoleGrantOp,
  type RoleId,
  type RoleRevokeOp,
  type StakeOp,
  type TokenId,
  type TransferOp,
  type UnstakeOp,
} from "../packet/types.js";

export const transfer = (token: TokenId, to: Uint8Array, amount: bigint): TransferOp => ({
  op: "transfer",
  token,
  to,
  amount,
});
export const mint = (token: TokenId, to: Uint8Array, amount: bigint): MintOp => ({ op: "mint", token, to, amount });
export const burn = (token: TokenId, amount: bigint): BurnOp => ({ op: "burn", token, amount });
export const stake = (token: TokenId, amount: bigint): StakeOp => ({ op: "stake", token, amount });
export const unstake = (token: TokenId, amount: bigint, emergency = false): UnstakeOp => ({
  op: "unstake",
  token,
  amount,
  emergency,
});
export const claim = (token: TokenId): ClaimOp => ({ op: "claim", token });
export const penalty = (target: Uint8Array, slashShare: bigint, resBurn: bigint): PenaltyOp => ({
  op: "penalty",
  target,
  slashShare,
  resBurn,
});

export interface KeyRegisterOptions {
  /** Roles to hold (Role values). MINTER needs `minterTokens`. */
  readonly roles?: readonly RoleId[];
  readonly minterTokens?: readonly TokenId[];
  readonly validFromEpoch?: bigint;
  /** 0 = no maximum age. */
  readonly maxAgeEpochs?: number;
}

export function keyRegister(publicKey: Uint8Array, level: Level, opts: KeyRegisterOptions = {}): KeyRegisterOp {
  let roles = 0;
  for (const r of opts.roles ?? []) roles |= 1 << r;
  let minterTokens = 0;
  for (const t of opts.minterTokens ?? []) minterTokens |= 1 << t;
  return {
    op: "keyRegister",
    level,
    roles,
    minterTokens,
    validFromEpoch: opts.validFromEpoch ?? 0n,
    maxAgeEpochs: opts.maxAgeEpochs ?? 0,
    publicKey,
  };
}
export const keyRotate = (oldKeyId: Uint8Array, publicKey: Uint8Array, level: Level): KeyRotateOp => ({
  op: "keyRotate",
  oldKeyId,
  level,
  publicKey,
});
export const keyRevoke = (keyId: Uint8Array): KeyRevokeOp => ({ op: "keyRevoke", keyId });
/** `token` is required for MINTER and ignored (encoded as 0) otherwise. */
export const roleGrant = (keyId: Uint8Array, role: RoleId, token: TokenId = 0): RoleGrantOp => ({
  op: "roleGrant",
  keyId,
  role,
  token: role === Role.MINTER ? token : 0,
});
export const roleRevoke = (keyId: Uint8Array, role: RoleId, token: TokenId = 0): RoleRevokeOp => ({
  op: "roleRevoke",
  keyId,
  role,
  token: role === Role.MINTER ? token : 0,
});
export const paramChange = (paramId: number, value: bigint): ParamChangeOp => ({ op: "paramChange", paramId, value });
export const halt = (reason: number): HaltOp => ({ op: "halt", reason });
export const resume = (haltRecordHash: Uint8Array): ResumeOp => ({ op: "resume", haltRecordHash });
