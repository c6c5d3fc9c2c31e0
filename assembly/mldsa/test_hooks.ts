// ML-DSA test hooks: internals (NTT, reductions, Keccak, ExpandA, hints, unpacking, the SIMD
// switch) exported for unit tests. Only the test build exports them (assembly/test-entry.ts ->
// build/core-test.wasm); the shipped core.wasm has none of these functions or their buffers.
// The public key and signature inputs are the shipped buffers (mldsaPkPtr, mldsaSigPtr).
import { CTILDE_BYTES, L, MAX_PK_BYTES, SIG_BYTES, Z_POLY_BYTES, setLevel } from "./params";
import { hintsValid, useHintAll } from "./hint";
import { unpackT1Shifted, unpackT1ShiftedSimd, unpackZChecked, unpackZCheckedSimd } from "./packing";
import { setSimd } from "./verify";
import { caddqSimd, invNttToMontSimd, mulQinvSimd, nttSimd, pointwiseMontSimd, subMulReduceSimd } from "./simd";
import { polyCaddq, polyPointwiseAcc, polyPointwiseMont, polySubMulReduce } from "./poly";
import { rejNttPoly, rejNttPolyTr, rejNttPolyX2, trBegin, trPending } from "./sample";
import { keccakF1600 } from "../crypto/keccak-f";
import { keccakF1600x2 } from "./keccak-x2";
import { montReduce, reduce32 } from "./reduce";
import { invNttToMont, ntt } from "./ntt";
import { mldsaPkPtr, mldsaSigPtr } from "./exports";

const TEST_POLY: usize = memory.data(1024, 16);
const TEST_POLY2: usize = memory.data(1024, 16);
const TEST_POLY3: usize = memory.data(1024, 16);
const TEST_STATE: usize = memory.data(400, 16);
const TEST_POLYQ: usize = memory.data(1024, 16);

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
// Decodes the signature in mldsaSigPtr() without verifying it: 0 decodes, 1 bad level or length,
// 2 malformed hint field, 3 some |z| >= gamma1 - beta.
export function mldsaTestDecodeSig(level: i32, sigLen: i32): i32 {
  if (!setLevel(level) || sigLen != SIG_BYTES) return 1;
  const zp = mldsaSigPtr() + <usize>CTILDE_BYTES;
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
// ExpandA entries rho = mldsaPkPtr()[0..32): POLY = Â[rowA][colA] (scalar); with x2, POLY2 = Â[rowA][colA]
// and POLY3 = Â[rowB][colB] from the 2-way path.
export function mldsaTestExpandA(colA: i32, rowA: i32, colB: i32, rowB: i32, x2: i32): void {
  if (x2) rejNttPolyX2(TEST_POLY2, TEST_POLY3, mldsaPkPtr(), colA, rowA, colB, rowB);
  else rejNttPoly(TEST_POLY, mldsaPkPtr(), colA, rowA);
}
// tr = H(mldsaPkPtr()[0..pkLen), 64) into POLY[0..64) on the high lane of the 2-way Keccak while the
// low lane samples Â[row][col] from rho = mldsaPkPtr()[0..32) into POLY2, again and again until tr is
// out (the cold verify's rejNttPolyTr). Returns the number of entries sampled; POLY2 holds the last.
export function mldsaTestTrBeside(pkLen: i32, col: i32, row: i32): i32 {
  if (pkLen < 0 || pkLen > MAX_PK_BYTES) return -1;
  trBegin(TEST_POLY, mldsaPkPtr(), pkLen);
  let n: i32 = 0;
  while (trPending()) {
    rejNttPolyTr(TEST_POLY2, mldsaPkPtr(), col, row);
    n++;
  }
  return n;
}
// POLY2 = UseHint(h, POLY) coefficient-wise (h = 0: HighBits), for gamma2 = (q-1)/32 or (q-1)/88.
export function mldsaTestUseHint(h: i32, gamma2Is32: i32, simd: i32): void {
  useHintAll(TEST_POLY2, TEST_POLY, h != 0, gamma2Is32 != 0, simd != 0);
}
// Unpacks from mldsaSigPtr() into POLY: what 0 = t1 (one polynomial, 320 bytes), 1 = z (one polynomial
// of the level's width). Returns the z range check (1 in range) or 1 for t1.
export function mldsaTestUnpack(level: i32, what: i32, simd: i32): i32 {
  if (!setLevel(level)) return -1;
  if (what == 0) {
    if (simd) unpackT1ShiftedSimd(TEST_POLY, mldsaSigPtr());
    else unpackT1Shifted(TEST_POLY, mldsaSigPtr());
    return 1;
  }
  return (simd ? unpackZCheckedSimd(TEST_POLY, mldsaSigPtr()) : unpackZChecked(TEST_POLY, mldsaSigPtr())) ? 1 : 0;
}
