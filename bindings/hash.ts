// SHA3-256, SHA3-512, SHAKE128 and SHAKE256 (FIPS 202) over the WASM core's Keccak-f[1600].
//
// One-shot functions copy the input into the core's static I/O buffer, make one WASM call and copy the
// digest out. Inputs or outputs longer than the buffer (64 KiB) stream through it in chunks.
//
// Incremental hashers keep their own 200-byte Keccak state and position here, in JS. For each step the
// state is copied into the core's scratch state, the core absorbs or squeezes, and the state is copied
// back. So the core holds no per-hasher state: a hasher that is dropped unfinished is just garbage.
// See docs/hashing.md.
import { qfsError, type QfsErrorName } from "./errors/index.js";
import { scratchCore, type CoreExports } from "./runtime.js";

/** The hash rows of the error catalogue (bindings/errors/catalogue.ts): every misuse of the hash API throws a
 * QfsError with one of them. */
export type HashErrorCode = Extract<QfsErrorName, `E_HASH_${string}`>;

/** Largest output of one shake128()/shake256() call or one xof() call, in bytes (256 MiB). */
export const HASH_MAX_OUTPUT = 2 ** 28;

type HashExports = CoreExports;

const DS_SHA3 = 0x06;
const DS_SHAKE = 0x1f;
const STATE_BYTES = 200;

// Views of the scratch core's I/O buffer and Keccak state, rebuilt when the instance or its memory changes.
let core: HashExports | undefined;
let io = new Uint8Array(0);
let scratch = new Uint8Array(0);

function wasm(): HashExports {
  const c = scratchCore().exports;
  if (c !== core || io.buffer !== c.memory.buffer) {
    core = c;
    io = new Uint8Array(c.memory.buffer, c.ioPtr(), c.ioCapacity());
    scratch = new Uint8Array(c.memory.buffer, c.hashStatePtr(), STATE_BYTES);
  }
  return c;
}

function isBytes(data: unknown): data is Uint8Array {
  return (
    data instanceof Uint8Array ||
    (ArrayBuffer.isView(data) && (data as { constructor?: { name?: string } }).constructor?.name === "Uint8Array")
  );
}

function checkBytes(data: unknown): asserts data is Uint8Array {
  if (!isBytes(data)) throw qfsError("E_HASH_INPUT", "data must be a Uint8Array");
}

function checkOutLen(n: unknown): asserts n is number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0 || n > HASH_MAX_OUTPUT) {
    throw qfsError("E_HASH_LENGTH", `output length must be an integer in [0, ${HASH_MAX_OUTPUT}], got ${String(n)}`);
  }
}

function internal(what: string): never {
  throw qfsError("E_HASH_INTERNAL", `core.wasm rejected ${what}`);
}

// Absorbs data into the scratch state from position pos; returns the new position.
function absorbChunks(c: HashExports, rate: number, pos: number, data: Uint8Array): number {
  const cap = io.length;
  for (let off = 0; off < data.length; off += cap) {
    const n = Math.min(cap, data.length - off);
    io.set(off === 0 && n === data.length ? data : data.subarray(off, off + n));
    pos = c.hashAbsorb(rate, pos, n);
    if (pos < 0) internal("hashAbsorb");
  }
  return pos;
}

// Squeezes out.length bytes from the scratch state. With ds >= 0 the state is still absorbing at pos and is
// padded first. Returns the new squeeze position.
function squeezeChunks(c: HashExports, rate: number, pos: number, ds: number, out: Uint8Array): number {
  const cap = io.length;
  let off = 0;
  if (ds >= 0) {
    const n = Math.min(cap, out.length);
    pos = c.hashFinalize(rate, pos, ds, n);
    if (pos < 0) internal("hashFinalize");
    out.set(n === cap ? io : io.subarray(0, n));
    off = n;
  }
  while (off < out.length) {
    const n = Math.min(cap, out.length - off);
    pos = c.hashSqueeze(rate, pos, n);
    if (pos < 0) internal("hashSqueeze");
    out.set(n === cap ? io : io.subarray(0, n), off);
    off += n;
  }
  return pos;
}

// The slow path of the one-shots: input or output longer than the I/O buffer.
function streamed(c: HashExports, rate: number, ds: number, data: Uint8Array, outLen: number): Uint8Array {
  if (data.buffer === io.buffer) data = data.slice(); // a view of core memory: chunks would overwrite it
  scratch.fill(0);
  const pos = absorbChunks(c, rate, 0, data);
  const out = new Uint8Array(outLen);
  squeezeChunks(c, rate, pos, ds, out);
  scratch.fill(0);
  return out;
}

/** SHA3-256 (FIPS 202) of data: 32 bytes. */
export function sha3_256(data: Uint8Array): Uint8Array {
  checkBytes(data);
  const c = wasm();
  if (data.length > io.length) return streamed(c, 136, DS_SHA3, data, 32);
  io.set(data);
  if (c.sha3_256(data.length) !== 0) internal("sha3_256");
  return io.slice(0, 32);
}

/** SHA3-512 (FIPS 202) of data: 64 bytes. */
export function sha3_512(data: Uint8Array): Uint8Array {
  checkBytes(data);
  const c = wasm();
  if (data.length > io.length) return streamed(c, 72, DS_SHA3, data, 64);
  io.set(data);
  if (c.sha3_512(data.length) !== 0) internal("sha3_512");
  return io.slice(0, 64);
}

/** SHAKE128 (FIPS 202) of data: outLen bytes, 0 <= outLen <= HASH_MAX_OUTPUT. */
export function shake128(data: Uint8Array, outLen: number): Uint8Array {
  checkBytes(data);
  checkOutLen(outLen);
  const c = wasm();
  if (data.length > io.length || outLen > io.length) return streamed(c, 168, DS_SHAKE, data, outLen);
  io.set(data);
  if (c.shake128(data.length, outLen) !== 0) internal("shake128");
  return io.slice(0, outLen);
}

/** SHAKE256 (FIPS 202) of data: outLen bytes, 0 <= outLen <= HASH_MAX_OUTPUT. */
export function shake256(data: Uint8Array, outLen: number): Uint8Array {
  checkBytes(data);
  checkOutLen(outLen);
  const c = wasm();
  if (data.length > io.length || outLen > io.length) return streamed(c, 136, DS_SHAKE, data, outLen);
  io.set(data);
  if (c.shake256(data.length, outLen) !== 0) internal("shake256");
  return io.slice(0, outLen);
}

/**
 * Applies Keccak-f[1600] in place to a 200-byte state (25 little-endian 64-bit lanes, lane x + 5y at byte
 * 8(x + 5y)), `count` times (default 1).
 */
export function keccakF1600(state: Uint8Array, count = 1): void {
  checkBytes(state);
  if (state.length !== STATE_BYTES) throw qfsError("E_HASH_LENGTH", `state must be 200 bytes, got ${state.length}`);
  if (!Number.isSafeInteger(count) || count < 0 || count > 0x7fffffff) {
    throw qfsError("E_HASH_LENGTH", `count must be an integer in [0, 2^31), got ${String(count)}`);
  }
  const c = wasm();
  io.set(state);
  if (c.keccakPermuteIo(count) !== 0) internal("keccakPermuteIo");
  state.set(io.subarray(0, STATE_BYTES));
}

// Hasher states are 200-byte views into shared 16,000-byte slabs (80 states each). A fresh 200-byte
// Uint8Array has an off-heap backing store and costs about as much as a whole Keccak permutation (~300-500 ns
// measured on Node 20); a view into a slab costs ~20 ns. A slab is garbage once all its hashers are, so a
// long-lived hasher keeps at most one 16 KB slab alive.
const SLAB_STATES = 80;
let slab: ArrayBuffer = new ArrayBuffer(0);
let slabOff = 0;

function newState(): Uint8Array {
  if (slabOff + STATE_BYTES > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_STATES * STATE_BYTES);
    slabOff = 0;
  }
  const st = new Uint8Array(slab, slabOff, STATE_BYTES);
  slabOff += STATE_BYTES;
  return st;
}

// Updates shorter than this that do not complete a block are XORed into the state in JS: cheaper than
// copying the state into the core and back.
const JS_ABSORB_MAX = 64;

abstract class KeccakHasher {
  protected state = newState();
  // Absorbing: the next input byte's offset in the block. Squeezing: bytes of the block already output.
  protected pos = 0;
  protected squeezing = false;

  protected constructor(
    protected readonly rate: number,
    protected readonly ds: number,
    protected readonly alg: string,
  ) {}

  /** Absorbs more input. Throws E_HASH_FINALIZED once output has been taken. Returns this. */
  update(data: Uint8Array): this {
    checkBytes(data);
    if (this.squeezing) throw qfsError("E_HASH_FINALIZED", `${this.alg}: update() after the output was taken`);
    const len = data.length;
    if (len === 0) return this;
    const pos = this.pos;
    if (len <= JS_ABSORB_MAX && pos + len < this.rate) {
      const st = this.state;
      for (let i = 0; i < len; i++) st[pos + i]! ^= data[i]!;
      this.pos = pos + len;
      return this;
    }
    const c = wasm();
    if (data.buffer === io.buffer) data = data.slice(); // a view of core memory may overlap the scratch state
    scratch.set(this.state);
    this.pos = absorbChunks(c, this.rate, pos, data);
    this.state.set(scratch);
    return this;
  }

  // The next n bytes of output (the first call pads and permutes). One copy out when n fits the I/O buffer.
  protected squeeze(n: number, keepState: boolean): Uint8Array {
    const c = wasm();
    scratch.set(this.state);
    let out: Uint8Array;
    if (n <= io.length) {
      const pos = this.squeezing
        ? c.hashSqueeze(this.rate, this.pos, n)
        : c.hashFinalize(this.rate, this.pos, this.ds, n);
      if (pos < 0) internal("hashSqueeze");
      this.pos = pos;
      out = io.slice(0, n);
    } else {
      out = new Uint8Array(n);
      this.pos = squeezeChunks(c, this.rate, this.pos, this.squeezing ? -1 : this.ds, out);
    }
    this.squeezing = true;
    if (keepState) this.state.set(scratch);
    return out;
  }

  protected copyTo(other: KeccakHasher): void {
    other.state.set(this.state);
    other.pos = this.pos;
    other.squeezing = this.squeezing;
  }
}

/** Incremental SHA3-256 or SHA3-512: update(...) any number of times, then digest() once. */
export class Sha3Hasher extends KeccakHasher {
  private done = false;

  constructor(readonly outputLength: 32 | 64) {
    super(outputLength === 32 ? 136 : 72, DS_SHA3, outputLength === 32 ? "SHA3-256" : "SHA3-512");
    if (outputLength !== 32 && outputLength !== 64) {
      throw qfsError("E_HASH_LENGTH", `SHA3 output length must be 32 or 64, got ${String(outputLength)}`);
    }
  }

  /** The digest of everything absorbed. Callable once: a second call throws E_HASH_FINALIZED. */
  digest(): Uint8Array {
    if (this.done) throw qfsError("E_HASH_FINALIZED", `${this.alg}: digest() called twice`);
    const out = this.squeeze(this.outputLength, false);
    this.done = true;
    this.state.fill(0);
    return out;
  }

  /** An independent copy (e.g. to hash several messages with a common prefix). Not after digest(). */
  clone(): Sha3Hasher {
    if (this.done) throw qfsError("E_HASH_FINALIZED", `${this.alg}: clone() after digest()`);
    const h = new Sha3Hasher(this.outputLength);
    this.copyTo(h);
    return h;
  }
}

/**
 * Incremental SHAKE128 or SHAKE256: update(...) any number of times, then xof(n) any number of times; the
 * outputs concatenate to one XOF stream (xof(a) then xof(b) equals the first a + b bytes of shakeX(data, a + b)).
 */
export class ShakeHasher extends KeccakHasher {
  constructor(readonly securityBits: 128 | 256) {
    super(securityBits === 128 ? 168 : 136, DS_SHAKE, securityBits === 128 ? "SHAKE128" : "SHAKE256");
    if (securityBits !== 128 && securityBits !== 256) {
      throw qfsError("E_HASH_LENGTH", `SHAKE security must be 128 or 256, got ${String(securityBits)}`);
    }
  }

  /** The next n bytes of output, 0 <= n <= HASH_MAX_OUTPUT. After the first call, update() throws. */
  xof(n: number): Uint8Array {
    checkOutLen(n);
    return this.squeeze(n, true);
  }

  /** An independent copy, in the same phase (absorbing or squeezing) at the same position. */
  clone(): ShakeHasher {
    const h = new ShakeHasher(this.securityBits);
    this.copyTo(h);
    return h;
  }
}

/** A new incremental SHA3-256 hasher. */
export function createSha3_256(): Sha3Hasher {
  return new Sha3Hasher(32);
}

/** A new incremental SHA3-512 hasher. */
export function createSha3_512(): Sha3Hasher {
  return new Sha3Hasher(64);
}

/** A new incremental SHAKE128 XOF. */
export function createShake128(): ShakeHasher {
  return new ShakeHasher(128);
}

/** A new incremental SHAKE256 XOF. */
export function createShake256(): ShakeHasher {
  return new ShakeHasher(256);
}
