// An account read (GET /v1/accounts/:id, server/node-service.ts AccountJson) checked against the signed checkpoint
// its proof names, with no trust in the node: the checkpoint's ML-DSA-87 signature under the node key, the proof's
// state root = the checkpoint's, and the state-tree leaf = SHA3-256(domain ‖ the 232-byte account record) rebuilt
// HERE from the nonce, balances and staking fields shown. A node that changes any shown field (a stake, an α, a
// RES state) breaks the leaf. `qfs staking` and the browser page's account tool both run this.
// Pure: no WASM, no clock (the page loads it without the core).
import { checkAccountInCheckpoint, checkpointHash, verifyCheckpoint } from "../audit/checkpoint.js";
import { bytesEqual } from "../bytes.js";
import { sha3_256 } from "../hash.js";
import type { StateProof } from "../state/smt.js";
import { jsonFields, type Obj } from "./json-fields.js";

/** Account record layout, version 2 (docs/ledger.md; the design of issue 11 §1). A test checks that the record
 *  rebuilt here hashes to the ledger's own accountCommitment, so these cannot drift from the core unnoticed. */
export const ACCOUNT_DOMAIN_V2 = "QFS-V13/ledger/account/v2";
export const ACCOUNT_RECORD_BYTES = 232;
const ACC_NONCE = 32;
const ACC_BAL = 40;
const ACC_FLAGS = 120;
const ACC_FLAG_OCCUPIED = 1;
const ACC_STAKE = 128;
const ACC_REWARD_DEBT = 144;
const ACC_PENDING_REWARD = 160;
const ACC_ALPHA = 176;
const ACC_ALPHA_EPOCH = 184;
const ACC_ACTIVE_EPOCH1 = 192;
const ACC_STAKE_EPOCH1 = 200;
const ACC_UNSTAKE_EPOCH1 = 208;
const ACC_RES_PENALTY_EPOCH1 = 216;
const ACC_RES_STATE = 224;

/** Token order of the record's balances (Token in bindings/packet/types.ts). */
export const ACCOUNT_RECORD_TOKENS = ["CHR", "FLX", "PSY", "ATR", "RES"] as const;
export const RES_STATE_NAMES = ["NEUTRAL", "RESONANT", "PENALIZED"] as const;
export type ResStateName = (typeof RES_STATE_NAMES)[number];

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
/** Most siblings a state proof may list (the tree is 256 levels deep). */
const STATE_PROOF_SIBLINGS_MAX = 256;

/** The staking fields of an account record (bigints; `resState` by name). */
export interface AccountStaking {
  readonly stake: bigint;
  readonly rewardDebt: bigint;
  readonly pendingReward: bigint;
  readonly alpha: bigint;
  readonly alphaEpoch: bigint;
  readonly activeEpoch1: bigint;
  readonly stakeEpoch1: bigint;
  readonly unstakeEpoch1: bigint;
  readonly resState: ResStateName;
  readonly resPenaltyEpoch1: bigint;
}

export const NO_STAKING: AccountStaking = {
  stake: 0n,
  rewardDebt: 0n,
  pendingReward: 0n,
  alpha: 0n,
  alphaEpoch: 0n,
  activeEpoch1: 0n,
  stakeEpoch1: 0n,
  unstakeEpoch1: 0n,
  resState: "NEUTRAL",
  resPenaltyEpoch1: 0n,
};

export interface ProvenAccount {
  readonly id: Uint8Array;
  readonly nonce: bigint;
  /** Base units in ACCOUNT_RECORD_TOKENS order. */
  readonly balances: readonly bigint[];
  readonly staking: AccountStaking;
}

function setU128(dv: DataView, off: number, v: bigint): void {
  dv.setBigUint64(off, v & U64_MAX, true);
  dv.setBigUint64(off + 8, v >> 64n, true);
}

/** The 232-byte account record of these fields (reserved bytes zero, the occupied flag set). */
export function accountRecord(a: ProvenAccount): Uint8Array {
  const rec = new Uint8Array(ACCOUNT_RECORD_BYTES);
  const dv = new DataView(rec.buffer);
  const s = a.staking;
  rec.set(a.id.subarray(0, 32), 0);
  dv.setBigUint64(ACC_NONCE, a.nonce, true);
  a.balances.forEach((b, i) => setU128(dv, ACC_BAL + 16 * i, b));
  dv.setUint32(ACC_FLAGS, ACC_FLAG_OCCUPIED, true);
  setU128(dv, ACC_STAKE, s.stake);
  setU128(dv, ACC_REWARD_DEBT, s.rewardDebt);
  setU128(dv, ACC_PENDING_REWARD, s.pendingReward);
  dv.setBigUint64(ACC_ALPHA, s.alpha, true);
  dv.setBigUint64(ACC_ALPHA_EPOCH, s.alphaEpoch, true);
  dv.setBigUint64(ACC_ACTIVE_EPOCH1, s.activeEpoch1, true);
  dv.setBigUint64(ACC_STAKE_EPOCH1, s.stakeEpoch1, true);
  dv.setBigUint64(ACC_UNSTAKE_EPOCH1, s.unstakeEpoch1, true);
  dv.setBigUint64(ACC_RES_PENALTY_EPOCH1, s.resPenaltyEpoch1, true);
  dv.setUint32(ACC_RES_STATE, RES_STATE_NAMES.indexOf(s.resState), true);
  return rec;
}

/** The account's state-tree leaf value: SHA3-256("QFS-V13/ledger/account/v2" ‖ record). */
export function accountRecordCommitment(a: ProvenAccount): Uint8Array {
  const d = new TextEncoder().encode(ACCOUNT_DOMAIN_V2);
  const buf = new Uint8Array(d.length + ACCOUNT_RECORD_BYTES);
  buf.set(d);
  buf.set(accountRecord(a), d.length);
  return sha3_256(buf);
}

/** A field that failed, and why: the first check that did not hold. */
class Refused {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {}
}
const refuse = (field: string, reason: string): never => {
  throw new Refused(field, reason);
};

const { obj, hex32, uint, checkpoint: checkpointOfJson } = jsonFields(refuse);
function decimal(v: unknown, max: bigint, field: string): bigint {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,38})$/.test(v) || BigInt(v) > max)
    refuse(field, `is not a decimal string in 0..${max}`);
  return BigInt(v as string);
}
/** The staking object of an AccountJson (decimal strings) as bigints; absent = an account that never staked. */
function stakingOfJson(v: unknown, field = "staking"): AccountStaking {
  if (v === undefined) return NO_STAKING;
  const o = obj(v, field);
  const u128 = (k: string): bigint => decimal(o[k], U128_MAX, `${field}.${k}`);
  const u64 = (k: string): bigint => decimal(o[k], U64_MAX, `${field}.${k}`);
  const rs = o.resState;
  if (typeof rs !== "string" || !(RES_STATE_NAMES as readonly string[]).includes(rs))
    refuse(`${field}.resState`, `is not one of ${RES_STATE_NAMES.join(", ")}`);
  return {
    stake: u128("stake"),
    rewardDebt: u128("rewardDebt"),
    pendingReward: u128("pendingReward"),
    alpha: u64("alpha"),
    alphaEpoch: u64("alphaEpoch"),
    activeEpoch1: u64("activeEpoch1"),
    stakeEpoch1: u64("stakeEpoch1"),
    unstakeEpoch1: u64("unstakeEpoch1"),
    resState: rs as ResStateName,
    resPenaltyEpoch1: u64("resPenaltyEpoch1"),
  };
}

function stateProofOf(v: unknown, field: string): StateProof {
  const p = obj(v, field);
  if (!Array.isArray(p.siblings) || p.siblings.length > STATE_PROOF_SIBLINGS_MAX)
    refuse(`${field}.siblings`, `is not a list of at most ${STATE_PROOF_SIBLINGS_MAX} hashes`);
  const t = obj(p.terminal, `${field}.terminal`);
  return {
    key: hex32(p.key, `${field}.key`),
    siblings: (p.siblings as unknown[]).map((s, i) => hex32(s, `${field}.siblings[${i}]`)),
    terminal:
      t.kind === "leaf"
        ? { kind: "leaf", key: hex32(t.key, `${field}.terminal.key`), value: hex32(t.value, `${field}.terminal.value`) }
        : { kind: "empty" },
  };
}

export interface AccountVerified {
  readonly ok: true;
  readonly account: ProvenAccount;
  readonly checkpointSeq: number;
  readonly stateRoot: Uint8Array;
  /** Siblings the proof hashed through to the signed state root. */
  readonly siblings: number;
}
export interface AccountFailure {
  readonly ok: false;
  /** The check that failed: "checkpoint", "proof.stateRoot", "leaf", "proof", or a malformed field's path. */
  readonly field: string;
  readonly reason: string;
}
export type AccountVerdict = AccountVerified | AccountFailure;

/** The account fields an AccountJson shows, parsed (throws Refused on a malformed field). */
function accountOfJson(a: Obj): ProvenAccount {
  const balances = obj(a.balances, "balances");
  return {
    id: hex32(a.id, "id"),
    nonce: decimal(a.nonce, U64_MAX, "nonce"),
    balances: ACCOUNT_RECORD_TOKENS.map((t) => decimal(balances[t] ?? "0", U128_MAX, `balances.${t}`)),
    staking: stakingOfJson(a.staking),
  };
}

/** The fields an AccountJson shows (id, nonce, balances, staking), parsed but NOT verified: what a page displays
 *  beside the verdict of verifyAccount. */
export function readAccountJson(account: unknown): { ok: true; account: ProvenAccount } | AccountFailure {
  try {
    return { ok: true, account: accountOfJson(obj(account, "account")) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, field: e.field, reason: e.reason };
    throw e;
  }
}

/**
 * Checks an account read against `checkpoint` (the SignedCheckpointJson of seq `account.proof.checkpointSeq`) and
 * the node's public key: the signature and hash of the checkpoint, that the proof is for its state root, that the
 * proof's leaf is this id with the commitment of exactly the fields shown, and the sparse-Merkle path to the root.
 */
export function verifyAccount(account: unknown, checkpoint: unknown, nodePublicKey: Uint8Array): AccountVerdict {
  try {
    const a = obj(account, "account");
    const shown = accountOfJson(a);
    const p = obj(a.proof, "proof");
    const { cp, hash, signature } = checkpointOfJson(checkpoint);
    if (uint(p.checkpointSeq, "proof.checkpointSeq") !== cp.seq)
      refuse("proof.checkpointSeq", `names checkpoint ${String(p.checkpointSeq)}, not the seq ${cp.seq} given`);
    if (!verifyCheckpoint(cp, signature, nodePublicKey) || !bytesEqual(checkpointHash(cp), hash))
      refuse("checkpoint", `seq ${cp.seq}: the signature does not verify under the node key, or its hash is wrong`);
    if (!bytesEqual(hex32(p.stateRoot, "proof.stateRoot"), cp.stateRoot))
      refuse("proof.stateRoot", "is not the signed checkpoint's state root");
    const proof = stateProofOf(p.proof, "proof.proof");
    const leaf = proof.terminal.kind === "leaf" ? proof.terminal : undefined;
    const rebuilt = accountRecordCommitment(shown);
    if (leaf === undefined || !bytesEqual(leaf.key, shown.id))
      refuse("leaf", "the proof shows no leaf for the account");
    if (!bytesEqual((leaf as { value: Uint8Array }).value, rebuilt))
      refuse("leaf", "the nonce, balances and staking fields shown are not what the leaf commits to");
    const bad = checkAccountInCheckpoint(shown.id, rebuilt, proof, cp, signature, nodePublicKey);
    if (bad !== null) refuse("proof", `${bad.code}: ${bad.message}`);
    return {
      ok: true,
      account: shown,
      checkpointSeq: cp.seq,
      stateRoot: cp.stateRoot,
      siblings: proof.siblings.length,
    };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, field: e.field, reason: e.reason };
    throw e;
  }
}
