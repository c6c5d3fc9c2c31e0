// The package's typed API, the same in Node and browsers. One line per module.
export * from "./errors/index.js";
export * from "./bytes.js";
export * from "./hash.js";
export * from "./ledger/index.js";
export * from "./math.js";
export * from "./mldsa.js";
export * from "./mldsa-sign.js";
export * from "./sdk/index.js";
export * from "./audit/index.js";
export * from "./replay/index.js";
export { CoreInstance, coreModule, newCoreInstance, scratchCore, type CoreExports } from "./runtime.js";
