// Hint decoding (FIPS 204 Alg. 21, HintBitUnpack) and UseHint / Decompose (Alg. 40, 36).
// The hint field y is omega + k bytes: y[0..omega) are coefficient indices, row after row, and
// y[omega + i] is the cumulative count of indices after row i.
import { K, OMEGA, Q } from "./params";

// True when y is a valid hint encoding: cumulative counts never decrease and never exceed omega,
// indices strictly increase within each row, and every byte after the last index is zero.
export function hintsValid(y: usize): bool {
  const omega = OMEGA;
  let index: i32 = 0;
  for (let i: i32 = 0; i < K; i++) {
    const end = <i32>load<u8>(y + <usize>(omega + i));
    if (end < index || end > omega) return false;
    const first = index;
    while (index < end) {
      if (index > first && load<u8>(y + <usize>(index - 1)) >= load<u8>(y + <usize>index)) return false;
      index++;
    }
  }
  while (index < omega) {
    if (load<u8>(y + <usize>index) != 0) return false;
    index++;
  }
  return true;
}

// HighBits with gamma2 = (q-1)/32 (m = 16): r in [0, q). Decompose gives r = r1 * 2*gamma2 + r0 with
// r0 in (-gamma2, gamma2], r1 = floor((r + gamma2 - 1) / (2*gamma2)); r1 = m maps to 0 (r0 - 1).
function highBitsG32(r: i32): i32 {
  const r1 = <i32>(<u32>(r + 261887) / 523776);
  return r1 & 15; // r1 == 16 -> 0
}

function highBitsG88(r: i32): i32 {
  const r1 = <i32>(<u32>(r + 95231) / 190464);
  return select<i32>(0, r1, r1 == 44);
}

// UseHint with h = 1 for one coefficient r in [0, q).
function useHintOne(r: i32, twoGamma2: i32, m: i32): i32 {
  const halfG = twoGamma2 >> 1;
  let r1 = <i32>(<u32>(r + halfG - 1) / <u32>twoGamma2);
  let r0 = r - r1 * twoGamma2;
  if (r1 == m) {
    r1 = 0;
    r0 -= 1;
  }
  if (r0 > 0) return r1 + 1 == m ? 0 : r1 + 1;
  return r1 == 0 ? m - 1 : r1 - 1;
}

// HighBits of a whole row, 4 lanes at a time, without division: floor(a / 523776) =
// floor(floor(a / 2^9) * 32801 / 2^25) and floor(a / 190464) = floor(floor(a / 2^11) * 11276 / 2^20),
// exact for every a = r + gamma2 - 1 with r in [0, q) (the multiplier errors stay below one step;
// checked exhaustively against the scalar division in the unit tests).
function highBitsRowSimd(w1: usize, w: usize, gamma2Is32: bool): void {
  if (gamma2Is32) {
    const bias = i32x4.splat(261887);
    const mul = i32x4.splat(32801);
    const m15 = i32x4.splat(15);
    for (let j: usize = 0; j < 1024; j += 16) {
      const x = i32x4.shr_u(i32x4.add(v128.load(w + j), bias), 9);
      v128.store(w1 + j, v128.and(i32x4.shr_u(i32x4.mul(x, mul), 25), m15));
    }
  } else {
    const bias = i32x4.splat(95231);
    const mul = i32x4.splat(11276);
    const m44 = i32x4.splat(44);
    for (let j: usize = 0; j < 1024; j += 16) {
      const x = i32x4.shr_u(i32x4.add(v128.load(w + j), bias), 11);
      const r1 = i32x4.shr_u(i32x4.mul(x, mul), 20);
      v128.store(w1 + j, v128.andnot(r1, i32x4.eq(r1, m44)));
    }
  }
}

// w1[j] = UseHint(h_j, w[j]) for one row. w has coefficients in [0, q). y is the hint field and
// [from, to) the row's index range (already validated by hintsValid).
export function useHintRow(w1: usize, w: usize, y: usize, from: i32, to: i32, gamma2Is32: bool, simd: bool): void {
  if (simd) {
    highBitsRowSimd(w1, w, gamma2Is32);
  } else if (gamma2Is32) {
    for (let j: usize = 0; j < 1024; j += 4) store<i32>(w1 + j, highBitsG32(load<i32>(w + j)));
  } else {
    for (let j: usize = 0; j < 1024; j += 4) store<i32>(w1 + j, highBitsG88(load<i32>(w + j)));
  }
  const twoGamma2: i32 = gamma2Is32 ? (Q - 1) / 16 : (Q - 1) / 44;
  const m: i32 = gamma2Is32 ? 16 : 44;
  for (let t = from; t < to; t++) {
    const idx = (<usize>load<u8>(y + <usize>t)) << 2;
    store<i32>(w1 + idx, useHintOne(load<i32>(w + idx), twoGamma2, m));
  }
}

// Test hook body: w1 = UseHint(h, w) for every coefficient, h the same for all (0 or 1).
export function useHintAll(w1: usize, w: usize, h: bool, gamma2Is32: bool, simd: bool): void {
  if (!h) {
    if (simd) highBitsRowSimd(w1, w, gamma2Is32);
    else useHintRow(w1, w, 0, 0, 0, gamma2Is32, false);
    return;
  }
  const twoGamma2: i32 = gamma2Is32 ? (Q - 1) / 16 : (Q - 1) / 44;
  const m: i32 = gamma2Is32 ? 16 : 44;
  for (let j: usize = 0; j < 1024; j += 4) store<i32>(w1 + j, useHintOne(load<i32>(w + j), twoGamma2, m));
}
