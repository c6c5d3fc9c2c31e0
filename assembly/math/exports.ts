// WASM exports of CertifiedMath. u128 and SD arguments are passed as two i64 (lo, hi); each call
// returns an i32 status (0 = ok, else an E_MATH_* code from errors.ts) and, on success, writes its
// 128-bit result to the static area at mathResultPtr() (lo at +0, hi at +8). No allocation per call.
// Rounding modes: 0 floor, 1 ceil, 2 half-even. While the trace is on, each call appends a record.
import { OK, SCALE } from "./errors";
import { R0, R1 } from "./result";
import { add128, cmp128, div128, max128, min128, mod128, mulU128, pow128, sub128 } from "./u128";
import { mulDiv128 } from "./muldiv";
import { fpSqrt128, sqrt128 } from "./sqrt";
import { fpDiv128, fpMul128 } from "./fixed";
import { lnUD, log2UD } from "./log";
import { expSD } from "./exp";
import { fpPow128 } from "./fppow";
import { PHI_18 } from "./consts";
import {
  recBegin,
  recEnd,
  recU128,
  recU32,
  recU8,
  traceCount,
  traceDigest,
  traceStart,
  traceStop,
  TRACING,
} from "./trace";

// Opcodes of the trace records (stable).
const OP_ADD: u8 = 0x01;
const OP_SUB: u8 = 0x02;
const OP_MUL: u8 = 0x03;
const OP_DIV: u8 = 0x04;
const OP_MOD: u8 = 0x05;
const OP_MULDIV: u8 = 0x06;
const OP_POW: u8 = 0x07;
const OP_SQRT: u8 = 0x08;
const OP_FPMUL: u8 = 0x09;
const OP_FPDIV: u8 = 0x0a;
const OP_FPSQRT: u8 = 0x0b;
const OP_LN: u8 = 0x0c;
const OP_LOG2: u8 = 0x0d;
const OP_EXP: u8 = 0x0e;
const OP_FPPOW: u8 = 0x0f;
const OP_CMP: u8 = 0x10;
const OP_MIN: u8 = 0x11;
const OP_MAX: u8 = 0x12;

const RES: usize = memory.data(16);

export function mathResultPtr(): usize {
  return RES;
}

function out(st: i32): void {
  if (st == OK) {
    store<u64>(RES, R0);
    store<u64>(RES, R1, 8);
  }
}

function fin1(op: u8, st: i32, a0: u64, a1: u64): i32 {
  out(st);
  if (TRACING) {
    recBegin(op);
    recU128(a0, a1);
    recEnd(st, R0, R1);
  }
  return st;
}

function fin2(op: u8, st: i32, a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  out(st);
  if (TRACING) {
    recBegin(op);
    recU128(a0, a1);
    recU128(b0, b1);
    recEnd(st, R0, R1);
  }
  return st;
}

function fin2r(op: u8, st: i32, a0: u64, a1: u64, b0: u64, b1: u64, mode: i32): i32 {
  out(st);
  if (TRACING) {
    recBegin(op);
    recU128(a0, a1);
    recU128(b0, b1);
    recU8(<u8>mode);
    recEnd(st, R0, R1);
  }
  return st;
}

export function mathAdd(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_ADD, add128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathSub(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_SUB, sub128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathMul(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_MUL, mulU128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathDiv(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_DIV, div128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathMod(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_MOD, mod128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathMin(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_MIN, min128(a0, a1, b0, b1), a0, a1, b0, b1);
}
export function mathMax(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_MAX, max128(a0, a1, b0, b1), a0, a1, b0, b1);
}
// Returns −1, 0 or 1 (not a status: comparison cannot fail). Traced with the result as a 16-byte SD.
export function mathCmp(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  const c = cmp128(a0, a1, b0, b1);
  if (TRACING) {
    recBegin(OP_CMP);
    recU128(a0, a1);
    recU128(b0, b1);
    recEnd(OK, <u64>(<i64>c), c < 0 ? <u64>-1 : 0);
  }
  return c;
}

export function mathMulDiv(a0: u64, a1: u64, b0: u64, b1: u64, c0: u64, c1: u64, mode: i32): i32 {
  const st = mulDiv128(a0, a1, b0, b1, c0, c1, mode);
  out(st);
  if (TRACING) {
    recBegin(OP_MULDIV);
    recU128(a0, a1);
    recU128(b0, b1);
    recU128(c0, c1);
    recU8(<u8>mode);
    recEnd(st, R0, R1);
  }
  return st;
}

export function mathPow(a0: u64, a1: u64, e: u32): i32 {
  const st = pow128(a0, a1, e);
  out(st);
  if (TRACING) {
    recBegin(OP_POW);
    recU128(a0, a1);
    recU32(e);
    recEnd(st, R0, R1);
  }
  return st;
}

export function mathSqrt(a0: u64, a1: u64): i32 {
  return fin1(OP_SQRT, sqrt128(a0, a1), a0, a1);
}
export function mathFpMul(a0: u64, a1: u64, b0: u64, b1: u64, mode: i32): i32 {
  return fin2r(OP_FPMUL, fpMul128(a0, a1, b0, b1, mode), a0, a1, b0, b1, mode);
}
export function mathFpDiv(a0: u64, a1: u64, b0: u64, b1: u64, mode: i32): i32 {
  return fin2r(OP_FPDIV, fpDiv128(a0, a1, b0, b1, mode), a0, a1, b0, b1, mode);
}
export function mathFpSqrt(a0: u64, a1: u64): i32 {
  return fin1(OP_FPSQRT, fpSqrt128(a0, a1), a0, a1);
}
export function mathLn(a0: u64, a1: u64): i32 {
  return fin1(OP_LN, lnUD(a0, a1), a0, a1);
}
export function mathLog2(a0: u64, a1: u64): i32 {
  return fin1(OP_LOG2, log2UD(a0, a1), a0, a1);
}
export function mathExp(a0: u64, a1: u64): i32 {
  return fin1(OP_EXP, expSD(a0, a1), a0, a1);
}
export function mathFpPow(a0: u64, a1: u64, b0: u64, b1: u64): i32 {
  return fin2(OP_FPPOW, fpPow128(a0, a1, b0, b1), a0, a1, b0, b1);
}

export function mathPhi(): u64 {
  return PHI_18;
}
export function mathScale(): u64 {
  return SCALE;
}

export function mathTraceStart(): void {
  traceStart();
}
export function mathTraceStop(): void {
  traceStop();
}
export function mathTraceDigest(): usize {
  return traceDigest();
}
export function mathTraceCount(): u32 {
  return traceCount();
}
export function mathTracing(): bool {
  return TRACING;
}
