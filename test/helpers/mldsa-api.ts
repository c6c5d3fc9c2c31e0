// The ML-DSA API under test, taken from the package's Node entry. Typed here against the agreed
// interface so the tests compile before the binding lands; once it lands this file re-exports the
// real declarations.
import * as bindings from "../../bindings/index.js";

export interface MldsaBatchItem {
  level: number;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  context?: Uint8Array;
}

export interface MldsaApi {
  mldsaVerify(
    level: number,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    context?: Uint8Array,
  ): boolean;
  mldsaVerifyBatch(items: MldsaBatchItem[]): boolean[];
  hashMldsaVerify(
    level: number,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
    hashAlg: string,
    context?: Uint8Array,
  ): boolean;
  mldsaVerifyInternal(level: number, publicKey: Uint8Array, mPrime: Uint8Array, signature: Uint8Array): boolean;
  mldsaVerifyMu(level: number, publicKey: Uint8Array, mu: Uint8Array, signature: Uint8Array): boolean;
  MldsaError: abstract new (...args: never[]) => Error & { code: string };
  MLDSA_SIZES: unknown;
}

const api = bindings as unknown as MldsaApi;
export const { mldsaVerify, mldsaVerifyBatch, hashMldsaVerify, mldsaVerifyInternal, mldsaVerifyMu, MldsaError } = api;
