// Independent JS bigint reference for CertifiedMath (docs/certified-math.md).
// Plain ESM JavaScript so that `node` (bench/cases/math.mjs) and `tsx` (vectors, tests) can both import it;
// types in math-reference.d.mts. Written for obviousness, not speed: exact integer arithmetic for the integer
// functions, and decimal fixed point with 100 digits (82 guard digits) for ln/log2/exp/pow, using textbook series
// (atanh series for ln, Taylor series for exp) — a different algorithm family from the WASM core (binary, table +
// Q128 series), so a shared mistake is unlikely.

export const SCALE = 10n ** 18n;
export const MAX_U128 = (1n << 128n) - 1n;
export const MIN_SD = -(1n << 127n);
export const MAX_SD = (1n << 127n) - 1n;
export const ROUNDINGS = ["floor", "ceil", "halfEven"];

export class RefError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

const fail = (code) => {
  throw new RefError(code);
};
const fitU = (r) => (r > MAX_U128 ? fail("E_MATH_OVERFLOW") : r);

// ---------- integer arithmetic (exact) ----------
export const add = (a, b) => fitU(a + b);
export const sub = (a, b) => (a < b ? fail("E_MATH_UNDERFLOW") : a - b);
export const mul = (a, b) => fitU(a * b);
export const div = (a, b) => (b === 0n ? fail("E_MATH_DIV_BY_ZERO") : a / b);
export const mod = (a, b) => (b === 0n ? fail("E_MATH_DIV_BY_ZERO") : a % b);
export const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
export const min = (a, b) => (a < b ? a : b);
export const max = (a, b) => (a > b ? a : b);

// n >= 0, d > 0: n/d rounded by mode.
export function divRound(n, d, mode) {
  const q = n / d;
  const r = n % d;
  if (r === 0n || mode === "floor") return q;
  if (mode === "ceil") return q + 1n;
  if (mode !== "halfEven") fail("E_MATH_INVALID_ROUNDING");
  const twice = 2n * r;
  return twice > d || (twice === d && (q & 1n) === 1n) ? q + 1n : q;
}

export function mulDiv(a, b, c, mode) {
  if (!ROUNDINGS.includes(mode)) fail("E_MATH_INVALID_ROUNDING");
  if (c === 0n) fail("E_MATH_DIV_BY_ZERO");
  return fitU(divRound(a * b, c, mode));
}

export const fpMul = (a, b, mode) => mulDiv(a, b, SCALE, mode);
export const fpDiv = (a, b, mode) => mulDiv(a, SCALE, b, mode);

// floor(sqrt(n)), n >= 0, by Newton's method from above.
export function isqrt(n) {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
export const sqrt = (x) => isqrt(x);
export const fpSqrt = (x) => isqrt(x * SCALE);

export function pow(a, e) {
  if (e === 0) return 1n;
  if (a < 2n) return a;
  if (e >= 128) fail("E_MATH_OVERFLOW");
  return fitU(a ** BigInt(e));
}

// φ·10^18 rounded down: φ = (1 + √5)/2, so floor((10^18 + isqrt(5·10^36)) / 2) (see docs for why this is exact).
export const PHI = (SCALE + isqrt(5n * SCALE * SCALE)) / 2n;

// ---------- high precision (decimal fixed point, scale G = 10^digits) ----------
// makeHighPrecision(d) builds the series at d decimal digits; the reference proper uses d = 100
// (82 guard digits below the 18 of the results). The benchmark uses a cheaper instance.
export function makeHighPrecision(digits) {
  const G = 10n ** BigInt(digits);
  const TO_ULP = 10n ** (BigInt(digits) - 18n); // one ulp of 10^-18 at scale G

  const atanhG = (z) => {
    // z at scale G, |z| <= 1/3: sum z^(2k+1)/(2k+1)
    const z2 = (z * z) / G;
    let p = z;
    let s = z;
    for (let k = 3n; p !== 0n; k += 2n) {
      p = (p * z2) / G;
      s += p / k;
    }
    return s;
  };
  const LN2 = 2n * atanhG(G / 3n);

  // ln(v / G) at scale G, v > 0.
  const lnG = (v) => {
    if (v <= 0n) fail("E_MATH_DOMAIN");
    let k = 0n;
    while (v >= 2n * G) {
      v /= 2n;
      k += 1n;
    }
    while (v < G) {
      v *= 2n;
      k -= 1n;
    }
    return k * LN2 + 2n * atanhG(((v - G) * G) / (v + G));
  };

  // exp(x / G) at scale G.
  const expG = (x) => {
    const n = x / LN2;
    const r = x - n * LN2;
    let t = G;
    let s = G;
    for (let k = 1n; t !== 0n; k += 1n) {
      t = (t * r) / (G * k);
      s += t;
    }
    return n >= 0n ? s << n : s >> -n;
  };

  // Signed value at scale G → nearest ulp (10^-18), ties to even.
  const roundG = (v) => (v < 0n ? -divRound(-v, TO_ULP, "halfEven") : divRound(v, TO_ULP, "halfEven"));

  return { G, TO_ULP, ln2G: () => LN2, lnG, expG, roundG };
}

const HP = makeHighPrecision(100);
export const G_DIGITS = 100n;
export const G = HP.G;
const TO_ULP = HP.TO_ULP;
export const ln2G = HP.ln2G;
export const lnG = HP.lnG;
export const expG = HP.expG;
export const roundG = HP.roundG;
export const ulpToG = (x) => x * TO_ULP;

// High-precision values (scale G) of the exact results, for error-bound checks.
export const lnExact = (x) => lnG(x * TO_ULP);
export const log2Exact = (x) => (lnG(x * TO_ULP) * G) / ln2G();
export const expExact = (x) => expG(x * TO_ULP);
export function fpPowExact(x, y) {
  if (x === 0n) return y > 0n ? 0n : y === 0n ? G : fail("E_MATH_DIV_BY_ZERO");
  return expG((lnG(x * TO_ULP) * y) / SCALE);
}

// Correctly rounded results (nearest, ties to even), with the documented errors and ranges.
export function ln(x) {
  if (x === 0n) fail("E_MATH_DOMAIN");
  return roundG(lnExact(x));
}
export function log2(x) {
  if (x === 0n) fail("E_MATH_DOMAIN");
  return roundG(log2Exact(x));
}
export function exp(x) {
  if (x > 48n * SCALE) fail("E_MATH_OVERFLOW");
  if (x < -50n * SCALE) return 0n;
  return fitU(roundG(expExact(x)));
}
export function fpPow(x, y) {
  if (x === 0n) return fpPowExact(x, y) === 0n ? 0n : SCALE;
  if (y === 0n || x === SCALE) return SCALE;
  if (y === SCALE) return x;
  const t = (lnG(x * TO_ULP) * y) / SCALE; // y·ln x at scale G
  if (t > 48n * G) fail("E_MATH_OVERFLOW");
  if (t < -50n * G) return 0n;
  return fitU(roundG(expG(t)));
}

// |got − exact| in ulps, as a rational [num, den] with den = 10^82 (exact at scale G).
export function errUlps(got, exactG) {
  const d = got * TO_ULP - exactG;
  return [d < 0n ? -d : d, TO_ULP];
}
