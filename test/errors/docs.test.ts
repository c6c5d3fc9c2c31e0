// docs/errors.md is generated from the catalogue: the committed file must equal a fresh generation.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_AREAS, ERROR_CATALOGUE, type QfsErrorName } from "../../bindings/index.js";
import { ERRORS_DOC, errorsMarkdown, renderErrorsDoc } from "../../scripts/gen-errors.js";

describe("docs/errors.md", () => {
  it("equals a fresh `npm run gen:errors`", async () => {
    const committed = readFileSync(ERRORS_DOC, "utf8");
    expect(committed === (await renderErrorsDoc()), "run: npm run gen:errors").toBe(true);
  });

  it("says it is generated on its first line and lists every area and every code with its number and status", () => {
    const md = errorsMarkdown();
    expect(md.split("\n")[0]).toMatch(/^<!-- Generated from bindings\/errors\/catalogue\.ts .*Do not edit/);
    for (const [area, a] of Object.entries(ERROR_AREAS)) expect(md).toContain(`| ${a.first}–${a.last} | ${area} |`);
    for (const name of Object.keys(ERROR_CATALOGUE) as QfsErrorName[]) {
      const e = ERROR_CATALOGUE[name];
      expect(md).toContain(`| \`${name}\` | ${e.number} | ${e.message} | ${e.httpStatus} |`);
    }
  });
});
