// An honest NodeService for the HTTP tests, without stores: a real Ledger driven by ReplaySequencer (so receipts,
// signed checkpoints, inclusion proofs and the served replay log are real and verifiable), with the node's
// behaviours the routes depend on: group commit (submits waiting in the same tick share one batch), a bounded
// queue (E_POOL_SATURATED), retries answered with the original receipt (repeat: true), a halted ledger refusing
// every packet but a resume with E_HALTED + details.halt, and event fan-out to subscribers.
import { signedCheckpointJson as checkpointJson } from "../../server/archive/checkpoint-json.js";
import { accountJson, stakingGlobalsJson } from "../../server/sequencer/reads-json.js";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import {
  AuditLog,
  BATCH_LEVEL,
  decodeEntry,
  decodePacketWithBody,
  errorName,
  genesisAuditEntries,
  isQfsError,
  keyId,
  LedgerRole,
  qfsError,
  replayLogV2BatchLine,
  replayLogV2HeadLine,
  ReplaySequencer,
  sha3_256,
  Token,
  toBase64,
  type GenesisInput,
  type KeyPair,
  type LedgerEvent,
  type LoggedBatch,
} from "../../bindings/index.js";
import type {
  AccountEventJson,
  AccountJson,
  EntryJson,
  EventJson,
  HaltJson,
  KeyJson,
  NodeEvent,
  NodeService,
  NodeStateJson,
  ReceiptJson,
  SignedCheckpointJson,
  StakingGlobalsJson,
} from "../../server/node-service.js";

const HALT_CONTEXT = new TextEncoder().encode("QFS-V13/halt");
const BATCH_PACKETS_MAX = 256;
const TOKEN_NAMES = Object.keys(Token);
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** Bytes as hex, bigints as decimal strings, the rest as is: the API's JSON of a binding value. */
export function toJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return hex(v);
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}

function roleNames(bits: number): string[] {
  const names = Object.entries(LedgerRole)
    .filter(([, bit]) => (bits & bit) !== 0)
    .map(([n]) => n);
  TOKEN_NAMES.forEach((t, i) => {
    if ((bits & (1 << (8 + i))) !== 0) names.push(`MINTER:${t}`);
  });
  return names;
}

/** The accounts an event concerns (its history lists it). */
function eventAccounts(ev: LedgerEvent): Uint8Array[] {
  switch (ev.type) {
    case "Mint":
    case "Burn":
      return [ev.account];
    case "Transfer":
      return [ev.from, ev.to];
    case "KeyRegistered":
    case "KeyRotated":
      return [ev.owner];
    default:
      return [];
  }
}

interface Waiter {
  packet: Uint8Array;
  txId: string;
  resolve: (r: ReceiptJson) => void;
  reject: (e: unknown) => void;
}

export interface FakeNodeOptions {
  genesis: GenesisInput;
  nodeKey: KeyPair;
  /** Most packets waiting for a batch (default 4096). */
  queuePacketsMax?: number;
}

export class FakeNode implements NodeService {
  readonly chainId: number;
  /** node.submit calls (a packet the HTTP layer refused never gets here). */
  submitCalls = 0;
  private readonly seqr: ReplaySequencer;
  private readonly audit = new AuditLog();
  private readonly entryBytes: Uint8Array[] = [];
  private readonly signedCheckpoints: SignedCheckpointJson[] = [];
  private readonly receipts = new Map<string, ReceiptJson>();
  private readonly appliedByBody = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<ReceiptJson>>();
  private readonly history = new Map<string, AccountEventJson[]>();
  private readonly listeners = new Set<(e: NodeEvent) => void>();
  private queue: Waiter[] = [];
  private flushScheduled = false;
  private held = false;
  private lastLogged: LoggedBatch | undefined;
  private halt: HaltJson | null = null;

  constructor(private readonly opts: FakeNodeOptions) {
    this.seqr = new ReplaySequencer({
      genesis: opts.genesis,
      nodeSecretKey: opts.nodeKey.secretKey,
      nodePublicKey: opts.nodeKey.publicKey,
      onLogged: (b) => (this.lastLogged = b),
    });
    this.chainId = this.seqr.genesis.chainId;
    const ledger = this.seqr.ledger;
    for (const e of genesisAuditEntries(ledger.genesisResult.events)) this.appendEntry(e);
    if (this.audit.size !== ledger.auditSize) throw new Error("fake node: genesis entries differ from the core's");
    const head = this.seqr.logHead();
    this.signedCheckpoints.push(checkpointJson(head.genesisCheckpoint, head.genesisCheckpointSignature));
  }

  private appendEntry(e: Uint8Array): number {
    this.entryBytes.push(e);
    return this.audit.append(e);
  }

  private get latest(): SignedCheckpointJson {
    return this.signedCheckpoints[this.signedCheckpoints.length - 1]!;
  }

  submit(packet: Uint8Array): Promise<ReceiptJson> {
    this.submitCalls++;
    const txId = hex(sha3_256(packet));
    const done = this.receipts.get(txId);
    if (done !== undefined) return Promise.resolve({ ...done, repeat: true });
    const pending = this.inFlight.get(txId);
    if (pending !== undefined) return pending.then((r) => ({ ...r, repeat: true }));
    let decoded: ReturnType<typeof decodePacketWithBody> | undefined;
    try {
      decoded = decodePacketWithBody(packet);
    } catch {
      decoded = undefined; // sequenced anyway: the core logs it with its wire error
    }
    if (decoded !== undefined) {
      const original = this.appliedByBody.get(hex(sha3_256(decoded.bodyBytes)));
      if (original !== undefined) return Promise.resolve({ ...this.receipts.get(original)!, repeat: true });
    }
    if (this.halt !== null && !(decoded?.packet.body.ops.every((o) => o.op === "resume") ?? false))
      return Promise.reject(qfsError("E_HALTED", `halted at seq ${this.halt.seq}`, { halt: this.halt }));
    if (this.queue.length >= (this.opts.queuePacketsMax ?? 4096))
      return Promise.reject(qfsError("E_POOL_SATURATED", `${this.queue.length} packets already queued`));
    const p = new Promise<ReceiptJson>((resolve, reject) => this.queue.push({ packet, txId, resolve, reject }));
    this.inFlight.set(txId, p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return p;
  }

  /** Holds the queued packets back from their batch (a slow round), so a test can fill the queue. */
  holdCommits(hold: boolean): void {
    this.held = hold;
    if (!hold && !this.flushScheduled && this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Group commit: everything queued since the last flush is one batch. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.held) return;
    const batch = this.queue.splice(0, BATCH_PACKETS_MAX);
    if (this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    if (batch.length === 0) return;
    try {
      const receipts = this.sequence(batch.map((w) => w.packet));
      batch.forEach((w, i) => w.resolve(receipts[i]!));
    } catch (e) {
      for (const w of batch) w.reject(isQfsError(e) ? e : qfsError("E_INTERNAL", String(e)));
    } finally {
      for (const w of batch) this.inFlight.delete(w.txId);
    }
  }

  private sequence(packets: Uint8Array[]): ReceiptJson[] {
    const timeMs = Math.max(this.seqr.lastCheckpoint.logicalTimeMs, Date.now());
    const res = this.seqr.applyBatch(timeMs, packets);
    const cp = checkpointJson(res.checkpoint, this.lastLogged!.checkpointSignature);
    const seq = String(res.checkpoint.seq);
    // Walk the batch's entries (docs/replay.md §4): packet, outcome, its events; then batch-level events.
    const outcomeIndex: number[] = [];
    const eventIndexes = new Map<number, number[]>();
    let packet = -1;
    for (const e of res.auditEntries) {
      const index = this.appendEntry(e);
      const entry = decodeEntry(e);
      if (entry.kind === "packet") packet++;
      else if (entry.kind === "outcome") outcomeIndex[packet] = index;
      else {
        const tag0 = entry.fields[0]!.value;
        const p = new DataView(tag0.buffer, tag0.byteOffset, 4).getUint32(0, true);
        eventIndexes.set(p, [...(eventIndexes.get(p) ?? []), index]);
      }
    }
    if (this.audit.size !== res.checkpoint.treeSize) throw qfsError("E_INTERNAL", "fake node: audit size drift");
    this.signedCheckpoints.push(cp);
    const eventsOf = new Map<number, EventJson[]>();
    const seen = new Map<number, number>();
    for (const ev of res.events) {
      const k = seen.get(ev.packet) ?? 0;
      seen.set(ev.packet, k + 1);
      const auditIndex = eventIndexes.get(ev.packet)?.[k] ?? -1;
      const json = { ...(toJson(ev) as Record<string, unknown>), type: ev.type, auditIndex } as EventJson;
      eventsOf.set(ev.packet, [...(eventsOf.get(ev.packet) ?? []), json]);
      if (ev.packet === BATCH_LEVEL) continue;
      const txId = hex(res.packets[ev.packet]!.id);
      for (const a of eventAccounts(ev)) {
        const list = this.history.get(hex(a)) ?? [];
        list.push({ auditIndex, seq, txId, event: json });
        this.history.set(hex(a), list);
      }
    }
    const receipts = res.outcomes.map((code, i): ReceiptJson => {
      const auditIndex = outcomeIndex[i]!;
      return {
        txId: hex(res.packets[i]!.id),
        bodyHash: hex(res.packets[i]!.bodyHash),
        outcome: code === 0 ? "OK" : (errorName(code) ?? `E_${code}`),
        code,
        seq,
        index: i,
        stateRoot: cp.stateRoot,
        auditIndex,
        outcomeEntry: toBase64(this.entryBytes[auditIndex]!),
        events: eventsOf.get(i) ?? [],
        checkpoint: cp,
        inclusionProof: this.audit.inclusionProof(auditIndex, cp.treeSize).map(hex),
        repeat: false,
      };
    });
    for (const r of receipts) {
      this.receipts.set(r.txId, r);
      if (r.code === 0) this.appliedByBody.set(r.bodyHash, r.txId);
    }
    this.afterBatch(receipts, cp);
    return receipts;
  }

  private afterBatch(receipts: ReceiptJson[], cp: SignedCheckpointJson): void {
    const wasHalted = this.halt;
    this.halt = this.seqr.ledger.halted ? this.haltJson() : null;
    this.emit({ type: "checkpoint", checkpoint: cp });
    for (const r of receipts)
      this.emit({ type: "tx", txId: r.txId, outcome: r.outcome, code: r.code, seq: r.seq, index: r.index });
    if (wasHalted === null && this.halt !== null) this.emit({ type: "halt", halt: this.halt });
    if (wasHalted !== null && this.halt === null) this.emit({ type: "resume", hash: wasHalted.hash });
  }

  private haltJson(): HaltJson {
    const rec = this.seqr.ledger.haltRecord()!;
    const reason = errorName(rec.message) ?? "";
    return {
      source: "ledger",
      record: hex(rec.encoded),
      hash: hex(rec.hash),
      code: rec.code,
      message: rec.message,
      reason,
      seq: rec.seq.toString(),
      stateRoot: hex(rec.stateRoot),
      auditHead: hex(rec.auditHead),
      signature: toBase64(
        ml_dsa87.sign(rec.encoded, this.opts.nodeKey.secretKey, { context: HALT_CONTEXT, extraEntropy: false }),
      ),
    };
  }

  /** Pushes an event to every subscriber (the tests also use it to load a slow SSE client). */
  emit(event: NodeEvent): void {
    for (const l of this.listeners) l(event);
  }

  state(): NodeStateJson {
    const cp = this.latest;
    return {
      chainId: this.chainId,
      seq: String(cp.seq),
      timeMs: String(cp.logicalTimeMs),
      stateRoot: cp.stateRoot,
      auditSize: this.audit.size,
      halted: this.halt !== null,
      nodeKeyId: hex(keyId(this.opts.nodeKey.publicKey)),
      nodePublicKey: toBase64(this.opts.nodeKey.publicKey),
      checkpoint: cp,
      halt: this.halt,
    };
  }

  receipt(txId: Uint8Array): Promise<ReceiptJson | undefined> {
    return Promise.resolve(this.receipts.get(hex(txId)));
  }

  account(id: Uint8Array): Promise<AccountJson | undefined> {
    const ledger = this.seqr.ledger;
    const acc = ledger.getAccount(id);
    if (acc === undefined) return Promise.resolve(undefined);
    // The real node's JSON (server/sequencer/reads-json.ts), so the routes are tested with what they serve.
    return Promise.resolve(accountJson(id, acc, ledger.stateProof(id), this.latest));
  }

  stakingGlobals(): Promise<StakingGlobalsJson> {
    return Promise.resolve(stakingGlobalsJson(this.seqr.ledger, String(this.latest.seq)));
  }

  accountEvents(id: Uint8Array, fromAuditIndex: number, limit: number): Promise<AccountEventJson[]> {
    const all = this.history.get(hex(id)) ?? [];
    return Promise.resolve(all.filter((e) => e.auditIndex >= fromAuditIndex).slice(0, limit));
  }

  key(id: Uint8Array): Promise<KeyJson | undefined> {
    const k = this.seqr.ledger.getKey(id);
    if (k === undefined) return Promise.resolve(undefined);
    return Promise.resolve({
      id: hex(k.keyId),
      level: k.level,
      publicKey: toBase64(k.publicKey),
      owner: hex(k.owner),
      roles: roleNames(k.roles),
      status: k.status,
      registeredSeq: k.registeredSeq.toString(),
    });
  }

  private range(ok: boolean, what: string): void {
    if (!ok) throw qfsError("E_HTTP_RANGE", what);
  }

  entries(from: number, to: number): Promise<EntryJson[]> {
    this.range(0 <= from && from <= to && to <= this.audit.size, `entries [${from}, ${to})`);
    return Promise.resolve(this.entryBytes.slice(from, to).map((e, i) => ({ index: from + i, entry: toBase64(e) })));
  }

  checkpoints(fromSeq: number, limit: number): Promise<SignedCheckpointJson[]> {
    return Promise.resolve(this.signedCheckpoints.slice(fromSeq, fromSeq + limit));
  }

  inclusionProof(index: number, treeSize: number): Promise<string[]> {
    this.range(index < treeSize && treeSize <= this.audit.size, `inclusion ${index} in ${treeSize}`);
    return Promise.resolve(this.audit.inclusionProof(index, treeSize).map(hex));
  }

  consistencyProof(first: number, second: number): Promise<string[]> {
    this.range(0 < first && first <= second && second <= this.audit.size, `consistency ${first}..${second}`);
    return Promise.resolve(this.audit.consistencyProof(first, second).map(hex));
  }

  async *logLines(): AsyncIterable<string> {
    yield replayLogV2HeadLine(this.seqr.logHead());
    for (const b of this.seqr.log().batches) yield replayLogV2BatchLine(b);
  }

  subscribe(listener: (event: NodeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
