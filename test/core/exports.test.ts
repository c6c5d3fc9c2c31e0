// The typed WASM boundary (issue 7 item 10): bindings/core-exports.ts lists every export of the
// compiled core with its kind and, for functions, its WASM signature (i32 ↔ number, i64 ↔ bigint).
// Checked against both builds: names and kinds through the JS API, value types from the binary's
// type section (test/helpers/wasm-signatures.ts). Test hooks exist only in the test build.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORE_EXPORT_SPECS, CORE_TEST_HOOK_SPECS } from "../../bindings/core-exports.js";
import { coreModule, newCoreInstance } from "../../bindings/index.js";
import { exportedFunctionSignatures } from "../helpers/wasm-signatures.js";

const shippedBytes = readFileSync(new URL("../../build/core.wasm", import.meta.url));
const testBytes = readFileSync(new URL("../../build/core-test.wasm", import.meta.url));
const kindOf = (spec: string): string => (spec === "memory" || spec === "global" ? spec : "function");

const builds = [
  { name: "build/core.wasm", bytes: shippedBytes, specs: CORE_EXPORT_SPECS as Record<string, string> },
  {
    name: "build/core-test.wasm",
    bytes: testBytes,
    specs: { ...CORE_EXPORT_SPECS, ...CORE_TEST_HOOK_SPECS } as Record<string, string>,
  },
];

for (const build of builds) {
  describe(`CoreExports against ${build.name}`, () => {
    const { specs, bytes } = build;
    const actual = WebAssembly.Module.exports(new WebAssembly.Module(bytes));

    it("every export the interface lists exists with that kind", () => {
      const byName = new Map(actual.map((e) => [e.name, e.kind]));
      const wrong = Object.entries(specs)
        .filter(([name, spec]) => byName.get(name) !== kindOf(spec))
        .map(([name, spec]) => `${name}: typed ${kindOf(spec)}, module has ${byName.get(name) ?? "nothing"}`);
      expect(wrong).toEqual([]);
    });

    it("every export of the module is typed (none left to ad-hoc casts)", () => {
      const untyped = actual.map((e) => e.name).filter((name) => !(name in specs));
      expect(untyped).toEqual([]);
    });

    it("every function has the WASM signature its TS type implies", () => {
      const sigs = exportedFunctionSignatures(bytes);
      expect(sigs.size).toBe(actual.filter((e) => e.kind === "function").length);
      const wrong = [...sigs]
        .filter(([name, sig]) => specs[name] !== sig)
        .map(([name, sig]) => `${name}: typed ${specs[name]}, module has ${sig}`);
      expect(wrong).toEqual([]);
    });
  });
}

describe("the shipped core and its instances", () => {
  it("has no test hook, and the test build has all of them", () => {
    const shipped = WebAssembly.Module.exports(new WebAssembly.Module(shippedBytes)).map((e) => e.name);
    const hooks = Object.keys(CORE_TEST_HOOK_SPECS);
    expect(hooks.length).toBeGreaterThan(0);
    expect(shipped.filter((n) => hooks.includes(n) || /Test/.test(n))).toEqual([]);
    const test = WebAssembly.Module.exports(new WebAssembly.Module(testBytes)).map((e) => e.name);
    expect(test.filter((n) => /Test/.test(n)).every((n) => hooks.includes(n))).toBe(true);
    expect(hooks.filter((n) => !test.includes(n))).toEqual([]);
  });

  it("the package loads build/core.wasm, and its instances' functions have the typed arity", () => {
    expect(WebAssembly.Module.exports(coreModule())).toEqual(
      WebAssembly.Module.exports(new WebAssembly.Module(shippedBytes)),
    );
    const x = newCoreInstance().exports as unknown as Record<string, unknown>;
    for (const [name, spec] of Object.entries(CORE_EXPORT_SPECS as Record<string, string>)) {
      if (kindOf(spec) !== "function") continue;
      const params = spec.slice(1, spec.indexOf(")"));
      expect((x[name] as (...a: unknown[]) => unknown).length, name).toBe(params === "" ? 0 : params.split(",").length);
    }
  });

  it("the signature reader sees i64 where the core takes u64 (it is not blind)", () => {
    const sigs = exportedFunctionSignatures(shippedBytes);
    expect(sigs.get("ledgerApplyBatch")).toBe("(i64,i64,i32,i32,i32)->i32");
    expect(sigs.get("auditTreeReset")).toBe("()->");
  });
});
