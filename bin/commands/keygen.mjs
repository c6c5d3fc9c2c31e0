// qfs keygen — a new ML-DSA key pair as a key file (contract §6): { name?, level, keyId, account, publicKey,
// secretKey }, keys base64, ids hex. The account is the key's own id (SHA3-256 of the public key): a new key
// acts for a new account once an admin registered it (qfs register-key). Never overwrites; mode 0600.
import { writeFileSync } from "node:fs";
import { EXIT } from "./exit-codes.mjs";
import { parse, UsageError, withUsage } from "./lib/args.mjs";

export const summary = "make a new ML-DSA key pair (a key file, mode 0600)";
export const usage = "qfs keygen [--level 44|65|87] [--name NAME] [--out FILE]";
export const details = `
  --level 44|65|87  ML-DSA parameter set (default 87)
  --name NAME       a name kept in the file (letters, digits, - and _; at most 64)
  --out FILE        write the key file there (created with mode 0600; an existing file is never
                    overwritten); without it the key file goes to stdout

The secret key is in the file: keep it private. Its account id (64 hex) is printed on stderr.
Exit codes: 0 written; 2 usage error, or --out exists or cannot be created.
`;

export async function run(args) {
  return withUsage("keygen", usage, async () => {
    const { values } = parse(args, { level: { type: "string" }, name: { type: "string" }, out: { type: "string" } });
    const level = values.level === undefined ? 87 : Number(values.level);
    if (![44, 65, 87].includes(level) || !/^[0-9]+$/.test(values.level ?? "87"))
      throw new UsageError(`--level must be 44, 65 or 87, got '${values.level}'`);
    if (values.name !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values.name))
      throw new UsageError(`--name must be 1-64 letters, digits, - or _, got '${values.name}'`);
    const { generateKeyPair, accountId } = await import("../../dist/index.js");
    const k = generateKeyPair(level);
    const file = {
      ...(values.name !== undefined ? { name: values.name } : {}),
      level,
      keyId: Buffer.from(k.keyId).toString("hex"),
      account: Buffer.from(accountId(k.publicKey)).toString("hex"),
      publicKey: Buffer.from(k.publicKey).toString("base64"),
      secretKey: Buffer.from(k.secretKey).toString("base64"),
    };
    const text = JSON.stringify(file, null, 2) + "\n";
    if (values.out === undefined) {
      process.stdout.write(text);
    } else {
      try {
        writeFileSync(values.out, text, { flag: "wx", mode: 0o600 });
      } catch (e) {
        throw new UsageError(
          e.code === "EEXIST" ? `--out ${values.out} exists (never overwritten)` : `--out ${values.out}: ${e.code}`,
        );
      }
    }
    process.stderr.write(
      `qfs keygen: ML-DSA-${level} key ${file.keyId}${values.out !== undefined ? ` written to ${values.out}` : ""}\n` +
        `account ${file.account} (register the key with qfs register-key before it can sign)\n`,
    );
    return EXIT.OK;
  });
}
