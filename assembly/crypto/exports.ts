// WASM exports for hashing (FIPS 202). Data moves through one static I/O buffer: JS writes input at
// ioPtr(), calls, and reads output from the same buffer. No allocation per call, no state kept
// between calls on behalf of a caller.
//
// One-shot: sha3_256 / sha3_512 / shake128 / shake256 hash IO[0..inLen) and write the digest to
// IO[0..outLen). Incremental: the caller owns each hasher's 200-byte state and its position; for a
// step it copies the state to hashStatePtr(), calls hashAbsorb / hashFinalize / hashSqueeze with the
// position, and copies the state back. So a forgotten hasher holds no WASM memory. Every export
// returns a negative value (never traps) on an argument out of range.
import { DS_SHA3, DS_SHAKE, absorbInto, padAndPermute, squeezeFrom } from "./sponge";
import { keccakF1600 } from "./keccak-f";

export const IO_CAPACITY: i32 = 1 << 16;
const IO: usize = memory.data(IO_CAPACITY, 16);
// The scratch state of the incremental interface (the caller's state is copied in and out).
const STATE: usize = memory.data(200, 16);
// The state of one-shot calls, separate so a one-shot never disturbs a state held in STATE.
const ONE_SHOT: usize = memory.data(200, 16);

export const E_HASH_ARG: i32 = -1;

export function ioPtr(): usize {
  return IO;
}

export function ioCapacity(): i32 {
  return IO_CAPACITY;
}

export function hashStatePtr(): usize {
  return STATE;
}

function oneShot(rate: i32, ds: u8, inLen: i32, outLen: i32): i32 {
  if (<u32>inLen > <u32>IO_CAPACITY || <u32>outLen > <u32>IO_CAPACITY) return E_HASH_ARG;
  memory.fill(ONE_SHOT, 0, 200);
  const pos = absorbInto(ONE_SHOT, rate, 0, IO, inLen);
  padAndPermute(ONE_SHOT, rate, pos, ds);
  squeezeFrom(ONE_SHOT, rate, 0, IO, outLen);
  return 0;
}

// SHA3-256 of IO[0..inLen) into IO[0..32). Returns 0, or -1 when inLen is out of range.
export function sha3_256(inLen: i32): i32 {
  return oneShot(136, DS_SHA3, inLen, 32);
}

// SHA3-512 of IO[0..inLen) into IO[0..64).
export function sha3_512(inLen: i32): i32 {
  return oneShot(72, DS_SHA3, inLen, 64);
}

// SHAKE128 of IO[0..inLen), outLen bytes into IO[0..outLen).
export function shake128(inLen: i32, outLen: i32): i32 {
  return oneShot(168, DS_SHAKE, inLen, outLen);
}

// SHAKE256 of IO[0..inLen), outLen bytes into IO[0..outLen).
export function shake256(inLen: i32, outLen: i32): i32 {
  return oneShot(136, DS_SHAKE, inLen, outLen);
}

function validRate(rate: i32): bool {
  return rate >= 8 && rate <= 192 && (rate & 7) == 0;
}

// Absorbs IO[0..inLen) into the state at hashStatePtr(), whose absorb position is pos (0 <= pos < rate).
// Returns the new position, or -1 on an argument out of range.
export function hashAbsorb(rate: i32, pos: i32, inLen: i32): i32 {
  if (!validRate(rate) || <u32>pos >= <u32>rate || <u32>inLen > <u32>IO_CAPACITY) return E_HASH_ARG;
  return absorbInto(STATE, rate, pos, IO, inLen);
}

// Pads (domain bits ds) and permutes the state at hashStatePtr() whose absorb position is pos, then
// squeezes outLen bytes into IO[0..outLen). Returns the squeeze position (in [0, rate]), or -1.
export function hashFinalize(rate: i32, pos: i32, ds: i32, outLen: i32): i32 {
  if (!validRate(rate) || <u32>pos >= <u32>rate || <u32>ds - 1 > 0x7f - 1 || <u32>outLen > <u32>IO_CAPACITY) {
    return E_HASH_ARG;
  }
  padAndPermute(STATE, rate, pos, <u8>ds);
  return squeezeFrom(STATE, rate, 0, IO, outLen);
}

// Squeezes outLen more bytes into IO[0..outLen) from the finalized state at hashStatePtr() whose
// squeeze position is pos (0 <= pos <= rate). Returns the new position, or -1.
export function hashSqueeze(rate: i32, pos: i32, outLen: i32): i32 {
  if (!validRate(rate) || <u32>pos > <u32>rate || <u32>outLen > <u32>IO_CAPACITY) return E_HASH_ARG;
  return squeezeFrom(STATE, rate, pos, IO, outLen);
}

// Applies Keccak-f[1600] `count` times to the 25 lanes at IO[0..200). Returns 0, or -1 if count < 0.
// For known-answer tests of the bare permutation and for measuring it.
export function keccakPermuteIo(count: i32): i32 {
  if (count < 0) return E_HASH_ARG;
  for (let i: i32 = 0; i < count; i++) keccakF1600(IO);
  return 0;
}
