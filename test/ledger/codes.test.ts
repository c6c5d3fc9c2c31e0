import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, LedgerCode, ledgerCodeName, type QfsErrorName } from "../../bindings/index.js";

describe("ledger codes", () => {
  it("the binding mirrors assembly/ledger/errors.ts, and every code is the catalogue's with the same number", () => {
    const src = readFileSync(new URL("../../assembly/ledger/errors.ts", import.meta.url), "utf8");
    const core = Object.fromEntries(
      [...src.matchAll(/export const (\w+): u32 = (\d+);/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(LedgerCode).toEqual(core);
    for (const [name, num] of Object.entries(LedgerCode)) {
      if (name === "OK" || name.startsWith("HALT_")) continue;
      expect(ERROR_CATALOGUE[name as QfsErrorName]?.number, name).toBe(num);
      expect(ledgerCodeName(num)).toBe(name);
    }
  });
});
