// Runs a worked example (worked-examples.ts) on the token reference model and reads back what the
// example states, so the test can compare it with the expected numbers and with the WASM core.
import { ResState, type TokenEvent } from "../helpers/token-model.js";
import { TokenWorld } from "../helpers/token-model-world.js";
import type { LedgerEvent } from "../../bindings/index.js";
import type { ExAccount, Example } from "./worked-examples.js";

export interface ExResult {
  outcomes: string[];
  events: (Record<string, bigint> | undefined)[];
  accounts: Record<string, ExAccount>;
  globals: Example["globals"];
  supply: NonNullable<Example["supply"]>;
}

const RES_NAME = ["NEUTRAL", "RESONANT", "PENALIZED"] as const;
const MAIN: readonly string[] = ["Stake", "Unstake", "Reward", "Penalty"];

// The amounts of the packet's main token event (Stake/Unstake/Reward/Penalty), as bigints; shared
// with the core's run (worked-examples-core.ts), whose events have the same names and fields.
export function mainEvent(ev: readonly (TokenEvent | LedgerEvent)[]): Record<string, bigint> | undefined {
  const e = ev.find((x) => MAIN.includes(x.type));
  if (!e) return undefined;
  const out: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v === "bigint" && k !== "epoch") out[k] = v;
  return out;
}

export function runOnModel(ex: Example): ExResult {
  const w = new TokenWorld(0n, ex.params ?? {});
  const outcomes: string[] = [];
  const events: ExResult["events"] = [];
  for (const p of ex.packets) {
    w.advanceTo(p.epoch);
    const code = w.apply(p.actor, p.op);
    outcomes.push(code);
    events.push(code === "OK" ? mainEvent(w.events) : undefined);
  }
  const accounts: Record<string, ExAccount> = {};
  for (const name of Object.keys(ex.accounts)) {
    const r = w.rec(name);
    const b = w.bal.get(name) ?? [0n, 0n, 0n, 0n, 0n];
    accounts[name] = {
      stake: r.stake,
      pending: r.pending,
      alpha: r.alpha,
      chr: b[0]!,
      psy: b[2]!,
      res: b[4]!,
      resState: RES_NAME[r.res ?? ResState.NEUTRAL],
    };
  }
  const g = w.s.g;
  return {
    outcomes,
    events,
    accounts,
    globals: {
      acc: g.acc,
      accPrev: g.accPrev,
      carry: g.carry,
      emitted: g.emitted,
      forfeited: g.forfeited,
      total: g.total,
    },
    supply: { chr: w.sup[0]!, psy: w.sup[2]!, res: w.sup[4]! },
  };
}

// The part of `actual` that `expected` names (so a comparison checks exactly the stated numbers).
export function pick<T extends object>(actual: T, expected: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(expected) as (keyof T)[]) out[k] = actual[k];
  return out;
}
