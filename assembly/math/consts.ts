// Constants, generated with the bigint reference (scripts/math-reference.mjs, 100 decimal digits) and
// rounded down to their binary scale. Qn means "value · 2^n", stored as little-endian u64 limbs.
export const LN2_Q128_0: u64 = 0xc9e3b39803f2f6af; // ln 2
export const LN2_Q128_1: u64 = 0xb17217f7d1cf79ab;
export const LOG2E_M1_Q128_0: u64 = 0x7d0ffda0d23a7d11; // log2(e) − 1
export const LOG2E_M1_Q128_1: u64 = 0x71547652b82fe177;
export const LOG2E_M1_Q192_EXT: u64 = 0xd6aef551bad2b4b1; // next 64 bits of log2(e) − 1
export const LOG2_1E18_Q120_0: u64 = 0x84945d77cdd975ad; // log2(10^18) = 59.794705707972522...
export const LOG2_1E18_Q120_1: u64 = 0x3bcb71d551afbf17;

// φ = (1 + √5)/2 to 18 decimals, rounded down (1.6180339887498948482045868...).
export const PHI_18: u64 = 1618033988749894848;

// ln(1 + i/16), Q128, i = 0..15: (lo, hi) pairs.
export const LN_TABLE: usize = memory.data<u64>([
  0x0, 0x0, 0xbe64b8b775997898, 0xf85186008b15330, 0xea87ffe1fe9e155d, 0x1e27076e2af2e5e9, 0xe7c4140e424775fc,
  0x2bfe60e14f27a790, 0x4bb03de5ff734495, 0x391fef8f35344358, 0x731f55c41b8b823f, 0x459d72aeae98380e,
  0x2decdeccf1cd1057, 0x51862f08717b09f4, 0x89314feb4fbde5aa, 0x5ce75fdaef401a73, 0xda35d9bd01488606,
  0x67cc8fb2fe612fca, 0x97607bcbfee6892b, 0x723fdf1e6a6886b0, 0x720ec44c73d75cf5, 0x7c4a3d7ebc1bb2cd,
  0xc4bdd99effe69b64, 0x85f39721295415b4, 0x62cd2f9f1e35f2e7, 0x8f42faf3820681ef, 0xac850fab36cdee18,
  0x983eb99a7885f0fd, 0x25e617a300bbca9c, 0xa0ec7f4233957323, 0xbe4578ad97aea7be, 0xa9516932de2d5773,
]);
