// Writes vectors/math/*.json: golden vectors for CertifiedMath, computed with the independent bigint
// reference (test/reference/math.mjs). Deterministic: edge cases plus cases from a seeded PRNG
// (SplitMix64), so running it twice gives identical files. Run: npm run vectors:math
import { mkdirSync, writeFileSync } from "node:fs";
import * as R from "../test/reference/math.js";

type Arg = string | number;
interface Case {
  fn: string;
  args: Arg[];
  result?: string;
  error?: string;
}

const OUT = new URL("../vectors/math/", import.meta.url);
const SEED = 0x5eed_13n;
const MASK64 = (1n << 64n) - 1n;

// SplitMix64 over bigint.
let state = SEED;
function next64(): bigint {
  state = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}
// A u128 with a random bit length (so small, medium and large values all occur).
function randU128(): bigint {
  const v = (next64() << 64n) | next64();
  const bits = next64() % 129n;
  return bits === 0n ? 0n : v >> (128n - bits);
}
function randBelow(n: bigint): bigint {
  return ((next64() << 64n) | next64()) % n;
}

const S = R.SCALE;
const MAX = R.MAX_U128;
const EDGE = [0n, 1n, 2n, 3n, 10n, S - 1n, S, S + 1n, MASK64 - 1n, MASK64, MASK64 + 1n, 1n << 127n, MAX - 1n, MAX];
const ROUNDINGS = R.ROUNDINGS;

function run(fn: string, args: Arg[], f: () => bigint | number): Case {
  try {
    const r = f();
    return { fn, args, result: r.toString() };
  } catch (e) {
    if (e instanceof R.RefError) return { fn, args, error: e.code };
    throw e;
  }
}
const s = (x: bigint): string => x.toString();

function write(name: string, description: string, cases: Case[]): void {
  const head = { group: name, description, generator: "scripts/gen-math-vectors.ts", seed: `0x${SEED.toString(16)}` };
  // one case per line: compact, and diffs stay readable
  const text =
    JSON.stringify(head).slice(0, -1) + ',"cases":[\n' + cases.map((c) => JSON.stringify(c)).join(",\n") + "\n]}\n";
  writeFileSync(new URL(`${name}.json`, OUT), text);
  console.log(`vectors/math/${name}.json: ${cases.length} cases`);
}

mkdirSync(OUT, { recursive: true });

// ---- integer arithmetic ----
{
  const cases: Case[] = [];
  const ops: [string, (a: bigint, b: bigint) => bigint | number][] = [
    ["add", R.add],
    ["sub", R.sub],
    ["mul", R.mul],
    ["div", R.div],
    ["mod", R.mod],
    ["cmp", R.cmp],
    ["min", R.min],
    ["max", R.max],
  ];
  for (const [fn, f] of ops) {
    for (const a of EDGE) for (const b of EDGE) cases.push(run(fn, [s(a), s(b)], () => f(a, b)));
    for (let i = 0; i < 100; i++) {
      const a = randU128();
      const b = randU128();
      cases.push(run(fn, [s(a), s(b)], () => f(a, b)));
    }
  }
  // exact overflow boundaries
  cases.push(run("add", [s(MAX - 5n), "5"], () => R.add(MAX - 5n, 5n)));
  cases.push(run("add", [s(MAX - 5n), "6"], () => R.add(MAX - 5n, 6n)));
  cases.push(run("mul", [s(MASK64), s(MASK64 + 2n)], () => R.mul(MASK64, MASK64 + 2n)));
  cases.push(run("mul", [s(MASK64 + 1n), s(MASK64 + 1n)], () => R.mul(MASK64 + 1n, MASK64 + 1n)));
  write("arith", "u128 add/sub/mul/div/mod/cmp/min/max", cases);
}

// ---- mulDiv ----
{
  const cases: Case[] = [];
  const md = (a: bigint, b: bigint, c: bigint) => {
    for (const r of ROUNDINGS) cases.push(run("mulDiv", [s(a), s(b), s(c), r], () => R.mulDiv(a, b, c, r)));
  };
  const small = [0n, 1n, 2n, 3n, 7n, S, MASK64, MASK64 + 1n, MAX];
  for (const a of small) for (const b of small) for (const c of small) md(a, b, c);
  // half-even ties: a·b = (2q + 1)·c/2 with c even
  for (const [a, b, c] of [
    [5n, 1n, 2n],
    [7n, 1n, 2n],
    [15n, 1n, 10n],
    [25n, 1n, 10n],
    [S + S / 2n, 1n, S],
    [(S * 5n) / 2n, 1n, S],
    [MAX, 1n, 2n],
    [MAX, MAX, 2n],
    [MAX, 3n, 6n],
  ] as [bigint, bigint, bigint][])
    md(a, b, c);
  // overflow boundary: largest a with a·b/c ≤ MAX
  for (let i = 0; i < 20; i++) {
    const b = randU128() | 1n;
    const c = randBelow(b) + 1n;
    const a = (MAX * c) / b;
    md(a, b, c);
    md(a + 1n, b, c);
  }
  // long-division corner cases: (c − 1)·2^64 / c makes the last partial remainder's high digit equal the
  // divisor's (qhat = 2^64 − 1 and its refinement), which random inputs reach with probability ~2^-64
  const cs = [
    MAX,
    MAX - 1n,
    1n << 127n,
    (1n << 127n) + 1n,
    (1n << 127n) + MASK64,
    MASK64 + 1n,
    (MASK64 + 1n) * 3n,
    S * S,
  ];
  for (let i = 0; i < 12; i++) cs.push(randU128() | (1n << 127n), (randU128() >> 20n) | (1n << 100n));
  for (const c of cs) {
    for (const [a, b] of [
      [c - 1n, MASK64 + 1n],
      [c - 1n, MASK64],
      [c - 1n, MASK64 + 2n],
      [c - 2n, MASK64 + 1n],
      [(c - 1n) >> 1n, (MASK64 + 1n) * 2n],
    ] as [bigint, bigint][])
      md(a, b, c);
  }
  for (let i = 0; i < 600; i++) md(randU128(), randU128(), randU128());
  write("muldiv", "mulDiv(a, b, c, rounding) = round(a·b/c), 256-bit intermediate", cases);
}

// ---- fixed point ----
{
  const cases: Case[] = [];
  const fp = (a: bigint, b: bigint) => {
    for (const r of ROUNDINGS) {
      cases.push(run("fpMul", [s(a), s(b), r], () => R.fpMul(a, b, r)));
      cases.push(run("fpDiv", [s(a), s(b), r], () => R.fpDiv(a, b, r)));
    }
  };
  for (const a of EDGE) for (const b of EDGE) fp(a, b);
  for (let i = 0; i < 200; i++) fp(randU128(), randU128());
  for (const x of EDGE) cases.push(run("fpSqrt", [s(x)], () => R.fpSqrt(x)));
  for (const x of [2n * S, 4n * S, S / 4n, 1n, 2n, 3n * S]) cases.push(run("fpSqrt", [s(x)], () => R.fpSqrt(x)));
  for (let i = 0; i < 300; i++) {
    const x = randU128();
    cases.push(run("fpSqrt", [s(x)], () => R.fpSqrt(x)));
  }
  write("fixed", "18-decimal fpMul/fpDiv (with rounding) and fpSqrt (floor)", cases);
}

// ---- integer pow and sqrt ----
{
  const cases: Case[] = [];
  for (const a of EDGE)
    for (const e of [0, 1, 2, 3, 64, 127, 128, 0xffffffff]) cases.push(run("pow", [s(a), e], () => R.pow(a, e)));
  for (const [a, e] of [
    [2n, 127],
    [2n, 128],
    [3n, 80],
    [3n, 81],
    [10n, 38],
    [10n, 39],
    [MASK64, 2],
    [MASK64 + 1n, 2],
    [18446744073709551615n, 2],
    [6981463658331n, 3],
    [6981463658332n, 3],
  ] as [bigint, number][])
    cases.push(run("pow", [s(a), e], () => R.pow(a, e)));
  for (let i = 0; i < 200; i++) {
    const a = randU128() >> BigInt(Number(next64() % 120n));
    const e = Number(next64() % 40n);
    cases.push(run("pow", [s(a), e], () => R.pow(a, e)));
  }
  for (const x of EDGE) cases.push(run("sqrt", [s(x)], () => R.sqrt(x)));
  for (const r of [1n, 2n, 3n, MASK64, 1n << 63n]) {
    for (const x of [r * r - 1n, r * r, r * r + 1n]) cases.push(run("sqrt", [s(x)], () => R.sqrt(x)));
  }
  for (let i = 0; i < 300; i++) {
    const x = randU128();
    cases.push(run("sqrt", [s(x)], () => R.sqrt(x)));
  }
  write("pow-sqrt", "integer pow(a, e: u32) (checked) and sqrt (floor)", cases);
}

// ---- ln, log2, exp, fpPow (correctly rounded references; see docs for the error bounds) ----
{
  const cases: Case[] = [];
  const logIn = [1n, 2n, 3n, 10n, S / 2n, S - 1n, S, S + 1n, 2n * S, 10n * S, 1000n * S, MASK64, MASK64 + 1n, MAX];
  const phiIn = [R.PHI];
  for (const x of [0n, ...logIn, ...phiIn]) {
    cases.push(run("ln", [s(x)], () => R.ln(x)));
    cases.push(run("log2", [s(x)], () => R.log2(x)));
  }
  for (let k = 0n; k < 128n; k += 7n) cases.push(run("log2", [s(1n << k)], () => R.log2(1n << k)));
  for (let i = 0; i < 150; i++) {
    const x = randU128() || 1n;
    cases.push(run("ln", [s(x)], () => R.ln(x)));
    cases.push(run("log2", [s(x)], () => R.log2(x)));
  }
  const expIn = [
    0n,
    1n,
    -1n,
    S,
    -S,
    2n * S,
    -2n * S,
    10n * S,
    -10n * S,
    40n * S,
    47n * S,
    -41n * S,
    -42n * S,
    -43n * S,
  ];
  const expEdge = [47_276_307_437_780_177_293n, 47_276_307_437_780_177_294n, 48n * S, 48n * S + 1n, R.MAX_SD, R.MIN_SD];
  for (const x of [...expIn, ...expEdge]) cases.push(run("exp", [s(x)], () => R.exp(x)));
  for (let i = 0; i < 200; i++) {
    const x = randBelow(90n * S) - 43n * S;
    cases.push(run("exp", [s(x)], () => R.exp(x)));
  }
  const powIn: [bigint, bigint][] = [
    [0n, 0n],
    [0n, S],
    [0n, -S],
    [S, 123n * S],
    [2n * S, S / 2n],
    [4n * S, S / 2n],
    [2n * S, 10n * S],
    [2n * S, -10n * S],
    [R.PHI, 2n * S],
    [S / 2n, 100n * S],
    [10n * S, 20n * S],
    [10n * S, 21n * S],
    [MAX, S],
    [MAX, 2n * S],
    [1n, -S],
  ];
  for (const [x, y] of powIn) cases.push(run("fpPow", [s(x), s(y)], () => R.fpPow(x, y)));
  for (let i = 0; i < 150; i++) {
    const x = randBelow(1000n * S) + 1n;
    const y = randBelow(12n * S) - 6n * S;
    cases.push(run("fpPow", [s(x), s(y)], () => R.fpPow(x, y)));
  }
  write("log-exp", "ln, log2 (UD → SD), exp (SD → UD), fpPow (UD, SD → UD); results correctly rounded", cases);
}

// ---- constants ----
write("constants", "PHI and SCALE", [
  { fn: "PHI", args: [], result: R.PHI.toString() },
  { fn: "SCALE", args: [], result: S.toString() },
]);
