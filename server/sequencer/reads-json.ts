// The JSON of the node's reads that come from the ledger itself (accounts, keys) rather than from the archive:
// shapes of server/node-service.ts, bytes hex (public keys base64), u64 decimal strings.
import {
  POOL_ACCOUNT_ID,
  roleNames,
  Token,
  type AccountState,
  type KeyState,
  type Ledger,
} from "../../bindings/index.js";
import type { StateProof } from "../../bindings/state/smt.js";
import type { AccountJson, KeyJson, SignedCheckpointJson, StakingGlobalsJson, StakingJson } from "../node-service.js";

const TOKEN_NAMES = Object.keys(Token);
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** A state proof as JSON (bindings/state/smt.ts StateProof, hashes hex): `siblings` root first; `terminal` is
 *  { kind: "empty" } or { kind: "leaf", key, value } — the account is present iff the leaf's key is its id, and
 *  then `value` is its commitment (ledger.accountCommitment), what checkAccountInCheckpoint takes. */
export interface StateProofJson {
  key: string;
  siblings: string[];
  terminal: { kind: "empty" } | { kind: "leaf"; key: string; value: string };
}

export function stateProofJson(p: StateProof): StateProofJson {
  return {
    key: hex(p.key),
    siblings: p.siblings.map(hex),
    terminal:
      p.terminal.kind === "empty"
        ? { kind: "empty" }
        : { kind: "leaf", key: hex(p.terminal.key), value: hex(p.terminal.value) },
  };
}

export function stateProofOfJson(j: StateProofJson): StateProof {
  const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
  return {
    key: unhex(j.key),
    siblings: j.siblings.map(unhex),
    terminal:
      j.terminal.kind === "empty"
        ? { kind: "empty" }
        : { kind: "leaf", key: unhex(j.terminal.key), value: unhex(j.terminal.value) },
  };
}

export function accountJson(
  id: Uint8Array,
  a: AccountState,
  proof: StateProof,
  checkpoint: SignedCheckpointJson,
): AccountJson {
  return {
    id: hex(id),
    nonce: String(a.nonce),
    balances: Object.fromEntries(TOKEN_NAMES.map((t, i) => [t, String(a.balances[i] ?? 0n)])),
    staking: stakingJson(a.staking),
    proof: { checkpointSeq: checkpoint.seq, stateRoot: checkpoint.stateRoot, proof: stateProofJson(proof) },
  };
}

export function stakingJson(s: AccountState["staking"]): StakingJson {
  return {
    stake: String(s.stake),
    rewardDebt: String(s.rewardDebt),
    pendingReward: String(s.pendingReward),
    alpha: String(s.alpha),
    alphaEpoch: String(s.alphaEpoch),
    activeEpoch1: String(s.activeEpoch1),
    stakeEpoch1: String(s.stakeEpoch1),
    unstakeEpoch1: String(s.unstakeEpoch1),
    resState: s.resState,
    resPenaltyEpoch1: String(s.resPenaltyEpoch1),
  };
}

/** The ledger's staking globals as of its last batch (`seq`). */
export function stakingGlobalsJson(ledger: Ledger, seq: string): StakingGlobalsJson {
  const g = ledger.stakingGlobals();
  return {
    pool: hex(POOL_ACCOUNT_ID),
    totalStaked: String(g.totalStaked),
    acc: String(g.acc),
    accPrev: String(g.accPrev),
    carry: String(g.carry),
    psyEmitted: String(g.psyEmitted),
    psyForfeited: String(g.psyForfeited),
    emissionEpoch0: String(g.emissionEpoch0),
    seq,
  };
}

export function keyJson(k: KeyState): KeyJson {
  return {
    id: hex(k.keyId),
    level: k.level,
    publicKey: Buffer.from(k.publicKey).toString("base64"),
    owner: hex(k.owner),
    roles: roleNames(k.roles),
    status: k.status,
    validFromEpoch: String(k.validFromEpoch),
    maxAgeEpochs: String(k.maxAgeEpochs),
    registeredSeq: String(k.registeredSeq),
    rotatedAtSeq: String(k.rotatedAtSeq),
    successor: hex(k.successor),
  };
}
