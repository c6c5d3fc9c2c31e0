// qfs claim — mints the key's account its settled staking reward in PSY.
import { parseToken } from "./lib/amounts.mjs";
import { COMMON_DETAILS, runStakeOp } from "./lib/stake-ops.mjs";

export const summary = "claim the staking reward: mint the settled PSY to the key's account";
export const usage = "qfs claim --key FILE[#NAME] [--token CHR] [--out FILE] [--url URL]";
export const details = `
  --key FILE[#NAME]  the staker's key
  --token TOKEN      the staked token whose reward is claimed (default CHR)
${COMMON_DETAILS}
Pays the reward of completed epochs, weighted by the account's α; nothing settled yet is
E_NOTHING_TO_CLAIM. The receipt's Reward event names the PSY minted.
`;

export function run(args) {
  return runStakeOp("claim", usage, args, { options: { token: { type: "string" } } }, (values, _pos, sdk) => [
    sdk.ops.claim(parseToken(values.token ?? "CHR", "--token")),
  ]);
}
