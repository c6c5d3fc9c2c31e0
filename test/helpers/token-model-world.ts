// A standalone world for the token reference model: balances, supplies, the epoch, and packets of
// one operation each (atomic: applied to a copy, kept only when the outcome is OK, the acting
// account then marked active). The properties, worked examples and differential test drive it.
import {
  cloneTokenState,
  markActive,
  newRec,
  newTokenState,
  resEvaluate,
  rollover,
  setTokenParam,
} from "./token-model.js";
import type { Book, StakeRec, TokenEvent, TokenState } from "./token-model.js";
import { POOL_ID, claim, penalty, stake, unstake } from "./token-model-ops.js";

export type WorldOp =
  | { kind: "mint"; token: number; to: string; amount: bigint }
  | { kind: "burn"; token: number; amount: bigint }
  | { kind: "transfer"; token: number; to: string; amount: bigint }
  | { kind: "stake"; token: number; amount: bigint }
  | { kind: "unstake"; token: number; amount: bigint; emergency: boolean }
  | { kind: "claim"; token: number }
  | { kind: "penalty"; target: string; share: bigint; resBurn: bigint; councilSigners: number }
  | { kind: "param"; id: number; value: bigint };

interface Snapshot {
  s: TokenState;
  bal: Map<string, bigint[]>;
  sup: bigint[];
}

export class TokenWorld {
  s: TokenState;
  bal = new Map<string, bigint[]>();
  sup = [0n, 0n, 0n, 0n, 0n];
  councilThreshold = 2;
  events: TokenEvent[] = []; // of the last accepted packet

  constructor(epoch0 = 0n, params: Record<number, bigint> = {}) {
    this.s = newTokenState(epoch0);
    Object.assign(this.s.p, params);
    this.bal.set(POOL_ID, [0n, 0n, 0n, 0n, 0n]);
  }

  get t(): bigint {
    return this.s.g.epoch;
  }

  book(): Book {
    const row = (id: string): bigint[] => {
      let b = this.bal.get(id);
      if (!b) this.bal.set(id, (b = [0n, 0n, 0n, 0n, 0n]));
      return b;
    };
    return {
      bal: (id, token) => this.bal.get(id)?.[token] ?? 0n,
      add: (id, token, d) => {
        const b = row(id);
        b[token] = b[token]! + d;
        if (b[token]! < 0n) throw new RangeError("model: negative balance");
      },
      addSupply: (token, d) => {
        this.sup[token] = this.sup[token]! + d;
      },
      supply: (token) => this.sup[token]!,
    };
  }

  // Batch start in epoch n (design §2).
  advanceTo(n: bigint): void {
    rollover(this.s, n);
  }

  rec(id: string): StakeRec {
    return this.s.recs.get(id) ?? newRec();
  }

  // One packet of `actor` with one operation; returns its outcome name.
  apply(actor: string, op: WorldOp): string {
    const saved: Snapshot = {
      s: cloneTokenState(this.s),
      bal: new Map([...this.bal].map(([k, v]) => [k, [...v]])),
      sup: [...this.sup],
    };
    const ev: TokenEvent[] = [];
    // The acting account acts in this epoch: α catch-up, activity, RES recovery (before its ops).
    markActive(this.s, this.book(), actor, this.t, ev);
    const code = this.op(actor, op, ev);
    if (code !== "OK") {
      Object.assign(this, saved);
      return code;
    }
    this.events = ev;
    return code;
  }

  private op(actor: string, op: WorldOp, ev: TokenEvent[]): string {
    const book = this.book();
    const t = this.t;
    switch (op.kind) {
      case "mint":
      case "burn": {
        const who = op.kind === "mint" ? op.to : actor;
        if (who === POOL_ID) return "E_STAKING_POOL";
        if (op.amount === 0n) return "E_AMOUNT_ZERO";
        const d = op.kind === "mint" ? op.amount : -op.amount;
        if (book.bal(who, op.token) + d < 0n) return "E_INSUFFICIENT_FUNDS";
        book.add(who, op.token, d);
        book.addSupply(op.token, d);
        if (op.token === 4) resEvaluate(this.s, book, who, t, ev);
        return "OK";
      }
      case "transfer": {
        if (op.token === 4) return "E_TOKEN_NOT_TRANSFERABLE";
        if (op.amount === 0n) return "E_AMOUNT_ZERO";
        if (op.to === POOL_ID) return "E_STAKING_POOL";
        if (book.bal(actor, op.token) < op.amount) return "E_INSUFFICIENT_FUNDS";
        book.add(actor, op.token, -op.amount);
        book.add(op.to, op.token, op.amount);
        return "OK";
      }
      case "stake":
        return stake(this.s, book, actor, op.token, op.amount, t, ev);
      case "unstake":
        return unstake(this.s, book, actor, op.token, op.amount, op.emergency, t, ev);
      case "claim":
        return claim(this.s, book, actor, op.token, t, ev);
      case "penalty":
        if (op.councilSigners < this.councilThreshold) return "E_MULTISIG_THRESHOLD";
        return penalty(this.s, book, op.target, this.bal.has(op.target), op.share, op.resBurn, t, ev);
      case "param":
        return setTokenParam(this.s, op.id, op.value);
    }
  }

  // Σ ACC_STAKE over the records; the invariant says it equals W and the pool's CHR.
  stakeSum(): bigint {
    let sum = 0n;
    for (const r of this.s.recs.values()) sum += r.stake;
    return sum;
  }
}
