// Entry of the deterministic core (build/core.wasm). Each module re-exports its WASM API here.
export * from "./crypto/exports";
export * from "./ledger/ledger_exports";
export * from "./ledger/snapshot";
export * from "./math/exports";
export * from "./mldsa/exports";
export * from "./ledger/exports";
export * from "./audit/exports";
export * from "./mldsa/sign_exports";
