// Types of the ledger binding: tokens, roles, parameters, operations, packets, results.

// Tokens are the wire format's (bindings/packet/types.ts: Token, TOKEN_COUNT).

// Role bits of a key as the ledger stores them: bit (1 << role) of the wire format's Role enum for
// ADMIN, KEY_ADMIN, COUNCIL, AUDITOR; MINTER of token t is bit (8 + t) (= minterTokens << 8).
export const LedgerRole = {
  ADMIN: 1 << 0,
  KEY_ADMIN: 1 << 2,
  COUNCIL: 1 << 3,
  AUDITOR: 1 << 4,
} as const;
export function minterRole(token: number): number {
  return 1 << (8 + token);
}
export const LEDGER_ROLE_ALL = 0x1d | (0x1f << 8);

export const LedgerParam = {
  TIMESTAMP_WINDOW_MS: 0,
  COUNCIL_THRESHOLD: 1,
  EPOCH_LENGTH_MS: 2,
  REWARD_RATE: 3,
  DECAY_PERIOD_EPOCHS: 4,
  MIN_STAKE_EPOCHS: 5,
  ALPHA_MIN: 6,
  ALPHA_LAMBDA: 7,
  RES_THRESHOLD: 8,
  RES_RECOVERY_EPOCHS: 9,
  MIN_STAKE: 10,
} as const;

export const KeyStatus = { ACTIVE: 1, ROTATED: 2, REVOKED: 3 } as const;
export type KeyStatusValue = (typeof KeyStatus)[keyof typeof KeyStatus];

// Operation codes of the core's batch input (not the wire's op type bytes).
export const LedgerOpCode = {
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
  STAKE: 12,
  UNSTAKE: 13,
  CLAIM: 14,
  PENALTY: 15,
} as const;

export type LedgerOp =
  | { kind: "transfer"; token: number; to: Uint8Array; amount: bigint }
  | { kind: "mint"; token: number; to: Uint8Array; amount: bigint }
  | { kind: "burn"; token: number; amount: bigint }
  | {
      kind: "keyRegister";
      publicKey: Uint8Array;
      owner?: Uint8Array; // default: the key's own id (a new account)
      roles?: number; // LedgerRole bits | minterRole(t); non-zero needs ADMIN besides KEY_ADMIN
      validFromEpoch?: bigint; // raised to the current epoch
      maxAgeEpochs?: number;
    }
  | { kind: "keyRotate"; oldKeyId: Uint8Array; publicKey: Uint8Array; maxAgeEpochs?: number }
  | { kind: "keyRevoke"; keyId: Uint8Array }
  | { kind: "roleGrant"; keyId: Uint8Array; roles: number }
  | { kind: "roleRevoke"; keyId: Uint8Array; roles: number }
  | { kind: "paramSet"; param: number; value: bigint }
  | { kind: "halt"; reason: number }
  | { kind: "resume"; haltRecordHash: Uint8Array }
  // Token mechanics (docs/token-mechanics.md). Only CHR is stakeable (E_STAKE_TOKEN otherwise).
  | { kind: "stake"; token: number; amount: bigint }
  | { kind: "unstake"; token: number; amount: bigint; emergency: boolean }
  | { kind: "claim"; token: number }
  // Council M-of-N: slash floor(stake · slashShare / 10^18) (burnt) and burn up to resBurn RES.
  | { kind: "penalty"; target: Uint8Array; slashShare: bigint; resBurn: bigint };

// A decoded packet whose signatures were verified: `signers` are the key ids (32 bytes) whose
// signatures checked out; one of them must act for `account` (whose nonce the packet consumes and
// whose balances transfer/burn debit).
export interface LedgerPacket {
  chainId: number;
  account: Uint8Array;
  signers: Uint8Array[];
  nonce: bigint;
  timestampMs: bigint;
  ops: LedgerOp[];
  // Replay mode only (applyBatch with verifySignatures): the signed message and one signature
  // per signer, verified by the core itself.
  message?: Uint8Array;
  signatures?: Uint8Array[];
}

// Options of applyWireBatch: the fast path (docs/ledger.md "Trust boundary").
export interface WireBatchOptions {
  // One u8 per packet: bit i set = signer i's signature was verified over the packet's body with
  // context QFS-V13/tx against the key whose SHA3-256 is signer i's key id (by mldsaVerifyBatch in
  // a worker). The core verifies every signature whose bit is not set. Absent: it verifies all.
  verified?: Uint8Array;
}

export interface BatchHeader {
  seq: bigint;
  timeMs: bigint;
  auditHead?: Uint8Array; // 32 bytes; zeros when absent
}

export type ResState = "NEUTRAL" | "RESONANT" | "PENALIZED";

// The staking fields of an account record (assembly/ledger/layout.ts ACC_STAKE..ACC_RES_STATE).
export interface StakingState {
  stake: bigint; // staked CHR principal
  rewardDebt: bigint; // accumulator value A this stake's rewards count from
  pendingReward: bigint; // settled PSY not yet claimed
  alpha: bigint; // 18 decimals; 0 = not started
  alphaEpoch: bigint;
  activeEpoch1: bigint; // 1 + last epoch acted in (0 = never)
  stakeEpoch1: bigint;
  unstakeEpoch1: bigint;
  resState: ResState; // as of the account's last evaluation
  resPenaltyEpoch1: bigint;
}

export interface StakingGlobals {
  totalStaked: bigint; // W
  acc: bigint; // A, with the current epoch's provisional bump
  accPrev: bigint; // A before the current epoch's bump
  carry: bigint; // PSY assigned to the pool, not yet distributed
  psyEmitted: bigint;
  psyForfeited: bigint;
  emissionEpoch0: bigint;
}

export interface AccountState {
  nonce: bigint;
  balances: bigint[]; // base units, index = token
  staking: StakingState;
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
  params?: { param: number; value: bigint }[]; // other parameters (LedgerParam), applied in order
  keys: GenesisKey[];
  allocations?: { account: Uint8Array; token: number; amount: bigint }[];
  // Initial table capacities (hints: the tables grow, docs/ledger.md "Capacity"), committed in the
  // globals as given. Powers of two: accounts 16..2,097,152 (default 4096), keys 16..262,144 (256).
  accountSlots?: number;
  keySlots?: number;
}
