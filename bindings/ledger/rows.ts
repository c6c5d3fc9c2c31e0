// Rows: a ledger's state as the (participant, kind, key, value) rows the stores hold (contracts A;
// docs/ledger.md "Loading from rows"): stateRows exports them, loadRows rebuilds a ledger from them
// and the core checks the state root. Every malformed row set is a QfsError E_ROWS_MALFORMED (or
// the loader's named code), never a trap.
import { LedgerCode } from "./codes.js";
import {
  ACC_BAL,
  ACC_SIZE,
  G_ROOT,
  G_SUPPLY,
  KEY_PK_LEN,
  KEY_PK_OFF,
  KEY_SIZE,
  LOAD_BALANCES_ZERO,
  PK_MAX_BYTES,
  TOKENS,
  check,
  equalBytes,
  fail,
  input,
  loadAuditTree,
  occupied,
  streamFixed,
  streamEntries,
  type AuditTreeState,
  type SnapshotExports,
} from "./state-io.js";

// Most rows fromRows accepts: every account (registry row + 5 balances), every key, the globals
// and 5 supplies, at 16 Mi accounts.
export const ROWS_MAX = 6 * (1 << 24);

// Rows of contracts A: participants 0..4 = tokens (index order), 5 = registry.
export const RowKind = { BALANCE: 1, SUPPLY: 2, ACCOUNT: 3, KEY: 4, GLOBALS: 5 } as const;
export const REGISTRY_PARTICIPANT = 5;

export interface StateRow {
  readonly participant: number;
  readonly kind: number;
  readonly key: Uint8Array; // 32 bytes
  readonly value: Uint8Array;
}

const ZERO_KEY = new Uint8Array(32);

// The ledger's state as store rows: per token its non-zero balances and its supply, then the
// registry's accounts (balances zeroed), keys (record || public key) and globals; each
// participant's rows sorted by (kind, key). A missing BALANCE row and one of value 0 mean the same.
export function stateRows(core: object): StateRow[] {
  const x = core as SnapshotExports;
  const { accounts, keys } = occupied(x);
  const m = new Uint8Array(x.memory.buffer);
  const dv = new DataView(x.memory.buffer);
  const g = x.ledgerGlobalsPtr();
  const rows: StateRow[] = [];
  for (let t = 0; t < TOKENS; t++) {
    for (const p of accounts) {
      const b = m.subarray(p + ACC_BAL + 16 * t, p + ACC_BAL + 16 * t + 16);
      if (b.some((v) => v !== 0))
        rows.push({ participant: t, kind: RowKind.BALANCE, key: m.slice(p, p + 32), value: b.slice() });
    }
    const s = g + G_SUPPLY + 16 * t;
    rows.push({ participant: t, kind: RowKind.SUPPLY, key: ZERO_KEY.slice(), value: m.slice(s, s + 16) });
  }
  for (const p of accounts) {
    const value = m.slice(p, p + ACC_SIZE);
    value.fill(0, ACC_BAL, ACC_BAL + 16 * TOKENS);
    rows.push({ participant: REGISTRY_PARTICIPANT, kind: RowKind.ACCOUNT, key: m.slice(p, p + 32), value });
  }
  const arena = x.ledgerPubKeyArenaPtr();
  for (const p of keys) {
    const pkOff = arena + dv.getUint32(p + KEY_PK_OFF, true);
    const pkLen = dv.getUint32(p + KEY_PK_LEN, true);
    const value = new Uint8Array(KEY_SIZE + pkLen);
    value.set(m.subarray(p, p + KEY_SIZE));
    value.set(m.subarray(pkOff, pkOff + pkLen), KEY_SIZE);
    rows.push({ participant: REGISTRY_PARTICIPANT, kind: RowKind.KEY, key: m.slice(p, p + 32), value });
  }
  rows.push({
    participant: REGISTRY_PARTICIPANT,
    kind: RowKind.GLOBALS,
    key: ZERO_KEY.slice(),
    value: m.slice(g, g + G_ROOT),
  });
  return rows;
}

interface SortedRows {
  globals: Uint8Array;
  supplies: (Uint8Array | undefined)[];
  balances: StateRow[][]; // per token
  accounts: Uint8Array[];
  keys: Uint8Array[];
}

function rowError(i: number, what: string): never {
  fail(LedgerCode.E_ROWS_MALFORMED, `row ${i}: ${what}`);
}

// Sorts rows by kind and participant, checking each one's shape (contracts A).
function sortRows(rows: readonly StateRow[]): SortedRows {
  if (!Array.isArray(rows) || rows.length > ROWS_MAX)
    fail(LedgerCode.E_ROWS_MALFORMED, `rows must be an array of at most ${ROWS_MAX}`);
  const out: SortedRows = {
    globals: new Uint8Array(0),
    supplies: [],
    balances: Array.from({ length: TOKENS }, () => []),
    accounts: [],
    keys: [],
  };
  rows.forEach((r, i) => {
    if (typeof r !== "object" || r === null) rowError(i, "not a row object");
    const { participant: p, kind, key, value } = r;
    if (!(key instanceof Uint8Array) || key.length !== 32 || !(value instanceof Uint8Array))
      rowError(i, "key or value");
    const token = Number.isInteger(p) && p >= 0 && p < TOKENS;
    if (!token && p !== REGISTRY_PARTICIPANT) rowError(i, `participant ${p}`);
    if (kind === RowKind.BALANCE && token && value.length === 16) out.balances[p]!.push(r);
    else if (kind === RowKind.SUPPLY && token && value.length === 16 && equalBytes(key, ZERO_KEY)) {
      if (out.supplies[p] !== undefined) rowError(i, `second SUPPLY row of token ${p}`);
      out.supplies[p] = value;
    } else if (
      kind === RowKind.ACCOUNT &&
      !token &&
      value.length === ACC_SIZE &&
      equalBytes(key, value.subarray(0, 32))
    )
      out.accounts.push(value);
    else if (kind === RowKind.KEY && !token && value.length >= KEY_SIZE && equalBytes(key, value.subarray(0, 32))) {
      const pkLen = new DataView(value.buffer, value.byteOffset).getUint32(KEY_PK_LEN, true);
      if (pkLen > PK_MAX_BYTES || value.length !== KEY_SIZE + pkLen) rowError(i, "KEY value length");
      out.keys.push(value);
    } else if (kind === RowKind.GLOBALS && !token && value.length === G_ROOT && equalBytes(key, ZERO_KEY)) {
      if (out.globals.length !== 0) rowError(i, "second GLOBALS row");
      out.globals = value;
    } else rowError(i, `kind ${kind} of participant ${p} with a ${value.length}-byte value`);
  });
  if (out.globals.length === 0) fail(LedgerCode.E_ROWS_MALFORMED, "no GLOBALS row");
  return out;
}

// Each token's balance rows as [id][u128] entries, sorted; a repeated account id is refused.
function balanceEntries(rows: StateRow[]): Uint8Array {
  rows.sort((a, b) => {
    for (let i = 0; i < 32; i++) if (a.key[i] !== b.key[i]) return a.key[i]! - b.key[i]!;
    return 0;
  });
  const out = new Uint8Array(rows.length * 48);
  rows.forEach((r, i) => {
    if (i > 0 && equalBytes(r.key, rows[i - 1]!.key)) fail(LedgerCode.E_ROWS_MALFORMED, "repeated BALANCE row");
    out.set(r.key, i * 48);
    out.set(r.value, i * 48 + 32);
  });
  return out;
}

// Loads store rows into core `x`; the state root recomputed by the core must be `expectedRoot`.
// The audit tree is not in the rows: it is set from `audit` when given, else left empty.
export function loadRows(
  core: object,
  rows: readonly StateRow[],
  expectedRoot: Uint8Array,
  audit?: AuditTreeState,
): void {
  const x = core as SnapshotExports;
  if (!(expectedRoot instanceof Uint8Array) || expectedRoot.length !== 32)
    fail(LedgerCode.E_ROWS_MALFORMED, "expected state root must be 32 bytes");
  const s = sortRows(rows);
  for (let t = 0; t < TOKENS; t++) {
    const sup = s.supplies[t];
    if (sup !== undefined && !equalBytes(sup, s.globals.subarray(G_SUPPLY + 16 * t, G_SUPPLY + 16 * t + 16)))
      fail(LedgerCode.E_ROWS_MALFORMED, `SUPPLY row of token ${t} differs from the globals block`);
  }
  input(x).set(s.globals);
  check(x.ledgerLoadBegin(), "GLOBALS row");
  if (audit === undefined) x.auditTreeReset();
  else loadAuditTree(x, audit);
  const flags = LOAD_BALANCES_ZERO;
  streamEntries(x, s.accounts, (n) => x.ledgerLoadAccounts(n, flags), "ACCOUNT rows");
  for (let t = 0; t < TOKENS; t++)
    streamFixed(x, balanceEntries(s.balances[t]!), 48, (n) => x.ledgerLoadBalances(t, n), "BALANCE rows");
  streamEntries(x, s.keys, (n, len) => x.ledgerLoadKeys(n, len, 0), "KEY rows");
  new Uint8Array(x.memory.buffer, x.ledgerQueryPtr(), 32).set(expectedRoot);
  check(x.ledgerLoadFinish(), "state root");
}
