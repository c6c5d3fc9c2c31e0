// CIR-302 in the service (SPEC §9, docs/service.md "Halt (CIR-302)"). The HaltGuard holds the node's current
// halt — the ledger's own (a HALT op, or an invariant the core found broken) or the node's (a trusted-path check
// that failed at start) — as a record signed by the node key and persisted in DATA_DIR/halt.json before anyone
// hears of it. While one is current, the sequencer asks check() before queueing a packet: only a resume passes.
// A ledger halt's resume is the core's RESUME op (a normal packet, sequenced); a node halt's is checked here
// (node-resume.ts) and, when a council M-of-N signed it, the node accepts the state its stores hold.
import { errorName, qfsError, type QfsError, type QfsErrorName } from "../../bindings/errors/index.js";
import { bytesEqual, toHex } from "../../bindings/bytes.js";
import { verifyCheckpoint, type Checkpoint } from "../../bindings/audit/checkpoint.js";
import {
  encodeHaltRecord,
  haltRecordHash,
  HALT_CODE_CIR302,
  signHaltRecord,
  verifyHaltRecord,
  decodeHaltRecord,
  type HaltRecordFields,
} from "../../bindings/audit/halt.js";
import type { Ledger, LedgerEvent, PacketIds } from "../../bindings/ledger/index.js";
import { toBase64 } from "../../bindings/sdk/base64.js";
import type { HaltJson, NodeEvent } from "../node-service.js";
import type { NodeKey } from "../node-key.js";
import {
  emptyHaltFile,
  readHaltFile,
  setAsideHaltFile,
  writeHaltFile,
  type HaltEnd,
  type HaltEntry,
  type HaltFile,
} from "./halt-file.js";
import { isResumeOnly, verifyNodeResume } from "./node-resume.js";

export type HaltEvent = Extract<NodeEvent, { type: "halt" } | { type: "resume" }>;

/** What the node knows at start, after recovery and the rebuild from the stores. */
export interface StartFacts {
  /** The last committed seq (0 on a new data dir). */
  seq: bigint;
  /** The state root the last commit decision (its checkpoint) recorded. */
  expectedStateRoot: Uint8Array;
  /** The root the stores' rows rebuild to. */
  rebuiltStateRoot: Uint8Array;
  /** The audit root after the last committed batch (the next batch header's auditHead). */
  auditHead: Uint8Array;
  /** The last signed checkpoint, when the decision payload carries one: its signature is checked. */
  checkpoint?: { checkpoint: Checkpoint; signature: Uint8Array };
}

/** The result of an accepted council resume of a node halt. */
export interface NodeResumeResult {
  txId: string;
  haltHash: string;
  councilKeyIds: string[];
  /** The stores' state root the council accepted (the ledger's root now). */
  stateRoot: string;
}

const hex = toHex;

export class HaltGuard {
  private readonly listeners = new Set<(event: HaltEvent) => void>();

  private constructor(
    private readonly dataDir: string,
    private readonly nodeKey: NodeKey,
    private file: HaltFile,
    /** Why halt.json could not be trusted: afterOpen raises a node halt for it. */
    private unreadable: string | undefined,
  ) {}

  /** Reads DATA_DIR/halt.json. A file that cannot be read, or whose current record's hash or signature by this
   *  node's key does not verify, is not trusted: afterOpen sets it aside (halt.json.untrusted) and halts the node. */
  static load(dataDir: string, nodeKey: NodeKey): HaltGuard {
    const read = readHaltFile(dataDir);
    if (read === undefined) return new HaltGuard(dataDir, nodeKey, emptyHaltFile(), undefined);
    if ("unreadable" in read) return new HaltGuard(dataDir, nodeKey, emptyHaltFile(), read.unreadable);
    const cur = read.file.current;
    const why = cur === null ? undefined : badHalt(cur.halt, nodeKey.publicKey);
    if (why !== undefined) return new HaltGuard(dataDir, nodeKey, emptyHaltFile(), `halt.json: ${why}`);
    return new HaltGuard(dataDir, nodeKey, read.file, undefined);
  }

  current(): HaltJson | null {
    return this.file.current?.halt ?? null;
  }

  /** Ended halts, oldest first (at most HALT_HISTORY_ENTRIES_MAX). */
  history(): readonly (HaltEntry & { ended: HaltEnd })[] {
    return this.file.history;
  }

  subscribe(listener: (event: HaltEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Before a packet is queued: "pass" when the node is not halted or the packet is a ledger halt's resume (the
   *  core judges it); "node-resume" for a resume while a node halt is current (tryNodeResume judges it). Any other
   *  packet while halted throws E_HALTED (503) with details.halt. */
  check(packet: Uint8Array): "pass" | "node-resume" {
    const cur = this.file.current;
    if (cur === null) return "pass";
    if (isResumeOnly(packet)) return cur.halt.source === "node" ? "node-resume" : "pass";
    throw this.haltedError();
  }

  /** The E_HALTED refusal of the current halt, for a packet that was queued before it. */
  haltedError(): QfsError {
    const halt = this.current();
    const what =
      halt === null ? "halted" : `${halt.source} halt ${halt.hash} (code ${halt.code}, message ${halt.message})`;
    return qfsError("E_HALTED", `${what}: only a RESUME packet is accepted`, { halt });
  }

  /** At start, once the ledger is rebuilt: the trusted-path checks (halt.json, the last checkpoint's signature,
   *  the stores' root) and the ledger's own halt flag. A node halt already current stays (restart stays halted);
   *  if the stores now rebuild to another root, a new record naming it supersedes the old one. */
  afterOpen(ledger: Ledger, facts: StartFacts): void {
    const cur = this.file.current;
    const node = (message: number, detail: string) =>
      this.raise("node", { code: HALT_CODE_CIR302, message, seq: facts.seq, ...roots(facts) }, detail, facts);
    if (this.unreadable !== undefined) {
      const why = this.unreadable;
      this.unreadable = undefined;
      setAsideHaltFile(this.dataDir);
      node(number("E_CHECKPOINT_SIG_INVALID"), `${why}: the node's own halt record cannot be trusted`);
      return;
    }
    if (cur?.halt.source === "node") {
      if (cur.halt.stateRoot !== hex(facts.rebuiltStateRoot) || cur.halt.seq !== String(facts.seq))
        node(cur.halt.message, `${cur.detail}; at restart the stores rebuild to ${hex(facts.rebuiltStateRoot)}`);
      return;
    }
    const cp = facts.checkpoint;
    if (cp !== undefined && !verifyCheckpoint(cp.checkpoint, cp.signature, this.nodeKey.publicKey)) {
      node(number("E_CHECKPOINT_SIG_INVALID"), `checkpoint seq ${cp.checkpoint.seq} fails the node key's signature`);
      return;
    }
    const accepted = this.accepted(facts);
    if (!bytesEqual(facts.rebuiltStateRoot, facts.expectedStateRoot) && !accepted) {
      node(
        number("E_RESTORE_ROOT"),
        `the stores rebuild to state root ${hex(facts.rebuiltStateRoot)}, ` +
          `the last commit decision (seq ${facts.seq}) recorded ${hex(facts.expectedStateRoot)}`,
      );
      return;
    }
    // The core checks its running sums against the supplies in every batch; rows can break the sums themselves
    // (a balance changed, its running sum not), which only the full scan sees. O(capacity), once per start.
    const inv = accepted ? ({ ok: true } as const) : ledger.checkInvariants();
    if (!inv.ok) {
      node(number("E_INVARIANT_VIOLATED"), `token ${inv.token}: the sum of the balances is not the supply`);
      return;
    }
    this.syncLedger(ledger, {});
  }

  /** After every committed batch: a ledger that halted in it gets its signed record; one a RESUME cleared ends
   *  the current ledger halt (with the resume's tx id and council count from its Resume event). */
  afterBatch(ledger: Ledger, batch: { events: readonly LedgerEvent[]; packets: readonly PacketIds[] }): void {
    const txOf = (packet: number) => {
      const ids = batch.packets[packet];
      return ids === undefined ? undefined : hex(ids.id);
    };
    // The last of each: a batch can halt, resume and halt again; what stands at its end is the last one.
    const halt = batch.events.filter((e) => e.type === "Halt").at(-1);
    const resume = batch.events.filter((e) => e.type === "Resume").at(-1);
    this.syncLedger(ledger, {
      haltTx: halt === undefined ? undefined : (txOf(halt.packet) ?? "batch-level (an invariant)"),
      resumeTx: resume === undefined ? undefined : txOf(resume.packet),
      councilSigners: resume?.type === "Resume" ? resume.councilSigners : undefined,
    });
  }

  /** A council resume of the current node halt (check() said "node-resume"): verified against the ledger's
   *  registry; on success the halt ends, halt.json records the acceptance (so a restart on the same stores does not
   *  halt again), and a halt the rebuilt ledger itself holds is raised next. E_RESUME_INVALID / E_SIG_INVALID. */
  tryNodeResume(packet: Uint8Array, ledger: Ledger): NodeResumeResult {
    const cur = this.file.current;
    if (cur === null || cur.halt.source !== "node") throw qfsError("E_RESUME_INVALID", "no node halt is current");
    const hash = new Uint8Array(Buffer.from(cur.halt.hash, "hex"));
    const ok = verifyNodeResume(packet, ledger, hash);
    const result: NodeResumeResult = {
      txId: hex(ok.txId),
      haltHash: cur.halt.hash,
      councilKeyIds: ok.councilKeyIds.map(hex),
      stateRoot: hex(ledger.stateRoot()),
    };
    this.end({
      how: "council-accepts-stores",
      atMs: Date.now(),
      seq: String(ledger.seq),
      txId: result.txId,
      councilSigners: ok.councilKeyIds.length,
      councilKeyIds: result.councilKeyIds,
      ...(cur.expectedStateRoot === undefined ? {} : { expectedStateRoot: cur.expectedStateRoot }),
      acceptedStateRoot: cur.halt.stateRoot,
    });
    this.syncLedger(ledger, {});
    return result;
  }

  /** For the node's other trusted-path checks (e.g. the archive finding a broken checkpoint chain): a node halt,
   *  code 302, message = the catalogue number of the failed check, naming the state the node serves. Writes stop
   *  until a council resume; a node halt already current stays (the first failure is the one on record). */
  raiseNodeHalt(
    failed: QfsErrorName,
    detail: string,
    at: { seq: bigint; stateRoot: Uint8Array; auditHead: Uint8Array },
  ): HaltJson {
    const cur = this.file.current;
    if (cur?.halt.source === "node") return cur.halt;
    const message = qfsError(failed).number;
    return this.raise("node", { code: HALT_CODE_CIR302, message, ...at }, detail);
  }

  /** Records a halt: signs the record with the node key, persists halt.json (the previous current one, if any, goes
   *  to history as superseded), then tells the subscribers. */
  private raise(source: HaltJson["source"], fields: HaltRecordFields, detail: string, facts?: StartFacts): HaltJson {
    const record = encodeHaltRecord(fields);
    const halt = haltJson(source, record, signHaltRecord(record, this.nodeKey.secretKey));
    const next: HaltFile = { ...this.file, history: [...this.file.history] };
    const prev = next.current;
    if (prev !== null)
      next.history.push({ ...prev, ended: { how: "superseded", atMs: Date.now(), seq: String(fields.seq) } });
    next.current = { halt, detail, raisedAtMs: Date.now() };
    if (facts !== undefined) next.current.expectedStateRoot = hex(facts.expectedStateRoot);
    writeHaltFile(this.dataDir, next);
    this.file = next;
    this.emit({ type: "halt", halt });
    return halt;
  }

  private end(ended: HaltEnd): void {
    const cur = this.file.current;
    if (cur === null) return;
    const next: HaltFile = { ...this.file, current: null, history: [...this.file.history, { ...cur, ended }] };
    writeHaltFile(this.dataDir, next);
    this.file = next;
    this.emit({ type: "resume", hash: cur.halt.hash });
  }

  /** The ledger's halt flag is the truth for ledger halts; halt.json follows it (also after a crash between the
   *  batch's commit and the file's write). Never touches a current node halt. */
  private syncLedger(ledger: Ledger, why: { haltTx?: string; resumeTx?: string; councilSigners?: number }): void {
    const cur = this.file.current;
    if (cur?.halt.source === "node") return;
    const rec = ledger.halted ? ledger.haltRecord() : undefined;
    if (rec !== undefined) {
      if (cur !== null && cur.halt.hash === hex(rec.hash)) return;
      const fields = decodeHaltRecord(rec.encoded)!;
      const detail = why.haltTx === undefined ? "the ledger is halted (found at start)" : `halted by ${why.haltTx}`;
      this.raise("ledger", fields, detail);
    } else if (cur !== null) {
      this.end({
        how: why.resumeTx === undefined ? "not-halted-at-start" : "ledger-resume",
        atMs: Date.now(),
        seq: String(ledger.seq),
        ...(why.resumeTx === undefined ? {} : { txId: why.resumeTx }),
        ...(why.councilSigners === undefined ? {} : { councilSigners: why.councilSigners }),
      });
    }
  }

  /** A council earlier accepted exactly these stores at exactly this decision: no new halt for the same mismatch. */
  private accepted(facts: StartFacts): boolean {
    const seq = String(facts.seq);
    const expected = hex(facts.expectedStateRoot);
    const rebuilt = hex(facts.rebuiltStateRoot);
    return this.file.history.some(
      (h) =>
        h.ended.how === "council-accepts-stores" &&
        h.ended.seq === seq &&
        h.ended.expectedStateRoot === expected &&
        h.ended.acceptedStateRoot === rebuilt,
    );
  }

  private emit(event: HaltEvent): void {
    for (const l of this.listeners) l(event);
  }
}

function number(name: "E_CHECKPOINT_SIG_INVALID" | "E_RESTORE_ROOT" | "E_INVARIANT_VIOLATED"): number {
  return qfsError(name).number;
}

function roots(facts: StartFacts): { stateRoot: Uint8Array; auditHead: Uint8Array } {
  // The record names the state the node serves (the stores'), so the hash a council signs binds what it accepts.
  return { stateRoot: facts.rebuiltStateRoot, auditHead: facts.auditHead };
}

export function haltJson(source: HaltJson["source"], record: Uint8Array, signature: Uint8Array): HaltJson {
  const f = decodeHaltRecord(record)!;
  return {
    source,
    record: hex(record),
    hash: hex(haltRecordHash(record)),
    code: f.code,
    message: f.message,
    reason: errorName(f.message) ?? "",
    seq: String(f.seq),
    stateRoot: hex(f.stateRoot),
    auditHead: hex(f.auditHead),
    signature: toBase64(signature),
  };
}

/** Why a stored HaltJson is not one this node signed (undefined when it is). */
function badHalt(h: HaltJson, nodePublicKey: Uint8Array): string | undefined {
  if (h === null || typeof h !== "object" || typeof h.record !== "string") return "current halt is malformed";
  const record = new Uint8Array(Buffer.from(h.record, "hex"));
  const fields = decodeHaltRecord(record);
  if (fields === undefined || hex(record) !== h.record) return "current record is not 80 bytes of hex";
  if (h.source !== "ledger" && h.source !== "node") return "current halt has no source";
  let sig: Uint8Array;
  try {
    sig = new Uint8Array(Buffer.from(String(h.signature), "base64"));
  } catch {
    return "current signature is not base64";
  }
  if (!verifyHaltRecord(record, sig, nodePublicKey)) return "current record's signature does not verify";
  const again = haltJson(h.source, record, sig);
  for (const k of Object.keys(again) as (keyof HaltJson)[])
    if (again[k] !== h[k]) return `current ${k} does not match the signed record`;
  return undefined;
}
