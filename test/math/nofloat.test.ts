// Zero simulation for CertifiedMath: no floating point in assembly/math (types, literals, Math.*).
// (The project's AST scanner in scripts/zero-sim/ is the authority; this is a fast local guard.)
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = new URL("../../assembly/math/", import.meta.url);
const stripComments = (src: string): string => src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

describe("CertifiedMath has no floating point", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  it("covers the module files", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const f of files) {
    it(f, () => {
      const code = stripComments(readFileSync(new URL(f, dir), "utf8"));
      expect(code).not.toMatch(/\bf(32|64)\b/);
      expect(code).not.toMatch(/\bMath\./);
      expect(code).not.toMatch(/(^|[^\w.])\d+\.\d*([eE][+-]?\d+)?\b/m); // 1.5, 2., 1.0e3
      expect(code).not.toMatch(/(^|[^\w.])\d+[eE][+-]?\d+\b/m); // 1e18 (a float literal in TS)
      expect(code).not.toMatch(/\b(NaN|Infinity)\b/);
    });
  }
  it("core.wasm's function types use no f32/f64 (type section)", () => {
    const b = readFileSync(new URL("../../build/core.wasm", import.meta.url));
    let p = 8; // magic + version
    const leb = (): number => {
      let r = 0;
      let sh = 0;
      for (;;) {
        const x = b[p++] as number;
        r |= (x & 0x7f) << sh;
        sh += 7;
        if (x < 0x80) return r;
      }
    };
    let types: number[] | undefined;
    while (p < b.length) {
      const id = b[p++] as number;
      const size = leb();
      if (id === 1) {
        types = [];
        const n = leb();
        for (let i = 0; i < n; i++) {
          expect(b[p++]).toBe(0x60);
          for (let k = 0; k < 2; k++) {
            const m = leb();
            for (let j = 0; j < m; j++) types.push(b[p++] as number);
          }
        }
        break;
      }
      p += size;
    }
    expect(types).toBeDefined();
    expect(types).not.toContain(0x7d); // f32
    expect(types).not.toContain(0x7c); // f64
    expect(types).toContain(0x7e); // i64 (the u128 limbs)
  });
});
