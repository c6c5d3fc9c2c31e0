// Snapshots: a ledger's whole state as versioned bytes (docs/ledger.md "Snapshots"). The core
// checks and places every record and rebuilds the state tree (assembly/ledger/snapshot.ts); this
// module frames the bytes. Every malformed snapshot is a QfsError with a named code, never a trap.
import { sha3_256 } from "../hash.js";
import { LedgerCode } from "./codes.js";
import {
  ACC_SIZE,
  G_ACC_COUNT,
  G_CHAIN_ID,
  G_KEY_COUNT,
  G_LAST_SEQ,
  G_PK_TOP,
  G_ROOT,
  G_SIZE,
  KEY_PK_LEN,
  KEY_PK_OFF,
  KEY_SIZE,
  LOAD_ORDERED,
  PK_MAX_BYTES,
  AUDIT_MAX_LEVELS,
  auditTreeState,
  check,
  equalBytes,
  fail,
  input,
  loadAuditTree,
  occupied,
  popcount,
  streamFixed,
  streamEntries,
  type SnapshotExports,
} from "./state-io.js";

// ---- Snapshot v1 (docs/ledger.md "Snapshots") ----
const MAGIC = [0x51, 0x53, 0x4e, 0x50]; // "QSNP"
// 2: state layout v2 (232-byte accounts, staking globals): a version-1 snapshot has other sizes.
export const SNAPSHOT_VERSION = 2;
const H_VERSION = 4;
const H_CHAIN_ID = 8;
const H_SEQ = 16;
const H_ACCOUNTS = 24;
const H_KEYS = 28;
const H_PK_BYTES = 32;
const H_RESERVED = 36;
const H_AUDIT_SIZE = 40;
const H_STATE_ROOT = 48;
const H_AUDIT_ROOT = 80;
const HEADER_BYTES = 112;
const HASH_BYTES = 32;
// Largest snapshot restore accepts (1 GiB): far above the tables' limits, below what a JS
// engine can hold in one typed array.
export const SNAPSHOT_MAX_BYTES = 1 << 30;
export interface Snapshot {
  readonly bytes: Uint8Array; // the snapshot, its SHA3-256 in the last 32 bytes
  readonly sha3_256: Uint8Array; // SHA3-256 of bytes[0 .. length − 32)
  readonly stateRoot: Uint8Array;
}

// The snapshot of the ledger in core `x`.
export function takeSnapshot(core: object): Snapshot {
  const x = core as SnapshotExports;
  const audit = auditTreeState(x);
  const { accounts, keys } = occupied(x);
  const m = new Uint8Array(x.memory.buffer);
  const dv = new DataView(x.memory.buffer);
  const g = x.ledgerGlobalsPtr();
  let pkBytes = 0;
  for (const p of keys) pkBytes += dv.getUint32(p + KEY_PK_LEN, true);
  const total =
    HEADER_BYTES + G_SIZE + audit.frontier.length + accounts.length * ACC_SIZE + keys.length * KEY_SIZE + pkBytes;
  const out = new Uint8Array(total + HASH_BYTES);
  const o = new DataView(out.buffer);
  out.set(MAGIC, 0);
  o.setUint16(H_VERSION, SNAPSHOT_VERSION, true);
  o.setUint32(H_CHAIN_ID, dv.getUint32(g + G_CHAIN_ID, true), true);
  o.setBigUint64(H_SEQ, dv.getBigUint64(g + G_LAST_SEQ, true), true);
  o.setUint32(H_ACCOUNTS, accounts.length, true);
  o.setUint32(H_KEYS, keys.length, true);
  o.setUint32(H_PK_BYTES, pkBytes, true);
  o.setBigUint64(H_AUDIT_SIZE, audit.size, true);
  out.set(m.subarray(g + G_ROOT, g + G_ROOT + 32), H_STATE_ROOT);
  out.set(audit.root, H_AUDIT_ROOT);
  let off = HEADER_BYTES;
  out.set(m.subarray(g, g + G_SIZE), off);
  off += G_SIZE;
  out.set(audit.frontier, off);
  off += audit.frontier.length;
  for (const p of accounts) {
    out.set(m.subarray(p, p + ACC_SIZE), off);
    off += ACC_SIZE;
  }
  const arena = x.ledgerPubKeyArenaPtr();
  for (const p of keys) {
    out.set(m.subarray(p, p + KEY_SIZE), off);
    const pkOff = arena + dv.getUint32(p + KEY_PK_OFF, true);
    const pkLen = dv.getUint32(p + KEY_PK_LEN, true);
    out.set(m.subarray(pkOff, pkOff + pkLen), off + KEY_SIZE);
    off += KEY_SIZE + pkLen;
  }
  const hash = sha3_256(out.subarray(0, total));
  out.set(hash, total);
  return { bytes: out, sha3_256: hash, stateRoot: out.slice(H_STATE_ROOT, H_STATE_ROOT + 32) };
}

// Checks the framing of snapshot bytes (hash first, so any changed byte is E_SNAPSHOT_HASH);
// returns the header fields the loader needs.
function parseHeader(bytes: Uint8Array) {
  if (!(bytes instanceof Uint8Array)) fail(LedgerCode.E_SNAPSHOT_LENGTH, "a snapshot is a Uint8Array");
  const min = HEADER_BYTES + G_SIZE + HASH_BYTES;
  if (bytes.length < min || bytes.length > SNAPSHOT_MAX_BYTES)
    fail(LedgerCode.E_SNAPSHOT_LENGTH, `snapshot of ${bytes.length} bytes (${min} … ${SNAPSHOT_MAX_BYTES})`);
  const body = bytes.subarray(0, bytes.length - HASH_BYTES);
  if (!equalBytes(sha3_256(body), bytes.subarray(body.length)))
    fail(LedgerCode.E_SNAPSHOT_HASH, "SHA3-256 of the snapshot differs from its last 32 bytes");
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail(LedgerCode.E_SNAPSHOT_MAGIC, "not a QSNP snapshot");
  if (h.getUint16(H_VERSION, true) !== SNAPSHOT_VERSION || h.getUint16(6, true) !== 0)
    fail(LedgerCode.E_SNAPSHOT_VERSION, `snapshot version ${h.getUint16(H_VERSION, true)}, want ${SNAPSHOT_VERSION}`);
  if (h.getUint32(12, true) !== 0 || h.getUint32(H_RESERVED, true) !== 0)
    fail(LedgerCode.E_SNAPSHOT_VERSION, "reserved header field not 0");
  const accounts = h.getUint32(H_ACCOUNTS, true);
  const keys = h.getUint32(H_KEYS, true);
  const pkBytes = h.getUint32(H_PK_BYTES, true);
  const auditSize = h.getBigUint64(H_AUDIT_SIZE, true);
  if (auditSize >= 1n << BigInt(AUDIT_MAX_LEVELS)) fail(LedgerCode.E_RESTORE_AUDIT, "audit tree size out of range");
  const frontierBytes = 32 * popcount(auditSize);
  const want = min + frontierBytes + accounts * ACC_SIZE + keys * KEY_SIZE + pkBytes;
  if (want !== bytes.length)
    fail(LedgerCode.E_SNAPSHOT_LENGTH, `header says ${want} bytes, snapshot has ${bytes.length}`);
  return { h, accounts, keys, pkBytes, auditSize, frontierBytes };
}

// Globals block in the snapshot vs. its header: the same chain, seq, counts and root, padding 0.
function checkGlobals(bytes: Uint8Array, hd: ReturnType<typeof parseHeader>): void {
  const g = new DataView(bytes.buffer, bytes.byteOffset + HEADER_BYTES, G_SIZE);
  const ok =
    g.getUint32(G_CHAIN_ID, true) === hd.h.getUint32(H_CHAIN_ID, true) &&
    g.getBigUint64(G_LAST_SEQ, true) === hd.h.getBigUint64(H_SEQ, true) &&
    g.getUint32(G_ACC_COUNT, true) === hd.accounts &&
    g.getUint32(G_KEY_COUNT, true) === hd.keys &&
    g.getUint32(G_PK_TOP, true) === hd.pkBytes &&
    equalBytes(
      bytes.subarray(HEADER_BYTES + G_ROOT, HEADER_BYTES + G_ROOT + 32),
      bytes.subarray(H_STATE_ROOT, H_STATE_ROOT + 32),
    ) &&
    bytes.subarray(HEADER_BYTES + G_ROOT + 32, HEADER_BYTES + G_SIZE).every((b) => b === 0);
  if (!ok) fail(LedgerCode.E_RESTORE_GLOBALS, "globals block disagrees with the snapshot header");
}

// Splits the keys section of a snapshot into entries (each record's KEY_PK_LEN says its length).
function keyEntries(section: Uint8Array, count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(section.buffer, section.byteOffset, section.byteLength);
  let off = 0;
  for (let i = 0; i < count; i++) {
    if (section.length - off < KEY_SIZE) fail(LedgerCode.E_SNAPSHOT_LENGTH, "keys section ends inside a record");
    const pkLen = dv.getUint32(off + KEY_PK_LEN, true);
    if (pkLen > PK_MAX_BYTES) fail(LedgerCode.E_RESTORE_RECORD, `public key length ${pkLen}`);
    if (section.length - off - KEY_SIZE < pkLen) fail(LedgerCode.E_SNAPSHOT_LENGTH, "keys section ends inside a key");
    out.push(section.subarray(off, off + KEY_SIZE + pkLen));
    off += KEY_SIZE + pkLen;
  }
  if (off !== section.length) fail(LedgerCode.E_SNAPSHOT_LENGTH, "keys section longer than its records");
  return out;
}

// Loads snapshot bytes into core `x` (every check of docs/ledger.md "Restore"); throws a QfsError.
export function restoreSnapshot(core: object, bytes: Uint8Array): void {
  const x = core as SnapshotExports;
  const hd = parseHeader(bytes);
  checkGlobals(bytes, hd);
  input(x).set(bytes.subarray(HEADER_BYTES, HEADER_BYTES + G_ROOT));
  check(x.ledgerLoadBegin(), "globals block");
  let off = HEADER_BYTES + G_SIZE;
  loadAuditTree(x, {
    size: hd.auditSize,
    frontier: bytes.subarray(off, off + hd.frontierBytes),
    root: bytes.subarray(H_AUDIT_ROOT, H_AUDIT_ROOT + 32),
  });
  off += hd.frontierBytes;
  const accEnd = off + hd.accounts * ACC_SIZE;
  streamFixed(x, bytes.subarray(off, accEnd), ACC_SIZE, (n) => x.ledgerLoadAccounts(n, LOAD_ORDERED), "accounts");
  const keys = keyEntries(bytes.subarray(accEnd, bytes.length - HASH_BYTES), hd.keys);
  streamEntries(x, keys, (n, len) => x.ledgerLoadKeys(n, len, LOAD_ORDERED), "key records");
  new Uint8Array(x.memory.buffer, x.ledgerQueryPtr(), 32).set(bytes.subarray(H_STATE_ROOT, H_STATE_ROOT + 32));
  check(x.ledgerLoadFinish(), "state root");
}
