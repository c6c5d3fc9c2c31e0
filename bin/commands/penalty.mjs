// qfs penalty — a council penalty: slashes a share of the target's stake (burnt) and burns up to an amount of its
// RES; signed by COUNCIL_THRESHOLD distinct COUNCIL keys (one --key each), acting for the first key's account.
import { parseAmount, parseShare } from "./lib/amounts.mjs";
import { usageError } from "./lib/args.mjs";
import { accountArg } from "./lib/keys.mjs";
import { COMMON_DETAILS, runStakeOp } from "./lib/stake-ops.mjs";

export const summary = "council penalty: slash a share of an account's stake and burn its RES";
export const usage =
  "qfs penalty --key FILE[#NAME]... --share SHARE --res-burn AMOUNT [--base-units] [--out FILE] [--url URL] TARGET";
export const details = `
  TARGET             the penalized account: 64 hex, or a key file (FILE or FILE#NAME) whose account it is
  --key FILE[#NAME]  a COUNCIL key; repeat it for each signer: the packet needs COUNCIL_THRESHOLD distinct
                     COUNCIL keys (fewer: the council-quorum error); it acts for the first key's account
  --share SHARE      share of the target's stake to slash, a decimal in 0..1 (e.g. 0.25); the slashed CHR is
                     burnt, rounded down; a remainder below MIN_STAKE is slashed too
  --res-burn AMOUNT  most RES to burn from the target (whole tokens; 0 burns none); at most its RES balance burns
  --base-units       --res-burn is base units
${COMMON_DETAILS}
The target's RES state becomes PENALIZED (events Penalty and ResState in the receipt).
`;

export function run(args) {
  return runStakeOp(
    "penalty",
    usage,
    args,
    {
      options: { share: { type: "string" }, "res-burn": { type: "string" }, "base-units": { type: "boolean" } },
      positionals: [1, 1],
      multiKey: true,
    },
    (values, [target], sdk) => {
      if (values.share === undefined) throw usageError("missing --share SHARE (a decimal in 0..1)");
      if (values["res-burn"] === undefined) throw usageError("missing --res-burn AMOUNT (0 burns no RES)");
      const share = parseShare(values.share, `--share ${values.share}`);
      const resBurn = /^0+(\.0*)?$/.test(values["res-burn"])
        ? 0n
        : parseAmount(values["res-burn"], values["base-units"], `--res-burn ${values["res-burn"]}`);
      return [sdk.ops.penalty(accountArg(target, "TARGET", sdk.sha3_256), share, resBurn)];
    },
  );
}
