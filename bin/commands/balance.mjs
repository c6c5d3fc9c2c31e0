// qfs balance — an account's nonce and balances (GET /v1/accounts/:id), in whole tokens and base units.
import { EXIT } from "./exit-codes.mjs";
import { parse, withUsage } from "./lib/args.mjs";
import { formatWhole } from "./lib/amounts.mjs";
import { getJson, withNode } from "./lib/http.mjs";
import { accountArg } from "./lib/keys.mjs";

export const summary = "show an account's balances and nonce";
export const usage = "qfs balance [--json] [--url URL] ACCOUNT";
export const details = `
  ACCOUNT     64 hex, or a key file (FILE or FILE#NAME, e.g. DATA_DIR/demo-keys.json#alice) whose account it is
  --json      print the node's answer (AccountJson) as it is
  --url URL   the node (default $QFS_URL, else http://127.0.0.1:8080)

Exit codes: 0 shown; 2 usage error; 6 node unreachable, or no such account (E_ACCOUNT_UNKNOWN).
`;

export async function run(args) {
  return withUsage("balance", usage, () =>
    withNode("balance", async () => {
      const { values, positionals } = parse(args, { json: { type: "boolean" } }, { url: true, positionals: [1, 1] });
      const { sha3_256 } = await import("../../dist/index.js");
      const id = Buffer.from(accountArg(positionals[0], "ACCOUNT", sha3_256)).toString("hex");
      const a = await getJson(values.url, `/v1/accounts/${id}`);
      if (values.json) {
        process.stdout.write(JSON.stringify(a, null, 2) + "\n");
        return EXIT.OK;
      }
      const lines = [`account ${a.id}  nonce ${a.nonce}`];
      for (const [t, v] of Object.entries(a.balances ?? {}))
        lines.push(`  ${t.padEnd(4)} ${formatWhole(v).padStart(28)}   (${v} base units)`);
      process.stdout.write(lines.join("\n") + "\n");
      return EXIT.OK;
    }),
  );
}
