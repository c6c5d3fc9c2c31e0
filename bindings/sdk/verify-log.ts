// Verifies a node's served log (docs/cli.md "qfs verify-log"): the replay log of GET /v1/audit/log replayed batch
// by batch (every header, checkpoint and packet signature in WASM, the state root recomputed), the node's
// GET /v1/state found in it, and the audit entries of GET /v1/audit/entries rebuilding every checkpoint's audit root.
// Node and browsers alike: the transport is the caller's (an async iterable of log bytes, an entries pager).
// Memory: one log line, plus the checkpoints whose entries are not fetched yet (at most one page's worth).
import { checkpointHash, type Checkpoint } from "../audit/checkpoint.js";
import { ENTRY_MAX_LEN } from "../audit/entries.js";
import { WasmAuditTree } from "../audit/wasm-tree.js";
import { bytesEqual, fromHex, toHex } from "../bytes.js";
import { REPLAY_LOG_LINE_BYTES_MAX } from "../replay/limits.js";
import { LineSplitter } from "../replay/lines.js";
import { ReplayLogV2Reader } from "../replay/format-v2.js";
import { LogReplay, type ReplayHaltRecord, type ReplayResult } from "../replay/replay.js";
import { fromBase64 } from "./base64.js";
import { keyId } from "./keys.js";

/** Largest page of GET /v1/audit/entries (contract: to − from ≤ 1000). */
export const AUDIT_ENTRIES_PAGE_MAX = 1000;

/** What verifyServedLog needs of GET /v1/state (NodeStateJson). */
export interface ServedState {
  readonly seq: string;
  readonly stateRoot: string;
  readonly auditSize: number;
  readonly nodeKeyId: string;
  readonly nodePublicKey: string;
  readonly checkpoint: { readonly hash: string; readonly seq: number; readonly treeSize: number };
}

export interface ServedEntry {
  readonly index: number;
  readonly entry: string;
}

export interface ServedLog {
  /** GET /v1/state, read before the log (the log may run further: the node goes on committing). */
  readonly state: ServedState;
  /** The bytes of GET /v1/audit/log, in chunks. */
  readonly log: AsyncIterable<Uint8Array>;
  /** GET /v1/audit/entries?from&to (to − from ≤ AUDIT_ENTRIES_PAGE_MAX). */
  readonly entries: (from: number, to: number) => Promise<readonly ServedEntry[]>;
  /** The node key id to trust; without it, the one /v1/state names (the log must be under that key). */
  readonly nodeKeyId?: Uint8Array;
  /** After each verified batch: batches done, and the node's seq at the start (the total to reach). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LogVerified {
  readonly ok: true;
  readonly batches: number;
  readonly seq: number;
  readonly stateRoot: string;
  readonly treeSize: number;
  readonly auditRoot: string;
  /** Entries fetched and re-hashed; every checkpoint's root was rebuilt from them. */
  readonly entries: number;
  /** The node's state (GET /v1/state) that the log was found to contain. */
  readonly stateSeq: number;
}

export interface LogFailure {
  readonly ok: false;
  /** log: the replay halted (halt set) or the log is malformed; state: /v1/state disagrees with the log;
   *  entries: the served entries do not rebuild a checkpoint's audit root. */
  readonly step: "log" | "state" | "entries";
  readonly reason: string;
  readonly halt?: ReplayHaltRecord;
}

export type LogVerdict = LogVerified | LogFailure;

class Failure extends Error {
  constructor(
    readonly step: LogFailure["step"],
    readonly reason: string,
  ) {
    super(reason);
  }
}

// Rebuilds the audit tree from the served entries, page by page, and checks each checkpoint's root at its size.
class EntryWalk {
  private readonly tree = new WasmAuditTree();
  private readonly pending: Checkpoint[] = [];
  private fetched = 0;

  constructor(private readonly entries: ServedLog["entries"]) {
    this.tree.reset();
  }

  get count(): number {
    return this.fetched;
  }

  async add(cp: Checkpoint): Promise<void> {
    this.pending.push(cp);
    // Fetch once a full page is owed, so a log of small batches is walked in full pages.
    if (cp.treeSize - this.fetched >= AUDIT_ENTRIES_PAGE_MAX) await this.flush();
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const cp = this.pending[0]!;
      if (cp.treeSize < this.fetched) throw new Failure("entries", `checkpoint seq ${cp.seq}: the tree shrank`);
      if (cp.treeSize === this.fetched) {
        if (!bytesEqual(this.tree.root(), cp.auditRoot))
          throw new Failure(
            "entries",
            `the served entries [0, ${cp.treeSize}) do not give checkpoint ${cp.seq}'s root`,
          );
        this.pending.shift();
        continue;
      }
      const from = this.fetched;
      const to = Math.min(cp.treeSize, from + AUDIT_ENTRIES_PAGE_MAX);
      const page = await this.entries(from, to);
      if (!Array.isArray(page) || page.length !== to - from)
        throw new Failure("entries", `entries [${from}, ${to}): got ${Array.isArray(page) ? page.length : "no list"}`);
      page.forEach((e, i) => {
        if (e?.index !== from + i) throw new Failure("entries", `entry ${from + i}: the page names index ${e?.index}`);
        let bytes: Uint8Array;
        try {
          if (typeof e.entry !== "string" || e.entry.length > Math.ceil(ENTRY_MAX_LEN / 3) * 4) throw new Error();
          bytes = fromBase64(e.entry);
        } catch {
          throw new Failure("entries", `entry ${from + i}: not base64 of at most ${ENTRY_MAX_LEN} B`);
        }
        this.tree.append(bytes);
      });
      this.fetched = to;
    }
  }
}

function fromReplay(r: ReplayResult | undefined): void {
  if (r !== undefined && !r.ok) {
    const h = r.halt;
    throw Object.assign(new Failure("log", `CIR-302 ${h.code} at seq ${h.seq}: ${h.message}`), { halt: h });
  }
}

/**
 * Verifies a served log against the node's own state. Never throws for what the node served: a failure is
 * `{ ok: false, step, reason }` (with the replay's halt record when a signature, chain or root check failed).
 * Transport errors (the caller's `log` or `entries` throwing) propagate.
 */
export async function verifyServedLog(src: ServedLog): Promise<LogVerdict> {
  try {
    return await run(src);
  } catch (e) {
    if (e instanceof Failure) {
      const halt = (e as Failure & { halt?: ReplayHaltRecord }).halt;
      return { ok: false, step: e.step, reason: e.reason, ...(halt !== undefined ? { halt } : {}) };
    }
    // A log line the reader refuses (malformed, past its cap): the node served something that is not a log.
    const err = e as { code?: unknown; message?: string };
    if (err?.code === "E_REPLAY_LOG_MALFORMED" || err?.code === "E_INPUT_TOO_LARGE")
      return { ok: false, step: "log", reason: `${String(err.code)}: ${err.message ?? ""}` };
    throw e;
  }
}

async function run(src: ServedLog): Promise<LogVerified> {
  const { state } = src;
  const statePk = typeof state?.nodePublicKey === "string" ? fromBase64OrNull(state.nodePublicKey) : null;
  if (statePk === null) throw new Failure("state", "/v1/state has no node public key (base64)");
  const stateKeyId = keyId(statePk);
  if (toHex(stateKeyId) !== state.nodeKeyId) throw new Failure("state", "/v1/state's nodeKeyId is not its key's id");
  if (src.nodeKeyId !== undefined && !bytesEqual(src.nodeKeyId, stateKeyId))
    throw new Failure("state", `the node's key id ${state.nodeKeyId} is not the pinned ${toHex(src.nodeKeyId)}`);
  const stateSeq = Number(state.seq);
  const stateHash = fromHex(state.checkpoint?.hash ?? "");
  if (!Number.isSafeInteger(stateSeq) || stateHash === undefined || stateHash.length !== 32)
    throw new Failure("state", "/v1/state has no seq or checkpoint hash");

  const splitter = new LineSplitter(REPLAY_LOG_LINE_BYTES_MAX);
  const reader = new ReplayLogV2Reader();
  const walk = new EntryWalk(src.entries);
  let replay: LogReplay | undefined;
  let last: Checkpoint | undefined;
  let batches = 0;
  let sawState = false;
  // The node's checkpoint at its seq must be the log's, with the same roots.
  const checkState = (cp: Checkpoint): void => {
    if (cp.seq !== stateSeq) return;
    sawState = true;
    if (!bytesEqual(checkpointHash(cp), stateHash))
      throw new Failure("state", `/v1/state's checkpoint (seq ${stateSeq}) is not the log's`);
    if (toHex(cp.stateRoot) !== state.stateRoot || cp.treeSize !== state.auditSize)
      throw new Failure("state", `/v1/state's state root or audit size is not the log's at seq ${stateSeq}`);
  };
  const line = async (bytes: Uint8Array): Promise<void> => {
    const item = reader.line(bytes);
    if (item.kind === "head") {
      if (!bytesEqual(item.head.nodePublicKey, statePk))
        throw new Failure("state", "the log's node public key is not the one /v1/state names");
      replay = new LogReplay(item.head, { nodeKeyId: src.nodeKeyId ?? stateKeyId });
      fromReplay(replay.start());
      last = item.head.genesisCheckpoint;
    } else if (item.kind === "batch") {
      fromReplay(replay!.batch(item.batch));
      last = item.batch.checkpoint;
      batches++;
      src.onProgress?.(Math.min(batches, stateSeq), stateSeq);
    } else return; // a trailer: the served log has none; its expectedStateRoot is unsigned anyway
    checkState(last);
    await walk.add(last);
  };
  for await (const chunk of src.log) for (const l of splitter.push(chunk)) await line(l);
  const tail = splitter.end();
  if (tail !== undefined) await line(tail);
  reader.end();
  await walk.flush();
  const summary = replay!.finish(undefined);
  fromReplay(summary);
  if (!sawState || last === undefined)
    throw new Failure("state", `the log ends at seq ${last?.seq ?? "-"}, before the node's seq ${stateSeq}`);
  return {
    ok: true,
    batches,
    seq: last.seq,
    stateRoot: toHex(last.stateRoot),
    treeSize: last.treeSize,
    auditRoot: toHex(last.auditRoot),
    entries: walk.count,
    stateSeq,
  };
}

function fromBase64OrNull(s: string): Uint8Array | null {
  try {
    return fromBase64(s);
  } catch {
    return null;
  }
}
