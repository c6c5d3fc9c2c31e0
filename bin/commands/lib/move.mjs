// mint and transfer: one packet with one op per TOKEN=AMOUNT, all to the same account, signed by --key. Several
// tokens in one packet apply atomically: every op or none (docs/ledger.md).
import { parse, UsageError, withUsage } from "./args.mjs";
import { parseAmounts } from "./amounts.mjs";
import { withNode } from "./http.mjs";
import { accountArg, readKey } from "./keys.mjs";
import { checkOut, submitOps } from "./submit.mjs";

export function moveUsage(name) {
  return `qfs ${name} --key FILE[#NAME] --to ACCOUNT [--base-units] [--out FILE] [--url URL] TOKEN=AMOUNT...`;
}

export function moveDetails(name) {
  const who = name === "mint" ? "a MINTER of each token (demo: DATA_DIR/demo-keys.json#minter)" : "the sender";
  return `
  --key FILE[#NAME]  the signing key: ${who}; a keygen file, or a list such as
                     DATA_DIR/demo-keys.json with #NAME picking one
  --to ACCOUNT       the receiving account: 64 hex, or a key file (FILE or FILE#NAME) whose account it is
  TOKEN=AMOUNT       CHR, FLX, PSY, ATR or RES and an amount in whole tokens with up to 18 decimals
                     (1 token = 10^18 base units); several tokens go in ONE packet, applied atomically
  --base-units       amounts are base units (whole numbers)
  --out FILE         also save the receipt there (never overwritten)
  --url URL          the node (default $QFS_URL, else http://127.0.0.1:8080)

Prints the receipt (JSON) on stdout. Exit codes: 0 applied; 2 usage error or unreadable key file;
6 node unreachable or an error answer; 7 sequenced but not applied (the receipt names the outcome).
`;
}

export async function runMove(name, args) {
  const usage = moveUsage(name);
  return withUsage(name, usage, () =>
    withNode(name, async () => {
      const { values, positionals } = parse(
        args,
        {
          key: { type: "string" },
          to: { type: "string" },
          "base-units": { type: "boolean" },
          out: { type: "string" },
        },
        // TOKEN=AMOUNT arguments: parseAmounts allows each token once, so at most five pass.
        { url: true, positionals: [0, Infinity] },
      );
      if (values.key === undefined) throw new UsageError("missing --key FILE[#NAME]");
      if (values.to === undefined) throw new UsageError("missing --to ACCOUNT");
      const amounts = parseAmounts(positionals, values["base-units"] === true);
      const { sha3_256 } = await import("../../../dist/index.js");
      const signer = readKey(values.key, "--key", { needSecret: true, sha3: sha3_256 });
      const to = accountArg(values.to, "--to", sha3_256);
      checkOut(values.out);
      return submitOps(
        name,
        values.url,
        signer,
        (sdk) => amounts.map((a) => (name === "mint" ? sdk.ops.mint : sdk.ops.transfer)(a.token, to, a.amount)),
        values.out,
      );
    }),
  );
}
