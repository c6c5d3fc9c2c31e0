// Constants, generated with the bigint reference (test/reference/math.mjs, 100 decimal digits) and
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

// ln(1 + i/64), Q128, i = 0..63: (lo, hi) pairs (log's range reduction).
export const LN_TABLE: usize = memory.data<u64>([
  0x0,
  0x0, // ln(1 + 0/64)
  0xf3db4e9a6f57aadb,
  0x3f815161f807c79, // ln(1 + 1/64)
  0x3e3f04f1ef229fae,
  0x7e0a6c39e0cc013, // ln(1 + 2/64)
  0x1a7950f7252c163c,
  0xbba2c7b196e7e23, // ln(1 + 3/64)
  0xbe64b8b775997898,
  0xf85186008b15330, // ln(1 + 4/64)
  0x998376104d137502,
  0x1341d7961bd1d092, // ln(1 + 5/64)
  0xe499b9ed19b640ce,
  0x16f0d28ae56b4b9b, // ln(1 + 6/64)
  0xbd22a9c3aa4c79a,
  0x1a926d3a4ad56365, // ln(1 + 7/64)
  0xea87ffe1fe9e155d,
  0x1e27076e2af2e5e9, // ln(1 + 8/64)
  0x2ee2f481855d1c48,
  0x21aefcf9a11cb2cd, // ln(1 + 9/64)
  0xbb8e203edf4d109,
  0x252aa5f03fea4698, // ln(1 + 10/64)
  0xa7b2a1f0fc3c1882,
  0x289a56d996fa3ccf, // ln(1 + 11/64)
  0xe7c4140e424775fc,
  0x2bfe60e14f27a790, // ln(1 + 12/64)
  0xc6d65ad40c100c8f,
  0x2f57120421b21237, // ln(1 + 13/64)
  0x8260ea71712cec4c,
  0x32a4b539e8ad68ec, // ln(1 + 14/64)
  0x9cc0326f99eb9767,
  0x35e7929d017fe5b1, // ln(1 + 15/64)
  0x4bb03de5ff734495,
  0x391fef8f35344358, // ln(1 + 16/64)
  0xd50fffc3fd3c2abb,
  0x3c4e0edc55e5cbd3, // ln(1 + 17/64)
  0xaa8cd86f29a59412,
  0x3f7230dabc7c551a, // ln(1 + 18/64)
  0xcfde8061c030e28d,
  0x428c9389ce438d7d, // ln(1 + 19/64)
  0x731f55c41b8b823f,
  0x459d72aeae98380e, // ln(1 + 20/64)
  0xa14f69d750cbd2e,
  0x48a507ef3de59689, // ln(1 + 21/64)
  0xb3246a14206cf37b,
  0x4ba38aeb8474c270, // ln(1 + 22/64)
  0xbcd735d034237d6f,
  0x4e993155a517a71c, // ln(1 + 23/64)
  0x2decdeccf1cd1057,
  0x51862f08717b09f4, // ln(1 + 24/64)
  0x24f5833eabc623a9,
  0x546ab61cb7e0b427, // ln(1 + 25/64)
  0x36383dc7fe1159f3,
  0x5746f6fd60272942, // ln(1 + 26/64)
  0xaf840538e1a592d,
  0x5a1b207a6c52bb11, // ln(1 + 27/64)
  0x89314feb4fbde5aa,
  0x5ce75fdaef401a73, // ln(1 + 28/64)
  0xce979ed295043716,
  0x5fabe0ee0abf0d92, // ln(1 + 29/64)
  0x9c620440f055b3ff,
  0x6268ce1b05096ad6, // ln(1 + 30/64)
  0x337451f441baba92,
  0x651e5070845beae9, // ln(1 + 31/64)
  0xda35d9bd01488606,
  0x67cc8fb2fe612fca, // ln(1 + 32/64)
  0x213fd4bc950d7be1,
  0x6a73b26a68212635, // ln(1 + 33/64)
  0xfbb6aba63878ef20,
  0x6d13ddef323d8a32, // ln(1 + 34/64)
  0x1874deaef06b25b5,
  0x6fad36769c6defde, // ln(1 + 35/64)
  0x97607bcbfee6892b,
  0x723fdf1e6a6886b0, // ln(1 + 36/64)
  0x7b232fafa36fd18a,
  0x74cbf9f803af5587, // ln(1 + 37/64)
  0x989a927476e1fe9f,
  0x7751a813071282fb, // ln(1 + 38/64)
  0xf68dbcf2ed1bb404,
  0x79d109875a1e1f8d, // ln(1 + 39/64)
  0x720ec44c73d75cf5,
  0x7c4a3d7ebc1bb2cd, // ln(1 + 40/64)
  0xbecf93aa1afec6d4,
  0x7ebd623de3cc7b66, // ln(1 + 41/64)
  0xe34aebf73ffe346e,
  0x812a952d2e87f634, // ln(1 + 42/64)
  0xbcb1c488b755b2b7,
  0x8391f2e0e6fa0272, // ln(1 + 43/64)
  0xc4bdd99effe69b64,
  0x85f39721295415b4, // ln(1 + 44/64)
  0x1f64d85bc8c5f241,
  0x884f9cf16a64b7ef, // ln(1 + 45/64)
  0x799d1cb2f14054ed,
  0x8aa61e97a6af4d4c, // ln(1 + 46/64)
  0xe5eebbc0ef3d5710,
  0x8cf735a33e4b7662, // ln(1 + 47/64)
  0x62cd2f9f1e35f2e7,
  0x8f42faf3820681ef, // ln(1 + 48/64)
  0xf1b439165240a471,
  0x918986bdf5fa1416, // ln(1 + 49/64)
  0xc1f9edcb438ffc03,
  0x93caf0944d88d75b, // ln(1 + 50/64)
  0xd4e18dd14f312a40,
  0x96074f6a24745dcb, // ln(1 + 51/64)
  0xac850fab36cdee18,
  0x983eb99a7885f0fd, // ln(1 + 52/64)
  0x5c96c42e72757253,
  0x9a7144ece70e98b7, // ln(1 + 53/64)
  0x221301b6f8c38f62,
  0x9c9f069ab150cd4e, // ln(1 + 54/64)
  0x2131e85693cf6b80,
  0x9ec813538ab7d520, // ln(1 + 55/64)
  0x25e617a300bbca9c,
  0xa0ec7f4233957323, // ln(1 + 56/64)
  0x5bd9bd99e39a20ae,
  0xa30c5e10e2f613e8, // ln(1 + 57/64)
  0x3dfa3d3761b6316e,
  0xa527c2ed81f5d811, // ln(1 + 58/64)
  0x84c2b22c2aee1a18,
  0xa73ec08dbadd84e5, // ln(1 + 59/64)
  0xbe4578ad97aea7be,
  0xa9516932de2d5773, // ln(1 + 60/64)
  0xe310b9b1fe59cdc1,
  0xab5fcead9f9cca08, // ln(1 + 61/64)
  0x4d552f811cd40845,
  0xad6a0261acf967d9, // ln(1 + 62/64)
  0xb04afe92103ef4c6,
  0xaf70154920b3ab86, // ln(1 + 63/64)
]);

// 2^(j/64) − 1, Q128, j = 0..63: (lo, hi) pairs (exp's range reduction).
export const EXP2_TABLE: usize = memory.data<u64>([
  0x0,
  0x0, // 2^(0/64) − 1
  0xf7caca4f7a29bde9,
  0x2c9a3e778060ee6, // 2^(1/64) − 1
  0x7c548eb68ca417fe,
  0x59b0d31585743ae, // 2^(2/64) − 1
  0x35f25d9427fa2b04,
  0x874518759bc808c, // 2^(3/64) − 1
  0x8b92b71842a98364,
  0xb5586cf9890f629, // 2^(4/64) − 1
  0x742e4f8af6a552ac,
  0xe3ec32d3d1a2020, // 2^(5/64) − 1
  0xbbf1aed9318ceac5,
  0x11301d0125b50a4e, // 2^(6/64) − 1
  0x101943b2586d0184,
  0x1429aaea92ddfb34, // 2^(7/64) − 1
  0xf7c8c50eb14a7920,
  0x172b83c7d517adcd, // 2^(8/64) − 1
  0x698f692d1c835a6c,
  0x1a35beb6fcb753cb, // 2^(9/64) − 1
  0x5b8028990f07a98b,
  0x1d4873168b9aa780, // 2^(10/64) − 1
  0xeeb02950929d0fc4,
  0x2063b88628cd63b8, // 2^(11/64) − 1
  0x1fadb1c15cb593b0,
  0x2387a6e75623866c, // 2^(12/64) − 1
  0xa673281d3b249dce,
  0x26b4565e27cdd257, // 2^(13/64) − 1
  0x5d15f5a24aa3bca8,
  0x29e9df51fdee12c2, // 2^(14/64) − 1
  0x91d536d075384589,
  0x2d285a6e4030b400, // 2^(15/64) − 1
  0x8d5a46305c85edec,
  0x306fe0a31b7152de, // 2^(16/64) − 1
  0xc8610d96696bf95d,
  0x33c08b26416ff4c9, // 2^(17/64) − 1
  0x45502f4547987e3e,
  0x371a7373aa9caa71, // 2^(18/64) − 1
  0xbc9299e0a1d33616,
  0x3a7db34e59ff6ea1, // 2^(19/64) − 1
  0x41223e13d773fba2,
  0x3dea64c12342235b, // 2^(20/64) − 1
  0x325b8f3db61fb352,
  0x4160a21f72e29f84, // 2^(21/64) − 1
  0x36f409df019fbd4f,
  0x44e086061892d031, // 2^(22/64) − 1
  0x1a3b69062f03c3dd,
  0x486a2b5c13cd013c, // 2^(23/64) − 1
  0x397afec42e20e036,
  0x4bfdad5362a271d4, // 2^(24/64) − 1
  0x3d8b69aa073ee55e,
  0x4f9b2769d2ca6ad3, // 2^(25/64) − 1
  0xa83c49d86a63f4e6,
  0x5342b569d4f81df0, // 2^(26/64) − 1
  0xcb004764eb3c00f2,
  0x56f4736b527da66e, // 2^(27/64) − 1
  0x93015191eb345d88,
  0x5ab07dd48542958c, // 2^(28/64) − 1
  0xbe4c20399766a065,
  0x5e76f15ad21486e9, // 2^(29/64) − 1
  0xfa06fd2da42bb1c,
  0x6247eb03a5584b1f, // 2^(30/64) − 1
  0x7d9e29b8f314a337,
  0x6623882552224912, // 2^(31/64) − 1
  0xb2fb1366ea957d3e,
  0x6a09e667f3bcc908, // 2^(32/64) − 1
  0xe2cbe1bbaa834b3,
  0x6dfb23c651a2ef22, // 2^(33/64) − 1
  0x370f2ef0acd6cb43,
  0x71f75e8ec5f73dd2, // 2^(34/64) − 1
  0xe9aa33a48b270718,
  0x75feb564267c8bf6, // 2^(35/64) − 1
  0x51023f6cda1f5ef4,
  0x7a11473eb0186d7d, // 2^(36/64) − 1
  0xd02ba15797e170a1,
  0x7e2f336cf4e62105, // 2^(37/64) − 1
  0xf88afab34a010f6a,
  0x82589994cce128ac, // 2^(38/64) − 1
  0x41d90ac251707484,
  0x868d99b4492ec80e, // 2^(39/64) − 1
  0x7c55a192c9bb3e6e,
  0x8ace5422aa0db5ba, // 2^(40/64) − 1
  0x82745c72ed804efc,
  0x8f1ae991577362b9, // 2^(41/64) − 1
  0x1c3f2540a22d2fc,
  0x93737b0cdc5e4f45, // 2^(42/64) − 1
  0xe920f91e8bd7edb9,
  0x97d829fde4e4f8b9, // 2^(43/64) − 1
  0xc46b071f2be58dda,
  0x9c49182a3f0901c7, // 2^(44/64) − 1
  0xada8b8cab349aa04,
  0xa0c667b5de564b29, // 2^(45/64) − 1
  0x24491caf87bc8050,
  0xa5503b23e255c8b4, // 2^(46/64) − 1
  0xb243bdff4c4c58b5,
  0xa9e6b5579fdbf43e, // 2^(47/64) − 1
  0x734d1773205a7fbc,
  0xae89f995ad3ad5e8, // 2^(48/64) − 1
  0xfd0e7bd947c25757,
  0xb33a2b84f15faf6b, // 2^(49/64) − 1
  0x7b081ab53c5354c8,
  0xb7f76f2fb5e46eaa, // 2^(50/64) − 1
  0xba0f45b3d08cd0b2,
  0xbcc1e904bc1d2247, // 2^(51/64) − 1
  0xcb12a091ba66794,
  0xc199bdd85529c222, // 2^(52/64) − 1
  0x137fd20f2b301dd9,
  0xc67f12e57d14b4a2, // 2^(53/64) − 1
  0x3cbd1e949db761d9,
  0xcb720dcef9069150, // 2^(54/64) − 1
  0xf22f21a158e18fbb,
  0xd072d4a07897b8d0, // 2^(55/64) − 1
  0xa05aeb66e0dca9f5,
  0xd5818dcfba48725d, // 2^(56/64) − 1
  0xc01a5b6d4c97f624,
  0xda9e603db3285708, // 2^(57/64) − 1
  0x8cac39ed291b7225,
  0xdfc97337b9b5eb96, // 2^(58/64) − 1
  0xd130153991e8f496,
  0xe502ee78b3ff6273, // 2^(59/64) − 1
  0xf73a18f5db301f86,
  0xea4afa2a490d9858, // 2^(60/64) − 1
  0xfd21a92dac1f6dd5,
  0xefa1bee615a27771, // 2^(61/64) − 1
  0xf84b762862baff99,
  0xf50765b6e4540674, // 2^(62/64) − 1
  0xa7e74b263c1dc06,
  0xfa7c1819e90d82e9, // 2^(63/64) − 1
]);
