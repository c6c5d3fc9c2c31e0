// WASM exports for hashing. Data moves through one static I/O buffer: JS writes input at
// ioPtr(), calls, and reads output from the same buffer. No allocation per call.
import { Sponge, DS_SHA3, DS_SHAKE } from "./sponge";

export const IO_CAPACITY: i32 = 1 << 16;
const IO: usize = memory.data(IO_CAPACITY);
const ONE_SHOT = new Sponge(memory.data(200), 136, DS_SHA3);

export function ioPtr(): usize {
  return IO;
}

export function ioCapacity(): i32 {
  return IO_CAPACITY;
}

// SHAKE256 one-shot: input IO[0..inLen), output written to IO[0..outLen). Returns 0 on success,
// -1 when a length is out of range.
export function shake256(inLen: i32, outLen: i32): i32 {
  if (inLen < 0 || inLen > IO_CAPACITY || outLen < 0 || outLen > IO_CAPACITY) return -1;
  ONE_SHOT.reset(136, DS_SHAKE);
  ONE_SHOT.absorb(IO, inLen);
  ONE_SHOT.finalize();
  ONE_SHOT.squeeze(IO, outLen);
  return 0;
}

export function sha3_256(inLen: i32): i32 {
  if (inLen < 0 || inLen > IO_CAPACITY) return -1;
  ONE_SHOT.reset(136, DS_SHA3);
  ONE_SHOT.absorb(IO, inLen);
  ONE_SHOT.finalize();
  ONE_SHOT.squeeze(IO, 32);
  return 0;
}
