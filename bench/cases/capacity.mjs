// Capacity bench (docs/ledger.md "Capacity"): a 1,000-transfer batch (pre-verified signers, state
// root included) on ledgers of 10^3, 10^5 and 10^6 accounts, and the WASM memory each account and
// each ML-DSA-87 key costs (memory.buffer.byteLength deltas). Each ledger lives in a fresh core
// instance made here from build/core.wasm, so earlier ledgers neither share nor free its memory;
// batches go through the raw input path (records encoded by the bindings, applied by the core).
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";

const T = 1_700_000_000_000n;
const CHAIN = 1;
const USERS = 1000;
const ROLE_ADMIN_KEY_ADMIN = 1 | 4;
const ROLE_MINTER_FLX = 1 << 9;
const FLX = 1;
const MODE_PREVERIFIED = 0;
const MODE_GENESIS = 2;
const ZERO32 = new Uint8Array(32);

const sha3 = (b) => new Uint8Array(createHash("sha3-256").update(b).digest());

function fakePk(n, size) {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (n * 131 + i * 7 + (i >> 8)) & 0xff;
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

// A well-spread account id for filler account n.
function fillerId(n) {
  const id = new Uint8Array(32);
  const dv = new DataView(id.buffer);
  let h = (n + 0x9e3779b9) | 0;
  for (let w = 0; w < 8; w++) {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    dv.setUint32(4 * w, h >>> 0, true);
    h = (h + n + w) | 0;
  }
  return id;
}

function freshCore() {
  const bytes = readFileSync(new URL("../../build/core.wasm", import.meta.url));
  const abort = () => {
    throw new Error("core abort");
  };
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { abort } }).exports;
}

function apply(x, seq, records, mode) {
  const base = x.ledgerInputPtr();
  const m = new Uint8Array(x.memory.buffer);
  m.fill(0, base, base + 32);
  let off = base + 32;
  for (const r of records) {
    m.set(r, off);
    off += r.length;
  }
  const rc = x.ledgerApplyBatch(seq, T, records.length, off - base, mode);
  if (rc !== 0) throw new Error(`capacity bench: batch ${seq} rejected (${rc})`);
  const dv = new DataView(x.memory.buffer);
  for (let i = 0; i < records.length; i++) {
    const code = dv.getUint32(x.ledgerOutcomesPtr() + 4 * i, true);
    if (code !== 0) throw new Error(`capacity bench: batch ${seq} packet ${i} failed (${code})`);
  }
}

const genesisPacket = (ops) => ({ chainId: CHAIN, account: ZERO32, signers: [], nonce: 0n, timestampMs: 0n, ops });
const signed = (id, nonce, ops) => ({ chainId: CHAIN, account: id, signers: [id], nonce, timestampMs: T, ops });

function chunks(list, n) {
  const out = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

// A ledger of `accounts` accounts: the minter, 1,000 users with keys and FLX, and filler accounts
// minted 16 a packet. Returns the core, the users' ids, the fillers' count and bytes per filler.
function buildLedger(qfs, accounts) {
  const x = freshCore();
  if (x.ledgerInit(CHAIN, 16, 16) !== 0) throw new Error("capacity bench: init");
  const minterPk = fakePk(1 << 30, 1312);
  const minter = sha3(minterPk);
  const users = Array.from({ length: USERS }, (_, i) => fakePk(i + 1, 1312));
  const ids = users.map(sha3);
  const ops = [
    { kind: "keyRegister", publicKey: minterPk, roles: ROLE_MINTER_FLX },
    ...users.map((p) => ({ kind: "keyRegister", publicKey: p })),
    ...ids.map((to) => ({ kind: "mint", token: FLX, to, amount: 1n << 60n })),
  ];
  apply(
    x,
    0n,
    chunks(ops, 16).map((o) => qfs.encodeLedgerPacket(genesisPacket(o))),
    MODE_GENESIS,
  );
  const before = x.memory.buffer.byteLength;
  const fillers = Math.max(0, accounts - USERS - 1);
  let seq = 1n;
  let nonce = 0n;
  for (let first = 0; first < fillers; first += 16_000) {
    const mints = [];
    for (let n = first; n < Math.min(fillers, first + 16_000); n++)
      mints.push({ kind: "mint", token: FLX, to: fillerId(n), amount: 1n });
    apply(
      x,
      seq++,
      chunks(mints, 16).map((o) => qfs.encodeLedgerPacket(signed(minter, ++nonce, o))),
      MODE_PREVERIFIED,
    );
  }
  const bytesPerAccount = fillers > 0 ? (x.memory.buffer.byteLength - before) / fillers : undefined;
  return { x, ids, fillers, seq, bytesPerAccount };
}

// Median CPU milliseconds and state-tree hashes of a 1,000-transfer batch (each user pays a different account each round).
function timeTransfers(qfs, l, rounds = 12, warmup = 2) {
  const receiver = (round, i) => {
    const k = (round * USERS + i) * 7919;
    return l.fillers > 0 ? fillerId(k % l.fillers) : l.ids[k % USERS];
  };
  const batches = [];
  for (let r = 0; r < rounds; r++)
    batches.push(
      l.ids.map((id, i) =>
        qfs.encodeLedgerPacket(
          signed(id, BigInt(r + 1), [{ kind: "transfer", token: FLX, to: receiver(r, i), amount: 1n }]),
        ),
      ),
    );
  // CPU time of this (single-threaded) process, not wall time: the machine is shared and busy.
  const ms = [];
  const hashes = [];
  let seq = l.seq;
  for (const b of batches) {
    l.x.smtTakeHashCount();
    const t0 = process.cpuUsage();
    apply(l.x, seq++, b, MODE_PREVERIFIED);
    const dt = process.cpuUsage(t0);
    ms.push((dt.user + dt.system) / 1000);
    hashes.push(l.x.smtTakeHashCount());
  }
  const median = (v) => v.slice(warmup).sort((a, b) => a - b)[(v.length - warmup) >> 1];
  return { ms: median(ms), treeHashes: median(hashes) };
}

// Bytes of WASM memory per ML-DSA-87 key: `keys` registrations (2,592-byte public keys) owned by
// the admin's account, so that no account is created.
function bytesPerKey(qfs, keys) {
  const x = freshCore();
  if (x.ledgerInit(CHAIN, 16, 16) !== 0) throw new Error("capacity bench: init");
  const adminPk = fakePk(1 << 29, 1312);
  const admin = sha3(adminPk);
  apply(
    x,
    0n,
    [qfs.encodeLedgerPacket(genesisPacket([{ kind: "keyRegister", publicKey: adminPk, roles: ROLE_ADMIN_KEY_ADMIN }]))],
    MODE_GENESIS,
  );
  const before = x.memory.buffer.byteLength;
  let seq = 1n;
  let nonce = 0n;
  for (let first = 0; first < keys; first += 1440) {
    const regs = [];
    for (let n = first; n < Math.min(keys, first + 1440); n++)
      regs.push({ kind: "keyRegister", publicKey: fakePk(n + 1, 2592), owner: admin });
    apply(
      x,
      seq++,
      chunks(regs, 16).map((o) => qfs.encodeLedgerPacket(signed(admin, ++nonce, o))),
      MODE_PREVERIFIED,
    );
  }
  return { bytes: (x.memory.buffer.byteLength - before) / keys, arena: x.ledgerPubKeyArenaCapacity() };
}

export async function run(log = () => {}) {
  const qfs = await import("../../dist/index.js");
  const rows = [];
  for (const accounts of [1_000, 100_000, 1_000_000]) {
    const l = buildLedger(qfs, accounts);
    const { ms, treeHashes } = timeTransfers(qfs, l);
    rows.push({
      treeHashes,
      accounts: l.x.ledgerCheckInvariants() === 0 ? USERS + 1 + l.fillers : NaN,
      ms,
      slots: l.x.ledgerAccountCapacity(),
      bytesPerAccount: l.bytesPerAccount,
    });
    log(`. capacity: ${accounts} accounts`);
  }
  const KEYS = 50_000;
  const key = bytesPerKey(qfs, KEYS);
  log(". capacity: keys");
  return { rows, keys: KEYS, bytesPerKey: key.bytes, arenaBytes: key.arena };
}
