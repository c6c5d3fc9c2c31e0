// ML-DSA parameter sets (FIPS 204, Table 1) and the sizes derived from them. The active set is held
// in module globals so that the hot loops read plain i32s; setLevel() switches it per call.

export const N: i32 = 256;
export const Q: i32 = 8380417;
export const D: i32 = 13;
export const SEED_BYTES: i32 = 32; // rho
export const TR_BYTES: i32 = 64;
export const MU_BYTES: i32 = 64;
export const T1_POLY_BYTES: i32 = 320; // 256 coefficients x 10 bits

// Largest sizes over the three levels (ML-DSA-87); static buffers are sized from these.
export const MAX_K: i32 = 8;
export const MAX_L: i32 = 7;
export const MAX_PK_BYTES: i32 = 2592;
export const MAX_SIG_BYTES: i32 = 4627;
export const MAX_W1_BYTES: i32 = 1024;

export let K: i32 = 0;
export let L: i32 = 0;
export let TAU: i32 = 0;
export let BETA: i32 = 0;
export let GAMMA1: i32 = 0;
export let GAMMA1_BITS: i32 = 0; // bit length of one packed z coefficient (18 or 20)
export let GAMMA2: i32 = 0;
export let OMEGA: i32 = 0;
export let CTILDE_BYTES: i32 = 0; // lambda / 4
export let Z_POLY_BYTES: i32 = 0;
export let W1_POLY_BYTES: i32 = 0; // 192 (6-bit) or 128 (4-bit)
export let PK_BYTES: i32 = 0;
export let SIG_BYTES: i32 = 0;

// Selects the parameter set for level 44, 65 or 87. Returns false (and changes nothing) otherwise.
export function setLevel(level: i32): bool {
  if (level == 44) {
    K = 4;
    L = 4;
    TAU = 39;
    BETA = 78;
    GAMMA1 = 1 << 17;
    GAMMA1_BITS = 18;
    GAMMA2 = (Q - 1) / 88;
    OMEGA = 80;
    CTILDE_BYTES = 32;
  } else if (level == 65) {
    K = 6;
    L = 5;
    TAU = 49;
    BETA = 196;
    GAMMA1 = 1 << 19;
    GAMMA1_BITS = 20;
    GAMMA2 = (Q - 1) / 32;
    OMEGA = 55;
    CTILDE_BYTES = 48;
  } else if (level == 87) {
    K = 8;
    L = 7;
    TAU = 60;
    BETA = 120;
    GAMMA1 = 1 << 19;
    GAMMA1_BITS = 20;
    GAMMA2 = (Q - 1) / 32;
    OMEGA = 75;
    CTILDE_BYTES = 64;
  } else {
    return false;
  }
  Z_POLY_BYTES = 32 * GAMMA1_BITS;
  W1_POLY_BYTES = GAMMA2 == (Q - 1) / 88 ? 192 : 128;
  PK_BYTES = SEED_BYTES + K * T1_POLY_BYTES;
  SIG_BYTES = CTILDE_BYTES + L * Z_POLY_BYTES + OMEGA + K;
  return true;
}
