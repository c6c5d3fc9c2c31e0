// TOKEN=AMOUNT arguments: whole tokens with up to 18 decimals (1 token = 10^18 base units, as the demo genesis
// mints), or base units with --base-units. Each token at most once, amounts above zero.
import { UsageError } from "./args.mjs";

export const TOKENS = { CHR: 0, FLX: 1, PSY: 2, ATR: 3, RES: 4 };
export const DECIMALS = 18;
const UNIT = 10n ** BigInt(DECIMALS);
/** Longest amount text accepted, characters (u128 has 39 digits, plus a point and 18 decimals). */
const AMOUNT_TEXT_MAX = 64;

/** → [{ token, name, amount }] in argument order. */
export function parseAmounts(list, baseUnits) {
  if (list.length === 0) throw new UsageError("missing TOKEN=AMOUNT (e.g. CHR=1.5)");
  const seen = new Set();
  return list.map((arg) => {
    const m = /^([A-Za-z]+)=(.+)$/.exec(arg);
    if (m === null) throw new UsageError(`'${arg}' is not TOKEN=AMOUNT (e.g. CHR=1.5)`);
    const name = m[1].toUpperCase();
    if (!Object.hasOwn(TOKENS, name))
      throw new UsageError(`'${arg}': unknown token '${m[1]}' (${Object.keys(TOKENS).join(", ")})`);
    if (seen.has(name)) throw new UsageError(`'${arg}': ${name} given twice`);
    seen.add(name);
    const amount = baseUnits ? parseBase(m[2], arg) : parseWhole(m[2], arg);
    if (amount === 0n) throw new UsageError(`'${arg}': the amount must be above zero`);
    return { token: TOKENS[name], name, amount };
  });
}

function parseBase(text, arg) {
  if (text.length > AMOUNT_TEXT_MAX || !/^[0-9]+$/.test(text))
    throw new UsageError(`'${arg}': --base-units amounts are whole numbers`);
  return BigInt(text);
}

function parseWhole(text, arg) {
  const m = text.length <= AMOUNT_TEXT_MAX ? /^([0-9]+)(?:\.([0-9]+))?$/.exec(text) : null;
  if (m === null) throw new UsageError(`'${arg}': not a decimal amount`);
  const frac = m[2] ?? "";
  if (frac.length > DECIMALS) throw new UsageError(`'${arg}': more than ${DECIMALS} decimals`);
  return BigInt(m[1]) * UNIT + BigInt(frac.padEnd(DECIMALS, "0") || "0");
}

/** Base units as whole tokens, trailing zeros dropped ("1.5", "10"). */
export function formatWhole(units) {
  const v = BigInt(units);
  const whole = v / UNIT;
  const frac = (v % UNIT).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}
