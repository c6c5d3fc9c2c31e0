// qfs replay FILE — replays a log (docs/replay.md) to its state root, verifying every batch
// header, checkpoint and packet signature in the WASM core. Progress and a summary go to stdout;
// the LAST line is the final state root (64 hex). On a CIR-302 condition the last line is the
// halt record as JSON and the exit code is 3; an unreadable or malformed file exits 2.
import { readFileSync } from "node:fs";

export const summary = "replay a log file to its state root (verifies signatures, roots, chain)";
export const usage = "qfs replay [--quiet] [--node-key-id HEX] FILE";
export const details = `
  FILE      a replay log (JSON, format "qfs-replay-log" version 1; see docs/replay.md); - reads stdin
  --quiet   print only the final state root (or the halt record)
  --node-key-id HEX
            the node key id (SHA3-256 of its ML-DSA-87 public key, 64 hex) to trust; without it
            the log is checked under the key it names (printed on the first line)

Output: one line per batch, a summary, and the final state root as the last line.
Exit codes: 0 replayed and every checkpoint matched; 2 usage error, unreadable or malformed
file; 3 CIR-302 halt (the halt record, JSON, is the last line of stdout).
`;

export async function run(args) {
  const rest = [...args];
  const quiet = take(rest, "--quiet");
  const keyAt = rest.indexOf("--node-key-id");
  let nodeKeyHex;
  if (keyAt >= 0) {
    nodeKeyHex = rest[keyAt + 1];
    rest.splice(keyAt, 2);
    if (nodeKeyHex === undefined || !/^[0-9a-f]{64}$/.test(nodeKeyHex)) {
      process.stderr.write(`qfs replay: --node-key-id needs 64 lower-case hex characters\n`);
      return 2;
    }
  }
  const files = rest;
  if (files.length !== 1 || (files[0].startsWith("-") && files[0] !== "-")) {
    process.stderr.write(`usage: ${usage}\n`);
    return 2;
  }
  const file = files[0];
  let bytes;
  try {
    bytes = readFileSync(file === "-" ? 0 : file);
  } catch (e) {
    process.stderr.write(`qfs replay: cannot read ${file}: ${e.code ?? e.message}\n`);
    return 2;
  }
  const { parseReplayLog, replayLog, isQfsError, keyId, toHex } = await loadApi();
  let log;
  try {
    log = parseReplayLog(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    if (isQfsError(e, "E_REPLAY_LOG_MALFORMED")) {
      process.stderr.write(`qfs replay: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const out = (line) => {
    if (!quiet) process.stdout.write(line + "\n");
  };
  out(
    `replay ${file}: chain ${log.chainId}, ${log.batches.length} batches, node key id ${toHex(keyId(log.nodePublicKey))}${nodeKeyHex === undefined ? " (not pinned)" : ""}`,
  );
  let result;
  try {
    result = replayLog(log, {
      ...(nodeKeyHex !== undefined ? { nodeKeyId: fromHex(nodeKeyHex) } : {}),
      onBatch: (b) =>
        out(
          `batch ${b.seq}: time ${b.timeMs}, ${b.packets} packets (${b.accepted} applied, ${b.rejected} rejected), ` +
            `audit size ${b.treeSize}, state ${b.stateRoot.slice(0, 16)}…${b.ledgerHalted ? " [ledger halted]" : ""}`,
        ),
    });
  } catch (e) {
    if (isQfsError(e, "E_REPLAY_LOG_MALFORMED")) {
      process.stderr.write(`qfs replay: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (!result.ok) {
    const h = result.halt;
    process.stderr.write(`qfs replay: CIR-302 halt: ${h.code} at seq ${h.seq}: ${h.message}\n`);
    process.stdout.write(JSON.stringify(h) + "\n");
    return 3;
  }
  out(
    `ok: ${result.batches} batches, ${result.packets} packets (${result.accepted} applied, ${result.rejected} rejected), ` +
      `seq ${result.seq}, audit size ${result.treeSize}, audit root ${result.auditRoot}` +
      (result.ledgerHalted ? ", ledger halted" : ""),
  );
  process.stdout.write(result.stateRoot + "\n");
  return 0;
}

function take(list, flag) {
  const i = list.indexOf(flag);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

function fromHex(h) {
  return Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
}

async function loadApi() {
  const api = await import("../../dist/index.js");
  const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return { ...api, toHex };
}
