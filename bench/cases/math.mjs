// CertifiedMath benchmark cases for the shared runner: WASM (the built package) vs plain JS bigint.
// Needs `npm run build` first (imports ../../dist/index.js); runs under plain `node`.
//   export const group; export async function load() → [{ name, impls: { wasm, "js-bigint" } }]
// Each impl call processes one input from a fixed, deterministic set (cycled), and returns its result.
import { makeHighPrecision, mulDiv as refMulDiv, isqrt } from "../../test/reference/math.mjs";

export const group = "CertifiedMath";

const SCALE = 10n ** 18n;
const MAX = (1n << 128n) - 1n;
const N = 256;

// Deterministic inputs (64-bit LCG), no Math.random.
function inputs(seed, make) {
  let s = BigInt(seed);
  const next = () => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s;
  };
  const out = [];
  for (let i = 0; i < N; i++) out.push(make(next));
  return out;
}
const u128 = (next) => (next() << 64n) | next();

// JS bigint ln/exp at 40 significant decimal digits (22 guard digits), comparable to the core's Q128 work.
const hp = makeHighPrecision(40);
const jsLn = (x) => hp.roundG(hp.lnG(x * hp.TO_ULP));
const jsExp = (x) => hp.roundG(hp.expG(x * hp.TO_ULP));

export async function load() {
  const M = await import("../../dist/index.js");
  const md = inputs(1, (next) => {
    const a = u128(next);
    const b = u128(next);
    const c = ((a * b) >> 128n) + (u128(next) & 0xffffn) + 1n; // quotient fits: a full 256/128 division
    return [a, b, c > MAX ? MAX : c];
  });
  const lnIn = inputs(2, (next) => (u128(next) >> (next() % 100n)) + 1n);
  const expIn = inputs(3, (next) => (next() % (80n * SCALE)) - 40n * SCALE);
  const sqrtIn = inputs(4, u128);
  let i = 0;
  const at = (arr) => arr[i++ & (N - 1)];
  return [
    {
      name: "mulDiv 128×128/128 (floor)",
      impls: {
        wasm: () => {
          const [a, b, c] = at(md);
          return M.mulDiv(a, b, c, "floor");
        },
        "js-bigint": () => {
          const [a, b, c] = at(md);
          return refMulDiv(a, b, c, "floor");
        },
      },
    },
    {
      name: "ln (18 decimals)",
      impls: { wasm: () => M.ln(at(lnIn)), "js-bigint": () => jsLn(at(lnIn)) },
    },
    {
      name: "exp (18 decimals)",
      impls: { wasm: () => M.exp(at(expIn)), "js-bigint": () => jsExp(at(expIn)) },
    },
    {
      name: "sqrt u128 (floor)",
      impls: { wasm: () => M.sqrt(at(sqrtIn)), "js-bigint": () => isqrt(at(sqrtIn)) },
    },
  ];
}
