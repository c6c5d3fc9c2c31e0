// qfs stake — stakes CHR from the key's account into the staking pool (docs/token-mechanics.md).
import { parseAmount, parseToken } from "./lib/amounts.mjs";
import { COMMON_DETAILS, runStakeOp } from "./lib/stake-ops.mjs";

export const summary = "stake CHR: move it from the key's account into the staking pool";
export const usage = "qfs stake --key FILE[#NAME] [--token CHR] [--base-units] [--out FILE] [--url URL] AMOUNT";
export const details = `
  AMOUNT             in whole tokens with up to 18 decimals (1 token = 10^18 base units)
  --key FILE[#NAME]  the staker's key (a keygen file, or a list file with #NAME picking one)
  --token TOKEN      the token staked (default CHR; only CHR is stakeable: others are refused, E_STAKE_TOKEN)
  --base-units       AMOUNT is base units (a whole number)
${COMMON_DETAILS}
The new amount earns from the next epoch on; a stake restarts the lock (MIN_STAKE_EPOCHS) of the whole
position, and the position must reach MIN_STAKE (E_STAKE_TOO_SMALL).
`;

export function run(args) {
  return runStakeOp(
    "stake",
    usage,
    args,
    { options: { token: { type: "string" }, "base-units": { type: "boolean" } }, positionals: [1, 1] },
    (values, [amount], sdk) => [
      sdk.ops.stake(parseToken(values.token ?? "CHR", "--token"), parseAmount(amount, values["base-units"], amount)),
    ],
  );
}
