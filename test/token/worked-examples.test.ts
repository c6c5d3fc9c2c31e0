// The worked examples of docs/token-mechanics.md §9: each runs on the reference model and must give
// the documented numbers to the base unit; every number the examples expect is printed in the doc.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "./worked-examples.js";
import { pick, runOnModel, type ExResult } from "./worked-examples-run.js";
import { runOnCore } from "./worked-examples-core.js";

const DOC = readFileSync(new URL("../../docs/token-mechanics.md", import.meta.url), "utf8");

describe.each(EXAMPLES)("worked example $name", (ex) => {
  const check = (r: ExResult): void => {
    expect(r.outcomes).toEqual(ex.packets.map((p) => p.expect ?? "OK"));
    ex.packets.forEach((p, i) => {
      if (p.event) expect(pick(r.events[i] ?? {}, p.event), `packet ${i}`).toEqual(p.event);
    });
    for (const [name, want] of Object.entries(ex.accounts)) expect(pick(r.accounts[name]!, want), name).toEqual(want);
    expect(pick(r.globals, ex.globals)).toEqual(ex.globals);
    if (ex.supply) expect(pick(r.supply, ex.supply)).toEqual(ex.supply);
  };

  it("runs on the reference model to the documented numbers", () => check(runOnModel(ex)));

  it("runs on the WASM core to the same numbers, to the base unit", () => check(runOnCore(ex)));

  it("prints every expected number in docs/token-mechanics.md", () => {
    const nums = [
      ...ex.packets.flatMap((p) => Object.values(p.event ?? {})),
      ...Object.values(ex.accounts).flatMap((a) => Object.values(a).filter((v) => typeof v === "bigint")),
      ...Object.values(ex.globals),
      ...Object.values(ex.supply ?? {}),
    ];
    // As a whole number: not a piece of a longer one.
    const missing = nums.filter((n) => !new RegExp(`(?<![0-9])${n}(?![0-9])`).test(DOC));
    expect(missing, "numbers the doc does not print").toEqual([]);
  });
});
