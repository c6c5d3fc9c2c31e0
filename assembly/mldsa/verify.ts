// ML-DSA.Verify_internal (FIPS 204 Alg. 8) on raw pointers, with mu = H(tr || M', 64) computed by
// the caller through muBegin/muAbsorb/muFinish. Everything lives in static buffers; nothing is
// allocated per call. The caller has selected the parameter set (setLevel) and checked lengths.
import { Sponge, DS_SHAKE } from "../crypto/sponge";
import {
  CTILDE_BYTES,
  GAMMA2,
  K,
  L,
  MAX_K,
  MAX_L,
  OMEGA,
  PK_BYTES,
  Q,
  SEED_BYTES,
  T1_POLY_BYTES,
  W1_POLY_BYTES,
  Z_POLY_BYTES,
} from "./params";
import { ntt, invNttToMont } from "./ntt";
import { polyCaddq, polyPointwiseAcc, polyPointwiseMont, polySubMulReduce } from "./poly";
import { packW1, unpackT1Shifted, unpackT1ShiftedSimd, unpackZChecked, unpackZCheckedSimd } from "./packing";
import { hintsValid, useHintRow } from "./hint";
import { rejNttPoly, rejNttPolyTr, rejNttPolyX2, sampleInBall, trBegin, trPending } from "./sample";
import { caddqSimd, invNttToMontSimd, mulQinvSimd, nttSimd, pointwiseMontSimd, subMulReduceSimd } from "./simd";
import {
  cacheClaim,
  cacheCommit,
  cacheEnabled as cacheEnabledNow,
  cacheFind,
  cacheTouch,
  slotA,
  slotT1,
  slotTr,
} from "./cache";

// SIMD (default) or the scalar reference path; both give identical results (tests compare them).
let useSimd: bool = true;
export function setSimd(on: bool): void {
  useSimd = on;
}

const ZHAT: usize = memory.data(MAX_L * 1024, 16); // NTT(z_j), j < l
const ZHATQ: usize = memory.data(MAX_L * 1024, 16); // NTT(z_j) * QINV (SIMD path)
const CHAT: usize = memory.data(1024, 16); // NTT(c)
const CHATQ: usize = memory.data(1024, 16); // NTT(c) * QINV (SIMD path)
const ACC: usize = memory.data(1024, 16); // one row of w' (scalar path)
const W: usize = memory.data(MAX_K * 1024, 16); // all rows of w' (SIMD path)
const TMP: usize = memory.data(1024, 16); // A[i][j], then NTT(t1_i * 2^d)
const TMP2: usize = memory.data(1024, 16);
const W1P: usize = memory.data(1024, 16); // UseHint output for one row
const W1BUF: usize = memory.data(1024 + 16, 16); // w1Encode(w1)
const TR: usize = memory.data(64, 16);
const CT2: usize = memory.data(64, 16);
const HASH = new Sponge(memory.data(200, 16), 136, DS_SHAKE); // tr and c~'
const MUH = new Sponge(memory.data(200, 16), 136, DS_SHAKE); // mu (may stay open across calls)

function hashTr(out: usize, pk: usize, pkLen: i32): void {
  HASH.reset(136, DS_SHAKE);
  HASH.absorb(pk, pkLen);
  HASH.finalize();
  HASH.squeeze(out, 64);
}

// tr = H(pk, 64), taken from the key cache when pk is there. The level is selected (setLevel).
export function computeTr(pk: usize, pkLen: i32): void {
  const slot = cacheFind(PK_BYTES, pk, pkLen);
  if (slot >= 0) memory.copy(TR, slotTr(slot), 64);
  else hashTr(TR, pk, pkLen);
}

// Starts mu = H(tr || M', 64) for the tr from the last computeTr.
export function muBegin(): void {
  MUH.reset(136, DS_SHAKE);
  MUH.absorb(TR, 64);
}

export function muAbsorb(data: usize, len: i32): void {
  MUH.absorb(data, len);
}

export function muFinish(mu: usize): void {
  MUH.finalize();
  MUH.squeeze(mu, 64);
}

// Verifies the signature at sig against pk for the given mu. Lengths must already match the level.
// trReady: TR holds H(pk) (computeTr was called for this pk in the same export call); when the key
// is new to the cache and trReady is false, tr is hashed for the cache entry.
export function verifyWithMu(pk: usize, sig: usize, mu: usize, trReady: bool = true): bool {
  return verifyKey(pk, sig, mu, trReady, 0, -1);
}

// Verify_internal(pk, M', sig) with M' = msg[0..msgLen): like computeTr, muBegin/muAbsorb/muFinish
// into mu, then verifyWithMu, with the same result, but tr and mu are computed inside: on the SIMD
// path with a key not in the cache, tr rides on the 2-way Keccak of ExpandA (rejNttPolyTr).
export function verifyWithMsg(pk: usize, sig: usize, mu: usize, msg: usize, msgLen: i32): bool {
  return verifyKey(pk, sig, mu, true, msg, msgLen);
}

// Â entry e (row-major) into a, beside the pending tr blocks, accumulated into its row of W.
function entryBesideTr(pk: usize, e: i32, l: i32, a: usize): void {
  const i = e / l;
  const j = e - i * l;
  rejNttPolyTr(a, pk, j, i);
  const z = (<usize>j) << 10;
  pointwiseMontSimd(W + ((<usize>i) << 10), a, ZHAT + z, ZHATQ + z, j != 0);
}

// msgLen >= 0: mu = H(tr || msg) is computed here (TR is set here too); msgLen < 0: mu is given.
function verifyKey(pk: usize, sig: usize, mu: usize, trReady: bool, msg: usize, msgLen: i32): bool {
  const k = K;
  const l = L;
  const ctLen = CTILDE_BYTES;
  const zBytes = Z_POLY_BYTES;
  const hints = sig + <usize>(ctLen + l * zBytes);
  if (!hintsValid(hints)) return false;
  const simd = useSimd;
  for (let j: i32 = 0; j < l; j++) {
    const zj = ZHAT + ((<usize>j) << 10);
    if (simd) {
      if (!unpackZCheckedSimd(zj, sig + <usize>(ctLen + j * zBytes))) return false;
      nttSimd(zj);
      mulQinvSimd(ZHATQ + ((<usize>j) << 10), zj);
    } else {
      if (!unpackZChecked(zj, sig + <usize>(ctLen + j * zBytes))) return false;
      ntt(zj);
    }
  }
  sampleInBall(CHAT, sig, ctLen);
  if (simd) {
    nttSimd(CHAT);
    mulQinvSimd(CHATQ, CHAT);
  } else {
    ntt(CHAT);
  }

  // Key cache: on a hit Â and NTT(t1·2^d) are read from the slot; on a miss they are computed into
  // a claimed slot exactly as they would be into scratch, and the slot is published at the end.
  const pkLen = PK_BYTES;
  let slot = cacheFind(pkLen, pk, pkLen);
  const hit = slot >= 0;
  if (hit) cacheTouch(slot);
  else if (cacheEnabledNow()) slot = cacheClaim();
  const cached = slot >= 0;
  const aBase = cached ? slotA(slot) : 0;
  const t1Base = cached ? slotT1(slot) : 0;
  const muHere = msgLen >= 0;
  let trPaired = false;
  if (muHere) {
    if (hit) memory.copy(TR, slotTr(slot), 64);
    else if (simd) {
      trBegin(TR, pk, pkLen);
      trPaired = true;
    } else hashTr(TR, pk, pkLen);
  }

  const sixBits = GAMMA2 == (Q - 1) / 88;
  const w1Bytes = W1_POLY_BYTES;
  const omega = OMEGA;
  let hintFrom: i32 = 0;
  if (simd) {
    // Â entries two at a time, accumulated into their rows. When tr is still to be hashed, entries go
    // one at a time beside its pk blocks first (every entry takes >= 5 permutations, 4 blocks hold
    // only 224 candidates, so pk's <= 20 blocks are done within 4 entries), then one more alone if
    // needed to leave an even count (k*l is even at every level).
    const total = k * l;
    let e: i32 = 0;
    if (trPaired) {
      while (trPending() && e < total) {
        entryBesideTr(pk, e, l, cached ? aBase + ((<usize>e) << 10) : TMP);
        e++;
      }
      if ((e & 1) != 0) {
        entryBesideTr(pk, e, l, cached ? aBase + ((<usize>e) << 10) : TMP);
        e++;
      }
    }
    for (; e < total; e += 2) {
      const iA = e / l;
      const jA = e - iA * l;
      const iB = (e + 1) / l;
      const jB = e + 1 - iB * l;
      const a0 = cached ? aBase + ((<usize>e) << 10) : TMP;
      const a1 = cached ? a0 + 1024 : TMP2;
      if (!hit) rejNttPolyX2(a0, a1, pk, jA, iA, jB, iB);
      const zA = (<usize>jA) << 10;
      const zB = (<usize>jB) << 10;
      pointwiseMontSimd(W + ((<usize>iA) << 10), a0, ZHAT + zA, ZHATQ + zA, jA != 0);
      pointwiseMontSimd(W + ((<usize>iB) << 10), a1, ZHAT + zB, ZHATQ + zB, jB != 0);
    }
    for (let i: i32 = 0; i < k; i++) {
      const wi = W + ((<usize>i) << 10);
      const t1 = cached ? t1Base + ((<usize>i) << 10) : TMP;
      if (!hit) {
        unpackT1ShiftedSimd(t1, pk + <usize>(SEED_BYTES + i * T1_POLY_BYTES));
        nttSimd(t1);
      }
      subMulReduceSimd(wi, t1, CHAT, CHATQ);
      invNttToMontSimd(wi);
      caddqSimd(wi);
      const hintTo = <i32>load<u8>(hints + <usize>(omega + i));
      useHintRow(W1P, wi, hints, hintFrom, hintTo, !sixBits, true);
      hintFrom = hintTo;
      packW1(W1BUF + <usize>(i * w1Bytes), W1P, sixBits);
    }
  } else {
    for (let i: i32 = 0; i < k; i++) {
      for (let j: i32 = 0; j < l; j++) {
        const a = cached ? aBase + ((<usize>(i * l + j)) << 10) : TMP;
        if (!hit) rejNttPoly(a, pk, j, i);
        if (j == 0) polyPointwiseMont(ACC, a, ZHAT);
        else polyPointwiseAcc(ACC, a, ZHAT + ((<usize>j) << 10));
      }
      const t1 = cached ? t1Base + ((<usize>i) << 10) : TMP;
      if (!hit) {
        unpackT1Shifted(t1, pk + <usize>(SEED_BYTES + i * T1_POLY_BYTES));
        ntt(t1);
      }
      polySubMulReduce(ACC, t1, CHAT);
      invNttToMont(ACC);
      polyCaddq(ACC);
      const hintTo = <i32>load<u8>(hints + <usize>(omega + i));
      useHintRow(W1P, ACC, hints, hintFrom, hintTo, !sixBits, false);
      hintFrom = hintTo;
      packW1(W1BUF + <usize>(i * w1Bytes), W1P, sixBits);
    }
  }

  if (muHere) {
    MUH.reset(136, DS_SHAKE);
    MUH.absorb(TR, 64);
    MUH.absorb(msg, msgLen);
    MUH.finalize();
    MUH.squeeze(mu, 64);
  }

  if (cached && !hit) {
    if (trReady) memory.copy(slotTr(slot), TR, 64);
    else hashTr(slotTr(slot), pk, pkLen);
    cacheCommit(slot, pkLen, pk, pkLen);
  }

  HASH.reset(136, DS_SHAKE);
  HASH.absorb(mu, 64);
  HASH.absorb(W1BUF, k * w1Bytes);
  HASH.finalize();
  HASH.squeeze(CT2, ctLen);
  let diff: i32 = 0;
  for (let b: i32 = 0; b < ctLen; b++) diff |= load<u8>(CT2 + <usize>b) ^ load<u8>(sig + <usize>b);
  return diff == 0;
}
