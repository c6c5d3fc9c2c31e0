// A small in-process QFS node for the CLI tests: node:http serving the routes of contract §3 that the CLI reads
// (state, accounts, keys, transactions, audit entries, inclusion proofs, the replay log) from a ReplaySequencer
// with real ML-DSA signatures. One packet a batch, sequenced at once. The real server (server/) replaces it once
// the service parts are merged; the shapes are server/node-service.ts's.
// `tamper` lets a test change what is served (a log line, an entry, the state) to see the verifiers refuse it.
import { signedCheckpointJson as checkpointJson } from "../../server/archive/checkpoint-json.js";
import { accountJson } from "../../server/sequencer/reads-json.js";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  accountId,
  AuditLog,
  decodePacketWithBody,
  encodeEntry,
  ERROR_CATALOGUE,
  errorName,
  generateKeyPair,
  genesisAuditEntries,
  ReplaySequencer,
  sha3_256,
  replayLogV2BatchLine,
  replayLogV2HeadLine,
  toBase64,
  toHex,
  Token,
  type KeyPair,
  type LedgerEvent,
} from "../../bindings/index.js";
import type {
  AccountJson,
  EventJson,
  HaltJson,
  NodeStateJson,
  ReceiptJson,
  SignedCheckpointJson,
} from "../../server/node-service.js";

export interface FixtureKey {
  name: string;
  level: 44 | 65 | 87;
  keyId: string;
  account: string;
  publicKey: string;
  secretKey: string;
  roles: string[];
}

export interface Tamper {
  logLine?: (line: string, index: number) => string;
  entry?: (entry: string, index: number) => string;
  state?: (s: NodeStateJson) => NodeStateJson;
  account?: (a: AccountJson) => AccountJson;
}

/** With `{ staking: true }`: the epoch length, ms, and a timestamp window of a day (the most the ledger allows), so
 *  the node's logical clock stands still but for the test's advanceEpochs and the packets signed at Date.now()
 *  stay acceptable: which epoch a packet lands in is the test's choice, never the wall clock's. */
export const FIXTURE_EPOCH_MS = 60_000;
const FIXTURE_WINDOW_MS = 86_400_000;

export interface FixtureOptions {
  /** A logical clock the test moves (advanceEpochs), two COUNCIL keys with COUNCIL_THRESHOLD 2. */
  staking?: boolean;
}

const hex = (b: Uint8Array): string => toHex(b);
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

function eventJson(ev: LedgerEvent, auditIndex: number): EventJson {
  const out: EventJson = { type: ev.type, auditIndex };
  for (const [k, v] of Object.entries(ev)) {
    if (k === "type") continue;
    out[k] = v instanceof Uint8Array ? hex(v) : typeof v === "bigint" ? v.toString() : v;
  }
  return out;
}

export class FixtureNode {
  readonly keys: FixtureKey[];
  readonly nodeKey: KeyPair;
  readonly seq: ReplaySequencer;
  readonly audit = new AuditLog();
  readonly entries: Uint8Array[] = [];
  private readonly receipts = new Map<string, ReceiptJson>();
  private readonly checkpoints: SignedCheckpointJson[] = [];
  private server: Server | undefined;
  private timeMs: number;
  tamper: Tamper = {};
  /** POSTs whose packet is sequenced but whose answer is lost (the socket is destroyed): a client timeout. */
  loseAnswers = 0;
  /** POSTs answered 429 E_RATE_LIMITED (Retry-After: 0) before the packet is looked at. */
  rateLimit = 0;
  /** When set, every POST is refused 503 E_HALTED with this halt (contract §3: the body adds `halt`). */
  halt: HaltJson | undefined;
  url = "";

  private readonly frozenClock: boolean;

  constructor(opts: FixtureOptions = {}) {
    this.frozenClock = opts.staking === true;
    const spec: { name: string; level: 44 | 65 | 87; roles: string[] }[] = [
      { name: "admin", level: 87, roles: ["ADMIN", "KEY_ADMIN"] },
      { name: "minter", level: 65, roles: Object.keys(Token).map((t) => `MINTER:${t}`) },
      { name: "alice", level: 44, roles: [] },
      { name: "bob", level: 44, roles: [] },
      ...(opts.staking === true
        ? [
            { name: "council", level: 44 as const, roles: ["COUNCIL"] },
            { name: "council2", level: 44 as const, roles: ["COUNCIL"] },
          ]
        : []),
    ];
    this.keys = spec.map((s) => {
      const k = generateKeyPair(s.level);
      return {
        ...s,
        keyId: hex(k.keyId),
        account: hex(accountId(k.publicKey)),
        publicKey: hex(k.publicKey),
        secretKey: hex(k.secretKey),
      };
    });
    this.nodeKey = generateKeyPair(87);
    // The staking clock starts at an epoch's first millisecond, so a test has the whole epoch to act in.
    this.timeMs = this.frozenClock ? Math.floor(Date.now() / FIXTURE_EPOCH_MS) * FIXTURE_EPOCH_MS : Date.now();
    this.seq = new ReplaySequencer({
      genesis: {
        chainId: 13,
        timeMs: BigInt(this.timeMs),
        keys: this.keys.map((k) => ({ publicKey: unhex(k.publicKey), roles: k.roles as never })),
        allocations: [],
        ...(this.frozenClock
          ? {
              epochLengthMs: BigInt(FIXTURE_EPOCH_MS),
              timestampWindowMs: BigInt(FIXTURE_WINDOW_MS),
              // Two of the two COUNCIL keys: a penalty needs both (qfs penalty --key … --key …).
              councilThreshold: 2n,
            }
          : {}),
      },
      nodeSecretKey: this.nodeKey.secretKey,
      nodePublicKey: this.nodeKey.publicKey,
    });
    for (const e of genesisAuditEntries(this.seq.ledger.genesisResult.events)) this.append(e);
    const head = this.seq.logHead();
    this.checkpoints.push(checkpointJson(head.genesisCheckpoint, head.genesisCheckpointSignature));
  }

  private append(entry: Uint8Array): void {
    this.entries.push(entry);
    this.audit.append(entry);
  }

  /** demo-keys.json as server/sequencer/genesis-file.ts writes it. */
  demoKeysJson(): string {
    return JSON.stringify({ note: "DEMO KEYS (test fixture)", keys: this.keys }, null, 2) + "\n";
  }

  /** Moves the node's logical time `n` epochs on: the next batch starts that many epochs later (the clock the real
   *  node reads is Date.now(); this is the test's control of it). */
  advanceEpochs(n: number): void {
    this.timeMs += n * FIXTURE_EPOCH_MS;
  }

  /** The epoch of the last batch (with the staking clock: of the next one too, until advanceEpochs). */
  epochNow(): bigint {
    return BigInt(Math.floor(this.timeMs / FIXTURE_EPOCH_MS));
  }

  key(name: string): FixtureKey {
    return this.keys.find((k) => k.name === name)!;
  }

  /** Sequences one packet as its own batch; the receipt, as the node would answer it. */
  submit(packet: Uint8Array): ReceiptJson {
    const txId = hex(sha3_256(packet));
    const known = this.receipts.get(txId);
    if (known !== undefined) return { ...known, repeat: true };
    this.timeMs = this.frozenClock ? this.timeMs + 1 : Math.max(this.timeMs + 1, Date.now());
    const base = this.audit.size;
    const b = this.seq.applyBatch(this.timeMs, [packet]);
    for (const e of b.auditEntries) this.append(e);
    // The sequencer signed the header and the checkpoint; its log holds the signatures.
    const cp = checkpointJson(b.checkpoint, this.seq.log().batches.at(-1)!.checkpointSignature);
    this.checkpoints.push(cp);
    const code = b.outcomes[0]!;
    const auditIndex = base + 1;
    const receipt: ReceiptJson = {
      txId,
      bodyHash: hex(b.packets[0]!.bodyHash),
      outcome: code === 0 ? "OK" : (errorName(code) ?? `code ${code}`),
      code,
      seq: String(b.checkpoint.seq),
      index: 0,
      stateRoot: hex(b.checkpoint.stateRoot),
      auditIndex,
      outcomeEntry: toBase64(encodeEntry({ kind: "outcome", txId: unhex(txId), status: code })),
      events: b.events.map((ev, i) => eventJson(ev, auditIndex + 1 + i)),
      checkpoint: cp,
      inclusionProof: this.audit.inclusionProof(auditIndex, b.checkpoint.treeSize).map(hex),
      repeat: false,
    };
    this.receipts.set(txId, receipt);
    return receipt;
  }

  state(): NodeStateJson {
    const cp = this.checkpoints.at(-1)!;
    const s: NodeStateJson = {
      chainId: 13,
      seq: String(cp.seq),
      timeMs: String(cp.logicalTimeMs),
      stateRoot: cp.stateRoot,
      auditSize: cp.treeSize,
      halted: false,
      nodeKeyId: hex(this.nodeKey.keyId),
      nodePublicKey: toBase64(this.nodeKey.publicKey),
      checkpoint: cp,
      halt: null,
    };
    return this.tamper.state ? this.tamper.state(s) : s;
  }

  logLines(): string[] {
    const lines = [
      replayLogV2HeadLine(this.seq.logHead()),
      ...this.seq.log().batches.map((b) => replayLogV2BatchLine(b)),
    ];
    return lines.map((l, i) => (this.tamper.logLine ? this.tamper.logLine(l, i) : l));
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => send(res, 500, { error: "E_INTERNAL", code: 1, message: String(e) }));
    });
    await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    await new Promise((ok) => this.server?.close(ok));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? "/", "http://x");
    const p = u.pathname;
    const q = (k: string): number => Number(u.searchParams.get(k));
    let m: RegExpMatchArray | null;
    if (req.method === "POST" && p === "/v1/transactions") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const packet = new Uint8Array(Buffer.concat(chunks));
      if (this.halt !== undefined)
        return send(res, 503, { error: "E_HALTED", code: 20, message: "halted", halt: this.halt });
      if (this.rateLimit > 0) {
        this.rateLimit--;
        res.setHeader("retry-after", "0");
        return send(res, 429, { error: "E_RATE_LIMITED", code: 878, message: "slow down" });
      }
      try {
        decodePacketWithBody(packet);
      } catch (e) {
        const err = e as { code: string; number: number; message: string };
        return send(res, 400, { error: err.code, code: err.number, message: err.message });
      }
      const r = this.submit(packet);
      if (this.loseAnswers > 0) {
        this.loseAnswers--;
        req.socket.destroy();
        return;
      }
      if (r.code === 0) return send(res, 200, r);
      const name = errorName(r.code)!;
      const entry = ERROR_CATALOGUE[name];
      return send(res, entry.httpStatus, { error: name, code: r.code, message: entry.message, receipt: r });
    }
    if (req.method !== "GET") return send(res, 404, { error: "E_HTTP_NOT_FOUND", code: 872, message: "no route" });
    if (p === "/v1/state") return send(res, 200, this.state());
    if ((m = p.match(/^\/v1\/accounts\/([0-9a-f]{64})$/))) {
      const a = this.seq.ledger.getAccount(unhex(m[1]!));
      if (a === undefined) return send(res, 404, { error: "E_ACCOUNT_UNKNOWN", code: 873, message: "no account" });
      const body = accountJson(unhex(m[1]!), a, this.seq.ledger.stateProof(unhex(m[1]!)), this.checkpoints.at(-1)!);
      return send(res, 200, this.tamper.account ? this.tamper.account(body) : body);
    }
    if ((m = p.match(/^\/v1\/audit\/checkpoints\/([0-9]{1,9})$/))) {
      const cp = this.checkpoints[Number(m[1])];
      if (cp === undefined) return send(res, 404, { error: "E_HTTP_RANGE", code: 879, message: "no checkpoint" });
      return send(res, 200, cp);
    }
    if ((m = p.match(/^\/v1\/transactions\/([0-9a-f]{64})$/))) {
      const r = this.receipts.get(m[1]!);
      if (r === undefined) return send(res, 404, { error: "E_TX_UNKNOWN", code: 876, message: "no such tx" });
      return send(res, 200, r);
    }
    if (p === "/v1/audit/entries") {
      const from = q("from");
      const to = q("to");
      if (!(from >= 0 && from < to && to <= this.entries.length && to - from <= 1000))
        return send(res, 400, { error: "E_HTTP_RANGE", code: 879, message: `range ${from}..${to}` });
      const entries = [];
      for (let i = from; i < to; i++) {
        const e = toBase64(this.entries[i]!);
        entries.push({ index: i, entry: this.tamper.entry ? this.tamper.entry(e, i) : e });
      }
      return send(res, 200, { treeSize: this.entries.length, entries });
    }
    if (p === "/v1/audit/proofs/inclusion") {
      const index = q("index");
      const size = q("size");
      if (!(index >= 0 && index < size && size <= this.audit.size))
        return send(res, 400, { error: "E_HTTP_RANGE", code: 879, message: "range" });
      return send(res, 200, { index, treeSize: size, proof: this.audit.inclusionProof(index, size).map(hex) });
    }
    if (p === "/v1/audit/log") {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      for (const l of this.logLines()) res.write(l + "\n");
      res.end();
      return;
    }
    send(res, 404, { error: "E_HTTP_NOT_FOUND", code: 872, message: "no route" });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
