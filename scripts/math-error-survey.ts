// Error survey of exp and fpPow against the 100-digit reference (docs/certified-math.md §4, the
// "observed" column): seeded random inputs over the whole domain and near the overflow edge, the
// largest absolute error in ulps, and the largest relative excess over 1 ulp in units of 2^-128.
//   npm run survey:math [-- --samples N --seed S]
import * as M from "../bindings/index.js";
import { qfsError } from "../bindings/errors/index.js";
import * as R from "../test/reference/math.js";

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : dflt;
  if (!Number.isSafeInteger(v) || v <= 0) throw qfsError("E_USAGE", `${name} takes a positive integer`);
  return v;
};
const SAMPLES = arg("--samples", 4000);
let seed = BigInt(arg("--seed", 1));

// splitmix64: a seeded generator, so a survey can be rerun to the same figures.
function next64(): bigint {
  seed = (seed + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = seed;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return z ^ (z >> 31n);
}
const below = (n: bigint): bigint => ((next64() << 64n) | next64()) % n;

const S = R.SCALE;
const ULP = R.ulpToG(1n);
const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const TOP = 47_276_307_437_780_177_293n; // largest x with exp(x) < 2^128 ulps

interface Worst {
  absUlps: number;
  absAt: string;
  relExcess128: number;
  relAt: string;
}
const fresh = (): Worst => ({ absUlps: 0, absAt: "", relExcess128: 0, relAt: "" });

// err in ulps (as a float for reporting only) and (|err| − 1 ulp)/exact in units of 2^-128.
function record(w: Worst, got: bigint, exactG: bigint, at: string, perY = S): void {
  const d = abs(got * ULP - exactG);
  const ulps = Number((d * 1000n) / ULP) / 1000;
  if (ulps > w.absUlps) Object.assign(w, { absUlps: ulps, absAt: at });
  if (d > ULP && exactG > 0n) {
    const rel = Number((((d - ULP) << 128n) * 1000n * S) / (exactG * perY)) / 1000;
    if (rel > w.relExcess128) Object.assign(w, { relExcess128: rel, relAt: at });
  }
}

const exp = fresh();
for (let i = 0; i < SAMPLES; i++) {
  // half over the whole domain [-42, TOP], half within 1.0 of the overflow edge
  const x = i % 2 === 0 ? below(TOP + 42n * S) - 42n * S : TOP - below(S);
  record(exp, M.exp(x), R.expExact(x), `x=${x}`);
}

const pow = fresh(); // relative excess divided by (|y| + 1)
for (let i = 0; i < SAMPLES; i++) {
  const x = below(1000n * S) + 1n;
  const y = below(60n * S) - 30n * S;
  const exact = R.fpPowExact(x, y);
  if (exact * 2n >= R.ulpToG(M.MAX_U128) || exact < ULP) continue; // overflow / underflow: not an error-bound case
  record(pow, M.fpPow(x, y), exact, `x=${x} y=${y}`, abs(y) + S);
}

console.log(JSON.stringify({ samples: SAMPLES, exp, fpPowPerAbsYPlus1: pow }, null, 2));
