// ML-DSA (FIPS 204) signing through core.wasm: deterministic ML-DSA.Sign (Alg. 2 with rnd = 32 zero
// bytes, "hedging off": the same bytes as @noble/post-quantum with { extraEntropy: false }), plus the
// internal interface (M' given) and external mu, which take an optional rnd for the ACVP tests.
// It runs on the thread's scratch core instance; the core zeroes its copy of the secret key and its
// secret scratch before each call returns. Every bad argument throws a QfsError before anything is
// written to the core: E_MLDSA_LEVEL, E_MLDSA_SECRET_KEY, E_MLDSA_SIGN_INPUT; E_MLDSA_SIGN_FAILED is
// the core's own failure (rejection-loop cap, no memory), never expected.
import { shake256 } from "@noble/hashes/sha3.js";
import { qfsError } from "./errors/index.js";
import { MLDSA_SIZES, type MldsaLevel } from "./mldsa.js";
import { scratchCore, type CoreExports } from "./runtime.js";

/** Secret key bytes per level (FIPS 204 Table 2). */
export const MLDSA_SECRET_KEY_BYTES: Readonly<Record<MldsaLevel, number>> = Object.freeze({
  44: 2560,
  65: 4032,
  87: 4896,
});
/** Longest context string (FIPS 204: |ctx| is one byte). */
export const MLDSA_CONTEXT_BYTES_MAX = 255;
const MU_BYTES = 64;
const RND_BYTES = 32;
// tr = H(pk, 64) sits at bytes 64..128 of every secret key (skEncode, FIPS 204 Alg. 24).
const TR_OFFSET = 64;
const TR_BYTES = 64;

// The core's negative results (assembly/mldsa/sign.ts, sign_exports.ts).
const CORE_BAD_ARG = -1;
const CORE_BAD_KEY = -2;

function checkLevel(level: unknown): MldsaLevel {
  if (level !== 44 && level !== 65 && level !== 87) {
    throw qfsError("E_MLDSA_LEVEL", `ML-DSA level must be 44, 65 or 87, got ${String(level)}`);
  }
  return level;
}

function checkSecretKey(level: MldsaLevel, secretKey: unknown): Uint8Array {
  const want = MLDSA_SECRET_KEY_BYTES[level];
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== want) {
    const got = secretKey instanceof Uint8Array ? `${secretKey.length} B` : typeof secretKey;
    throw qfsError("E_MLDSA_SECRET_KEY", `an ML-DSA-${level} secret key is ${want} B, got ${got}`);
  }
  return secretKey;
}

function checkBytes(what: string, x: unknown, exactLength?: number): Uint8Array {
  if (!(x instanceof Uint8Array) || (exactLength !== undefined && x.length !== exactLength)) {
    const want = exactLength === undefined ? "bytes" : `${exactLength} B`;
    throw qfsError("E_MLDSA_SIGN_INPUT", `${what} must be ${want}`);
  }
  return x;
}

// Writes sk (and rnd) into the core, runs `sign`, copies the signature out. The core zeroes its key
// and rnd buffers on every path; this wrapper only turns its result into bytes or a QfsError.
function run(
  c: CoreExports,
  level: MldsaLevel,
  secretKey: Uint8Array,
  rnd: Uint8Array | undefined,
  sign: (hedged: number) => number,
): Uint8Array {
  const mem = new Uint8Array(c.memory.buffer);
  mem.set(secretKey, c.mldsaSignSkPtr());
  if (rnd !== undefined) mem.set(rnd, c.mldsaSignRndPtr());
  const r = sign(rnd === undefined ? 0 : 1);
  if (r === MLDSA_SIZES[level].signature) {
    const ptr = c.mldsaSignSigPtr();
    // memory.buffer may have grown (the core takes its scratch at the first signature): a new view.
    return new Uint8Array(c.memory.buffer).slice(ptr, ptr + r);
  }
  if (r === CORE_BAD_KEY)
    throw qfsError("E_MLDSA_SECRET_KEY", "the secret key's s1 or s2 has a coefficient out of range");
  if (r === CORE_BAD_ARG) throw qfsError("E_MLDSA_SIGN_INPUT", "the core rejected the lengths");
  throw qfsError("E_MLDSA_SIGN_FAILED", `core result ${r}`);
}

// Sign_internal of M' = head || parts (head: 0-2 prefix bytes). M' that fits the core's message
// buffer is written there and hashed in WASM; longer M' is hashed here into mu (streamed, no copy).
function signParts(
  level: MldsaLevel,
  secretKey: Uint8Array,
  head: Uint8Array,
  parts: readonly Uint8Array[],
  rnd: Uint8Array | undefined,
): Uint8Array {
  const c = scratchCore().exports;
  let total = head.length;
  for (const p of parts) total += p.length;
  if (total <= c.mldsaMsgCapacity()) {
    const mem = new Uint8Array(c.memory.buffer);
    let off = c.mldsaMsgPtr();
    for (const p of [head, ...parts]) {
      mem.set(p, off);
      off += p.length;
    }
    return run(c, level, secretKey, rnd, (hedged) => c.mldsaSignInternal(level, secretKey.length, total, hedged));
  }
  const h = shake256.create({ dkLen: MU_BYTES });
  h.update(secretKey.subarray(TR_OFFSET, TR_OFFSET + TR_BYTES));
  h.update(head);
  for (const p of parts) h.update(p);
  return signMuChecked(c, level, secretKey, h.digest(), rnd);
}

function signMuChecked(
  c: CoreExports,
  level: MldsaLevel,
  secretKey: Uint8Array,
  mu: Uint8Array,
  rnd: Uint8Array | undefined,
): Uint8Array {
  new Uint8Array(c.memory.buffer).set(mu, c.mldsaSignMuPtr());
  return run(c, level, secretKey, rnd, (hedged) => c.mldsaSignMu(level, secretKey.length, hedged));
}

/**
 * Deterministic ML-DSA.Sign (FIPS 204 Alg. 2, rnd = 32 zero bytes): M' = 0x00 || |ctx| || ctx || M.
 * Byte for byte what `ml_dsaXX.sign(message, secretKey, { context, extraEntropy: false })` gives.
 */
export function mldsaSign(
  level: MldsaLevel,
  secretKey: Uint8Array,
  message: Uint8Array,
  context?: Uint8Array,
): Uint8Array {
  const lv = checkLevel(level);
  const sk = checkSecretKey(lv, secretKey);
  const ctx = context === undefined ? new Uint8Array(0) : checkBytes("the context", context);
  if (ctx.length > MLDSA_CONTEXT_BYTES_MAX) {
    throw qfsError("E_MLDSA_SIGN_INPUT", `a context of ${ctx.length} B > ${MLDSA_CONTEXT_BYTES_MAX} B`);
  }
  const msg = checkBytes("the message", message);
  return signParts(lv, sk, Uint8Array.of(0, ctx.length), [ctx, msg], undefined);
}

/** ML-DSA.Sign_internal (FIPS 204 Alg. 7) on M' as given; rnd (32 bytes) defaults to zeros. */
export function mldsaSignInternal(
  level: MldsaLevel,
  secretKey: Uint8Array,
  mPrime: Uint8Array,
  rnd?: Uint8Array,
): Uint8Array {
  const lv = checkLevel(level);
  const sk = checkSecretKey(lv, secretKey);
  const m = checkBytes("M'", mPrime);
  const r = rnd === undefined ? undefined : checkBytes("rnd", rnd, RND_BYTES);
  return signParts(lv, sk, new Uint8Array(0), [m], r);
}

/** Sign_internal with an external mu = H(tr || M', 64) (64 bytes); rnd (32 bytes) defaults to zeros. */
export function mldsaSignMu(level: MldsaLevel, secretKey: Uint8Array, mu: Uint8Array, rnd?: Uint8Array): Uint8Array {
  const lv = checkLevel(level);
  const sk = checkSecretKey(lv, secretKey);
  const m = checkBytes("mu", mu, MU_BYTES);
  const r = rnd === undefined ? undefined : checkBytes("rnd", rnd, RND_BYTES);
  return signMuChecked(scratchCore().exports, lv, sk, m, r);
}
