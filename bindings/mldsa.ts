// ML-DSA (FIPS 204) signature verification through core.wasm. Pure ML-DSA with a context string,
// HashML-DSA (pre-hash computed here with @noble/hashes, which runs in Node and browsers), the
// internal interface (M' given) and external mu. Bad input never throws: it verifies as false.
// Only a level other than 44/65/87 throws (a QfsError, code E_MLDSA_LEVEL).
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from "@noble/hashes/sha2.js";
import {
  sha3_224 as nobleSha3_224,
  sha3_256 as nobleSha3_256,
  sha3_384 as nobleSha3_384,
  sha3_512 as nobleSha3_512,
  shake128 as nobleShake128,
  shake256 as nobleShake256,
} from "@noble/hashes/sha3.js";
import { isQfsError, qfsError } from "./errors/index.js";
import { scratchCore, type CoreExports } from "./runtime.js";

export type MldsaLevel = 44 | 65 | 87;

export type MldsaHashAlg =
  | "SHA2-224"
  | "SHA2-256"
  | "SHA2-384"
  | "SHA2-512"
  | "SHA2-512/224"
  | "SHA2-512/256"
  | "SHA3-224"
  | "SHA3-256"
  | "SHA3-384"
  | "SHA3-512"
  | "SHAKE-128"
  | "SHAKE-256";

export interface MldsaBatchItem {
  level: MldsaLevel;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  context?: Uint8Array;
}

export const MLDSA_SIZES: Readonly<Record<MldsaLevel, Readonly<{ publicKey: number; signature: number }>>> =
  Object.freeze({
    44: Object.freeze({ publicKey: 1312, signature: 2420 }),
    65: Object.freeze({ publicKey: 1952, signature: 3309 }),
    87: Object.freeze({ publicKey: 2592, signature: 4627 }),
  });

/** Items per WASM call in mldsaVerifyBatch (also bounded by the 512 KiB batch buffer). */
export const MLDSA_BATCH_MAX_ITEMS = 1024;

type MldsaExports = CoreExports;

function mx(): MldsaExports {
  return scratchCore().exports;
}

// Pointers are fixed for the life of an instance; the byte view is rebuilt only if the memory's
// buffer changes (after a grow) or another instance is loaded.
interface View {
  c: MldsaExports;
  buf: ArrayBuffer;
  mem: Uint8Array;
  pk: number;
  sig: number;
  msg: number;
  cap: number;
  mu: number;
}
let cached: View | undefined;
function view(): View {
  const c = mx();
  const buf = c.memory.buffer;
  if (cached === undefined || cached.c !== c || cached.buf !== buf) {
    cached = {
      c,
      buf,
      mem: new Uint8Array(buf),
      pk: c.mldsaPkPtr(),
      sig: c.mldsaSigPtr(),
      msg: c.mldsaMsgPtr(),
      cap: c.mldsaMsgCapacity(),
      mu: c.mldsaMuPtr(),
    };
  }
  return cached;
}

function checkLevel(level: unknown): MldsaLevel {
  if (level !== 44 && level !== 65 && level !== 87) {
    throw qfsError("E_MLDSA_LEVEL", `ML-DSA level must be 44, 65 or 87, got ${String(level)}`);
  }
  return level;
}

function isBytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array;
}

const EMPTY = new Uint8Array(0);

// Shape checks shared by every entry point: byte arrays of the level's exact sizes.
function keyAndSigOk(level: MldsaLevel, publicKey: unknown, signature: unknown): boolean {
  const s = MLDSA_SIZES[level];
  return (
    isBytes(publicKey) && isBytes(signature) && publicKey.length === s.publicKey && signature.length === s.signature
  );
}

// Verify_internal with M' = prefix bytes (0-2 of them, from `head`) || concatenation of `parts`.
// Short M' is written straight into the message buffer; longer M' is streamed through it.
function verifyParts(
  level: MldsaLevel,
  publicKey: Uint8Array,
  head: number,
  parts: readonly Uint8Array[],
  signature: Uint8Array,
): boolean {
  const v = view();
  const { c, mem, cap } = v;
  const prefix = head < 0 ? EMPTY : Uint8Array.of(head >> 8, head & 0xff);
  let total = prefix.length;
  for (const p of parts) total += p.length;
  mem.set(publicKey, v.pk);
  mem.set(signature, v.sig);
  if (total <= cap) {
    let off = v.msg;
    if (prefix.length > 0) {
      mem[off] = prefix[0]!;
      mem[off + 1] = prefix[1]!;
      off += 2;
    }
    for (const p of parts) {
      mem.set(p, off);
      off += p.length;
    }
    return c.mldsaVerifyInternal(level, publicKey.length, signature.length, total) === 1;
  }
  if (c.mldsaStreamBegin(level, publicKey.length) !== 1) return false;
  let fill = 0;
  for (const p of [prefix, ...parts]) {
    let i = 0;
    while (i < p.length) {
      const room = cap - fill;
      const n = room < p.length - i ? room : p.length - i;
      mem.set(p.subarray(i, i + n), v.msg + fill);
      fill += n;
      i += n;
      if (fill === cap) {
        if (c.mldsaStreamAbsorb(fill) !== 1) return false;
        fill = 0;
      }
    }
  }
  if (fill > 0 && c.mldsaStreamAbsorb(fill) !== 1) return false;
  return c.mldsaStreamFinish(signature.length) === 1;
}

function guard(f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (isQfsError(e, "E_MLDSA_LEVEL")) throw e;
    return false;
  }
}

/** ML-DSA.Verify (FIPS 204 Alg. 3): pure ML-DSA, M' = 0x00 || len(ctx) || ctx || M. */
export function mldsaVerify(
  level: MldsaLevel,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context?: Uint8Array,
): boolean {
  const lv = checkLevel(level);
  return guard(() => {
    const ctx = context === undefined ? EMPTY : context;
    if (!isBytes(ctx) || ctx.length > 255 || !isBytes(message) || !keyAndSigOk(lv, publicKey, signature)) return false;
    return verifyParts(lv, publicKey, ctx.length, [ctx, message], signature);
  });
}

/** ML-DSA.Verify_internal (FIPS 204 Alg. 8): M' is used as given. */
export function mldsaVerifyInternal(
  level: MldsaLevel,
  publicKey: Uint8Array,
  mPrime: Uint8Array,
  signature: Uint8Array,
): boolean {
  const lv = checkLevel(level);
  return guard(() => {
    if (!isBytes(mPrime) || !keyAndSigOk(lv, publicKey, signature)) return false;
    return verifyParts(lv, publicKey, -1, [mPrime], signature);
  });
}

/** Verify_internal with an external mu = H(tr || M', 64) (64 bytes). */
export function mldsaVerifyMu(
  level: MldsaLevel,
  publicKey: Uint8Array,
  mu: Uint8Array,
  signature: Uint8Array,
): boolean {
  const lv = checkLevel(level);
  return guard(() => {
    if (!isBytes(mu) || mu.length !== 64 || !keyAndSigOk(lv, publicKey, signature)) return false;
    const v = view();
    v.mem.set(publicKey, v.pk);
    v.mem.set(signature, v.sig);
    v.mem.set(mu, v.mu);
    return v.c.mldsaVerifyMu(lv, publicKey.length, signature.length) === 1;
  });
}

// DER OID of each pre-hash function: 06 09 60 86 48 01 65 03 04 02 xx, and PH(M).
const PREHASH: Readonly<Record<MldsaHashAlg, readonly [number, (m: Uint8Array) => Uint8Array]>> = {
  "SHA2-256": [0x01, (m) => sha256(m)],
  "SHA2-384": [0x02, (m) => sha384(m)],
  "SHA2-512": [0x03, (m) => sha512(m)],
  "SHA2-224": [0x04, (m) => sha224(m)],
  "SHA2-512/224": [0x05, (m) => sha512_224(m)],
  "SHA2-512/256": [0x06, (m) => sha512_256(m)],
  "SHA3-224": [0x07, (m) => nobleSha3_224(m)],
  "SHA3-256": [0x08, (m) => nobleSha3_256(m)],
  "SHA3-384": [0x09, (m) => nobleSha3_384(m)],
  "SHA3-512": [0x0a, (m) => nobleSha3_512(m)],
  "SHAKE-128": [0x0b, (m) => nobleShake128(m, { dkLen: 32 })],
  "SHAKE-256": [0x0c, (m) => nobleShake256(m, { dkLen: 64 })],
};

/** HashML-DSA.Verify (FIPS 204 Alg. 5): M' = 0x01 || len(ctx) || ctx || OID(PH) || PH(M). */
export function hashMldsaVerify(
  level: MldsaLevel,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  hashAlg: MldsaHashAlg,
  context?: Uint8Array,
): boolean {
  const lv = checkLevel(level);
  return guard(() => {
    const ctx = context === undefined ? EMPTY : context;
    if (!isBytes(ctx) || ctx.length > 255 || !isBytes(message) || !keyAndSigOk(lv, publicKey, signature)) return false;
    if (typeof hashAlg !== "string" || !Object.prototype.hasOwnProperty.call(PREHASH, hashAlg)) return false;
    const [oidByte, ph] = PREHASH[hashAlg];
    const oid = Uint8Array.of(0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, oidByte);
    return verifyParts(lv, publicKey, 0x100 | ctx.length, [ctx, oid, ph(message)], signature);
  });
}

/**
 * Pure ML-DSA verification of many items in as few WASM calls as possible: items are packed into
 * the core's 512 KiB batch buffer, at most MLDSA_BATCH_MAX_ITEMS (1024) per call; longer batches
 * are split. An item too large for the buffer on its own (a message over ~500 KiB) is verified by
 * the streaming path instead. Results are in input order. Throws a QfsError E_MLDSA_LEVEL for a bad level.
 */
export function mldsaVerifyBatch(items: ReadonlyArray<MldsaBatchItem>): boolean[] {
  const out: boolean[] = new Array<boolean>(items.length).fill(false);
  for (const it of items) checkLevel(it?.level);
  const c = mx();
  const cap = c.mldsaBatchCapacity();
  const batchPtr = c.mldsaBatchPtr();
  const coreMax = c.mldsaBatchMaxItems();
  const maxItems = coreMax < MLDSA_BATCH_MAX_ITEMS ? coreMax : MLDSA_BATCH_MAX_ITEMS;
  let pending: number[] = [];
  let used = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const done = c.mldsaVerifyBatch(pending.length, used);
    if (done === pending.length) {
      const res = new Uint8Array(c.memory.buffer, c.mldsaResultPtr(), pending.length);
      for (let i = 0; i < pending.length; i++) out[pending[i]!] = res[i] === 1;
    }
    pending = [];
    used = 0;
  };
  for (let idx = 0; idx < items.length; idx++) {
    const it = items[idx]!;
    const lv = it.level;
    const ctx = it.context === undefined ? EMPTY : it.context;
    if (!isBytes(ctx) || ctx.length > 255 || !isBytes(it.message) || !keyAndSigOk(lv, it.publicKey, it.signature)) {
      continue; // stays false
    }
    const mLen = 2 + ctx.length + it.message.length;
    const size = 16 + it.publicKey.length + it.signature.length + mLen;
    if (size > cap) {
      out[idx] = guard(() => verifyParts(lv, it.publicKey, ctx.length, [ctx, it.message], it.signature));
      continue;
    }
    if (used + size > cap || pending.length === maxItems) flush();
    const base = batchPtr + used;
    const mem = view().mem;
    const header = [lv, it.publicKey.length, it.signature.length, mLen];
    for (let h = 0; h < 4; h++) {
      const x = header[h]!;
      mem[base + 4 * h] = x & 0xff;
      mem[base + 4 * h + 1] = (x >>> 8) & 0xff;
      mem[base + 4 * h + 2] = (x >>> 16) & 0xff;
      mem[base + 4 * h + 3] = (x >>> 24) & 0xff;
    }
    let off = base + 16;
    mem.set(it.publicKey, off);
    off += it.publicKey.length;
    mem.set(it.signature, off);
    off += it.signature.length;
    mem[off] = 0;
    mem[off + 1] = ctx.length;
    mem.set(ctx, off + 2);
    mem.set(it.message, off + 2 + ctx.length);
    used += size;
    pending.push(idx);
  }
  flush();
  return out;
}

/** Counters and size of the core's per-public-key verification cache (docs/mldsa-internals.md). */
export interface MldsaCacheStats {
  enabled: boolean;
  hits: number;
  misses: number;
  entries: number;
  capacity: number;
  /** Bytes reserved per entry (sized for ML-DSA-87), taken once, at the first verify that fills an entry. */
  slotBytes: number;
  /** capacity × slotBytes: the cache's whole memory in one core instance. */
  reservedBytes: number;
}

/**
 * Turns the core's key cache on (the default) or off for the scratch instance. Verdicts are the same
 * either way; off, every verify recomputes Â, NTT(t1·2^d) and tr. Entries are kept while it is off.
 */
export function mldsaCacheSetEnabled(on: boolean): void {
  mx().mldsaCacheSetEnabled(on ? 1 : 0);
}

/** Empties the key cache of the scratch instance and zeroes its counters. */
export function mldsaCacheClear(): void {
  mx().mldsaCacheClear();
}

export function mldsaCacheStats(): MldsaCacheStats {
  const c = mx();
  const capacity = c.mldsaCacheCapacity();
  const slotBytes = c.mldsaCacheSlotBytes();
  return {
    enabled: c.mldsaCacheEnabled() === 1,
    hits: c.mldsaCacheHits() >>> 0,
    misses: c.mldsaCacheMisses() >>> 0,
    entries: c.mldsaCacheEntries(),
    capacity,
    slotBytes,
    reservedBytes: capacity * slotBytes,
  };
}
