// Helpers of the pending-batch suite (test/ledger/pending.test.ts): raw reads of the core's records
// and globals, a state snapshot for byte comparison, a write-set parser, and the rows a batch
// should write, computed independently from two snapshots (docs/ledger.md "Write sets").
import { ACC_SIZE, ACC_BAL, KEY_SIZE, G_SIZE, G_ROOT, G_SUPPLY } from "../../bindings/ledger/layout.generated.js";
import type { CoreInstance } from "../../bindings/runtime.js";
import type { Ledger } from "../../bindings/index.js";

interface RawExports {
  memory: WebAssembly.Memory;
  ledgerQueryPtr(): number;
  ledgerAccountFind(): number;
  ledgerKeyFind(): number;
  ledgerGlobalsPtr(): number;
  ledgerPubKeyArenaPtr(): number;
  ledgerTestLimits(undoBytes: number, writeSetBytes: number): void;
  ledgerTestAccountRemove(): number;
  ledgerTestKeyRemove(): number;
}

// The core the raw readers look at: snapshot(ledger) selects the ledger's; useCore for the rest.
let current: CoreInstance | undefined;
export function useCore(core: CoreInstance): void {
  current = core;
}
export const raw = (): RawExports => {
  if (current === undefined) throw new Error("test helper: call useCore(ledger.core) first");
  return current.exports as unknown as RawExports;
};

// The suite's packets carry fake signatures: a bitmap that marks every signer as verified upstream
// (docs/ledger.md "Trust boundary"), so the core takes them as the verify pool would hand them over.
export const trusted = (packets: readonly Uint8Array[]): { verified: Uint8Array } => ({
  verified: new Uint8Array(packets.length).fill(0xff),
});
const bytes = (): Uint8Array => new Uint8Array(raw().memory.buffer);
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export function rawAccount(id: Uint8Array): Uint8Array | null {
  const x = raw();
  bytes().set(id, x.ledgerQueryPtr());
  const p = x.ledgerAccountFind();
  return p === 0 ? null : bytes().slice(p, p + ACC_SIZE);
}

// The key record followed by its public key bytes (what a KEY row holds).
export function rawKey(id: Uint8Array): Uint8Array | null {
  const x = raw();
  bytes().set(id, x.ledgerQueryPtr());
  const p = x.ledgerKeyFind();
  if (p === 0) return null;
  const m = bytes();
  const dv = new DataView(m.buffer);
  const off = x.ledgerPubKeyArenaPtr() + dv.getUint32(p + 96, true);
  const len = dv.getUint32(p + 100, true);
  const out = new Uint8Array(KEY_SIZE + len);
  out.set(m.subarray(p, p + KEY_SIZE));
  out.set(m.subarray(off, off + len), KEY_SIZE);
  return out;
}

// Test hooks: remove a record by id straight from its table (accRemove / keyRemove).
export function removeAccount(id: Uint8Array): boolean {
  bytes().set(id, raw().ledgerQueryPtr());
  return raw().ledgerTestAccountRemove() === 1;
}
export function removeKey(id: Uint8Array): boolean {
  bytes().set(id, raw().ledgerQueryPtr());
  return raw().ledgerTestKeyRemove() === 1;
}

export function rawGlobals(): Uint8Array {
  const g = raw().ledgerGlobalsPtr();
  return bytes().slice(g, g + G_SIZE);
}

export interface Snapshot {
  stateRoot: string;
  globals: string;
  auditRoot: string;
  auditSize: number;
  accounts: Record<string, string | null>;
  keys: Record<string, string | null>;
}

// Everything an abort must restore, for the ids in `accountIds` / `keyIds` (the test's universe),
// read through the ledger's getters and raw from the core's memory.
export function snapshot(ledger: Ledger, accountIds: Uint8Array[], keyIds: Uint8Array[]): Snapshot {
  useCore(ledger.core);
  const accounts: Record<string, string | null> = {};
  for (const id of accountIds) {
    const r = rawAccount(id);
    accounts[hex(id)] = r === null ? null : hex(r);
    const a = ledger.getAccount(id);
    if ((a === undefined) !== (r === null)) throw new Error("getAccount and the raw record disagree");
  }
  const keys: Record<string, string | null> = {};
  for (const id of keyIds) {
    const r = rawKey(id);
    keys[hex(id)] = r === null ? null : hex(r);
  }
  return {
    stateRoot: hex(ledger.stateRoot()),
    globals: hex(rawGlobals()),
    auditRoot: hex(ledger.auditRoot()),
    auditSize: ledger.auditSize,
    accounts,
    keys,
  };
}

export interface Row {
  kind: number;
  flags: number;
  key: string;
  value: string;
}

// Parses one write set (contracts A); throws on any layout error.
export function parseWriteSet(ws: Uint8Array, participant: number, seq: bigint): Row[] {
  const dv = new DataView(ws.buffer, ws.byteOffset, ws.byteLength);
  if (new TextDecoder().decode(ws.subarray(0, 4)) !== "QWS1") throw new Error("magic");
  if (ws[4] !== participant || ws[5] !== 1 || dv.getUint16(6, true) !== 0) throw new Error("header");
  if (dv.getBigUint64(8, true) !== seq || dv.getUint32(20, true) !== 0) throw new Error("header seq");
  const rows: Row[] = [];
  let o = 24;
  for (let n = dv.getUint32(16, true); n > 0; n--) {
    if (dv.getUint16(o + 2, true) !== 0) throw new Error("row reserved");
    const len = dv.getUint32(o + 36, true);
    rows.push({
      kind: ws[o]!,
      flags: ws[o + 1]!,
      key: hex(ws.subarray(o + 4, o + 36)),
      value: hex(ws.subarray(o + 40, o + 40 + len)),
    });
    o += 40 + len;
  }
  if (o !== ws.length) throw new Error("trailing bytes");
  return rows;
}

const byKindKey = (a: Row, b: Row): number => a.kind - b.kind || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const ZERO16 = "00".repeat(16);
const ZERO32 = "00".repeat(32);

// The rows a batch from `before` to `after` must write, per participant (0..4 tokens, 5 registry).
export function expectedRows(before: Snapshot, after: Snapshot): Row[][] {
  const out: Row[][] = Array.from({ length: 6 }, () => []);
  const bal = (rec: string | null, t: number): string =>
    rec === null ? ZERO16 : rec.slice(2 * (ACC_BAL + 16 * t), 2 * (ACC_BAL + 16 * t + 16));
  const noBal = (rec: string): string => rec.slice(0, 2 * ACC_BAL) + "00".repeat(80) + rec.slice(2 * (ACC_BAL + 80));
  for (const id of Object.keys(after.accounts)) {
    const o = before.accounts[id] ?? null;
    const n = after.accounts[id] ?? null;
    if (o === null && n === null) continue;
    for (let t = 0; t < 5; t++) {
      if (n === null) {
        if (bal(o, t) !== ZERO16) out[t]!.push({ kind: 1, flags: 1, key: id, value: "" });
      } else if (bal(o, t) !== bal(n, t)) out[t]!.push({ kind: 1, flags: 0, key: id, value: bal(n, t) });
    }
    if (n === null) out[5]!.push({ kind: 3, flags: 1, key: id, value: "" });
    else if (o === null || noBal(o) !== noBal(n)) out[5]!.push({ kind: 3, flags: 0, key: id, value: noBal(n) });
  }
  for (const id of Object.keys(after.keys)) {
    const o = before.keys[id] ?? null;
    const n = after.keys[id] ?? null;
    if (n === null) {
      if (o !== null) out[5]!.push({ kind: 4, flags: 1, key: id, value: "" });
    } else if (o !== n) out[5]!.push({ kind: 4, flags: 0, key: id, value: n });
  }
  for (let t = 0; t < 5; t++) {
    const at = 2 * (G_SUPPLY + 16 * t);
    const s = after.globals.slice(at, at + 32);
    if (s !== before.globals.slice(at, at + 32)) out[t]!.push({ kind: 2, flags: 0, key: ZERO32, value: s });
  }
  const g = after.globals.slice(0, 2 * G_ROOT);
  if (g !== before.globals.slice(0, 2 * G_ROOT)) out[5]!.push({ kind: 5, flags: 0, key: ZERO32, value: g });
  for (const rows of out) rows.sort(byKindKey);
  return out;
}
