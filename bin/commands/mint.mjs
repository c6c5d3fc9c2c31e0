// qfs mint — mints tokens to an account (the key must be a MINTER of each token).
import { moveDetails, moveUsage, runMove } from "./lib/move.mjs";

export const summary = "mint tokens to an account (one packet, every token or none)";
export const usage = moveUsage("mint");
export const details = moveDetails("mint");

export function run(args) {
  return runMove("mint", args);
}
