// ML-DSA.Sign_internal (FIPS 204 Alg. 7) on raw pointers, from the verifier's building blocks
// (ExpandA on the 2-way SHAKE128, the SIMD NTTs and Montgomery products, SampleInBall, w1Encode)
// plus what only signing needs: skDecode (Alg. 25), ExpandMask (Alg. 34), Decompose / MakeHint
// (Alg. 36, 39), the z and hint packing of sigEncode (Alg. 26) and the rejection loop.
// The caller selects the level (setLevel + setSignLevel) and checks the lengths; the signature is
// written at `sig`. Secret-dependent scratch is zeroed before every return (wipeSecrets).
import { Sponge, DS_SHAKE } from "../crypto/sponge";
import {
  BETA,
  CTILDE_BYTES,
  GAMMA1,
  GAMMA2,
  K,
  L,
  MAX_K,
  MAX_L,
  OMEGA,
  Q,
  W1_POLY_BYTES,
  Z_POLY_BYTES,
} from "./params";
import { packW1 } from "./packing";
import { useHintRow } from "./hint";
import { rejNttPolyX2, sampleInBall } from "./sample";
import { caddqSimd, invNttToMontSimd, mulQinvSimd, nttSimd, pointwiseMontSimd } from "./simd";
import { caddq, reduce32 } from "./reduce";
import { regionAlloc } from "../region";
import {
  MASK_BUF_BYTES,
  expandMaskPair,
  expandMaskPoly,
  highBits,
  lowBitsAbs,
  packZ,
  unpackEta,
  unpackT0,
} from "./sign_codec";

// Results of signMu (the exports turn them into codes the binding names).
export const SIGN_OK: i32 = 0;
export const SIGN_BAD_KEY: i32 = -2; // an s1 / s2 coefficient outside [-eta, eta]: not an skEncode output
export const SIGN_LOOP_CAP: i32 = -3; // the rejection loop ran out of iterations (never expected)
export const SIGN_NO_MEMORY: i32 = -4; // the host refused the scratch region

// Bound on the rejection loop, the figure FIPS 204 Appendix C gives for Sign_internal. An iteration is
// accepted with probability ~1/4.25 (ML-DSA-44), ~1/5.1 (65), ~1/3.85 (87) (Table 1, expected
// repetitions), so 814 rejections in a row happen with probability about (1 - 1/5.1)^814 ~ 2^-256 at
// worst: a key and message that reach the cap are an error, not a reason to loop on. kappa < 2^16.
export const SIGN_MAX_ITERATIONS: i32 = 814;

// Level-dependent sizes that verification does not need (FIPS 204 Table 1 and 2).
export let ETA: i32 = 0;
export let SK_BYTES: i32 = 0;
export let ETA_POLY_BYTES: i32 = 0; // 96 (3-bit coefficients, eta 2) or 128 (4-bit, eta 4)
export const T0_POLY_BYTES: i32 = 416; // 256 coefficients x 13 bits
export const MAX_SK_BYTES: i32 = 4896;

// Call after setLevel(level) succeeded.
export function setSignLevel(): void {
  ETA = L == 5 ? 4 : 2; // ML-DSA-65 (l = 5) has eta 4, ML-DSA-44 and -87 eta 2
  ETA_POLY_BYTES = ETA == 4 ? 128 : 96;
  SK_BYTES = 128 + (L + K) * ETA_POLY_BYTES + K * T0_POLY_BYTES;
}

// Scratch, taken once through regionAlloc at the first signature (too large for the initial memory
// next to the other modules' static data; see region.ts for why never heap.alloc).
const POLY: usize = 1024;
const A_OFF: usize = 0; // Â, entry (i, j) at ((i * l + j) << 10) (public: derived from rho)
const S1_OFF: usize = A_OFF + <usize>(MAX_K * MAX_L) * POLY; // NTT(s1_j)
const S2_OFF: usize = S1_OFF + <usize>MAX_L * POLY; // NTT(s2_i)
const T0_OFF: usize = S2_OFF + <usize>MAX_K * POLY; // NTT(t0_i)
const Y_OFF: usize = T0_OFF + <usize>MAX_K * POLY; // y_j, then z_j
const YH_OFF: usize = Y_OFF + <usize>MAX_L * POLY; // NTT(y_j)
const YHQ_OFF: usize = YH_OFF + <usize>MAX_L * POLY; // NTT(y_j) * QINV
const W_OFF: usize = YHQ_OFF + <usize>MAX_L * POLY; // w_i in [0, q), then w_i - cs2_i
const CH_OFF: usize = W_OFF + <usize>MAX_K * POLY; // NTT(c)
const CHQ_OFF: usize = CH_OFF + POLY; // NTT(c) * QINV
const TMP_OFF: usize = CHQ_OFF + POLY; // one product row (cs1, cs2, ct0); also HighBits(w_i)
const W1_OFF: usize = TMP_OFF + POLY; // w1Encode(w1), k rows
const MASK_OFF: usize = W1_OFF + POLY + 16; // squeezed ExpandMask output
const MASK_B_OFF: usize = MASK_OFF + MASK_BUF_BYTES; // the second stream of expandMaskPair
const SCRATCH_BYTES: usize = MASK_B_OFF + MASK_BUF_BYTES;
// Everything from S1_OFF on depends on the secret key or on y; Â does not.
const SECRET_FROM: usize = S1_OFF;

let base: usize = 0;

// Â = ExpandA(rho) is public and a node signs with one key: the matrix in the scratch is kept between
// signatures and recomputed only when rho or the level differs from the last expansion (a third or
// more of a signature's work otherwise). aShape = k * 16 + l of the level it was expanded for, 0 = none.
const A_RHO: usize = memory.data(32, 16);
let aShape: i32 = 0;

function sameRho(rho: usize): bool {
  const d = v128.or(v128.xor(v128.load(A_RHO), v128.load(rho)), v128.xor(v128.load(A_RHO, 16), v128.load(rho, 16)));
  return !v128.any_true(d);
}

const RHOPP: usize = memory.data(64, 16); // rho'' = H(K || rnd || mu, 64): the seed of every y
const MASK_ST: usize = memory.data(208, 16); // ExpandMask's Keccak state (holds rho'')
const MASK_ST2: usize = memory.data(400, 16); // two interleaved states (keccak-x2.ts layout)
const HSTATE: usize = memory.data(200, 16);
const H = new Sponge(HSTATE, 136, DS_SHAKE); // rho'' and c~

// Zeroes the scratch that held secret-derived values: s1, s2, t0 (in the NTT domain), y, z, w, the
// products with c, rho'' and the Keccak states that absorbed K or rho''. The core instance lives on
// after the call and its memory is readable by the host (and by any later export), so a secret key
// must not outlive its signature there; y and w matter too: y (or z - y = c·s1) with one signature
// reveals s1.
function wipeSecrets(): void {
  if (base != 0) memory.fill(base + SECRET_FROM, 0, SCRATCH_BYTES - SECRET_FROM);
  memory.fill(RHOPP, 0, 64);
  memory.fill(MASK_ST, 0, 208);
  memory.fill(MASK_ST2, 0, 400);
  memory.fill(HSTATE, 0, 200);
}

// Coefficients of an inverse-NTT output (|a| < q) as centred representatives in (-q/2, q/2].
function centre(a: usize): void {
  const half = (Q - 1) >> 1;
  for (let i: usize = 0; i < 1024; i += 4) {
    let x = caddq(load<i32>(a + i));
    if (x > half) x -= Q;
    store<i32>(a + i, x);
  }
}

// out = NTT^-1(NTT(c) o vhat), centred.
function mulByC(out: usize, vhat: usize): void {
  pointwiseMontSimd(out, vhat, base + CH_OFF, base + CHQ_OFF, false);
  invNttToMontSimd(out);
  centre(out);
}

// Decodes sk (at `sk`, SK_BYTES long) into the NTT-domain s1, s2, t0 and expands Â from rho.
// False when s1 or s2 is out of range.
function loadKey(sk: usize): bool {
  const k = K;
  const l = L;
  const etaBytes = ETA_POLY_BYTES;
  let p = sk + 128;
  for (let j: i32 = 0; j < l; j++) {
    const s = base + S1_OFF + ((<usize>j) << 10);
    if (!unpackEta(s, p, ETA)) return false;
    nttSimd(s);
    p += <usize>etaBytes;
  }
  for (let i: i32 = 0; i < k; i++) {
    const s = base + S2_OFF + ((<usize>i) << 10);
    if (!unpackEta(s, p, ETA)) return false;
    nttSimd(s);
    p += <usize>etaBytes;
  }
  for (let i: i32 = 0; i < k; i++) {
    const t = base + T0_OFF + ((<usize>i) << 10);
    unpackT0(t, p);
    nttSimd(t);
    p += <usize>T0_POLY_BYTES;
  }
  if (aShape == k * 16 + l && sameRho(sk)) return true;
  // Â two entries at a time (k * l is even for every level).
  const total = k * l;
  for (let e: i32 = 0; e < total; e += 2) {
    const iA = e / l;
    const jA = e - iA * l;
    const iB = (e + 1) / l;
    const jB = e + 1 - iB * l;
    const a0 = base + A_OFF + ((<usize>e) << 10);
    rejNttPolyX2(a0, a0 + POLY, sk, jA, iA, jB, iB);
  }
  memory.copy(A_RHO, sk, 32);
  aShape = k * 16 + l;
  return true;
}

// One iteration of the loop (Alg. 7 steps 11-30) for counter kappa. Writes c~, z and h into sig
// and returns true when the candidate passes every bound.
function attempt(sig: usize, mu: usize, kappa: i32): bool {
  const k = K;
  const l = L;
  const ctLen = CTILDE_BYTES;
  const gamma2Is32 = GAMMA2 == (Q - 1) / 32;
  const twoGamma2 = 2 * GAMMA2;
  const m = (Q - 1) / twoGamma2;
  const w1Bytes = W1_POLY_BYTES;
  const tmp = base + TMP_OFF;

  // y = ExpandMask(rho'', kappa): rows two at a time, the last alone when l is odd.
  for (let j: i32 = 0; j + 1 < l; j += 2) {
    const y = base + Y_OFF + ((<usize>j) << 10);
    expandMaskPair(y, y + POLY, RHOPP, kappa + j, kappa + j + 1, MASK_ST2, base + MASK_OFF, base + MASK_B_OFF);
  }
  if (l & 1) expandMaskPoly(base + Y_OFF + ((<usize>(l - 1)) << 10), RHOPP, kappa + l - 1, MASK_ST, base + MASK_OFF);
  for (let j: i32 = 0; j < l; j++) {
    const y = base + Y_OFF + ((<usize>j) << 10);
    const yh = base + YH_OFF + ((<usize>j) << 10);
    memory.copy(yh, y, POLY);
    nttSimd(yh);
    mulQinvSimd(base + YHQ_OFF + ((<usize>j) << 10), yh);
  }
  // w = NTT^-1(Â o NTT(y)) in [0, q); w1 = HighBits(w), encoded.
  for (let i: i32 = 0; i < k; i++) {
    const w = base + W_OFF + ((<usize>i) << 10);
    for (let j: i32 = 0; j < l; j++) {
      const off = (<usize>j) << 10;
      pointwiseMontSimd(
        w,
        base + A_OFF + ((<usize>(i * l + j)) << 10),
        base + YH_OFF + off,
        base + YHQ_OFF + off,
        j != 0,
      );
    }
    // The sum of l products is below 7q in magnitude; the inverse NTT wants |a| < q.
    for (let p: usize = 0; p < 1024; p += 4) store<i32>(w + p, reduce32(load<i32>(w + p)));
    invNttToMontSimd(w);
    caddqSimd(w);
    useHintRow(tmp, w, 0, 0, 0, gamma2Is32, true);
    packW1(base + W1_OFF + <usize>(i * w1Bytes), tmp, !gamma2Is32);
  }
  // c~ = H(mu || w1Encode(w1), lambda / 4), straight into the signature; c = SampleInBall(c~).
  H.reset(136, DS_SHAKE);
  H.absorb(mu, 64);
  H.absorb(base + W1_OFF, k * w1Bytes);
  H.finalize();
  H.squeeze(sig, ctLen);
  const ch = base + CH_OFF;
  sampleInBall(ch, sig, ctLen);
  nttSimd(ch);
  mulQinvSimd(base + CHQ_OFF, ch);

  // z = y + c s1, ||z|| < gamma1 - beta.
  const zBound = GAMMA1 - BETA;
  for (let j: i32 = 0; j < l; j++) {
    mulByC(tmp, base + S1_OFF + ((<usize>j) << 10));
    const y = base + Y_OFF + ((<usize>j) << 10);
    let bad: i32 = 0;
    for (let p: usize = 0; p < 1024; p += 4) {
      const z = load<i32>(y + p) + load<i32>(tmp + p);
      bad |= (<i32>(z >= zBound)) | (<i32>(z <= -zBound));
      store<i32>(y + p, z);
    }
    if (bad != 0) return false;
  }
  // r = w - c s2 (mod q, in [0, q)), ||LowBits(r)|| < gamma2 - beta.
  const r0Bound = GAMMA2 - BETA;
  for (let i: i32 = 0; i < k; i++) {
    mulByC(tmp, base + S2_OFF + ((<usize>i) << 10));
    const w = base + W_OFF + ((<usize>i) << 10);
    let bad: i32 = 0;
    for (let p: usize = 0; p < 1024; p += 4) {
      const r = caddq(load<i32>(w + p) - load<i32>(tmp + p));
      bad |= <i32>(lowBitsAbs(r, gamma2Is32, twoGamma2, m) >= r0Bound);
      store<i32>(w + p, r);
    }
    if (bad != 0) return false;
  }
  // h = MakeHint(-c t0, r + c t0): HighBits(r + c t0) != HighBits(r); ||c t0|| < gamma2, at most
  // omega ones. The hint field is written as the positions are found.
  const omega = OMEGA;
  const hints = sig + <usize>(ctLen + l * Z_POLY_BYTES);
  memory.fill(hints, 0, omega + k);
  let count: i32 = 0;
  for (let i: i32 = 0; i < k; i++) {
    mulByC(tmp, base + T0_OFF + ((<usize>i) << 10));
    const w = base + W_OFF + ((<usize>i) << 10);
    for (let j: i32 = 0; j < 256; j++) {
      const p = (<usize>j) << 2;
      const ct0 = load<i32>(tmp + p);
      if (ct0 >= GAMMA2 || ct0 <= -GAMMA2) return false;
      const r = load<i32>(w + p);
      let s = r + ct0;
      if (s < 0) s += Q;
      else if (s >= Q) s -= Q;
      if (highBits(s, gamma2Is32, m) != highBits(r, gamma2Is32, m)) {
        if (count >= omega) return false;
        store<u8>(hints + <usize>count, <u8>j);
        count++;
      }
    }
    store<u8>(hints + <usize>(omega + i), <u8>count);
  }
  for (let j: i32 = 0; j < l; j++) {
    packZ(sig + <usize>(ctLen + j * Z_POLY_BYTES), base + Y_OFF + ((<usize>j) << 10));
  }
  return true;
}

// Sign_internal with mu given (64 bytes) and rnd (32 bytes; zeros for deterministic signing).
// The level is selected (setLevel, setSignLevel); sk is SK_BYTES at `sk`. Returns SIGN_OK with the
// signature (SIG_BYTES) at `sig`, or one of the SIGN_* errors (the bytes at `sig` are then unspecified).
export function signMu(sk: usize, mu: usize, rnd: usize, sig: usize): i32 {
  if (base == 0) base = regionAlloc(SCRATCH_BYTES);
  if (base == 0) return SIGN_NO_MEMORY;
  let result = SIGN_LOOP_CAP;
  if (!loadKey(sk)) {
    result = SIGN_BAD_KEY;
  } else {
    // rho'' = H(K || rnd || mu, 64).
    H.reset(136, DS_SHAKE);
    H.absorb(sk + 32, 32);
    H.absorb(rnd, 32);
    H.absorb(mu, 64);
    H.finalize();
    H.squeeze(RHOPP, 64);
    const l = L;
    for (let n: i32 = 0; n < SIGN_MAX_ITERATIONS; n++) {
      if (attempt(sig, mu, n * l)) {
        result = SIGN_OK;
        break;
      }
    }
  }
  wipeSecrets();
  return result;
}

// mu = H(tr || M', 64), tr = sk[64..128). M' is absorbed in one piece (the exports bound its length).
export function computeMuFromSk(mu: usize, sk: usize, msg: usize, msgLen: i32): void {
  H.reset(136, DS_SHAKE);
  H.absorb(sk + 64, 64);
  H.absorb(msg, msgLen);
  H.finalize();
  H.squeeze(mu, 64);
}
