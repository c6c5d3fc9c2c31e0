// One comparable string per token-mechanics event (Stake, Unstake, Reward, Penalty, ResState),
// from the reference model (hex ids, numeric RES states) or from the core's decoded events
// (byte ids, RES state names or numbers); undefined for every other event type.
import type { LedgerEvent } from "../../bindings/index.js";
import type { TokenEvent } from "./token-model.js";

const RES_NAMES = ["NEUTRAL", "RESONANT", "PENALIZED"];
const hexOf = (v: unknown): string => (typeof v === "string" ? v : Buffer.from(v as Uint8Array).toString("hex"));
const resName = (v: unknown): string => (typeof v === "number" ? (RES_NAMES[v] ?? `?${v}`) : String(v));

export function tokenEventKey(e: TokenEvent | LedgerEvent): string | undefined {
  const x = e as unknown as Record<string, unknown>;
  switch (e.type as string) {
    case "Stake":
      return `Stake ${hexOf(x.account)} ${x.amount}`;
    case "Unstake":
      return `Unstake ${hexOf(x.account)} ${x.amount} ${x.forfeited} ${Boolean(x.emergency)}`;
    case "Reward":
      return `Reward ${hexOf(x.account)} ${x.amount}`;
    case "Penalty":
      return `Penalty ${hexOf(x.target)} ${x.slashed} ${x.resBurnt} ${x.share}`;
    case "ResState":
      return `ResState ${hexOf(x.account)} ${resName(x.from)} ${resName(x.to)}`;
    default:
      return undefined;
  }
}

export const tokenEventKeys = (events: readonly (TokenEvent | LedgerEvent)[]): string[] =>
  events.map(tokenEventKey).filter((k): k is string => k !== undefined);
