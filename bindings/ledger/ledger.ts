// Typed API of the WASM ledger state machine. Each Ledger owns a core instance of its own (made by
// Ledger.create): its tables, its state tree and its audit tree live in that instance's memory, so
// any number of ledgers live side by side in one thread.
import { errorName, qfsError, type QfsError } from "../errors/index.js";
import { getU128 } from "../bytes.js";
import { CoreInstance, type CoreExports } from "../runtime.js";
import { WasmAuditTree } from "../audit/wasm-tree.js";
import * as L from "./layout.generated.js";
import { LedgerCode, ledgerCodeName } from "./codes.js";
import { encodeLedgerPacket } from "./encode.js";
import { TOKEN_COUNT } from "../packet/types.js";
import { sha3_256 } from "../hash.js";
import { proveIn, type StateProof } from "../state/smt.js";
import { decodeEvents, type LedgerEvent } from "./events.js";
import { normalizeGenesis, type GenesisInput } from "./genesis.js";
import { LEDGER_BATCH_PACKETS_MAX } from "./limits.js";
import { ledgerInputError, normalizeBatchHeader, type BatchHeaderInput } from "./numbers.js";
import { restoreSnapshot, takeSnapshot, type Snapshot } from "./snapshot.js";
import { loadRows, stateRows, type StateRow } from "./rows.js";
import { auditTreeState, type AuditTreeState } from "./state-io.js";
import { decodeStaking, decodeStakingGlobals } from "./staking.js";
import {
  prepareWireBatch,
  type CoreAccess,
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
  type StakingGlobals,
} from "./types.js";

const MODE_PREVERIFIED = 0;
const MODE_VERIFY = 1;
const MODE_GENESIS = 2;

// A batch-level rejection: the QfsError of the catalogue number the core returned.
function ledgerError(rc: number, what: string): QfsError {
  const name = errorName(rc);
  return name === undefined
    ? qfsError("E_INTERNAL", `${what}: the core returned unknown code ${rc}`)
    : qfsError(name, what);
}

export interface BatchResult {
  outcomes: number[]; // per packet: 0 = applied, else the code (ledgerCodeName)
  events: LedgerEvent[];
  stateRoot: Uint8Array;
  halted: boolean;
}

const ACCOUNT_DOMAIN = new TextEncoder().encode("QFS-V13/ledger/account/v2");

// Before the packets are measured or encoded: at most LEDGER_BATCH_PACKETS_MAX of them.
function checkPacketCount(packets: readonly unknown[]): void {
  if (!Array.isArray(packets)) throw ledgerInputError("E_LEDGER_INPUT", "packets", "expected an array");
  if (packets.length > LEDGER_BATCH_PACKETS_MAX)
    throw ledgerInputError("E_BATCH_TOO_LARGE", "packets", `more than ${LEDGER_BATCH_PACKETS_MAX} packets`);
}

export class Ledger {
  private pending: PreparedBatch | undefined;
  private readonly access: CoreAccess;
  // Batch 0: the genesis events (KeyRegistered, ParamChanged, Mint …) and state root, for the audit log.
  genesisResult: BatchResult = { outcomes: [], events: [], stateRoot: new Uint8Array(32), halted: false };
  // The frontier of this ledger's audit log, in this ledger's instance (the sequencer and the
  // replay append each batch's entries; empty at genesis).
  readonly auditTree: WasmAuditTree;

  // `core`: this ledger's own instance. Tests and benches may drive its raw exports; nothing else
  // may write into it.
  private constructor(readonly core: CoreInstance) {
    this.auditTree = new WasmAuditTree(core);
    this.access = { exports: () => core.exports, bytes: () => core.bytes(), view: () => core.view() };
  }

  // Instantiates a fresh core and applies `genesis` as batch 0. Role names and safe numbers are
  // converted (bindings/ledger/genesis.ts); a bad field throws a QfsError before anything is made.
  // `opts.core`: a fresh core instance to use (one nothing else holds; tests pass one of the test
  // build with lowered limits); by default a new one.
  static create(input: GenesisInput | Genesis, opts: { core?: CoreInstance } = {}): Ledger {
    const genesis = normalizeGenesis(input);
    const ledger = new Ledger(opts.core ?? new CoreInstance());
    const rc = ledger.lx().ledgerInit(genesis.chainId, genesis.accountSlots ?? 4096, genesis.keySlots ?? 256);
    if (rc !== 0) throw ledgerError(rc, "ledger init");
    const ops: LedgerOp[] = [];
    if (genesis.epochLengthMs !== undefined) ops.push({ kind: "paramSet", param: 2, value: genesis.epochLengthMs });
    if (genesis.timestampWindowMs !== undefined)
      ops.push({ kind: "paramSet", param: 0, value: genesis.timestampWindowMs });
    if (genesis.councilThreshold !== undefined)
      ops.push({ kind: "paramSet", param: 1, value: genesis.councilThreshold });
    for (const p of genesis.params ?? []) ops.push({ kind: "paramSet", param: p.param, value: p.value });
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
      throw ledgerError(res.rc, `genesis packet ${bad} failed with ${ledgerCodeName(res.outcomes[bad] ?? 0)}`);
    }
    const { rc: _rc, ...genesisResult } = res;
    ledger.genesisResult = genesisResult;
    return ledger;
  }

  // The core's exports for a call on this ledger; refused while a prepared batch awaits commit or
  // abort (the PreparedBatch reaches the core through `access`).
  private lx(): CoreExports {
    if (this.pending !== undefined) throw qfsError("E_BATCH_PENDING", "commit() or abort() the prepared batch first");
    return this.core.exports;
  }

  // Views are made per call: memory.grow detaches the views made over the old buffer.
  private mem(): Uint8Array {
    return this.core.bytes();
  }

  private view(): DataView {
    return this.core.view();
  }

  private run(header: BatchHeader, packets: LedgerPacket[], mode: number): BatchResult & { rc: number } {
    const x = this.lx();
    const records = packets.map((p) => encodeLedgerPacket(p, mode === MODE_VERIFY));
    const total = 32 + records.reduce((n, r) => n + r.length, 0);
    if (total > x.ledgerInputCapacity()) throw qfsError("E_BATCH_TOO_LARGE", "batch input exceeds the core buffer");
    const head = header.auditHead ?? new Uint8Array(32);
    if (head.length !== 32) throw qfsError("E_LEDGER_INPUT", "auditHead must be 32 bytes");
    const base = x.ledgerInputPtr();
    const m = this.mem();
    m.set(head, base);
    let off = base + 32;
    for (const r of records) {
      m.set(r, off);
      off += r.length;
    }
    const rc = x.ledgerApplyBatch(header.seq, header.timeMs, packets.length, total, mode);
    const dv = this.view();
    const outcomes: number[] = [];
    if (rc === 0 || mode === MODE_GENESIS)
      for (let i = 0; i < packets.length; i++) outcomes.push(dv.getUint32(x.ledgerOutcomesPtr() + 4 * i, true));
    const ev = x.ledgerEventsPtr();
    const events = rc === 0 ? decodeEvents(this.mem().slice(ev, ev + x.ledgerEventsLen())) : [];
    return { rc, outcomes, events, stateRoot: this.stateRoot(), halted: this.halted };
  }

  // TEST ONLY: applies TS-encoded ledger records (encodeLedgerPacket), whose `signers` are taken
  // as verified unless verifySignatures. Production input is DRV packets (applyWireBatch).
  // Batch-level failures throw a QfsError and apply nothing; per-packet failures are outcomes.
  _applyRecordsForTest(
    input: BatchHeader | BatchHeaderInput,
    packets: LedgerPacket[],
    opts: { verifySignatures?: boolean } = {},
  ): BatchResult {
    const header = normalizeBatchHeader(input);
    checkPacketCount(packets);
    const { rc, ...res } = this.run(header, packets, opts.verifySignatures ? MODE_VERIFY : MODE_PREVERIFIED);
    if (rc !== 0) throw ledgerError(rc, `batch ${header.seq} rejected`);
    return res;
  }

  // Runs a batch of DRV packets (wire bytes, docs/wire-format.md) inside the core and leaves it
  // pending (docs/ledger.md "Pending batches"): the WASM wire decoder validates each packet (a
  // rejected one gets its wire error number, 100s, as outcome) and the ledger applies it. Safe by
  // default: the core verifies every signature; with `opts.verified` it skips the ones the bitmap
  // marks as verified upstream (docs/ledger.md "Trust boundary"). The result carries the audit
  // entries and write sets; then exactly one of commit() or abort(). Batch-level failures throw a
  // QfsError and leave nothing pending.
  prepare(
    input: BatchHeader | BatchHeaderInput,
    packets: readonly Uint8Array[],
    opts: PrepareOptions = {},
  ): PreparedBatch {
    const header = normalizeBatchHeader(input);
    checkPacketCount(packets);
    packets.forEach((p, i) => {
      if (!(p instanceof Uint8Array)) throw ledgerInputError("E_LEDGER_INPUT", `packets[${i}]`, "expected bytes");
    });
    this.lx();
    const prepared = prepareWireBatch(
      this.access,
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
  applyWireBatch(
    input: BatchHeader | BatchHeaderInput,
    packets: readonly Uint8Array[],
    opts: PrepareOptions = {},
  ): WireBatchResult {
    return this.prepare(input, packets, opts).commit();
  }

  // The core's audit tree (reset by Ledger.create; genesis and every wire batch append their entries,
  // docs/replay.md §4). The same tree as `auditTree`.
  auditRoot(): Uint8Array {
    const p = this.lx().ledgerAuditRootPtr();
    return this.mem().slice(p, p + 32);
  }
  get auditSize(): number {
    return Number(this.lx().ledgerAuditSize());
  }

  // Replays a log from genesis, every signature verified by the core (the pure path: the same
  // genesis and packets give the same state root anywhere). Returns the ledger and the root after
  // each batch; a batch-level rejection throws.
  static replay(
    genesis: GenesisInput | Genesis,
    batches: Iterable<{ header: BatchHeader; packets: Uint8Array[] }>,
  ): { ledger: Ledger; roots: Uint8Array[] } {
    const ledger = Ledger.create(genesis);
    const roots: Uint8Array[] = [];
    for (const b of batches) roots.push(ledger.applyWireBatch(b.header, b.packets).stateRoot);
    return { ledger, roots };
  }

  // The whole state as versioned bytes with their SHA3-256 (docs/ledger.md "Snapshots"),
  // including the core's audit tree (size and frontier).
  snapshot(): Snapshot {
    return takeSnapshot(this.lx());
  }

  // A ledger from snapshot bytes: checks the version, lengths and hash, rebuilds the tables and the
  // state tree, and refuses (QfsError E_RESTORE_ROOT) a root other than the recorded one. The
  // restored ledger gets a core instance of its own, like create.
  static restore(bytes: Uint8Array): Ledger {
    const ledger = new Ledger(new CoreInstance());
    restoreSnapshot(ledger.lx(), bytes);
    return ledger;
  }

  // The state as the stores' rows (contracts A; docs/ledger.md "Loading from rows").
  rows(): StateRow[] {
    return stateRows(this.lx());
  }

  // A ledger from store rows; the recomputed state root must be `expectedStateRoot`
  // (E_RESTORE_ROOT otherwise). The audit tree is set from `opts.audit`, else empty.
  static fromRows(
    rows: readonly StateRow[],
    expectedStateRoot: Uint8Array,
    opts: { audit?: AuditTreeState } = {},
  ): Ledger {
    const ledger = new Ledger(new CoreInstance());
    loadRows(ledger.lx(), rows, expectedStateRoot, opts.audit);
    return ledger;
  }

  // The core's audit tree (size, frontier, root): what fromRows needs to continue the log.
  auditTreeState(): AuditTreeState {
    return auditTreeState(this.lx());
  }

  private collect(n: number): BatchResult {
    const x = this.lx();
    const dv = this.view();
    const outcomes: number[] = [];
    for (let i = 0; i < n; i++) outcomes.push(dv.getUint32(x.ledgerOutcomesPtr() + 4 * i, true));
    const ev = x.ledgerEventsPtr();
    const events = decodeEvents(this.mem().slice(ev, ev + x.ledgerEventsLen()));
    return { outcomes, events, stateRoot: this.stateRoot(), halted: this.halted };
  }

  getAccount(id: Uint8Array): AccountState | undefined {
    const x = this.lx();
    this.mem().set(id.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerAccountFind();
    if (rec === 0) return undefined;
    const dv = this.view();
    const balances: bigint[] = [];
    for (let t = 0; t < TOKEN_COUNT; t++) balances.push(getU128(dv, rec + L.ACC_BAL + 16 * t));
    return { nonce: dv.getBigUint64(rec + L.ACC_NONCE, true), balances, staking: decodeStaking(dv, rec) };
  }

  // The level and public key registered under `keyId`, for a verifier; allowed while a batch is pending. A key id
  // is the SHA3-256 of its public key, so whatever table state answers (committed, or pending with a registration
  // that may yet abort), the bytes returned are the ones the id names: a signature verified against them is a
  // truthful `verified` bit for any later batch (docs/ledger.md "Trust boundary"). Status and roles are not
  // returned: the core judges those when the packet is applied.
  verifierKey(keyId: Uint8Array): { level: number; publicKey: Uint8Array } | undefined {
    if (!(keyId instanceof Uint8Array) || keyId.length !== 32) return undefined;
    const x = this.core.exports;
    this.mem().set(keyId, x.ledgerQueryPtr());
    const rec = x.ledgerKeyFind();
    if (rec === 0) return undefined;
    const dv = this.view();
    const pkOff = dv.getUint32(rec + L.KEY_PK_OFF, true);
    const pkLen = dv.getUint32(rec + L.KEY_PK_LEN, true);
    const arena = x.ledgerPubKeyArenaPtr();
    return {
      level: this.mem()[rec + L.KEY_LEVEL] ?? 0,
      publicKey: this.mem().slice(arena + pkOff, arena + pkOff + pkLen),
    };
  }

  getKey(keyId: Uint8Array): KeyState | undefined {
    const x = this.lx();
    this.mem().set(keyId.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerKeyFind();
    if (rec === 0) return undefined;
    const dv = this.view();
    const m = this.mem();
    const pkOff = dv.getUint32(rec + L.KEY_PK_OFF, true);
    const pkLen = dv.getUint32(rec + L.KEY_PK_LEN, true);
    const arena = x.ledgerPubKeyArenaPtr();
    return {
      keyId: m.slice(rec + L.KEY_ID, rec + L.KEY_ID + 32),
      owner: m.slice(rec + L.KEY_OWNER, rec + L.KEY_OWNER + 32),
      roles: dv.getUint32(rec + L.KEY_ROLES, true),
      level: m[rec + L.KEY_LEVEL] ?? 0,
      status: (m[rec + L.KEY_STATUS] ?? 0) as KeyStatusValue,
      validFromEpoch: dv.getBigUint64(rec + L.KEY_VALID_FROM, true),
      maxAgeEpochs: dv.getBigUint64(rec + L.KEY_MAX_AGE, true),
      rotatedAtSeq: dv.getBigUint64(rec + L.KEY_ROTATED_AT, true),
      successor: m.slice(rec + L.KEY_SUCCESSOR, rec + L.KEY_SUCCESSOR + 32),
      registeredSeq: dv.getBigUint64(rec + L.KEY_REGISTERED_SEQ, true),
      publicKey: m.slice(arena + pkOff, arena + pkOff + pkLen),
    };
  }

  // The account's leaf value in the state tree: SHA3-256("QFS-V13/ledger/account/v2" || the ACC_SIZE-byte
  // account record (docs/ledger.md)); undefined when the account does not exist.
  accountCommitment(id: Uint8Array): Uint8Array | undefined {
    const x = this.lx();
    this.mem().set(id.subarray(0, 32), x.ledgerQueryPtr());
    const rec = x.ledgerAccountFind();
    if (rec === 0) return undefined;
    const d = ACCOUNT_DOMAIN;
    const buf = new Uint8Array(d.length + L.ACC_SIZE);
    buf.set(d);
    buf.set(this.mem().subarray(rec, rec + L.ACC_SIZE), d.length);
    return sha3_256(buf);
  }

  // Inclusion (or absence) proof of an account in the current state root (bindings/state).
  stateProof(id: Uint8Array): StateProof {
    return proveIn(this.core, id);
  }

  private g(): number {
    return this.lx().ledgerGlobalsPtr();
  }

  supply(token: number): bigint {
    if (!Number.isInteger(token) || token < 0 || token >= TOKEN_COUNT) throw qfsError("E_TOKEN_UNKNOWN");
    return getU128(this.view(), this.g() + L.G_SUPPLY + 16 * token);
  }

  param(id: number): bigint {
    if (!Number.isInteger(id) || id < 0 || id > 15) throw qfsError("E_PARAM_UNKNOWN");
    return getU128(this.view(), this.g() + L.G_PARAMS + 16 * id);
  }

  get chainId(): number {
    return this.view().getUint32(this.g() + L.G_CHAIN_ID, true);
  }
  get seq(): bigint {
    return this.view().getBigUint64(this.g() + L.G_LAST_SEQ, true);
  }
  get timeMs(): bigint {
    return this.view().getBigUint64(this.g() + L.G_LAST_TIME, true);
  }
  get epoch(): bigint {
    return this.view().getBigUint64(this.g() + L.G_EPOCH, true);
  }
  get accountCount(): number {
    return this.view().getUint32(this.g() + L.G_ACC_COUNT, true);
  }
  get keyCount(): number {
    return this.view().getUint32(this.g() + L.G_KEY_COUNT, true);
  }
  get halted(): boolean {
    return this.view().getUint32(this.g() + L.G_HALTED, true) !== 0;
  }

  // W, the reward accumulator, the carry and the PSY emission totals (docs/token-mechanics.md).
  stakingGlobals(): StakingGlobals {
    return decodeStakingGlobals(this.view(), this.g());
  }

  stateRoot(): Uint8Array {
    const g = this.g();
    return this.mem().slice(g + L.G_ROOT, g + L.G_ROOT + 32);
  }

  // The current halt record while halted (the last one otherwise, or undefined if never halted).
  haltRecord(): HaltRecord | undefined {
    const g = this.g();
    const m = this.mem();
    const dv = this.view();
    const r = g + L.G_HALT_REC;
    const code = dv.getUint32(r + L.HR_CODE, true);
    if (code === 0) return undefined;
    return {
      code,
      message: dv.getUint32(r + L.HR_MESSAGE, true),
      seq: dv.getBigUint64(r + L.HR_SEQ, true),
      stateRoot: m.slice(r + L.HR_ROOT, r + L.HR_ROOT + 32),
      auditHead: m.slice(r + L.HR_AUDIT_HEAD, r + L.HR_AUDIT_HEAD + 32),
      encoded: m.slice(r, r + L.HALT_REC_SIZE),
      hash: m.slice(g + L.G_HALT_HASH, g + L.G_HALT_HASH + 32),
    };
  }

  // Full O(capacity) scan: per token, the sum of all balances equals the total supply and the
  // running sum kept by the core.
  checkInvariants(): { ok: true } | { ok: false; code: number; token: number } {
    const x = this.lx();
    const rc = x.ledgerCheckInvariants();
    return rc === LedgerCode.OK ? { ok: true } : { ok: false, code: rc, token: x.ledgerViolatedToken() };
  }

  // Live capacities of the core's tables (they grow between batches; docs/ledger.md "Capacity").
  // Not state: the state root does not depend on them.
  capacity(): { accountSlots: number; keySlots: number; pubKeyArenaBytes: number } {
    const x = this.lx();
    return {
      accountSlots: x.ledgerAccountCapacity(),
      keySlots: x.ledgerKeyCapacity(),
      pubKeyArenaBytes: x.ledgerPubKeyArenaCapacity(),
    };
  }

  // Grows the tables now for that many more accounts, keys and public key bytes (each a u32; a
  // host about to load rows, or a test), as batches would on demand; within the hard limits.
  // Not state: the state root is unchanged. Throws a QfsError if the core cannot get the memory.
  reserve(more: { accounts?: number; keys?: number; pubKeyBytes?: number }): void {
    const x = this.lx();
    const n = (v: number | undefined, what: string): number => {
      if (v === undefined) return 0;
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw qfsError("E_LEDGER_INPUT", `${what} must be a u32`);
      return v;
    };
    const rc = x.ledgerReserve(n(more.accounts, "accounts"), n(more.keys, "keys"), n(more.pubKeyBytes, "pubKeyBytes"));
    if (rc !== 0) throw ledgerError(rc, "reserve");
  }
}
