// Generates docs/errors.md from the error catalogue (bindings/errors/catalogue.ts), formatted by the
// repository's Prettier settings so `prettier --check` and the generator agree.
//   npm run gen:errors              rewrite docs/errors.md
//   npm run gen:errors -- --check   exit 1 if the committed file differs from a fresh generation
// test/errors/docs.test.ts runs the same comparison.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { ERROR_AREAS, ERROR_CATALOGUE, type QfsErrorName } from "../bindings/errors/catalogue.js";

export const ERRORS_DOC = fileURLToPath(new URL("../docs/errors.md", import.meta.url));

const HEADER = `<!-- Generated from bindings/errors/catalogue.ts by scripts/gen-errors.ts (npm run gen:errors). Do not edit: change the catalogue and regenerate. -->

# Error codes

One numbering for the whole system: the WASM core returns these numbers, the TypeScript bindings and the CLI
throw them as \`QfsError\`, and the HTTP API will answer \`{ "error": NAME, "code": NUMBER, ... }\` with the status
below. Numbers are stable: never renumber or reuse one; append. Each area owns a range.
`;

const USAGE = `
## In code

- \`bindings/errors/catalogue.ts\` is the table above (data only); \`bindings/errors/index.ts\` has the one error
  class. Every binding, the CLI, the TypeScript scripts and the server (\`server/\`) throw a \`QfsError\` made by
  \`qfsError(name, detail?, details?)\`: \`.code\` is the name (\`"E_NONCE"\`), \`.number\` and \`.httpStatus\` come from
  the row, \`.message\` is \`NAME: detail\` (the row's meaning when no detail is given), and \`.details\` carries data
  for programs (the packet codec's byte \`offset\`, a replay log's JSON \`path\`). \`isQfsError(e, name?)\` tests for
  one; \`errorName(number)\` maps a number the core returned back to its name.
- Tell errors apart by \`.code\` or \`.number\`, never by the message.
- The WASM core returns the numbers itself: ledger outcomes and batch rejections (\`assembly/ledger/errors.ts\`,
  mirrored as \`LedgerCode\`), packet decoder codes (\`assembly/ledger/packet.ts\`, \`PacketErrorCode\`) and math
  statuses (\`assembly/math/errors.ts\`). \`test/errors/catalogue.test.ts\` checks that every such constant, and every
  \`E_\` name in \`bindings/\`, \`bin/\`, \`scripts/\` and \`server/\`, is a row here with the same number.
- Ledger codes are per-packet outcomes of \`applyBatch\` (or, for 303/304/417–421, the rejection of a whole batch);
  see \`docs/ledger.md\`. The ledger reuses \`E_KEY_UNKNOWN\` (200), \`E_KEY_LEVEL_MISMATCH\` (201) and
  \`E_SIG_INVALID\` (202) with the SDK's meaning (\`verifyPacketSignatures\` returns those names).
- The audit verifiers (\`check*\`) return a \`QfsError\` (or null) instead of throwing. The replay reports the
  CIR-302 codes (600–603) in its halt record (\`docs/replay.md\`); a log it cannot read throws
  \`E_REPLAY_LOG_MALFORMED\`.
- Math statuses are 500–504 in the core; the certified trace records them as one byte, the number − 499
  (\`docs/certified-math.md\`).
- The server's codes (800–899): the verify pool's errors (\`docs/pool.md\`); the write-set codes (810–829), which a
  2PC participant returns in a "no" vote instead of throwing; the participants', the decision log's and the
  stores config's errors (\`docs/commit.md\`). A store error that crosses a worker thread travels as (code, detail)
  and is made again as the same \`QfsError\`.
- The CLI exits 2 for a \`QfsError\` the input caused (HTTP 4xx) and 1 for an internal one (5xx).
`;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The Markdown of docs/errors.md, before formatting. */
export function errorsMarkdown(): string {
  const areas = Object.entries(ERROR_AREAS).map(([name, a]) => `| ${a.first}–${a.last} | ${name} | ${cell(a.owner)} |`);
  const names = (Object.keys(ERROR_CATALOGUE) as QfsErrorName[]).sort(
    (a, b) => ERROR_CATALOGUE[a].number - ERROR_CATALOGUE[b].number,
  );
  const rows = names.map((n) => {
    const e = ERROR_CATALOGUE[n];
    return `| \`${n}\` | ${e.number} | ${cell(e.message)} | ${e.httpStatus} |`;
  });
  return [
    HEADER,
    "| range | area | owner |",
    "| --- | --- | --- |",
    ...areas,
    "",
    "## Codes",
    "",
    "| name | number | meaning | HTTP |",
    "| --- | --- | --- | --- |",
    ...rows,
    USAGE,
  ].join("\n");
}

/** docs/errors.md exactly as committed: the Markdown above through Prettier with the repository's settings. */
export async function renderErrorsDoc(): Promise<string> {
  const options = (await prettier.resolveConfig(ERRORS_DOC)) ?? {};
  return prettier.format(errorsMarkdown(), { ...options, parser: "markdown" });
}

async function main(argv: readonly string[]): Promise<number> {
  const fresh = await renderErrorsDoc();
  if (argv.includes("--check")) {
    const committed = readFileSync(ERRORS_DOC, "utf8");
    if (committed === fresh) return 0;
    process.stderr.write("docs/errors.md differs from the catalogue: run `npm run gen:errors` and commit it\n");
    return 1;
  }
  writeFileSync(ERRORS_DOC, fresh);
  process.stdout.write(`wrote ${ERRORS_DOC}\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = await main(process.argv.slice(2));
