// The certified trace: while enabled, every operation appends one record to a running SHA3-256
// (Keccak sponge, rate 136, domain byte 0x06) held in a static 200-byte state. A record is
//   opcode u8 · status u8 · inputs (fixed widths, little-endian) · output (16 bytes LE; zero if status != 0)
// with u128/SD inputs as 16 bytes (SD in two's complement), rounding modes as 1 byte, u32 exponents as
// 4 bytes. docs/certified-math.md lists every opcode's layout. No allocation per record. The status
// byte is the code − MATH_TRACE_STATUS_BASE (1..5; 0 = ok), so the codes fit one byte.
import { Sponge, DS_SHA3 } from "../crypto/sponge";
import { MATH_TRACE_STATUS_BASE, OK } from "./errors";

const STATE: usize = memory.data(200);
const SNAP: usize = memory.data(200);
const REC: usize = memory.data(96);
const DIGEST: usize = memory.data(32);
const RUNNING = new Sponge(STATE, 136, DS_SHA3);
const SNAPSHOT = new Sponge(SNAP, 136, DS_SHA3);

export let TRACING: bool = false;
let recPos: i32 = 0;
let count: u32 = 0;

export function traceStart(): void {
  RUNNING.reset(136, DS_SHA3);
  TRACING = true;
  count = 0;
}

export function traceStop(): void {
  TRACING = false;
}

export function traceCount(): u32 {
  return count;
}

// SHA3-256 of all records since traceStart (the running state is not disturbed). → 32 bytes at the
// returned pointer.
export function traceDigest(): usize {
  memory.copy(SNAP, STATE, 200);
  SNAPSHOT.rate = 136;
  SNAPSHOT.ds = DS_SHA3;
  SNAPSHOT.pos = RUNNING.pos;
  SNAPSHOT.finalize();
  SNAPSHOT.squeeze(DIGEST, 32);
  return DIGEST;
}

export function recBegin(op: u8): void {
  store<u8>(REC, op);
  recPos = 2; // status goes to byte 1 at recEnd
}

export function recU128(lo: u64, hi: u64): void {
  store<u64>(REC + <usize>recPos, lo);
  store<u64>(REC + <usize>recPos, hi, 8);
  recPos += 16;
}

export function recU8(v: u8): void {
  store<u8>(REC + <usize>recPos, v);
  recPos += 1;
}

export function recU32(v: u32): void {
  store<u32>(REC + <usize>recPos, v);
  recPos += 4;
}

export function recEnd(status: i32, lo: u64, hi: u64): void {
  store<u8>(REC, status == OK ? 0 : <u8>(status - MATH_TRACE_STATUS_BASE), 1);
  if (status != 0) {
    lo = 0;
    hi = 0;
  }
  recU128(lo, hi);
  RUNNING.absorb(REC, recPos);
  count++;
}
