// WASM exports for ML-DSA verification (FIPS 204). Data moves through static buffers: the binding
// writes the public key, signature and message (M' or a chunk of it) at the pointers below, then
// calls one verify function. Every function returns 1 (valid) or 0 (invalid or malformed); none
// traps on any input. See docs/mldsa-internals.md for the layout.
import { CTILDE_BYTES, L, MAX_PK_BYTES, MAX_SIG_BYTES, PK_BYTES, SIG_BYTES, Z_POLY_BYTES, setLevel } from "./params";
import { hintsValid, useHintAll } from "./hint";
import { unpackT1Shifted, unpackT1ShiftedSimd, unpackZChecked, unpackZCheckedSimd } from "./packing";
import { computeTr, muAbsorb, muBegin, muFinish, setSimd, verifyWithMu } from "./verify";
import { caddqSimd, invNttToMontSimd, mulQinvSimd, nttSimd, pointwiseMontSimd, subMulReduceSimd } from "./simd";
import { polyCaddq, polyPointwiseAcc, polyPointwiseMont, polySubMulReduce } from "./poly";
import { rejNttPoly, rejNttPolyX2 } from "./sample";
import { keccakF1600 } from "../crypto/keccak-f";
import { keccakF1600x2 } from "./keccak-x2";
import { montReduce, reduce32 } from "./reduce";
import { invNttToMont, ntt } from "./ntt";

export const MLDSA_MSG_CAPACITY: i32 = 1 << 16;
export const MLDSA_BATCH_CAPACITY: i32 = 1 << 19;
export const MLDSA_BATCH_MAX_ITEMS: i32 = 1024;
const ITEM_HEADER: i32 = 16;

// Each buffer has 16 bytes of slack: decoders use 4-byte loads that may read past the data.
const PK_BUF: usize = memory.data(MAX_PK_BYTES + 16, 16);
const SIG_BUF: usize = memory.data(MAX_SIG_BYTES + 16, 16);
// The two large buffers come from the heap once, at instantiation (they do not fit the initial
// memory next to the other modules' static data); nothing is allocated afterwards.
const MSG_BUF: usize = heap.alloc(<usize>(MLDSA_MSG_CAPACITY + 16));
const MU_BUF: usize = memory.data(64, 16);
const MU_TMP: usize = memory.data(64, 16);
const BATCH_BUF: usize = heap.alloc(<usize>(MLDSA_BATCH_CAPACITY + 16));
const RESULT_BUF: usize = memory.data(MLDSA_BATCH_MAX_ITEMS, 16);
const TEST_POLY: usize = memory.data(1024, 16);
const TEST_POLY2: usize = memory.data(1024, 16);
const TEST_POLY3: usize = memory.data(1024, 16);
const TEST_STATE: usize = memory.data(400, 16);
const TEST_POLYQ: usize = memory.data(1024, 16);

export function mldsaPkPtr(): usize {
  return PK_BUF;
}
export function mldsaSigPtr(): usize {
  return SIG_BUF;
}
export function mldsaMsgPtr(): usize {
  return MSG_BUF;
}
export function mldsaMsgCapacity(): i32 {
  return MLDSA_MSG_CAPACITY;
}
export function mldsaMuPtr(): usize {
  return MU_BUF;
}
export function mldsaBatchPtr(): usize {
  return BATCH_BUF;
}
export function mldsaBatchCapacity(): i32 {
  return MLDSA_BATCH_CAPACITY;
}
export function mldsaBatchMaxItems(): i32 {
  return MLDSA_BATCH_MAX_ITEMS;
}
export function mldsaResultPtr(): usize {
  return RESULT_BUF;
}

function verifyAt(level: i32, pk: usize, pkLen: i32, sig: usize, sigLen: i32, msg: usize, msgLen: i32): i32 {
  if (!setLevel(level) || pkLen != PK_BYTES || sigLen != SIG_BYTES || msgLen < 0) return 0;
  computeTr(pk, pkLen);
  muBegin();
  muAbsorb(msg, msgLen);
  muFinish(MU_TMP);
  return verifyWithMu(pk, sig, MU_TMP) ? 1 : 0;
}

// Verify_internal(pk, M', sig) with pk, sig and M' = MSG_BUF[0..msgLen) in their buffers.
export function mldsaVerifyInternal(level: i32, pkLen: i32, sigLen: i32, msgLen: i32): i32 {
  if (msgLen < 0 || msgLen > MLDSA_MSG_CAPACITY) return 0;
  return verifyAt(level, PK_BUF, pkLen, SIG_BUF, sigLen, MSG_BUF, msgLen);
}

// Verify with an external mu (64 bytes in MU_BUF).
export function mldsaVerifyMu(level: i32, pkLen: i32, sigLen: i32): i32 {
  if (!setLevel(level) || pkLen != PK_BYTES || sigLen != SIG_BYTES) return 0;
  return verifyWithMu(PK_BUF, SIG_BUF, MU_BUF) ? 1 : 0;
}

// Streaming M' of any length: begin (pk in PK_BUF), absorb chunks from MSG_BUF, finish (sig in SIG_BUF).
let streamLevel: i32 = 0;

export function mldsaStreamBegin(level: i32, pkLen: i32): i32 {
  streamLevel = 0;
  if (!setLevel(level) || pkLen != PK_BYTES) return 0;
  computeTr(PK_BUF, pkLen);
  muBegin();
  streamLevel = level;
  return 1;
}

export function mldsaStreamAbsorb(len: i32): i32 {
  if (streamLevel == 0 || len < 0 || len > MLDSA_MSG_CAPACITY) {
    streamLevel = 0;
    return 0;
  }
  muAbsorb(MSG_BUF, len);
  return 1;
}

export function mldsaStreamFinish(sigLen: i32): i32 {
  const level = streamLevel;
  streamLevel = 0;
  if (level == 0 || !setLevel(level) || sigLen != SIG_BYTES) return 0;
  muFinish(MU_TMP);
  return verifyWithMu(PK_BUF, SIG_BUF, MU_TMP) ? 1 : 0;
}

// Batch of `count` items packed from BATCH_BUF[0..used): each item is a 16-byte header of four
// little-endian u32 (level, pkLen, sigLen, mLen) followed by pk, sig and M'. Writes one byte per
// item (1 valid, 0 not) to RESULT_BUF. Returns count, or -1 if the packing runs out of bounds.
export function mldsaVerifyBatch(count: i32, used: i32): i32 {
  if (count < 0 || count > MLDSA_BATCH_MAX_ITEMS || used < 0 || used > MLDSA_BATCH_CAPACITY) return -1;
  let off: u64 = 0;
  const end: u64 = <u64>used;
  for (let n: i32 = 0; n < count; n++) {
    if (off + <u64>ITEM_HEADER > end) return -1;
    const h = BATCH_BUF + <usize>off;
    const level = load<u32>(h);
    const pkLen = load<u32>(h, 4);
    const sigLen = load<u32>(h, 8);
    const mLen = load<u32>(h, 12);
    const pk = off + <u64>ITEM_HEADER;
    const sig = pk + <u64>pkLen;
    const msg = sig + <u64>sigLen;
    const next = msg + <u64>mLen;
    if (next > end) return -1;
    store<u8>(
      RESULT_BUF + <usize>n,
      <u8>(
        verifyAt(
          <i32>level,
          BATCH_BUF + <usize>pk,
          <i32>pkLen,
          BATCH_BUF + <usize>sig,
          <i32>sigLen,
          BATCH_BUF + <usize>msg,
          <i32>mLen,
        )
      ),
    );
    off = next;
  }
  return count;
}

// ---- Test hooks (internals, for unit tests only) ----
export function mldsaTestPolyPtr(): usize {
  return TEST_POLY;
}
export function mldsaTestNtt(): void {
  ntt(TEST_POLY);
}
export function mldsaTestInvNtt(): void {
  invNttToMont(TEST_POLY);
}
export function mldsaTestMontReduce(a: i64): i32 {
  return montReduce(a);
}
export function mldsaTestReduce32(a: i32): i32 {
  return reduce32(a);
}
// Decodes the signature in SIG_BUF without verifying it: 0 decodes, 1 bad level or length,
// 2 malformed hint field, 3 some |z| >= gamma1 - beta.
export function mldsaTestDecodeSig(level: i32, sigLen: i32): i32 {
  if (!setLevel(level) || sigLen != SIG_BYTES) return 1;
  const zp = SIG_BUF + <usize>CTILDE_BYTES;
  if (!hintsValid(zp + <usize>(L * Z_POLY_BYTES))) return 2;
  for (let j: i32 = 0; j < L; j++) {
    if (!unpackZChecked(TEST_POLY, zp + <usize>(j * Z_POLY_BYTES))) return 3;
  }
  return 0;
}

// 1 selects the SIMD path (default), 0 the scalar reference path, for all later verifies.
export function mldsaSetSimd(on: i32): void {
  setSimd(on != 0);
}
export function mldsaTestPoly2Ptr(): usize {
  return TEST_POLY2;
}
export function mldsaTestPoly3Ptr(): usize {
  return TEST_POLY3;
}
export function mldsaTestStatePtr(): usize {
  return TEST_STATE;
}
export function mldsaTestNttSimd(): void {
  nttSimd(TEST_POLY);
}
export function mldsaTestInvNttSimd(): void {
  invNttToMontSimd(TEST_POLY);
}
// op: 0 pointwise, 1 pointwise-accumulate, 2 subtract-multiply-reduce, 3 caddq; on (POLY, POLY2, POLY3).
export function mldsaTestPolyOp(op: i32, simd: i32): void {
  if (op == 0) {
    mulQinvSimd(TEST_POLYQ, TEST_POLY3);
    if (simd) pointwiseMontSimd(TEST_POLY, TEST_POLY2, TEST_POLY3, TEST_POLYQ, false);
    else polyPointwiseMont(TEST_POLY, TEST_POLY2, TEST_POLY3);
  } else if (op == 1) {
    mulQinvSimd(TEST_POLYQ, TEST_POLY3);
    if (simd) pointwiseMontSimd(TEST_POLY, TEST_POLY2, TEST_POLY3, TEST_POLYQ, true);
    else polyPointwiseAcc(TEST_POLY, TEST_POLY2, TEST_POLY3);
  } else if (op == 2) {
    mulQinvSimd(TEST_POLYQ, TEST_POLY3);
    if (simd) subMulReduceSimd(TEST_POLY, TEST_POLY2, TEST_POLY3, TEST_POLYQ);
    else polySubMulReduce(TEST_POLY, TEST_POLY2, TEST_POLY3);
  } else {
    if (simd) caddqSimd(TEST_POLY);
    else polyCaddq(TEST_POLY);
  }
}
// Keccak-f[1600] on the 200-byte state at TEST_STATE (scalar) or both 200-byte halves of the
// interleaved 400-byte state (x2).
export function mldsaTestKeccak(x2: i32): void {
  if (x2) keccakF1600x2(TEST_STATE);
  else keccakF1600(TEST_STATE);
}
// ExpandA entries rho = PK_BUF[0..32): POLY = Â[rowA][colA] (scalar); with x2, POLY2 = Â[rowA][colA]
// and POLY3 = Â[rowB][colB] from the 2-way path.
export function mldsaTestExpandA(colA: i32, rowA: i32, colB: i32, rowB: i32, x2: i32): void {
  if (x2) rejNttPolyX2(TEST_POLY2, TEST_POLY3, PK_BUF, colA, rowA, colB, rowB);
  else rejNttPoly(TEST_POLY, PK_BUF, colA, rowA);
}
// POLY2 = UseHint(h, POLY) coefficient-wise (h = 0: HighBits), for gamma2 = (q-1)/32 or (q-1)/88.
export function mldsaTestUseHint(h: i32, gamma2Is32: i32, simd: i32): void {
  useHintAll(TEST_POLY2, TEST_POLY, h != 0, gamma2Is32 != 0, simd != 0);
}
// Unpacks from SIG_BUF into POLY: what 0 = t1 (one polynomial, 320 bytes), 1 = z (one polynomial
// of the level's width). Returns the z range check (1 in range) or 1 for t1.
export function mldsaTestUnpack(level: i32, what: i32, simd: i32): i32 {
  if (!setLevel(level)) return -1;
  if (what == 0) {
    if (simd) unpackT1ShiftedSimd(TEST_POLY, SIG_BUF);
    else unpackT1Shifted(TEST_POLY, SIG_BUF);
    return 1;
  }
  return (simd ? unpackZCheckedSimd(TEST_POLY, SIG_BUF) : unpackZChecked(TEST_POLY, SIG_BUF)) ? 1 : 0;
}
