// A/B of core.wasm builds on cold ML-DSA verification (key cache off): every build is instantiated
// in this one process and the builds are timed in rotating order, round after round, so the load of
// this shared machine lands on all of them alike. Used to decide Keccak shapes
// (docs/mldsa-internals.md, "The cold path"); `npm run bench:mldsa` is the full benchmark.
//
//   node bench/mldsa-ab.mjs OLD.wasm NEW.wasm [...]      (default: build/core.wasm alone)
//   MLDSA_AB_ROUNDS=N                                     rounds per level (default 200)
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";

const ROUNDS = Number(process.env.MLDSA_AB_ROUNDS ?? "200") || 200;
const CALLS_PER_ROUND = 10; // verifies per timed slice (one slice per build per round)
const MSG_BYTES = 200;
const files = process.argv.slice(2);
if (files.length === 0) files.push(new URL("../build/core.wasm", import.meta.url).pathname);

const imports = {
  env: {
    abort() {
      throw new Error("core.wasm abort");
    },
  },
};
const builds = files.map((f) => {
  const e = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(f)), imports).exports;
  e.mldsaCacheSetEnabled(0);
  return { name: f, e };
});

const SCHEMES = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 };
const seed = (b) => new Uint8Array(32).fill(b);
for (const level of [44, 65, 87]) {
  const s = SCHEMES[level];
  const { publicKey, secretKey } = s.keygen(seed(level));
  const msg = new Uint8Array(MSG_BYTES).map((_, i) => i);
  const sig = s.sign(msg, secretKey, { extraEntropy: false });
  // M' of pure ML-DSA with an empty context: 0x00 || 0x00 || M.
  const mp = new Uint8Array(2 + MSG_BYTES);
  mp.set(msg, 2);
  const times = builds.map(() => []);
  const run = (b) => {
    const e = b.e;
    const mem = new Uint8Array(e.memory.buffer);
    mem.set(publicKey, e.mldsaPkPtr());
    mem.set(sig, e.mldsaSigPtr());
    mem.set(mp, e.mldsaMsgPtr());
    const t = performance.now();
    let ok = 0;
    for (let i = 0; i < CALLS_PER_ROUND; i++)
      ok += e.mldsaVerifyInternal(level, publicKey.length, sig.length, mp.length);
    const us = ((performance.now() - t) * 1000) / CALLS_PER_ROUND;
    if (ok !== CALLS_PER_ROUND) throw new Error(`${b.name}: a valid ML-DSA-${level} signature did not verify`);
    return us;
  };
  for (let w = 0; w < 20; w++) for (const b of builds) run(b);
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < builds.length; j++) {
      const k = (j + r) % builds.length;
      times[k].push(run(builds[k]));
    }
  }
  for (let k = 0; k < builds.length; k++) {
    const a = times[k].sort((x, y) => x - y);
    const q = (p) => a[Math.min(a.length - 1, Math.floor(p * a.length))].toFixed(1);
    console.log(`ML-DSA-${level}  ${builds[k].name}: median ${q(0.5)} µs (p10 ${q(0.1)}, p90 ${q(0.9)})`);
  }
}
