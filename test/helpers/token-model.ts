// Reference model of the token mechanics (issue 11 design §2–6, docs/token-mechanics.md): emission
// with the iterated INV_PHI, epoch rollover into the reward accumulator, settlement weighted by α,
// stake / unstake / emergency withdrawal / claim / penalty, the α recurrence with its lazy catch-up,
// and the RES table. Written from the design as plain BigInt arithmetic over records, independently
// of assembly/: the tests hold the core against it. Deterministic: no clock, randomness or floats.
//
// Balances live outside (a `Book`), so the same rules run standalone (token-model-world.ts) and
// inside the ledger reference model.

export const S = 10n ** 18n; // CertifiedMath's 18-decimal scale
export const INV_PHI = 618_033_988_749_894_848n; // floor(S / φ)
export const U128_MAX = (1n << 128n) - 1n;
export const CHR = 0;
export const PSY = 2;
export const RES = 4;

export const ResState = { NEUTRAL: 0, RESONANT: 1, PENALIZED: 2 } as const;
export type ResStateValue = (typeof ResState)[keyof typeof ResState];

// Parameter ids 3..10 (design §1), their defaults and inclusive bounds.
export const TokenParam = {
  REWARD_RATE: 3,
  DECAY_PERIOD_EPOCHS: 4,
  MIN_STAKE_EPOCHS: 5,
  ALPHA_MIN: 6,
  ALPHA_LAMBDA: 7,
  RES_THRESHOLD: 8,
  RES_RECOVERY_EPOCHS: 9,
  MIN_STAKE: 10,
} as const;
export const PARAM_DEFAULTS: Record<number, bigint> = {
  3: 1000n * S,
  4: 365n,
  5: 1n,
  6: S / 10n,
  7: S / 10n,
  8: 100n * S,
  9: 7n,
  10: S,
};
export const PARAM_BOUNDS: Record<number, [bigint, bigint]> = {
  3: [0n, 10n ** 27n],
  4: [1n, (1n << 32n) - 1n],
  5: [1n, 10n ** 6n],
  6: [1n, S], // not 0: ACC_ALPHA = 0 means "α not started" (design §1), so α must never reach it
  7: [10n ** 16n, S],
  8: [1n, U128_MAX],
  9: [1n, 10n ** 6n],
  10: [S, U128_MAX],
};

// The staking fields of one account record (design §1), all zero for an account never touched.
export interface StakeRec {
  stake: bigint;
  debt: bigint;
  pending: bigint;
  alpha: bigint; // 0 = not started
  alphaEpoch: bigint;
  active1: bigint;
  stake1: bigint;
  unstake1: bigint;
  resPenalty1: bigint;
  res: ResStateValue;
}
export const newRec = (): StakeRec => ({
  stake: 0n,
  debt: 0n,
  pending: 0n,
  alpha: 0n,
  alphaEpoch: 0n,
  active1: 0n,
  stake1: 0n,
  unstake1: 0n,
  resPenalty1: 0n,
  res: ResState.NEUTRAL,
});

export interface TokenGlobals {
  total: bigint; // W
  acc: bigint; // A
  accPrev: bigint;
  carry: bigint;
  emitted: bigint;
  forfeited: bigint;
  epoch0: bigint;
  epoch: bigint; // G_EPOCH
}
export interface TokenState {
  g: TokenGlobals;
  // How the rollover keeps the carry: "ceil" (sound, the default) or the design's literal "floor".
  carryRound: "ceil" | "floor";
  // The design's literal step 1: fold the carry into A before ACC_PREV even without skipped epochs
  // (false, the default, keeps it for the new epoch's provisional bump: see rollover).
  carryStepAlways: boolean;
  p: Record<number, bigint>;
  recs: Map<string, StakeRec>;
}

// Balances and supplies as the ledger keeps them; `id`s are lower-case hex account ids.
export interface Book {
  bal(id: string, token: number): bigint;
  add(id: string, token: number, delta: bigint): void; // balance only
  addSupply(token: number, delta: bigint): void;
  supply(token: number): bigint;
}

export type TokenEvent =
  | { type: "Stake"; account: string; amount: bigint; epoch: bigint }
  | { type: "Unstake"; account: string; amount: bigint; forfeited: bigint; emergency: boolean }
  | { type: "Reward"; account: string; amount: bigint }
  | { type: "Penalty"; target: string; slashed: bigint; resBurnt: bigint; share: bigint }
  | { type: "ResState"; account: string; from: ResStateValue; to: ResStateValue; epoch: bigint };

export function newTokenState(epoch0: bigint): TokenState {
  const g = { total: 0n, acc: 0n, accPrev: 0n, carry: 0n, emitted: 0n, forfeited: 0n, epoch0, epoch: epoch0 };
  return { g, carryRound: "ceil", carryStepAlways: false, p: { ...PARAM_DEFAULTS }, recs: new Map() };
}

export function cloneTokenState(s: TokenState): TokenState {
  return {
    g: { ...s.g },
    carryRound: s.carryRound,
    carryStepAlways: s.carryStepAlways,
    p: { ...s.p },
    recs: new Map([...s.recs].map(([k, r]) => [k, { ...r }])),
  };
}

export function rec(s: TokenState, id: string): StakeRec {
  let r = s.recs.get(id);
  if (!r) s.recs.set(id, (r = newRec()));
  return r;
}

// --- §2 emission -------------------------------------------------------------------------------

// F_k: S·φ^(−k) by the iterated floor(F·INV_PHI/S); 0 from about k = 90 on (the loop stops there).
export function decayFactor(k: bigint): bigint {
  let f = S;
  for (let j = 0n; j < k && f !== 0n; j++) f = (f * INV_PHI) / S;
  return f;
}

export function emissionAtStep(rate: bigint, k: bigint): bigint {
  return (rate * decayFactor(k)) / S;
}

export function emissionForEpoch(rate: bigint, period: bigint, epoch0: bigint, e: bigint): bigint {
  return emissionAtStep(rate, (e - epoch0) / period);
}

// Σ E(e) for e in [a, b] (empty when a > b), one term per decay segment: count × E_k.
export function emissionSum(rate: bigint, period: bigint, epoch0: bigint, a: bigint, b: bigint): bigint {
  let sum = 0n;
  let e = a;
  while (e <= b) {
    const k = (e - epoch0) / period;
    const f = decayFactor(k);
    if (f === 0n) break; // every later segment emits 0 too
    const segEnd = epoch0 + (k + 1n) * period - 1n;
    const last = segEnd < b ? segEnd : b;
    sum += (last - e + 1n) * ((rate * f) / S);
    e = last + 1n;
  }
  return sum;
}

// Distributes X over W: A += floor(X·S/W); the part the stakers cannot claim stays in CARRY.
// The design writes CARRY = X − floor(inc·W/S); that lets Σ per-account floors over several
// increments exceed what left the carry (see docs/token-mechanics.md "Why the carry rounds up"),
// so the carry keeps X − ceil(inc·W/S), which is ≥ 0 because inc·W/S ≤ X.
export function distribute(g: TokenGlobals, x: bigint, round: "ceil" | "floor" = "ceil"): void {
  const inc = (x * S) / g.total;
  const out = (inc * g.total + (round === "ceil" ? S - 1n : 0n)) / S;
  if (out > x) throw new RangeError("model: distribution exceeds its input");
  g.carry = x - out;
  g.acc += inc;
}

// Batch start: G_EPOCH moves from o to n (design §2). O(decay segments), never O(accounts).
export function rollover(s: TokenState, n: bigint): void {
  const g = s.g;
  const o = g.epoch;
  if (n <= o) return;
  g.epoch = n;
  if (g.total === 0n) {
    g.accPrev = g.acc;
    return;
  }
  const rate = s.p[3]!;
  const period = s.p[4]!;
  const skipped = emissionSum(rate, period, g.epoch0, o + 1n, n - 1n);
  // Completed skipped epochs (no batch could change W in them) are earned outright. With none, the
  // carry waits for epoch n's provisional bump: folding it into A before ACC_PREV would pay it to
  // a stake that entered in epoch o and leaves at the first allowed moment (a flash loan).
  if (n > o + 1n || s.carryStepAlways) distribute(g, skipped + g.carry, s.carryRound);
  g.accPrev = g.acc;
  const en = emissionForEpoch(rate, period, g.epoch0, n);
  distribute(g, en + g.carry, s.carryRound);
  g.emitted += skipped + en;
}

// --- §5 α --------------------------------------------------------------------------------------

// One epoch of α ← α + λ·(T − α), rounded toward T (so T is reached and [α_min, S] never left):
// toward S, α' = S − floor((S − α)(S − λ)/S); toward α_min, α' = α_min + floor((α − α_min)(S − λ)/S).
// An α below α_min (ALPHA_MIN raised by a parameter change) goes to α_min at once (the core's choice).
export function alphaStep(alpha: bigint, target: bigint, lambda: bigint): bigint {
  if (target === S) return S - ((S - alpha) * (S - lambda)) / S;
  if (alpha <= target) return target;
  return target + ((alpha - target) * (S - lambda)) / S;
}

// Lazy catch-up to the start of epoch t: the recorded epoch with its own target, then inactive
// epochs until t or until α_min (a fixed point of the inactive step). Returns the steps taken.
export function alphaTo(s: TokenState, r: StakeRec, t: bigint): number {
  if (r.alpha === 0n || r.alphaEpoch >= t) return 0;
  const min = s.p[6]!;
  const lambda = s.p[7]!;
  const acted = r.active1 === r.alphaEpoch + 1n;
  let a = alphaStep(r.alpha, acted ? S : min, lambda);
  let steps = 1;
  for (let e = r.alphaEpoch + 1n; e < t && a !== min; e++, steps++) a = alphaStep(a, min, lambda);
  r.alpha = a;
  r.alphaEpoch = t;
  return steps;
}

// --- §3 settlement -----------------------------------------------------------------------------

function credit(s: TokenState, r: StakeRec, raw: bigint): void {
  const paid = (raw * r.alpha) / S;
  r.pending += paid;
  forfeit(s, raw - paid);
}

export function forfeit(s: TokenState, amount: bigint): void {
  s.g.carry += amount;
  s.g.forfeited += amount;
}

export function settle(s: TokenState, r: StakeRec, t: bigint): void {
  alphaTo(s, r, t);
  if (r.stake === 0n) {
    r.debt = s.g.acc;
    return;
  }
  if (r.debt < s.g.accPrev) {
    const raw = (r.stake * (s.g.accPrev - r.debt)) / S;
    r.debt = s.g.accPrev;
    credit(s, r, raw);
  }
}

// --- §6 RES ------------------------------------------------------------------------------------

export function resMove(r: StakeRec, id: string, to: ResStateValue, t: bigint, ev: TokenEvent[]): void {
  ev.push({ type: "ResState", account: id, from: r.res, to, epoch: t });
  r.res = to;
}

// PENALIZED → NEUTRAL once RES_RECOVERY_EPOCHS have passed since the penalty's epoch.
export function resRecover(s: TokenState, r: StakeRec, id: string, t: bigint, ev: TokenEvent[]): void {
  if (r.res === ResState.PENALIZED && t >= r.resPenalty1 - 1n + s.p[9]!) resMove(r, id, ResState.NEUTRAL, t, ev);
}

export function resEvaluate(s: TokenState, book: Book, id: string, t: bigint, ev: TokenEvent[]): void {
  const r = rec(s, id);
  const move = (to: ResStateValue): void => resMove(r, id, to, t, ev);
  resRecover(s, r, id, t, ev);
  const bal = book.bal(id, RES);
  if (r.res === ResState.NEUTRAL && bal >= s.p[8]!) move(ResState.RESONANT);
  else if (r.res === ResState.RESONANT && bal < s.p[8]!) move(ResState.NEUTRAL);
}

// The acting account of an accepted packet: α caught up, the epoch marked (stakers only), RES.
export function markActive(s: TokenState, book: Book, id: string, t: bigint, ev: TokenEvent[]): void {
  const r = rec(s, id);
  alphaTo(s, r, t);
  if (r.alpha !== 0n) r.active1 = t + 1n;
  resEvaluate(s, book, id, t, ev);
}

export function setTokenParam(s: TokenState, id: number, value: bigint): string {
  const b = PARAM_BOUNDS[id];
  if (!b) return "E_PARAM_UNKNOWN";
  if (value < b[0] || value > b[1]) return "E_PARAM_INVALID";
  s.p[id] = value;
  return "OK";
}
