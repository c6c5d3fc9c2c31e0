// The four token operations of the reference model (design §4): stake, unstake (and emergency
// withdrawal), claim, penalty. Each returns an outcome name ("OK" or the error's name) and leaves
// the state half-changed on an error: the caller applies a packet to a copy and keeps it only on
// OK, as the core's packet atomicity does.
import { sha3_256 } from "@noble/hashes/sha3.js";
import {
  CHR,
  PSY,
  RES,
  ResState,
  S,
  U128_MAX,
  forfeit,
  rec,
  resMove,
  resRecover,
  settle,
  type Book,
  type StakeRec,
  type TokenEvent,
  type TokenState,
} from "./token-model.js";

export const POOL_ID = Buffer.from(sha3_256(new TextEncoder().encode("QFS-V13/staking-pool/CHR"))).toString("hex");

// The α-weighted provisional bump of stake held through epoch t (it can no longer leave in t).
function creditBump(s: TokenState, r: StakeRec): void {
  if (r.stake === 0n || r.debt >= s.g.acc) return;
  const raw = (r.stake * (s.g.acc - r.debt)) / S;
  const paid = (raw * r.alpha) / S;
  r.pending += paid;
  forfeit(s, raw - paid);
}

export function stake(
  s: TokenState,
  book: Book,
  id: string,
  token: number,
  amount: bigint,
  t: bigint,
  ev: TokenEvent[],
): string {
  if (token !== CHR) return "E_STAKE_TOKEN";
  if (amount === 0n) return "E_AMOUNT_ZERO";
  const r = rec(s, id);
  if (r.unstake1 === t + 1n) return "E_STAKE_SAME_EPOCH";
  settle(s, r, t);
  creditBump(s, r);
  r.debt = s.g.acc; // the new amount was not in this epoch's snapshot
  if (book.bal(id, CHR) < amount) return "E_INSUFFICIENT_FUNDS";
  if (r.stake + amount < s.p[10]!) return "E_STAKE_TOO_SMALL";
  book.add(id, CHR, -amount);
  book.add(POOL_ID, CHR, amount);
  r.stake += amount;
  s.g.total += amount;
  r.stake1 = t + 1n;
  if (r.alpha === 0n) {
    r.alpha = S;
    r.alphaEpoch = t;
  }
  r.active1 = t + 1n; // the staker acts in t (its activity was not recorded while α had not started)
  ev.push({ type: "Stake", account: id, amount, epoch: t });
  return "OK";
}

export function unstake(
  s: TokenState,
  book: Book,
  id: string,
  token: number,
  amount: bigint,
  emergency: boolean,
  t: bigint,
  ev: TokenEvent[],
): string {
  if (token !== CHR) return "E_STAKE_TOKEN";
  if (amount === 0n) return "E_AMOUNT_ZERO";
  const r = rec(s, id);
  if (r.stake1 === t + 1n) return "E_STAKE_SAME_EPOCH";
  if (!emergency && r.stake1 !== 0n && t < r.stake1 - 1n + s.p[5]!) return "E_STAKE_LOCKED";
  if (amount > r.stake) return "E_INSUFFICIENT_STAKE";
  const rest = r.stake - amount;
  if (rest !== 0n && rest < s.p[10]!) return "E_STAKE_TOO_SMALL";
  const before = s.g.forfeited;
  let lost: bigint;
  if (emergency) {
    lost = r.pending + (r.stake * (s.g.acc - r.debt)) / S;
    r.pending = 0n;
    r.debt = s.g.acc;
  } else {
    settle(s, r, t);
    lost = (amount * (s.g.acc - r.debt)) / S; // the unstaked part's provisional bump
  }
  forfeit(s, lost);
  // The event reports everything this operation forfeited, the settlement's α share included.
  const forfeited = s.g.forfeited - before;
  r.stake = rest;
  s.g.total -= amount;
  book.add(POOL_ID, CHR, -amount);
  book.add(id, CHR, amount);
  r.unstake1 = t + 1n;
  ev.push({ type: "Unstake", account: id, amount, forfeited, emergency });
  return "OK";
}

export function claim(s: TokenState, book: Book, id: string, token: number, t: bigint, ev: TokenEvent[]): string {
  if (token !== CHR) return "E_STAKE_TOKEN";
  const r = rec(s, id);
  settle(s, r, t);
  if (r.pending === 0n) return "E_NOTHING_TO_CLAIM";
  if (book.supply(PSY) + r.pending > U128_MAX) return "E_SUPPLY_OVERFLOW";
  const amount = r.pending;
  book.add(id, PSY, amount);
  book.addSupply(PSY, amount);
  r.pending = 0n;
  ev.push({ type: "Reward", account: id, amount });
  return "OK";
}

// The council quorum is the caller's check (the ledger's resume rule); `exists` says whether the
// target account is known.
export function penalty(
  s: TokenState,
  book: Book,
  target: string,
  exists: boolean,
  share: bigint,
  resBurn: bigint,
  t: bigint,
  ev: TokenEvent[],
): string {
  if (share > S) return "E_MALFORMED"; // a share is at most 1
  if (target === POOL_ID) return "E_STAKING_POOL";
  if (!exists) return "E_ACCOUNT_UNKNOWN";
  const r = rec(s, target);
  settle(s, r, t);
  let slashed = (r.stake * share) / S;
  if (r.stake - slashed !== 0n && r.stake - slashed < s.p[10]!) slashed = r.stake; // no dust positions
  forfeit(s, (slashed * (s.g.acc - r.debt)) / S);
  r.stake -= slashed;
  s.g.total -= slashed;
  if (slashed !== 0n) {
    book.add(POOL_ID, CHR, -slashed);
    book.addSupply(CHR, -slashed);
  }
  const bal = book.bal(target, RES);
  const burnt = resBurn < bal ? resBurn : bal;
  book.add(target, RES, -burnt);
  book.addSupply(RES, -burnt);
  ev.push({ type: "Penalty", target, slashed, resBurnt: burnt, share });
  // A recovered PENALIZED state counts as NEUTRAL first; penalizing a PENALIZED account restarts its
  // recovery without a transition (no event).
  resRecover(s, r, target, t, ev);
  r.resPenalty1 = t + 1n;
  if (r.res !== ResState.PENALIZED) resMove(r, target, ResState.PENALIZED, t, ev);
  return "OK";
}
