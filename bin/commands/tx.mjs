// qfs tx — a transaction's receipt by its id (GET /v1/transactions/:id): what qfs verify-receipt checks.
import { EXIT } from "./exit-codes.mjs";
import { parse, UsageError, withUsage } from "./lib/args.mjs";
import { getJson, withNode } from "./lib/http.mjs";
import { checkOut, writeOut } from "./lib/submit.mjs";

export const summary = "show a transaction's receipt by its id";
export const usage = "qfs tx [--out FILE] [--url URL] ID";
export const details = `
  ID          the tx id: 64 hex (SHA3-256 of the packet bytes; the receipt's txId)
  --out FILE  also save the receipt there (never overwritten)
  --url URL   the node (default $QFS_URL, else http://127.0.0.1:8080)

Prints the receipt (JSON). Exit codes: 0 found; 2 usage error; 6 node unreachable, or no such
transaction (E_TX_UNKNOWN).
`;

export async function run(args) {
  return withUsage("tx", usage, () =>
    withNode("tx", async () => {
      const { values, positionals } = parse(args, { out: { type: "string" } }, { url: true, positionals: [1, 1] });
      const id = positionals[0];
      if (!/^[0-9a-fA-F]{64}$/.test(id)) throw new UsageError(`ID is not 64 hex characters: '${id.slice(0, 80)}'`);
      checkOut(values.out);
      const receipt = await getJson(values.url, `/v1/transactions/${id.toLowerCase()}`);
      const text = JSON.stringify(receipt, null, 2) + "\n";
      process.stdout.write(text);
      writeOut(values.out, text);
      return EXIT.OK;
    }),
  );
}
