// qfs verify-log — downloads a node's whole log and verifies it (bindings/sdk/verify-log.ts verifyServedLog, the
// same code the browser page runs): GET /v1/state, then GET /v1/audit/log streamed through the replay (every batch
// header, checkpoint and packet signature verified in WASM, the state root recomputed batch by batch), the node's
// state found in the log, and every audit entry (GET /v1/audit/entries, page by page) re-hashed into each
// checkpoint's audit root.
import { EXIT } from "./exit-codes.mjs";
import { parse, UsageError, withUsage } from "./lib/args.mjs";
import { getJson, getStream, NodeError, withNode } from "./lib/http.mjs";

export const summary = "download a node's log and verify all of it (signatures, roots, entries)";
export const usage = "qfs verify-log [--node-key-id HEX] [--quiet] [URL]";
export const details = `
  URL                the node (default --url, $QFS_URL, else http://127.0.0.1:8080)
  --node-key-id HEX  the node key id to trust (64 hex); without it, the key GET /v1/state names
  --quiet            no progress on stderr
  --url URL          the same as URL

Progress on stderr: a bar when stderr is a terminal, else a line per 10%. The last line of stdout
is the verified state root. Exit codes: 0 verified; 2 usage error; 3 CIR-302: a signature, chain or
root check of the log failed (the halt record is the last line of stdout); 5 the log disagrees with
the node's state or its served entries; 6 node unreachable or an error answer.
`;

function progress(quiet) {
  if (quiet) return undefined;
  const tty = process.stderr.isTTY === true;
  let lastTenth = -1;
  return (done, total) => {
    const frac = total === 0 ? 1 : Math.min(1, done / total);
    if (tty) {
      const width = 30;
      const fill = Math.round(frac * width);
      process.stderr.write(
        `\r[${"#".repeat(fill)}${" ".repeat(width - fill)}] ${Math.floor(frac * 100)}% batch ${done}/${total}`,
      );
      if (done >= total) process.stderr.write("\n");
      return;
    }
    const tenth = Math.floor(frac * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      process.stderr.write(`verify-log: ${tenth * 10}% (batch ${done} of ${total})\n`);
    }
  };
}

export async function run(args) {
  return withUsage("verify-log", usage, () =>
    withNode("verify-log", async () => {
      const { values, positionals } = parse(
        args,
        { "node-key-id": { type: "string" }, quiet: { type: "boolean" } },
        { url: true, positionals: [0, 1] },
      );
      let url = values.url;
      if (positionals[0] !== undefined) url = parse(["--url", positionals[0]], {}, { url: true }).values.url;
      const pin = values["node-key-id"];
      if (pin !== undefined && !/^[0-9a-f]{64}$/.test(pin))
        throw new UsageError(`--node-key-id needs 64 lower-case hex characters, got '${pin}'`);
      const sdk = await import("../../dist/index.js");
      const state = await getJson(url, "/v1/state");
      const body = await getStream(url, "/v1/audit/log");
      const onProgress = progress(values.quiet === true);
      const v = await sdk.verifyServedLog({
        state,
        log: body,
        entries: async (from, to) => {
          const page = await getJson(url, `/v1/audit/entries?from=${from}&to=${to}`);
          if (!Array.isArray(page?.entries)) throw new NodeError(`${url}/v1/audit/entries: no entries list`);
          return page.entries;
        },
        ...(pin !== undefined ? { nodeKeyId: sdk.fromHex(pin) } : {}),
        ...(onProgress !== undefined ? { onProgress } : {}),
      });
      if (!v.ok) {
        process.stderr.write(`qfs verify-log: ${url}: not verified (${v.step}): ${v.reason}\n`);
        if (v.halt !== undefined) {
          process.stdout.write(JSON.stringify(v.halt) + "\n");
          return EXIT.HALT;
        }
        return EXIT.INVALID;
      }
      process.stdout.write(
        `ok: ${url}: ${v.batches} batches replayed to seq ${v.seq}, ${v.entries} audit entries re-hashed into every ` +
          `checkpoint's root (audit size ${v.treeSize}, root ${v.auditRoot}); the node's state at seq ${v.stateSeq} ` +
          `is the log's; node key ${state.nodeKeyId}${pin === undefined ? " (not pinned)" : ""}\n${v.stateRoot}\n`,
      );
      return EXIT.OK;
    }),
  );
}
