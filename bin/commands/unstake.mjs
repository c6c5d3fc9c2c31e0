// qfs unstake — takes staked CHR back from the pool; --emergency also before the lock ends, forfeiting rewards.
import { parseAmount, parseToken } from "./lib/amounts.mjs";
import { COMMON_DETAILS, runStakeOp } from "./lib/stake-ops.mjs";

export const summary = "unstake CHR: move it from the staking pool back to the key's account";
export const usage =
  "qfs unstake --key FILE[#NAME] [--emergency] [--token CHR] [--base-units] [--out FILE] [--url URL] AMOUNT";
export const details = `
  AMOUNT             in whole tokens with up to 18 decimals (1 token = 10^18 base units)
  --key FILE[#NAME]  the staker's key
  --emergency        emergency withdrawal: allowed while the stake is locked, but the pending reward and the
                     current epoch's reward are forfeited (the receipt's Unstake event names the PSY forfeited)
  --token TOKEN      the staked token (default CHR)
  --base-units       AMOUNT is base units (a whole number)
${COMMON_DETAILS}
Not in the epoch of a stake (E_STAKE_SAME_EPOCH); without --emergency not before the lock ends
(E_STAKE_LOCKED); what stays staked is 0 or at least MIN_STAKE (E_STAKE_TOO_SMALL).
`;

export function run(args) {
  return runStakeOp(
    "unstake",
    usage,
    args,
    {
      options: { token: { type: "string" }, emergency: { type: "boolean" }, "base-units": { type: "boolean" } },
      positionals: [1, 1],
    },
    (values, [amount], sdk) => [
      sdk.ops.unstake(
        parseToken(values.token ?? "CHR", "--token"),
        parseAmount(amount, values["base-units"], amount),
        values.emergency === true,
      ),
    ],
  );
}
