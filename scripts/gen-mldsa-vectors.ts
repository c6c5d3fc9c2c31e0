// Generates the ML-DSA golden vectors in vectors/mldsa/ml-dsa-{44,65,87}.json with
// @noble/post-quantum, deterministically: key seeds, messages, contexts and mutation choices all
// come from SHA3/SHAKE of a fixed label and a counter, and signing is the deterministic variant
// (rnd = 32 zero bytes). Running it again gives the same bytes.
//
//   npm run vectors:mldsa             write the files
//   npm run vectors:mldsa -- --check  regenerate in memory, exit 1 if a committed file differs
import { qfsError } from "../bindings/errors/index.js";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha3_256, shake256 } from "@noble/hashes/sha3.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { sha512 } from "@noble/hashes/sha2.js";
import {
  type Case,
  type HashAlg,
  type Level,
  LEVELS,
  MUTATIONS,
  NOBLE,
  PARAMS,
  Rng,
  hashMPrime,
  nobleSign,
  nobleSignInternal,
  nobleSignMu,
  nobleVerify,
  nobleVerifyInternal,
  nobleVerifyMu,
  flipBit,
  mutate,
  toHex,
} from "../test/reference/mldsa.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "vectors", "mldsa");
const pkgVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

const enc = new TextEncoder();
const u32le = (i: number): Uint8Array => Uint8Array.of(i, i >>> 8, i >>> 16, i >>> 24);
const label = (level: Level, what: string): Uint8Array => enc.encode(`QFS-V13/mldsa-golden/ML-DSA-${level}/${what}/`);

/** 32-byte key seed number i: SHA3-256(label ‖ u32le(i)). */
const keySeed = (level: Level, i: number): Uint8Array =>
  sha3_256(new Uint8Array([...label(level, "key"), ...u32le(i)]));
/** n pseudo-random bytes number i for a purpose: SHAKE256(label ‖ u32le(i), n). */
const stream = (level: Level, what: string, i: number, n: number): Uint8Array =>
  n === 0 ? new Uint8Array(0) : shake256(new Uint8Array([...label(level, what), ...u32le(i)]), { dkLen: n });

export interface GoldenCase {
  id: number;
  /** pure: ML-DSA.Verify(pk, M, σ, ctx); prehash: HashML-DSA.Verify; internal: Verify_internal(pk, M', σ); mu: given μ */
  interface: "pure" | "prehash" | "internal" | "mu";
  /** "valid" or the mutation class applied to a valid case */
  kind: string;
  /** the level the verifier is asked to use (differs from the file's level for "wrong-level") */
  level: Level;
  expected: boolean;
  pk: string;
  /** M (pure, prehash), M' (internal) or μ (mu) */
  msg: string;
  /** context string (pure and prehash only) */
  ctx?: string;
  hashAlg?: HashAlg;
  sig: string;
}

export interface GoldenFile {
  comment: string;
  generator: string;
  reference: string;
  hashes: string;
  parameterSet: string;
  level: Level;
  seedDerivation: string;
  sizes: { publicKey: number; signature: number };
  counts: { total: number; valid: number; invalid: number };
  cases: GoldenCase[];
}

function generate(level: Level): GoldenFile {
  const p = PARAMS[level];
  const keys = [0, 1].map((i) => NOBLE[level].keygen(keySeed(level, i)));
  const key = (i: number) => keys[i] as { publicKey: Uint8Array; secretKey: Uint8Array };
  const rngSeed = sha3_256(label(level, "mutation-rng"));
  const rng = new Rng(((rngSeed[0] as number) | ((rngSeed[1] as number) << 8) | ((rngSeed[2] as number) << 16)) >>> 0);
  const cases: GoldenCase[] = [];
  const add = (c: Omit<GoldenCase, "id">): void => {
    cases.push({ id: cases.length + 1, ...c });
  };

  // Valid pure cases: message lengths 0 … 4096, contexts empty, QFS domains, 255 bytes.
  const ctxs: Uint8Array[] = [
    new Uint8Array(0),
    enc.encode("QFS-V13/tx"),
    enc.encode("QFS-V13/checkpoint"),
    stream(level, "ctx", 0, 255),
    enc.encode("QFS-V13/key-rotation"),
    stream(level, "ctx", 1, 1),
  ];
  const msgLens = [0, 1, 200, 1000, 4096, 33];
  const valid: Case[] = [];
  msgLens.forEach((len, i) => {
    const k = key(i < 3 ? 0 : 1);
    const msg = stream(level, "msg", i, len);
    const ctx = ctxs[i] as Uint8Array;
    const sig = nobleSign(level, k.secretKey, msg, ctx);
    const c: Case = { level, pk: k.publicKey, msg, sig, ctx };
    if (!nobleVerify(level, c.pk, c.msg, c.sig, c.ctx))
      throw qfsError("E_INTERNAL", "noble rejected its own signature");
    valid.push(c);
    add({
      interface: "pure",
      kind: "valid",
      level,
      expected: true,
      pk: toHex(c.pk),
      msg: toHex(msg),
      ctx: toHex(ctx),
      sig: toHex(sig),
    });
  });

  // One invalid case per mutation class, each from the next valid case that allows it.
  let base = 0;
  for (const m of MUTATIONS) {
    let mutated: Case | null = null;
    for (let t = 0; t < valid.length && mutated === null; t++) {
      mutated = mutate(valid[(base + t) % valid.length] as Case, m, rng);
    }
    base++;
    if (mutated === null) throw qfsError("E_INTERNAL", `no valid case accepts mutation ${m} at level ${level}`);
    const expected = nobleVerify(mutated.level, mutated.pk, mutated.msg, mutated.sig, mutated.ctx);
    if (expected) throw qfsError("E_INTERNAL", `mutation ${m} left a valid signature at level ${level}`);
    add({
      interface: "pure",
      kind: m,
      level: mutated.level,
      expected,
      pk: toHex(mutated.pk),
      msg: toHex(mutated.msg),
      ctx: toHex(mutated.ctx),
      sig: toHex(mutated.sig),
    });
  }

  // HashML-DSA: two valid, one with the wrong hash named, one with a flipped signature bit.
  const k0 = key(0);
  const phMsg = stream(level, "ph-msg", 0, 300);
  const phCtx = enc.encode("QFS-V13/checkpoint");
  for (const alg of ["SHA2-512", "SHAKE-256"] as const) {
    const sig = nobleSignInternal(level, k0.secretKey, hashMPrime(alg, phMsg, phCtx));
    if (!nobleVerifyInternal(level, k0.publicKey, hashMPrime(alg, phMsg, phCtx), sig))
      throw qfsError("E_INTERNAL", "prehash self-check");
    add({
      interface: "prehash",
      kind: "valid",
      level,
      expected: true,
      pk: toHex(k0.publicKey),
      msg: toHex(phMsg),
      ctx: toHex(phCtx),
      hashAlg: alg,
      sig: toHex(sig),
    });
    if (alg === "SHA2-512") {
      // noble's own HashML-DSA must agree with M' built here.
      const nobleOwn = { 44: ml_dsa44, 65: ml_dsa65, 87: ml_dsa87 }[level].prehash(sha512);
      if (!nobleOwn.verify(sig, phMsg, k0.publicKey, { context: phCtx }))
        throw qfsError("E_INTERNAL", "prehash M' mismatch with noble");
      add({
        interface: "prehash",
        kind: "wrong-hash-alg",
        level,
        expected: false,
        pk: toHex(k0.publicKey),
        msg: toHex(phMsg),
        ctx: toHex(phCtx),
        hashAlg: "SHA3-512",
        sig: toHex(sig),
      });
      add({
        interface: "prehash",
        kind: "sig-bitflip-z",
        level,
        expected: false,
        pk: toHex(k0.publicKey),
        msg: toHex(phMsg),
        ctx: toHex(phCtx),
        hashAlg: alg,
        sig: toHex(flipBit(sig, p.zOff * 8 + 77)),
      });
    }
  }

  // Verify_internal on M' (no prefix, no context): one valid, one message bit flipped.
  const mPrime = stream(level, "internal-msg", 0, 129);
  const sigInt = nobleSignInternal(level, k0.secretKey, mPrime);
  if (!nobleVerifyInternal(level, k0.publicKey, mPrime, sigInt)) throw qfsError("E_INTERNAL", "internal self-check");
  add({
    interface: "internal",
    kind: "valid",
    level,
    expected: true,
    pk: toHex(k0.publicKey),
    msg: toHex(mPrime),
    sig: toHex(sigInt),
  });
  add({
    interface: "internal",
    kind: "msg-bitflip",
    level,
    expected: false,
    pk: toHex(k0.publicKey),
    msg: toHex(flipBit(mPrime, 5)),
    sig: toHex(sigInt),
  });

  // External μ: one valid, one μ bit flipped, one μ of 63 bytes.
  const mu = stream(level, "mu", 0, 64);
  const sigMu = nobleSignMu(level, k0.secretKey, mu);
  if (!nobleVerifyMu(level, k0.publicKey, mu, sigMu)) throw qfsError("E_INTERNAL", "mu self-check");
  add({
    interface: "mu",
    kind: "valid",
    level,
    expected: true,
    pk: toHex(k0.publicKey),
    msg: toHex(mu),
    sig: toHex(sigMu),
  });
  add({
    interface: "mu",
    kind: "mu-bitflip",
    level,
    expected: false,
    pk: toHex(k0.publicKey),
    msg: toHex(flipBit(mu, 300)),
    sig: toHex(sigMu),
  });
  add({
    interface: "mu",
    kind: "mu-truncate",
    level,
    expected: false,
    pk: toHex(k0.publicKey),
    msg: toHex(mu.slice(0, 63)),
    sig: toHex(sigMu),
  });

  const nValid = cases.filter((c) => c.expected).length;
  return {
    comment:
      "Golden ML-DSA (FIPS 204) verification vectors for QFS V13. Byte strings are lowercase hex. Do not edit by hand: regenerate.",
    generator: "scripts/gen-mldsa-vectors.ts (npm run vectors:mldsa)",
    reference: `@noble/post-quantum ${pkgVersion("@noble/post-quantum")}`,
    hashes: `@noble/hashes ${pkgVersion("@noble/hashes")}`,
    parameterSet: `ML-DSA-${level}`,
    level,
    seedDerivation:
      `key seed i = SHA3-256("QFS-V13/mldsa-golden/ML-DSA-${level}/key/" || u32le(i)); ` +
      `message/context bytes i = SHAKE256("QFS-V13/mldsa-golden/ML-DSA-${level}/<msg|ctx|ph-msg|internal-msg|mu>/" || u32le(i)); ` +
      'mutation positions from sfc32 seeded by SHA3-256(".../mutation-rng/"); signing deterministic (rnd = 0^32)',
    sizes: { publicKey: p.pkBytes, signature: p.sigBytes },
    counts: { total: cases.length, valid: nValid, invalid: cases.length - nValid },
    cases,
  };
}

function main(): void {
  const check = process.argv.includes("--check");
  mkdirSync(outDir, { recursive: true });
  let bad = 0;
  for (const level of LEVELS) {
    const file = join(outDir, `ml-dsa-${level}.json`);
    const g = generate(level);
    const text = JSON.stringify(g, null, 1) + "\n";
    if (check) {
      let old = "";
      try {
        old = readFileSync(file, "utf8");
      } catch {
        /* missing */
      }
      const same = old === text;
      if (!same) bad++;
      console.log(`${same ? "same" : "DIFFERS"}  ${file}`);
    } else {
      writeFileSync(file, text);
      console.log(`wrote ${file}: ${g.counts.total} cases (${g.counts.valid} valid, ${g.counts.invalid} invalid)`);
    }
  }
  if (bad > 0) process.exit(1);
}

main();
