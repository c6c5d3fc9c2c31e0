// TOKEN=AMOUNT arguments: whole tokens with up to 18 decimals (1 token = 10^18 base units, as the demo genesis
// mints), or base units with --base-units. Each token at most once, amounts above zero.
import { usageError } from "./args.mjs";

export const TOKENS = { CHR: 0, FLX: 1, PSY: 2, ATR: 3, RES: 4 };
export const DECIMALS = 18;
const UNIT = 10n ** BigInt(DECIMALS);
/** Longest amount text accepted, characters (u128 has 39 digits, plus a point and 18 decimals). */
const AMOUNT_TEXT_MAX = 64;

/** → [{ token, name, amount }] in argument order. */
export function parseAmounts(list, baseUnits) {
  if (list.length === 0) throw usageError("missing TOKEN=AMOUNT (e.g. CHR=1.5)");
  const seen = new Set();
  return list.map((arg) => {
    const m = /^([A-Za-z]+)=(.+)$/.exec(arg);
    if (m === null) throw usageError(`'${arg}' is not TOKEN=AMOUNT (e.g. CHR=1.5)`);
    const name = m[1].toUpperCase();
    if (!Object.hasOwn(TOKENS, name))
      throw usageError(`'${arg}': unknown token '${m[1]}' (${Object.keys(TOKENS).join(", ")})`);
    if (seen.has(name)) throw usageError(`'${arg}': ${name} given twice`);
    seen.add(name);
    const amount = baseUnits ? parseBase(m[2], arg) : parseWhole(m[2], arg);
    if (amount === 0n) throw usageError(`'${arg}': the amount must be above zero`);
    return { token: TOKENS[name], name, amount };
  });
}

function parseBase(text, arg) {
  if (text.length > AMOUNT_TEXT_MAX || !/^[0-9]+$/.test(text))
    throw usageError(`'${arg}': --base-units amounts are whole numbers`);
  return BigInt(text);
}

function parseWhole(text, arg) {
  const m = text.length <= AMOUNT_TEXT_MAX ? /^([0-9]+)(?:\.([0-9]+))?$/.exec(text) : null;
  if (m === null) throw usageError(`'${arg}': not a decimal amount`);
  const frac = m[2] ?? "";
  if (frac.length > DECIMALS) throw usageError(`'${arg}': more than ${DECIMALS} decimals`);
  return BigInt(m[1]) * UNIT + BigInt(frac.padEnd(DECIMALS, "0") || "0");
}

/** Base units as whole tokens, trailing zeros dropped ("1.5", "10"). */
export function formatWhole(units) {
  const v = BigInt(units);
  const whole = v / UNIT;
  const frac = (v % UNIT).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}

/** One amount argument (`what` names it in errors): whole tokens with up to 18 decimals, or base units. Above zero. */
export function parseAmount(text, baseUnits, what) {
  const amount = baseUnits ? parseBase(text, what) : parseWhole(text, what);
  if (amount === 0n) throw usageError(`'${what}': the amount must be above zero`);
  return amount;
}

/** A share in [0, 1] as a decimal ("0.25", "1") → 18-decimal fixed point (1 = 10^18), the wire's slash share. */
export function parseShare(text, what) {
  const v = parseWhole(text, what);
  if (v > UNIT) throw usageError(`'${what}': a share is at most 1`);
  return v;
}

/** A token name (CHR, FLX, PSY, ATR, RES) → its id. */
export function parseToken(text, what) {
  const name = String(text).toUpperCase();
  if (!Object.hasOwn(TOKENS, name))
    throw usageError(`${what}: unknown token '${text}' (${Object.keys(TOKENS).join(", ")})`);
  return TOKENS[name];
}
