// The test build (build/core-test.wasm, from assembly/test-entry.ts): the shipped core plus the
// hooks that reach its internals. A test file that needs hooks calls useTestCore() once, after its
// imports: every core instance made afterwards in that file (its ledgers, trees and the scratch
// core the bindings use) is then made from the test build, which behaves as the shipped one.
import { readFileSync } from "node:fs";
import type { CoreTestExports } from "../../bindings/core-exports.js";
import { scratchCore, setCoreModule, type CoreInstance } from "../../bindings/runtime.js";

export const TEST_WASM_URL = new URL("../../build/core-test.wasm", import.meta.url);

export function useTestCore(): CoreTestExports {
  setCoreModule(new WebAssembly.Module(readFileSync(TEST_WASM_URL)));
  return testHooks();
}

// The exports of `core` with their hooks; throws for an instance of the shipped build.
export function testHooks(core: CoreInstance = scratchCore()): CoreTestExports {
  const x = core.exports as Partial<CoreTestExports>;
  if (typeof x.ledgerTestCorruptSupply !== "function" || typeof x.mldsaTestNtt !== "function")
    throw new Error("not an instance of the test build: call useTestCore() first");
  return x as CoreTestExports;
}
