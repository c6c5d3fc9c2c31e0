// Argument parsing shared by the qfs commands: node:util parseArgs (strict), with errors that name the bad
// argument and end with the command's usage line (exit 2).
import { parseArgs } from "node:util";
import { EXIT } from "../exit-codes.mjs";

export const URL_DEFAULT = "http://127.0.0.1:8080";

/** A usage error: the message names the bad argument; the command prints it with its usage line, exit 2. */
export class UsageError extends Error {}

// node:util's messages are long ("... To specify a positional argument starting with a '-' ..."): the first
// sentence names the argument, which is what the user needs.
function shortParseError(e) {
  const m =
    /^(Unknown option '[^']*')|^(Option '[^']*' argument missing)|^(Option '[^']*' does not take an argument)/.exec(
      e.message,
    );
  if (m !== null) return (m[1] ?? m[2] ?? m[3]).replace(/^Unknown/, "unknown").replace(/^Option/, "option");
  return e.message.split(". ")[0];
}

/**
 * Parses `args` with `options` (node:util form; "url" is added: --url, default $QFS_URL or URL_DEFAULT when
 * `url` is true). → { values, positionals } or throws UsageError.
 */
export function parse(args, options, { url = false, positionals = [0, 0] } = {}) {
  const opts = { ...options, help: { type: "boolean", short: "h" } };
  if (url) opts.url = { type: "string" };
  let parsed;
  try {
    parsed = parseArgs({ args, options: opts, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(shortParseError(e));
  }
  const [min, max] = positionals;
  const pos = parsed.positionals;
  if (pos.length < min) throw new UsageError(`missing argument (expected at least ${min})`);
  if (pos.length > max) throw new UsageError(`unexpected argument '${pos[max]}'`);
  const values = { ...parsed.values };
  if (url) values.url = checkUrl(values.url ?? (process.env.QFS_URL || URL_DEFAULT), values.url === undefined);
  return { values, positionals: pos };
}

function checkUrl(text, fromEnv) {
  let u;
  try {
    u = new URL(text);
  } catch {
    u = undefined;
  }
  if (u === undefined || (u.protocol !== "http:" && u.protocol !== "https:"))
    throw new UsageError(`${fromEnv ? "$QFS_URL" : "--url"} is not an http(s) URL: '${text}'`);
  return text.replace(/\/+$/, "");
}

/** Runs `body` and turns a UsageError into the message + usage line on stderr and exit 2. */
export async function withUsage(name, usage, body) {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`qfs ${name}: ${e.message}\nusage: ${usage}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
}

/** An integer option within [min, max], or undefined when absent. */
export function intOption(values, name, min, max) {
  const v = values[name];
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new UsageError(`--${name} must be an integer in ${min}..${max}, got '${v}'`);
  return Number(v);
}
