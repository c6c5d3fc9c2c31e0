// Rule catalogue of the zero-simulation scanner. Each rule has a stable id (ZSnnn), a short name,
// the message printed with each finding, and the reason it exists (docs/zero-simulation.md).

export type Dialect = "ts" | "as";

export interface Rule {
  id: string;
  name: string;
  message: string;
  why: string;
  /** "all": every scanned file; "as": only AssemblyScript files (config `assemblyScript`). */
  scope: "all" | "as";
}

export const RULES: readonly Rule[] = [
  {
    id: "ZS000",
    name: "parse-error",
    message: "file could not be parsed; the scanner cannot vouch for it",
    why: "A file the parser cannot read may hide any forbidden construct, so it fails the scan rather than pass unseen.",
    scope: "all",
  },
  {
    id: "ZS001",
    name: "math-random",
    message: "Math.random is a non-deterministic random source",
    why: "The state machine is a pure function of its signed inputs; a random draw gives different state roots on replay.",
    scope: "all",
  },
  {
    id: "ZS002",
    name: "date",
    message: "Date reads or models wall-clock time",
    why: "Wall-clock time differs on every node and every replay; logical time comes from the sequencer in the signed batch header.",
    scope: "all",
  },
  {
    id: "ZS003",
    name: "performance-clock",
    message: "performance (performance.now, timeOrigin, marks) is a clock",
    why: "High-resolution timers differ on every run; timings belong to metrics outside the core.",
    scope: "all",
  },
  {
    id: "ZS004",
    name: "process-clock",
    message: "process.hrtime / process.uptime is a clock",
    why: "Monotonic clocks differ on every run and every machine.",
    scope: "all",
  },
  {
    id: "ZS005",
    name: "crypto-random",
    message: "cryptographic random source (getRandomValues / randomBytes / randomUUID / randomInt / randomFill)",
    why: "Randomness in the core makes replay impossible; nonces and keys are made by clients and arrive signed.",
    scope: "all",
  },
  {
    id: "ZS006",
    name: "timer",
    message:
      "timers and task scheduling (setTimeout, setInterval, setImmediate, queueMicrotask, requestAnimationFrame)",
    why: "Scheduling order depends on the event loop and the clock; the core runs to completion on its inputs.",
    scope: "all",
  },
  {
    id: "ZS007",
    name: "env-read",
    message: "environment read (process.env / import.meta.env)",
    why: "The environment differs between nodes; configuration that affects state must be an input of the ledger.",
    scope: "all",
  },
  {
    id: "ZS008",
    name: "float-literal",
    message: "float literal (fractional part or exponent)",
    why: "Floats round differently across operations and hide precision loss; amounts and ratios use CertifiedMath fixed-point.",
    scope: "all",
  },
  {
    id: "ZS009",
    name: "float-type",
    message:
      "float type or float operation (f32, f64, f32x4, f64x2, Float32Array, Float64Array, DataView get/setFloat*, *_f32/_f64 ops)",
    why: "WASM float ops have non-deterministic NaN bit patterns and invite rounding; the core is integer-only.",
    scope: "all",
  },
  {
    id: "ZS010",
    name: "float-value",
    message: "float-only value (NaN, Infinity, parseFloat, Number.EPSILON and friends)",
    why: "These exist only in floating point; integer code never needs them.",
    scope: "all",
  },
  {
    id: "ZS011",
    name: "math-float",
    message: "float Math function or constant",
    why: "Math/Mathf/NativeMath work on f64/f32; transcendental functions are not even specified bit-exactly across engines. In TypeScript only Math.imul, clz32, abs, sign, max and min (exact on integers) are allowed; in AssemblyScript none (use the generic integer builtins abs<T>, max<T>, clz<T>).",
    scope: "all",
  },
  {
    id: "ZS012",
    name: "dynamic-code",
    message: "dynamic code (eval, new Function, Function(...))",
    why: "Code built at run time escapes review and this scanner.",
    scope: "all",
  },
  {
    id: "ZS013",
    name: "locale",
    message: "locale-dependent API (Intl, toLocale*String, localeCompare)",
    why: "Results depend on the host's ICU data and locale; ordering and formatting in the core must be bytewise.",
    scope: "all",
  },
  {
    id: "ZS014",
    name: "host-import",
    message: "WASM host import (declare function / @external)",
    why: "Every host import is a door out of the sandbox (clock, randomness, I/O); each one needs an allow-list entry with its reason.",
    scope: "as",
  },
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule {
  const r = RULES_BY_ID.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

/** Math members allowed in TypeScript core files: exactly specified and exact on integer arguments. */
export const TS_MATH_ALLOWED: ReadonlySet<string> = new Set(["imul", "clz32", "abs", "sign", "max", "min"]);

export const CRYPTO_RANDOM_NAMES: ReadonlySet<string> = new Set([
  "getRandomValues",
  "randomBytes",
  "randomUUID",
  "randomInt",
  "randomFill",
  "randomFillSync",
  "pseudoRandomBytes",
]);

export const TIMER_NAMES: ReadonlySet<string> = new Set([
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "requestAnimationFrame",
  "requestIdleCallback",
]);

export const FLOAT_TYPE_NAMES: ReadonlySet<string> = new Set([
  "f32",
  "f64",
  "f32x4",
  "f64x2",
  "Float32Array",
  "Float64Array",
]);

export const FLOAT_VALUE_GLOBALS: ReadonlySet<string> = new Set(["NaN", "Infinity", "parseFloat"]);
export const FLOAT_NUMBER_MEMBERS: ReadonlySet<string> = new Set([
  "EPSILON",
  "MAX_VALUE",
  "MIN_VALUE",
  "NaN",
  "POSITIVE_INFINITY",
  "NEGATIVE_INFINITY",
  "parseFloat",
]);

export const LOCALE_MEMBERS: ReadonlySet<string> = new Set([
  "toLocaleString",
  "toLocaleDateString",
  "toLocaleTimeString",
  "toLocaleUpperCase",
  "toLocaleLowerCase",
  "localeCompare",
]);
