// The ML-DSA API under test, from the package's Node entry (which instantiates build/core.wasm).
export {
  MLDSA_SIZES,
  hashMldsaVerify,
  mldsaVerify,
  mldsaVerifyBatch,
  mldsaVerifyInternal,
  mldsaVerifyMu,
  type MldsaBatchItem,
  type MldsaHashAlg,
  type MldsaLevel,
} from "../../bindings/index.js";
export { mldsaCacheClear, mldsaCacheSetEnabled, mldsaCacheStats, type MldsaCacheStats } from "../../bindings/index.js";
