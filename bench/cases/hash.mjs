// Bench cases for SHAKE128/SHAKE256 (32-byte output) over 32 B, 1 KiB and 64 KiB inputs: our WASM core
// (through the package's Node entry, so `npm run build` first) against @noble/hashes and node:crypto.
// `load()` returns [{ name, impls: { wasm, "@noble/hashes", "node:crypto" } }], ours first.
import { createHash } from "node:crypto";
import { shake128 as nobleShake128, shake256 as nobleShake256 } from "@noble/hashes/sha3.js";

const SIZES = [
  ["32 B", 32],
  ["1 KiB", 1024],
  ["64 KiB", 64 * 1024],
];
const OUT = 32;

// Fixed, non-trivial input bytes (no randomness: the same inputs on every run).
function input(n) {
  const d = new Uint8Array(n);
  for (let i = 0; i < n; i++) d[i] = (i * 167 + 13) & 0xff;
  return d;
}

export async function load() {
  const qfs = await import("../../dist/index.js");
  const fns = {
    SHAKE128: { wasm: qfs.shake128, noble: nobleShake128, node: "shake128" },
    SHAKE256: { wasm: qfs.shake256, noble: nobleShake256, node: "shake256" },
  };
  const cases = [];
  let sink = 0; // consumed below so no call can be optimised away
  for (const [alg, f] of Object.entries(fns)) {
    for (const [label, n] of SIZES) {
      const data = input(n);
      // Refuse to bench implementations that disagree.
      const want = Buffer.from(createHash(f.node, { outputLength: OUT }).update(data).digest()).toString("hex");
      for (const got of [f.wasm(data, OUT), f.noble(data, { dkLen: OUT })]) {
        if (Buffer.from(got).toString("hex") !== want) throw new Error(`${alg} ${label}: implementations disagree`);
      }
      cases.push({
        name: `${alg} ${label}`,
        impls: {
          wasm: () => {
            sink ^= f.wasm(data, OUT)[0];
          },
          "@noble/hashes": () => {
            sink ^= f.noble(data, { dkLen: OUT })[0];
          },
          "node:crypto": () => {
            sink ^= createHash(f.node, { outputLength: OUT }).update(data).digest()[0];
          },
        },
      });
    }
  }
  cases.sink = () => sink;
  return cases;
}
