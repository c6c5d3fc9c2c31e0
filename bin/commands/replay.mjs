// qfs replay FILE — replays a log (docs/replay.md) to its state root, verifying every batch
// header, checkpoint and packet signature in the WASM core. Progress and a summary go to stdout;
// the LAST line is the final state root (64 hex). On a CIR-302 condition the last line is the
// halt record as JSON (exit 3). Input is read in REPLAY_READ_CHUNK_BYTES steps under the caps of
// bindings/replay/limits.ts: a version-1 document of at most REPLAY_LOG_V1_BYTES_MAX bytes, or a
// version-2 (JSON Lines) log of any length, streamed line by line, each line at most
// REPLAY_LOG_LINE_BYTES_MAX; past a cap the command stops at once with E_INPUT_TOO_LARGE (exit 2).
import { createReadStream } from "node:fs";
import { EXIT } from "./exit-codes.mjs";

export const summary = "replay a log file to its state root (verifies signatures, roots, chain)";
export const usage = "qfs replay [--quiet] [--node-key-id HEX] FILE|-";
export const details = `
  FILE      a replay log (docs/replay.md): version 1, one JSON document (at most 32 MiB), or
            version 2, JSON Lines, streamed (any length, each line at most 8 MiB); the version is
            told from the first bytes. - reads stdin.
  --quiet   print only the final state root (or the halt record)
  --node-key-id HEX
            the node key id (SHA3-256 of its ML-DSA-87 public key, 64 hex) to trust; without it
            the log is checked under the key it names (printed on the first line)
  -h, --help
            this text

Output: one line per batch, a summary, and the final state root as the last line.
Exit codes: 0 replayed and every checkpoint matched; 2 usage error, or a file that is missing,
unreadable, malformed or past a size cap (E_INPUT_TOO_LARGE); 3 CIR-302 halt (the halt record,
JSON, is the last line of stdout); 4 replayed, but the root differs from the log's expectedStateRoot.
`;

function usageError(message) {
  process.stderr.write(`qfs replay: ${message}\nusage: ${usage}\n`);
  return EXIT.USAGE;
}

// → { quiet, nodeKeyHex, file } or an error message naming the bad argument.
function parseArgs(args) {
  const out = { quiet: false, nodeKeyHex: undefined, file: undefined };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--quiet") out.quiet = true;
    else if (a === "--node-key-id") {
      const v = args[++i];
      if (v === undefined || !/^[0-9a-f]{64}$/.test(v))
        return { error: `--node-key-id needs 64 lower-case hex characters, got '${v ?? ""}'` };
      out.nodeKeyHex = v;
    } else if (a.startsWith("-") && a !== "-") return { error: `unknown option '${a}'` };
    else if (out.file !== undefined) return { error: `unexpected argument '${a}' (one FILE only)` };
    else out.file = a;
  }
  if (out.file === undefined) return { error: "missing FILE (a path, or - for stdin)" };
  return out;
}

export async function run(args) {
  const opts = parseArgs(args);
  if (opts.error !== undefined) return usageError(opts.error);
  // Only the caps and the format sniffing before the input is known to be within them: the API
  // (and its WASM core) loads after, so an oversized input is refused without that cost.
  const api = {
    ...(await import("../../dist/replay/limits.js")),
    ...(await import("../../dist/replay/errors.js")),
    ...(await import("../../dist/errors/index.js")),
    ...(await import("../../dist/replay/format-v2.js")),
    ...(await import("../../dist/replay/lines.js")),
  };
  const core = () => import("../../dist/index.js");
  const { file, quiet } = opts;
  const out = (line) => {
    if (!quiet) process.stdout.write(line + "\n");
  };
  const stream = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: api.REPLAY_READ_CHUNK_BYTES });
  const replayOpts = {
    ...(opts.nodeKeyHex !== undefined ? { nodeKeyId: fromHex(opts.nodeKeyHex) } : {}),
    onBatch: (b) =>
      out(
        `batch ${b.seq}: time ${b.timeMs}, ${b.packets} packets (${b.accepted} applied, ${b.rejected} rejected), ` +
          `audit size ${b.treeSize}, state ${b.stateRoot.slice(0, 16)}…${b.ledgerHalted ? " [ledger halted]" : ""}`,
      ),
  };
  const pinned = opts.nodeKeyHex === undefined ? " (not pinned)" : "";
  let result;
  try {
    result = await replayStream(api, core, stream, replayOpts, (head, batches) =>
      out(
        `replay ${file}: ${batches === undefined ? "log v2 (JSON Lines), " : ""}chain ${head.chainId}, ` +
          `${batches === undefined ? "" : `${batches} batches, `}node key id ${toHex(head.nodeKeyId)}${pinned}`,
      ),
    );
  } catch (e) {
    if (api.isQfsError(e, "E_REPLAY_LOG_MALFORMED") || api.isQfsError(e, "E_INPUT_TOO_LARGE")) {
      process.stderr.write(`qfs replay: ${file}: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e && typeof e.code === "string" && e.syscall !== undefined) {
      process.stderr.write(`qfs replay: cannot read ${file}: ${e.code}\n`);
      return EXIT.USAGE;
    }
    throw e;
  } finally {
    if (file !== "-") stream.destroy();
  }
  return report(result, file, out);
}

function report(result, file, out) {
  if (!result.ok) {
    const h = result.halt;
    process.stderr.write(`qfs replay: CIR-302 halt: ${h.code} at seq ${h.seq}: ${h.message}\n`);
    process.stdout.write(JSON.stringify(h) + "\n");
    return EXIT.HALT;
  }
  out(
    `ok: ${result.batches} batches, ${result.packets} packets (${result.accepted} applied, ${result.rejected} rejected), ` +
      `seq ${result.seq}, audit size ${result.treeSize}, audit root ${result.auditRoot}` +
      (result.ledgerHalted ? ", ledger halted" : ""),
  );
  process.stdout.write(result.stateRoot + "\n");
  if (result.expectedStateRoot !== undefined && result.expectedStateRoot !== result.stateRoot) {
    process.stderr.write(
      `qfs replay: ${file}: the computed state root ${result.stateRoot} differs from the log's expectedStateRoot ` +
        `${result.expectedStateRoot}\n`,
    );
    return EXIT.EXPECTATION;
  }
  return EXIT.OK;
}

// Reads the log from `stream` chunk by chunk. The first bytes tell the version: a version-2 log
// is replayed line by line as it arrives; a version-1 document is gathered (at most
// REPLAY_LOG_V1_BYTES_MAX bytes, checked before each chunk is kept) and replayed whole.
async function replayStream(api, core, stream, replayOpts, onHead) {
  const prefixLen = api.REPLAY_LOG_V2_PREFIX.length;
  let chunks = [];
  let kept = 0;
  let v2Run; // set once the first bytes say version 2
  for await (const c of stream) {
    const chunk = new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
    if (v2Run === undefined) {
      if (kept + chunk.length > api.REPLAY_LOG_V1_BYTES_MAX)
        throw api.inputTooLarge("input", api.REPLAY_LOG_V1_BYTES_MAX);
      chunks.push(chunk);
      kept += chunk.length;
      if (kept < prefixLen || !api.isReplayLogV2(concat(chunks, prefixLen))) continue;
      v2Run = new V2(await core(), replayOpts, onHead);
      const held = chunks;
      chunks = [];
      for (const h of held) v2Run.push(h);
    } else v2Run.push(chunk);
    if (v2Run.halt !== undefined) return v2Run.halt;
  }
  if (v2Run !== undefined) return v2Run.end();
  const bytes = concat(chunks, kept);
  chunks.length = 0; // the chunks can be collected while the document is parsed
  const full = await core();
  const log = full.parseReplayLog(bytes);
  onHead({ chainId: log.chainId, nodeKeyId: full.keyId(log.nodePublicKey) }, log.batches.length);
  return full.replayLog(log, replayOpts);
}

// A version-2 log fed chunk by chunk: lines under the line cap, each replayed as it completes.
class V2 {
  halt = undefined;
  #announced = false;
  constructor(api, replayOpts, onHead) {
    this.splitter = new api.LineSplitter(api.REPLAY_LOG_LINE_BYTES_MAX);
    this.run = new api.ReplayLogV2Run(replayOpts);
    this.onHead = (head) => onHead({ chainId: head.chainId, nodeKeyId: api.keyId(head.nodePublicKey) }, undefined);
  }
  push(chunk) {
    for (const line of this.splitter.push(chunk)) if (this.#line(line)) return;
  }
  end() {
    if (this.halt !== undefined) return this.halt;
    const last = this.splitter.end();
    if (last !== undefined && this.#line(last)) return this.halt;
    return this.run.end();
  }
  // Replays one line; true when it halted (then nothing more is fed).
  #line(line) {
    if (this.halt !== undefined) return true;
    this.halt = this.run.line(line);
    if (!this.#announced && this.run.head !== undefined) {
      this.#announced = true;
      this.onHead(this.run.head);
    }
    return this.halt !== undefined;
  }
}

// The first `n` bytes of the chunks, as one array.
function concat(chunks, n) {
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    if (o >= n) break;
    const take = Math.min(c.length, n - o);
    out.set(c.subarray(0, take), o);
    o += take;
  }
  return out;
}

function toHex(b) {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function fromHex(h) {
  return Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
}
