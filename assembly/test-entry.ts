// Entry of the test build (build/core-test.wasm): everything the shipped core exports, plus the
// hooks that reach internals. Tests that need a hook load this build (test/helpers/test-core.ts);
// the shipped build (assembly/index.ts -> build/core.wasm) has none of them.
export * from "./index";
export * from "./mldsa/test_hooks";
export * from "./ledger/test_hooks";
