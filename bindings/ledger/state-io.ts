// Shared machinery of snapshots and rows (bindings/ledger/snapshot.ts, rows.ts): the core exports
// they use, the record layout, table walking in canonical (id) order, the audit tree state, and
// streaming records through the core's batch input buffer into the loader
// (assembly/ledger/snapshot.ts).
import { LedgerCode } from "./codes.js";
import { errorName, qfsError } from "../errors/index.js";
import { ACC_FLAGS, KEY_STATUS } from "./layout.generated.js";

// The core exports this module uses (one core instance: the ledger's).
export interface SnapshotExports {
  readonly memory: WebAssembly.Memory;
  ioPtr(): number;
  ledgerInputPtr(): number;
  ledgerInputCapacity(): number;
  ledgerGlobalsPtr(): number;
  ledgerPubKeyArenaPtr(): number;
  ledgerQueryPtr(): number;
  ledgerAccountSlots(): number;
  ledgerAccountSlotPtr(i: number): number;
  ledgerKeySlots(): number;
  ledgerKeySlotPtr(i: number): number;
  ledgerLoadBegin(): number;
  ledgerLoadAccounts(n: number, flags: number): number;
  ledgerLoadBalances(token: number, n: number): number;
  ledgerLoadKeys(n: number, inputLen: number, flags: number): number;
  ledgerLoadFinish(): number;
  auditTreeSave(): number;
  auditTreeLoad(size: bigint): number;
  auditTreeReset(): void;
  auditTreeRoot(): number;
}

// ---- Layout in bytes (generated from assembly/ledger/layout.ts) ----
export {
  ACC_SIZE,
  ACC_BAL,
  ACC_FLAGS,
  KEY_SIZE,
  KEY_STATUS,
  KEY_PK_OFF,
  KEY_PK_LEN,
  G_CHAIN_ID,
  G_LAST_SEQ,
  G_ACC_COUNT,
  G_KEY_COUNT,
  G_PK_TOP,
  G_SUPPLY,
  G_ROOT,
  G_SIZE,
} from "./layout.generated.js";
export const TOKENS = 5;
export const PK_MAX_BYTES = 2592; // ML-DSA-87, the largest public key
// Loader flags (assembly/ledger/snapshot.ts): ids strictly increasing (snapshots: one canonical
// order); account records without balances (rows: balances come from the token participants).
export const LOAD_ORDERED = 1;
export const LOAD_BALANCES_ZERO = 2;
// The audit tree builder's limit: at most 2^48 − 1 leaves (assembly/audit/merkle.ts).
export const AUDIT_MAX_LEVELS = 48;

// The core's audit tree (size and right frontier), so a restored sequencer continues its log.
export interface AuditTreeState {
  readonly size: bigint;
  readonly frontier: Uint8Array; // 32 × popcount(size) bytes, lowest level first
  readonly root: Uint8Array;
}

export function fail(code: number, what: string): never {
  throw qfsError(errorName(code) ?? "E_INTERNAL", what);
}

export function popcount(n: bigint): number {
  let c = 0;
  for (let v = n; v > 0n; v >>= 1n) c += Number(v & 1n);
  return c;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Byte-wise order of 32-byte ids at two memory offsets (the core's order for snapshots).
function compareIdsAt(dv: DataView, a: number, b: number): number {
  for (let i = 0; i < 32; i += 4) {
    const x = dv.getUint32(a + i, false);
    const y = dv.getUint32(b + i, false);
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

// Record pointers of the occupied slots of both tables, each sorted by id.
export function occupied(x: SnapshotExports): { accounts: number[]; keys: number[] } {
  const dv = new DataView(x.memory.buffer);
  const accounts: number[] = [];
  const keys: number[] = [];
  for (let i = 0, n = x.ledgerAccountSlots(); i < n; i++) {
    const p = x.ledgerAccountSlotPtr(i);
    if ((dv.getUint32(p + ACC_FLAGS, true) & 1) !== 0) accounts.push(p);
  }
  for (let i = 0, n = x.ledgerKeySlots(); i < n; i++) {
    const p = x.ledgerKeySlotPtr(i);
    if (dv.getUint8(p + KEY_STATUS) !== 0) keys.push(p);
  }
  accounts.sort((a, b) => compareIdsAt(dv, a, b));
  keys.sort((a, b) => compareIdsAt(dv, a, b));
  return { accounts, keys };
}

export function auditTreeState(core: object): AuditTreeState {
  const x = core as SnapshotExports;
  const len = x.auditTreeSave();
  const io = new Uint8Array(x.memory.buffer, x.ioPtr(), len);
  const size = new DataView(io.buffer, io.byteOffset).getBigUint64(0, true);
  const frontier = io.slice(8, len);
  x.auditTreeRoot();
  return { size, frontier, root: new Uint8Array(x.memory.buffer, x.ioPtr(), 32).slice() };
}

// Sets the core's audit tree; the root recomputed from the frontier must be the one given.
export function loadAuditTree(x: SnapshotExports, a: AuditTreeState): void {
  if (typeof a.size !== "bigint" || a.size < 0n || a.size >= 1n << BigInt(AUDIT_MAX_LEVELS))
    fail(LedgerCode.E_RESTORE_AUDIT, "audit tree size out of range");
  if (a.frontier.length !== 32 * popcount(a.size) || a.root.length !== 32)
    fail(LedgerCode.E_RESTORE_AUDIT, "audit frontier length does not match its size");
  new Uint8Array(x.memory.buffer, x.ioPtr(), a.frontier.length).set(a.frontier);
  if (x.auditTreeLoad(a.size) !== 0) fail(LedgerCode.E_RESTORE_AUDIT, "audit tree size refused");
  x.auditTreeRoot();
  if (!equalBytes(new Uint8Array(x.memory.buffer, x.ioPtr(), 32), a.root))
    fail(LedgerCode.E_RESTORE_AUDIT, "audit root recomputed from the frontier differs");
}

export function input(x: SnapshotExports): Uint8Array {
  // The pointer first: the first call allocates the input region, which may grow (detach) memory.
  const ptr = x.ledgerInputPtr();
  return new Uint8Array(x.memory.buffer, ptr, x.ledgerInputCapacity());
}

export function check(rc: number, what: string): void {
  if (rc !== 0) fail(rc, what);
}

// Streams fixed-size records through the input buffer, `load(n)` per chunk.
export function streamFixed(
  x: SnapshotExports,
  src: Uint8Array,
  size: number,
  load: (n: number) => number,
  what: string,
): void {
  const cap = x.ledgerInputCapacity();
  const per = (cap - (cap % size)) / size; // whole records a chunk holds (exact integer division)
  for (let i = 0; i < src.length; i += per * size) {
    const chunk = src.subarray(i, Math.min(src.length, i + per * size));
    input(x).set(chunk);
    check(load(chunk.length / size), what);
  }
}

// Streams entries (account records, or key records each followed by its public key) through the
// input buffer in chunks cut at entry boundaries, load(n, len) per chunk. The view is remade after
// each load: a core call may grow memory, which detaches older views.
export function streamEntries(
  x: SnapshotExports,
  entries: readonly Uint8Array[],
  load: (n: number, len: number) => number,
  what: string,
): void {
  const cap = x.ledgerInputCapacity();
  let buf = input(x);
  let n = 0;
  let len = 0;
  const flush = () => {
    if (n > 0) check(load(n, len), what);
    buf = input(x);
    n = 0;
    len = 0;
  };
  for (const e of entries) {
    if (len + e.length > cap) flush();
    buf.set(e, len);
    len += e.length;
    n++;
  }
  flush();
}
