// One numeric convention for the typed API's inputs: amounts, seq and times are bigint; a number
// is accepted where it is a safe non-negative integer (Number.isSafeInteger, ≥ 0) and converted
// exactly; anything else (1.5, -1, 2**60, NaN, a string) is a QfsError E_INTEGER_RANGE
// naming the field. Pure: no core access.

import { qfsError, type QfsError, type QfsErrorName } from "../errors/index.js";

// The TS-side refusals of the ledger binding: a QfsError whose `details.field` names the input.
export function ledgerInputError(code: QfsErrorName, field: string, why: string): QfsError {
  return qfsError(code, `${field}: ${why}`, { field });
}

export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

// bigint or safe non-negative integer number → bigint in [0, max].
export function toBigUint(v: unknown, field: string, max: bigint = U64_MAX): bigint {
  let x: bigint;
  if (typeof v === "bigint") x = v;
  else if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) x = BigInt(v);
  else
    throw ledgerInputError(
      "E_INTEGER_RANGE",
      field,
      `expected a bigint or a safe non-negative integer, got ${show(v)}`,
    );
  if (x < 0n || x > max) throw ledgerInputError("E_INTEGER_RANGE", field, `${x} is outside [0, ${max}]`);
  return x;
}

// number (or bigint) → number in [0, max] (max ≤ 2^53 − 1): counts, slots, u32 fields.
export function toSafeUint(v: unknown, field: string, max: number = Number.MAX_SAFE_INTEGER): number {
  return Number(toBigUint(v, field, BigInt(max)));
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  return typeof v;
}

// A batch header as the typed API takes it: seq and time as bigint, or as safe numbers.
export interface BatchHeaderInput {
  seq: bigint | number;
  timeMs: bigint | number;
  auditHead?: Uint8Array;
}

// → { seq, timeMs } as u64 bigints; auditHead, when given, 32 bytes. Throws a QfsError.
export function normalizeBatchHeader(h: BatchHeaderInput): { seq: bigint; timeMs: bigint; auditHead?: Uint8Array } {
  if (h === null || typeof h !== "object") throw ledgerInputError("E_LEDGER_INPUT", "header", "expected an object");
  const out: { seq: bigint; timeMs: bigint; auditHead?: Uint8Array } = {
    seq: toBigUint(h.seq, "header.seq"),
    timeMs: toBigUint(h.timeMs, "header.timeMs"),
  };
  if (h.auditHead !== undefined) {
    if (!(h.auditHead instanceof Uint8Array) || h.auditHead.length !== 32)
      throw ledgerInputError("E_LEDGER_INPUT", "header.auditHead", "must be 32 bytes");
    out.auditHead = h.auditHead;
  }
  return out;
}
