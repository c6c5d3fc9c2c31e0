// The staking part of the kill -9 load (crash-server-load.ts): one packet in STAKING_ONE_IN is a staking op — a
// stake, an unstake, an emergency withdrawal, a claim, or (client 0, co-signed by the second COUNCIL client) a
// council penalty of another client. Whether such an op applies depends on the epoch it lands in (the lock, the
// same-epoch rule, a reward to claim), which the client cannot know, so the refusals in STAKING_REFUSALS are
// expected; what an APPLIED op did is read from its receipt's events (Stake, Unstake, Reward, Penalty), and the
// checker holds the served state to exactly those effects: each client's CHR balance, stake, PSY and RES, and the
// pool's CHR balance = Σ stakes. A stake that moved the account but not the pool (or the reverse) cannot pass.
import { ops, sha3_256, type Operation, type TokenId } from "../../bindings/index.js";
import type { EventJson } from "../../server/node-service.js";

/** One packet in this many is a staking op. */
export const STAKING_ONE_IN = 3;
/** The node's epoch length in the crash genesis, ms: short, so a run crosses many epochs (locks end, rewards
 *  accrue) while the kills go on. */
export const CRASH_EPOCH_LENGTH_MS = 1000;
/** Clients holding the COUNCIL role; the genesis sets COUNCIL_THRESHOLD to their number, so every penalty is a
 *  real M-of-N packet (client 0 acts, both sign). */
export const COUNCIL_CLIENTS: readonly number[] = [0, 1];
/** Refusals a staking op may meet depending on its epoch and on the other clients' ops; any other is a failure. */
export const STAKING_REFUSALS: ReadonlySet<string> = new Set([
  "E_STAKE_SAME_EPOCH",
  "E_STAKE_LOCKED",
  "E_INSUFFICIENT_STAKE",
  "E_STAKE_TOO_SMALL",
  "E_NOTHING_TO_CLAIM",
]);
/** The staking pool's account id (design §1): SHA3-256 of its label; no key can own it. */
export const POOL_ACCOUNT_HEX = Buffer.from(sha3_256(new TextEncoder().encode("QFS-V13/staking-pool/CHR"))).toString(
  "hex",
);
const UNIT = 10n ** 18n;
const CHR = 0 as TokenId;

export type StakingKind = "stake" | "unstake" | "emergency" | "claim" | "penalty";

/** A staking op for `client` (accounts hex by client index), and the client indexes whose keys sign it. */
export function makeStakingOp(
  client: number,
  accounts: readonly string[],
  rand: () => number,
): { kind: StakingKind; op: Operation; signers: number[] } {
  const kinds: StakingKind[] = ["stake", "stake", "unstake", "emergency", "claim"];
  if (client === COUNCIL_CLIENTS[0]) kinds.push("penalty");
  const kind = kinds[rand() % kinds.length]!;
  // Whole tokens (MIN_STAKE is 1 token by default), so a position of whole tokens can shrink by one and stay valid.
  const whole = BigInt(1 + (rand() % 3)) * UNIT;
  switch (kind) {
    case "stake":
      return { kind, op: ops.stake(CHR, whole), signers: [client] };
    case "unstake":
      return { kind, op: ops.unstake(CHR, UNIT, false), signers: [client] };
    case "emergency":
      return { kind, op: ops.unstake(CHR, UNIT, true), signers: [client] };
    case "claim":
      return { kind, op: ops.claim(CHR), signers: [client] };
    case "penalty": {
      const target = 1 + (rand() % (accounts.length - 1));
      // A share of 0..20 % (floor of the stake), and up to 1000 RES base units.
      const share = (BigInt(rand() % 5) * UNIT) / 20n;
      const resBurn = BigInt(rand() % 1000);
      const op = ops.penalty(new Uint8Array(Buffer.from(accounts[target]!, "hex")), share, resBurn);
      return { kind, op, signers: [...COUNCIL_CLIENTS] };
    }
  }
}

/** What the applied staking ops did to one client, from their events. */
export interface StakingEffect {
  chr: bigint;
  stake: bigint;
  psy: bigint;
  res: bigint;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== "string") throw new Error(`event field ${what} is not a string: ${JSON.stringify(v)}`);
  return v;
};

/** Adds the effects of `events` (a receipt's) to `effects`, indexed like `accounts`. Returns the CHR slashed and
 *  the RES burnt, which leave the supplies. */
export function addStakingEffects(
  events: readonly EventJson[],
  accounts: readonly string[],
  effects: StakingEffect[],
): { slashed: bigint; resBurnt: bigint; psyMinted: bigint } {
  const out = { slashed: 0n, resBurnt: 0n, psyMinted: 0n };
  const of = (hexId: unknown, what: string): StakingEffect => {
    const i = accounts.indexOf(str(hexId, what));
    if (i < 0) throw new Error(`${what} ${String(hexId)} is no client`);
    return effects[i]!;
  };
  for (const e of events) {
    switch (e.type) {
      case "Stake": {
        const a = BigInt(str(e.amount, "Stake.amount"));
        const x = of(e.account, "Stake.account");
        x.chr -= a;
        x.stake += a;
        break;
      }
      case "Unstake": {
        const a = BigInt(str(e.amount, "Unstake.amount"));
        const x = of(e.account, "Unstake.account");
        x.chr += a;
        x.stake -= a;
        break;
      }
      case "Reward": {
        const a = BigInt(str(e.amount, "Reward.amount"));
        of(e.account, "Reward.account").psy += a;
        out.psyMinted += a;
        break;
      }
      case "Penalty": {
        const slashed = BigInt(str(e.slashed, "Penalty.slashed"));
        const burnt = BigInt(str(e.resBurnt, "Penalty.resBurnt"));
        const x = of(e.target, "Penalty.target");
        x.stake -= slashed;
        x.res -= burnt;
        out.slashed += slashed;
        out.resBurnt += burnt;
        break;
      }
      default:
        break; // ResState and the transfer events: the transfer legs are the model's own
    }
  }
  return out;
}
