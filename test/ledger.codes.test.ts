import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LedgerCode } from "../bindings/index.js";

describe("ledger codes", () => {
  it("the binding mirrors assembly/ledger/errors.ts and docs/errors.md lists every code", () => {
    const src = readFileSync(new URL("../assembly/ledger/errors.ts", import.meta.url), "utf8");
    const core = Object.fromEntries(
      [...src.matchAll(/export const (\w+): u32 = (\d+);/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(LedgerCode).toEqual(core);
    const docs = readFileSync(new URL("../docs/errors.md", import.meta.url), "utf8");
    for (const [name, num] of Object.entries(LedgerCode)) {
      if (name === "OK" || name.startsWith("HALT_")) continue;
      expect(docs, name).toMatch(new RegExp("\\| `" + name + "`\\s*\\| " + num + "\\s*\\|"));
    }
  });
});
