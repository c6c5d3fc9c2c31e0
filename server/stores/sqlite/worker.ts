// The worker thread that owns one SQLite participant file (SqliteEngine). It answers one request at a time, in
// order: SQLite on one connection is serial anyway, and order is what makes prepare-then-commit well defined.
import { parentPort, workerData } from "node:worker_threads";
import { qfsError } from "../../../bindings/errors/index.js";
import { errorDetail } from "../participant.js";
import { SqliteEngine } from "./engine.js";
import type { Ready, Reply, Request, Result, WorkerInit } from "./protocol.js";

const port = parentPort!;
const init = workerData as WorkerInit;
let engine: SqliteEngine | undefined;
try {
  engine = new SqliteEngine(init.file, init.participantId);
  port.postMessage({ ready: true } satisfies Ready);
} catch (e) {
  port.postMessage({ ready: false, code: errorCode(e), message: errorDetail(e) } satisfies Ready);
}

/** Our own codes pass through; a driver's (ERR_SQLITE_ERROR, SQLITE_BUSY, …) is a storage failure. */
function errorCode(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("E_") ? code : "E_STORAGE";
}

function run(eng: SqliteEngine, req: Request): Result {
  switch (req.op) {
    case "prepare":
      return eng.prepare(req.round, req.term, req.writeSet);
    case "commit":
      return (eng.commit(req.round), null);
    case "abort":
      return (eng.abort(req.round), null);
    case "recover":
      return eng.recover();
    case "readRows":
      return eng.readRows(req.opts);
    case "lastCommittedRound":
      return eng.lastCommittedRound();
    case "highestTerm":
      return eng.highestTerm();
    case "close":
      return (eng.close(), null);
  }
}

port.on("message", (req: Request) => {
  const eng = engine;
  let reply: Reply;
  try {
    if (!eng) throw qfsError("E_STORAGE", "store not open");
    reply = { id: req.id, ok: true, result: run(eng, req), forcedWrites: eng.forcedWrites };
  } catch (e) {
    // The detail only: the main thread makes the QfsError again from (code, detail).
    const message = errorDetail(e);
    reply = { id: req.id, ok: false, code: errorCode(e), message, forcedWrites: eng?.forcedWrites ?? 0 };
  }
  port.postMessage(reply);
  if (req.op === "close") port.close();
});
