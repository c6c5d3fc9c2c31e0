// The CertifiedMath reference, typed. The code is plain JavaScript in math-reference.mjs so that the
// benchmark (bench/cases/math.mjs) can import it with plain `node`; this module is the TypeScript entry
// used by scripts/gen-math-vectors.ts and the tests.
export * from "./math.mjs";
