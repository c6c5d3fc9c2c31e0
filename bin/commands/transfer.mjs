// qfs transfer — moves tokens from the key's account to another, several tokens in one atomic packet.
import { moveDetails, moveUsage, runMove } from "./lib/move.mjs";

export const summary = "transfer tokens to an account (one packet, every token or none)";
export const usage = moveUsage("transfer");
export const details = moveDetails("transfer");

export function run(args) {
  return runMove("transfer", args);
}
