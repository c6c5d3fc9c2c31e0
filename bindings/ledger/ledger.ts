// Typed API of the WASM ledger state machine. One ledger per core instance: creating a ledger
// resets the core's ledger, and handles of earlier ledgers then throw E_LEDGER_STALE.
import { getCore } from "../runtime.js";
import { LedgerCode, ledgerCodeName } from "./codes.js";
import { encodeLedgerPacket } from "./encode.js";
import { TOKEN_COUNT } from "../packet/types.js";
import { sha3_256 } from "../hash.js";
import { stateTree, type StateProof } from "../state/smt.js";
import { decodeEvents, type LedgerEvent } from "./events.js";
import {
  prepareWireBatch,
  type CoreAccess,
  type PendingExports,
  type PreparedBatch,
  type PrepareOptions,
  type WireBatchResult,
} from "./pending.js";
import {
  type AccountState,
  type BatchHeader,
  type Genesis,
  type HaltRecord,
  type KeyState,
  type KeyStatusValue,
  type LedgerOp,
  type LedgerPacket,
} from "./types.js";

interface LedgerExports extends PendingExports {
  memory: WebAssembly.Memory;
  ledgerInit(chainId: number, accountSlots: number, keySlots: number): number;
  ledgerApplyBatch(seq: bigint, timeMs: bigint, nPackets: number, inputLen: number, mode: number): number;
  ledgerGlobalsPtr(): number;
  ledgerPubKeyArenaPtr(): number;
  ledgerQueryPtr(): number;
  ledgerAccountFind(): number;
  ledgerKeyFind(): number;
  ledgerCheckInvariants(): number;
  ledgerViolatedToken(): number;
  ledgerTestCorruptSupply(token: number, lo: bigint, hi: bigint): void;
}

// Globals block offsets (assembly/ledger/layout.ts).
const G_CHAIN_ID = 4;
const G_LAST_SEQ = 8;
const G_LAST_TIME = 16;
const G_EPOCH = 24;
const G_HALTED = 32;
const G_ACC_COUNT = 36;
const G_KEY_COUNT = 40;
const G_SUPPLY = 64;
const G_PARAMS = 224;
const G_HALT_REC = 480;
const G_HALT_HASH = 560;
const G_ROOT = 592;
const MODE_PREVERIFIED = 0;
const MODE_VERIFY = 1;
const MODE_GENESIS = 2;

export class LedgerError extends Error {
  constructor(
    readonly code: number,
    what: string,
  ) {
    super(`${ledgerCodeName(code)}: ${what}`);
  }
}

export interface BatchResult {
  outcomes: number[]; // per packet: 0 = applied, else the code (ledgerCodeName)
  events: LedgerEvent[];
  stateRoot: Uint8Array;
  halted: boolean;
}

let generation = 0;
const ACCOUNT_DOMAIN = new TextEncoder().encode("QFS-V13/ledger/account/v1");

function lx(): LedgerExports {
  return getCore() as unknown as LedgerExports;
}

function mem(): Uint8Array {
  return new Uint8Array(lx().memory.buffer);
}

function view(): DataView {
  return new DataView(lx().memory.buffer);
}

function u128At(dv: DataView, p: number): bigint {
  return dv.getBigUint64(p, true) | (dv.getBigUint64(p + 8, true) << 64n);
}

const CORE_ACCESS: CoreAccess = { exports: () => lx(), bytes: () => mem(), view: () => view() };

export class Ledger {
  private readonly gen: number;
  private pending: PreparedBatch | undefined;
  // Batch 0: the genesis events (KeyRegistered, ParamChanged, Mint …) and state root, for the audit log.
  genesisResult: BatchResult = { outcomes: [], events: [], stateRoot: new Uint8Array(32), halted: false };

  private constructor() {
    this.gen = ++generation;
  }

  // Resets the core's ledger and applies `genesis` as batch 0.
  static create(genesis: Genesis): Ledger {
    const x = lx();
    const rc = x.ledgerInit(genesis.chainId, genesis.accountSlots ?? 4096, genesis.keySlots ?? 256);
    if (rc !== 0) throw new LedgerError(rc, "ledger init");
    const ledger = new Ledger();
    const ops: LedgerOp[] = [];
    if (genesis.epochLengthMs !== undefined) ops.push({ kind: "paramSet", param: 2, value: genesis.epochLengthMs });
    if (genesis.timestampWindowMs !== undefined)
      ops.push({ kind: "paramSet", param: 0, value: genesis.timestampWindowMs });
    if (genesis.councilThreshold !== undefined)
      ops.push({ kind: "paramSet", param: 1, value: genesis.councilThreshold });
    for (const k of genesis.keys) {
      const reg: LedgerOp = { kind: "keyRegister", publicKey: k.publicKey, roles: k.roles };
      if (k.owner) reg.owner = k.owner;
      if (k.maxAgeEpochs !== undefined) reg.maxAgeEpochs = k.maxAgeEpochs;
      ops.push(reg);
    }
    for (const a of genesis.allocations ?? [])
      ops.push({ kind: "mint", token: a.token, to: a.account, amount: a.amount });
    const packets: LedgerPacket[] = [];
    for (let i = 0; i < ops.length; i += 16)
      packets.push({
        chainId: genesis.chainId,
        account: new Uint8Array(32),
        signers: [],
        nonce: 0n,
        timestampMs: 0n,
        ops: ops.slice(i, i + 16),
      });
    const res = ledger.run({ seq: 0n, timeMs: genesis.timeMs }, packets, MODE_GENESIS);
    if (res.rc !== 0) {
      const bad = res.outcomes.findIndex((c) => c !== 0);
      throw new LedgerError(res.rc, `genesis packet ${bad} failed with ${ledgerCodeName(res.outcomes[bad] ?? 0)}`);
    }
    const { rc: _rc, ...genesisResult } = res;
    ledger.genesisResult = genesisResult;
    return ledger;
  }

  private check(): LedgerExports {
    if (this.gen !== generation) throw new Error("E_LEDGER_STALE: another ledger was created on this core");
    if (this.pending !== undefined)
      throw new LedgerError(LedgerCode.E_BATCH_PENDING, "commit() or abort() the prepared batch first");
    return lx();
  }

  private run(header: BatchHeader, packets: LedgerPacket[], mode: number): BatchResult & { rc: number } {
    const x = this.check();
    const records = packets.map((p) => encodeLedgerPacket(p, mode === MODE_VERIFY));
    const total = 32 + records.reduce((n, r) => n + r.length, 0);
    if (total > x.ledgerInputCapacity()) throw new RangeError("E_BATCH_TOO_LARGE: batch input exceeds the core buffer");
    const head = header.auditHead ?? new Uint8Array(32);
    if (head.length !== 32) throw new RangeError("E_LEDGER_INPUT: auditHead must be 32 bytes");
    const base = x.ledgerInputPtr();
    const m = mem();
    m.set(head, base);
    let off = base + 32;
    for (const r of records) {
      m.set(r, off);
      off += r.length;
    }
    const rc = x.ledgerApplyBatch(header.seq, header.timeMs, packets.length, total, mode);
    const dv = view();
    const outcomes: number[] = [];
    if (rc === 0 || mode === MODE_GENESIS)
      for (let i = 0; i < packets.length; i++) outcomes.push(dv.getUint32(x.ledgerOutcomesPtr() + 4 * i, true));
    const ev = x.ledgerEventsPtr();
    const events = rc === 0 ? decodeEvents(mem().slice(ev, ev + x.ledgerEventsLen())) : [];
    return { rc, outcomes, events, stateRoot: this.stateRoot(), halted: this.halted };
  }

  // Applies one sequenced batch. Batch-level failures (seq, time, framing) throw LedgerError and
  // apply nothing; per-packet failures are outcome codes.
  applyBatch(header: BatchHeader, packets: LedgerPacket[], opts: { verifySignatures?: boolean } = {}): BatchResult {
    const { rc, ...res } = this.run(header, packets, opts.verifySignatures ? MODE_VERIFY : MODE_PREVERIFIED);
    if (rc !== 0) throw new LedgerError(rc, `batch ${header.seq} rejected`);
    return res;
  }

  // Runs a batch of DRV packets (wire bytes, docs/wire-format.md) inside the core and leaves it
  // pending (docs/ledger.md "Pending batches"): the WASM wire decoder validates each packet (a
  // rejected one gets its wire error number, 100s, as outcome) and the ledger applies it. With
  // verifySignatures (replay), the core also verifies every signature over the body bytes against
  // the registered keys; otherwise the caller asserts that all signers' signatures were verified.
  // The result carries the audit entries and write sets; then exactly one of commit() or abort().
  prepare(header: BatchHeader, packets: readonly Uint8Array[], opts: PrepareOptions = {}): PreparedBatch {
    this.check();
    const prepared = prepareWireBatch(
      CORE_ACCESS,
      header,
      packets,
      opts,
      () => ({ halted: this.halted, stateRoot: this.stateRoot() }),
      () => {
        this.pending = undefined;
      },
    );
    this.pending = prepared;
    return prepared;
  }

  // prepare + commit.
  applyWireBatch(header: BatchHeader, packets: readonly Uint8Array[], opts: PrepareOptions = {}): WireBatchResult {
    return this.prepare(header, packets, opts).commit();
  }

  // The core's audit tree (reset by Ledger.create; genesis and every wire batch append their entries,
  // docs/replay.md §4).
  auditRoot(): Uint8Array {
    const p = this.check().ledgerAuditRootPtr();
    return mem().slice(p, p + 32);
  }
  get auditSize(): number {
    return Number(this.check().ledgerAuditSize());
  }

  // Replays a log from genesis, every signature verified by the core (the pure path: the same
  // genesis and packets give the same state root anywhere). Returns the ledger and the root after
  // each batch; a batch-level rejection throws.
  static replay(
    genesis: Genesis,
    batches: Iterable<{ header: BatchHeader; packets: Uint8Array[] }>,
  ): { ledger: Ledger; roots: Uint8Array[] } {
    const ledger = Ledger.create(genesis);
    const roots: Uint8Array[] = [];
    for (const b of batches)
      roots.push(ledger.applyWireBatch(b.header, b.packets, { verifySignatures: true }).stateRoot);
    return { ledger, roots };
  }

  getAccount(id: Uint8Array): AccountState | undefined {
    const x = this.check();
    mem().set(id.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerAccountFind();
    if (rec === 0) return undefined;
    const dv = view();
    const balances: bigint[] = [];
    for (let t = 0; t < TOKEN_COUNT; t++) balances.push(u128At(dv, rec + 40 + 16 * t));
    return { nonce: dv.getBigUint64(rec + 32, true), balances };
  }

  getKey(keyId: Uint8Array): KeyState | undefined {
    const x = this.check();
    mem().set(keyId.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerKeyFind();
    if (rec === 0) return undefined;
    const dv = view();
    const m = mem();
    const pkOff = dv.getUint32(rec + 96, true);
    const pkLen = dv.getUint32(rec + 100, true);
    const arena = x.ledgerPubKeyArenaPtr();
    return {
      keyId: m.slice(rec, rec + 32),
      owner: m.slice(rec + 32, rec + 64),
      roles: dv.getUint32(rec + 64, true),
      level: m[rec + 68] ?? 0,
      status: (m[rec + 69] ?? 0) as KeyStatusValue,
      validFromEpoch: dv.getBigUint64(rec + 72, true),
      maxAgeEpochs: dv.getBigUint64(rec + 80, true),
      rotatedAtSeq: dv.getBigUint64(rec + 88, true),
      successor: m.slice(rec + 104, rec + 136),
      registeredSeq: dv.getBigUint64(rec + 136, true),
      publicKey: m.slice(arena + pkOff, arena + pkOff + pkLen),
    };
  }

  // The account's leaf value in the state tree: SHA3-256("QFS-V13/ledger/account/v1" || the 160-byte
  // account record (docs/ledger.md)); undefined when the account does not exist.
  accountCommitment(id: Uint8Array): Uint8Array | undefined {
    const x = this.check();
    mem().set(id.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerAccountFind();
    if (rec === 0) return undefined;
    const d = ACCOUNT_DOMAIN;
    const buf = new Uint8Array(d.length + 160);
    buf.set(d);
    buf.set(mem().subarray(rec, rec + 160), d.length);
    return sha3_256(buf);
  }

  // Inclusion (or absence) proof of an account in the current state root (bindings/state).
  stateProof(id: Uint8Array): StateProof {
    this.check();
    return stateTree.prove(id);
  }

  private g(): number {
    return this.check().ledgerGlobalsPtr();
  }

  supply(token: number): bigint {
    if (!Number.isInteger(token) || token < 0 || token >= TOKEN_COUNT) throw new RangeError("E_TOKEN_UNKNOWN");
    return u128At(view(), this.g() + G_SUPPLY + 16 * token);
  }

  param(id: number): bigint {
    if (!Number.isInteger(id) || id < 0 || id > 15) throw new RangeError("E_PARAM_UNKNOWN");
    return u128At(view(), this.g() + G_PARAMS + 16 * id);
  }

  get chainId(): number {
    return view().getUint32(this.g() + G_CHAIN_ID, true);
  }
  get seq(): bigint {
    return view().getBigUint64(this.g() + G_LAST_SEQ, true);
  }
  get timeMs(): bigint {
    return view().getBigUint64(this.g() + G_LAST_TIME, true);
  }
  get epoch(): bigint {
    return view().getBigUint64(this.g() + G_EPOCH, true);
  }
  get accountCount(): number {
    return view().getUint32(this.g() + G_ACC_COUNT, true);
  }
  get keyCount(): number {
    return view().getUint32(this.g() + G_KEY_COUNT, true);
  }
  get halted(): boolean {
    return view().getUint32(this.g() + G_HALTED, true) !== 0;
  }

  stateRoot(): Uint8Array {
    const g = this.g();
    return mem().slice(g + G_ROOT, g + G_ROOT + 32);
  }

  // The current halt record while halted (the last one otherwise, or undefined if never halted).
  haltRecord(): HaltRecord | undefined {
    const g = this.g();
    const m = mem();
    const dv = view();
    const r = g + G_HALT_REC;
    const code = dv.getUint32(r, true);
    if (code === 0) return undefined;
    return {
      code,
      message: dv.getUint32(r + 4, true),
      seq: dv.getBigUint64(r + 8, true),
      stateRoot: m.slice(r + 16, r + 48),
      auditHead: m.slice(r + 48, r + 80),
      encoded: m.slice(r, r + 80),
      hash: m.slice(g + G_HALT_HASH, g + G_HALT_HASH + 32),
    };
  }

  // Full O(capacity) scan: per token, the sum of all balances equals the total supply and the
  // running sum kept by the core.
  checkInvariants(): { ok: true } | { ok: false; code: number; token: number } {
    const x = this.check();
    const rc = x.ledgerCheckInvariants();
    return rc === LedgerCode.OK ? { ok: true } : { ok: false, code: rc, token: x.ledgerViolatedToken() };
  }

  // TEST HOOK: simulates a core bug by overwriting a token's total supply (breaks the invariant).
  _testCorruptSupply(token: number, value: bigint): void {
    this.check().ledgerTestCorruptSupply(token, value & 0xffffffffffffffffn, value >> 64n);
  }
}
