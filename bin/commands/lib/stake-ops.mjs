// stake, unstake, claim and penalty: one staking op in one packet (docs/token-mechanics.md), signed by --key (or, for
// a council penalty, by every --key given). The node checks the rules (lock, same epoch, quorum …): a refused op
// comes back as a receipt with its outcome (exit 7) or an error answer naming the catalogue code (exit 6).
import { parse, usageError, withUsage } from "./args.mjs";
import { withNode } from "./http.mjs";
import { readKey } from "./keys.mjs";
import { checkOut, submitOps } from "./submit.mjs";

export const COMMON_DETAILS = `  --out FILE         also save the receipt there (never overwritten)
  --url URL          the node (default $QFS_URL, else http://127.0.0.1:8080)

Prints the receipt (JSON) on stdout. Exit codes: 0 applied; 2 usage error or unreadable key file;
6 node unreachable or an error answer; 7 sequenced but not applied (the receipt names the outcome:
e.g. E_STAKE_LOCKED, E_STAKE_SAME_EPOCH, E_INSUFFICIENT_STAKE, E_NOTHING_TO_CLAIM).
`;

/**
 * Parses `args` with the command's own `options` (plus --key, --out, --url), reads the signing key(s), and submits
 * the ops `build(values, positionals, sdk, signers)` returns. `multiKey`: --key may repeat (council).
 */
export async function runStakeOp(name, usage, args, { options = {}, positionals = [0, 0], multiKey = false }, build) {
  return withUsage(name, usage, () =>
    withNode(name, async () => {
      const { values, positionals: pos } = parse(
        args,
        { ...options, key: { type: "string", multiple: multiKey }, out: { type: "string" } },
        { url: true, positionals },
      );
      const keys = values.key === undefined ? [] : multiKey ? values.key : [values.key];
      if (keys.length === 0) throw usageError("missing --key FILE[#NAME]");
      const sdk = await import("../../../dist/index.js");
      // A packet carries at most MAX_SIGNERS signatures (docs/packet.md).
      if (keys.length > sdk.MAX_SIGNERS) throw usageError(`at most ${sdk.MAX_SIGNERS} --key options`);
      const signers = keys.map((k) => readKey(k, "--key", { needSecret: true, sha3: sdk.sha3_256 }));
      const ids = new Set(signers.map((s) => Buffer.from(s.keyId).toString("hex")));
      if (ids.size !== signers.length) throw usageError("the same key is given twice with --key");
      // Everything the user typed is checked before the packet is built or the node asked.
      const made = build(values, pos, sdk, signers);
      checkOut(values.out);
      return submitOps(name, values.url, signers, () => made, values.out);
    }),
  );
}
