// WASM exports for deterministic (and, for the ACVP tests, hedged) ML-DSA signing (FIPS 204 Alg. 7).
// The binding writes the secret key at mldsaSignSkPtr() and M' at mldsaMsgPtr() (the verifier's
// message buffer) or mu at mldsaSignMuPtr(), then calls one sign function; the signature appears
// at mldsaSignSigPtr(). Every function returns the signature length (> 0) or a negative code; the
// secret key buffer and rnd are zeroed before it returns, whatever the outcome.
import { MAX_SIG_BYTES, SIG_BYTES, setLevel } from "./params";
import { MAX_SK_BYTES, SK_BYTES, computeMuFromSk, setSignLevel, signMu } from "./sign";
import { MLDSA_MSG_CAPACITY, mldsaMsgPtr } from "./exports";

// A bad level, secret key length or message length (the other codes are SIGN_* from sign.ts:
// -2 malformed key, -3 rejection loop cap, -4 no memory for the scratch).
const MLDSA_SIGN_BAD_ARG: i32 = -1;

// 16 bytes of slack after the key: the decoders use 4-byte loads that may read past t0.
const SK_BUF: usize = memory.data(MAX_SK_BYTES + 16, 16);
const RND_BUF: usize = memory.data(32, 16);
const ZERO_RND: usize = memory.data(32, 16);
const MU_IN: usize = memory.data(64, 16);
const MU_TMP: usize = memory.data(64, 16);
const SIG_OUT: usize = memory.data(MAX_SIG_BYTES + 16, 16);

export function mldsaSignSkPtr(): usize {
  return SK_BUF;
}
export function mldsaSignRndPtr(): usize {
  return RND_BUF;
}
export function mldsaSignMuPtr(): usize {
  return MU_IN;
}
export function mldsaSignSigPtr(): usize {
  return SIG_OUT;
}

// The key copy and rnd stay in this instance's memory otherwise, readable by the host and by any
// later export; a signature must not leave them behind.
function finish(result: i32): i32 {
  memory.fill(SK_BUF, 0, MAX_SK_BYTES + 16);
  memory.fill(RND_BUF, 0, 32);
  return result == 0 ? SIG_BYTES : result;
}

function levelOk(level: i32, skLen: i32): bool {
  if (!setLevel(level)) return false;
  setSignLevel();
  return skLen == SK_BYTES;
}

// Sign_internal(sk, M', rnd) with M' = mldsaMsgPtr()[0..msgLen); rnd = 32 zero bytes unless
// hedged != 0 (then the 32 bytes at mldsaSignRndPtr()).
export function mldsaSignInternal(level: i32, skLen: i32, msgLen: i32, hedged: i32): i32 {
  if (!levelOk(level, skLen) || msgLen < 0 || msgLen > MLDSA_MSG_CAPACITY) return finish(MLDSA_SIGN_BAD_ARG);
  computeMuFromSk(MU_TMP, SK_BUF, mldsaMsgPtr(), msgLen);
  return finish(signMu(SK_BUF, MU_TMP, hedged != 0 ? RND_BUF : ZERO_RND, SIG_OUT));
}

// Sign_internal with an external mu (64 bytes at mldsaSignMuPtr()).
export function mldsaSignMu(level: i32, skLen: i32, hedged: i32): i32 {
  if (!levelOk(level, skLen)) return finish(MLDSA_SIGN_BAD_ARG);
  return finish(signMu(SK_BUF, MU_IN, hedged != 0 ? RND_BUF : ZERO_RND, SIG_OUT));
}
