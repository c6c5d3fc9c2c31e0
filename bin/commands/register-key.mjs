// qfs register-key — a KEY_REGISTER packet signed by an admin key: registers a public key (a new account's first
// key: its owner is its own id) with optional roles. The ledger wants KEY_ADMIN for it, and ADMIN too when the
// new key gets roles (docs/ledger.md "Authorization").
import { parse, UsageError, withUsage } from "./lib/args.mjs";
import { withNode } from "./lib/http.mjs";
import { readKey } from "./lib/keys.mjs";
import { TOKENS } from "./lib/amounts.mjs";
import { checkOut, submitOps } from "./lib/submit.mjs";

export const summary = "register a public key in the ledger (signed by a KEY_ADMIN key)";
export const usage =
  "qfs register-key --key ADMINFILE[#NAME] --public KEYFILE[#NAME] [--roles ROLE,...] [--out FILE] [--url URL]";
export const details = `
  --key ADMINFILE[#NAME]   the signing key: KEY_ADMIN (and ADMIN when --roles is given), e.g.
                           DATA_DIR/demo-keys.json#admin
  --public KEYFILE[#NAME]  the key to register (a qfs keygen file; only its public key is read)
  --roles ROLE,...         roles for the new key: ADMIN, KEY_ADMIN, COUNCIL, AUDITOR, MINTER:TOKEN
                           (TOKEN one of ${Object.keys(TOKENS).join(", ")}); default none
  --out FILE               also save the receipt there (never overwritten)
  --url URL                the node (default $QFS_URL, else http://127.0.0.1:8080)

Prints the receipt (JSON) on stdout. Exit codes: 0 registered; 2 usage error or unreadable key file;
6 node unreachable or an error answer; 7 sequenced but not applied (e.g. E_ROLE_MISSING, E_KEY_EXISTS).
`;

const ROLE_IDS = { ADMIN: 0, KEY_ADMIN: 2, COUNCIL: 3, AUDITOR: 4 };
const MINTER = 1;

function parseRoles(text) {
  const roles = new Set();
  const minterTokens = new Set();
  if (text === undefined || text === "") return { roles: [], minterTokens: [] };
  for (const r of text.split(",")) {
    const m = /^MINTER:([A-Z]+)$/.exec(r);
    if (m !== null && Object.hasOwn(TOKENS, m[1])) {
      roles.add(MINTER);
      minterTokens.add(TOKENS[m[1]]);
    } else if (Object.hasOwn(ROLE_IDS, r)) roles.add(ROLE_IDS[r]);
    else throw new UsageError(`--roles: unknown role '${r}' (ADMIN, KEY_ADMIN, COUNCIL, AUDITOR, MINTER:TOKEN)`);
  }
  return { roles: [...roles], minterTokens: [...minterTokens] };
}

export async function run(args) {
  return withUsage("register-key", usage, () =>
    withNode("register-key", async () => {
      const { values } = parse(
        args,
        { key: { type: "string" }, public: { type: "string" }, roles: { type: "string" }, out: { type: "string" } },
        { url: true },
      );
      if (values.key === undefined) throw new UsageError("missing --key ADMINFILE[#NAME]");
      if (values.public === undefined) throw new UsageError("missing --public KEYFILE[#NAME]");
      const opts = parseRoles(values.roles);
      const { sha3_256 } = await import("../../dist/index.js");
      const signer = readKey(values.key, "--key", { needSecret: true, sha3: sha3_256 });
      const key = readKey(values.public, "--public", { needSecret: false, sha3: sha3_256 });
      checkOut(values.out);
      return submitOps(
        "register-key",
        values.url,
        signer,
        (sdk) => [sdk.ops.keyRegister(key.publicKey, key.level, opts)],
        values.out,
      );
    }),
  );
}
