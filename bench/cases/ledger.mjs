// Bench case for the ledger state machine: one batch of 1,000 single-transfer packets (pre-verified
// signers, 1,000 accounts, state root included), applied by the WASM core; and the same batch
// through the typed API (record encoding in TS + apply). Transfers/s = 1,000 × ops/s.
// `load()` returns [{ name, impls }], ours first (there is no other implementation to compare).
export async function load() {
  const qfs = await import("../../dist/index.js");
  const pk = (n) => {
    const b = new Uint8Array(1312);
    for (let i = 0; i < b.length; i++) b[i] = (n * 131 + i * 7) & 0xff;
    b[0] = n & 0xff;
    b[1] = n >> 8;
    return b;
  };
  const N = 1000;
  const T = 1_700_000_000_000n;
  const minterPk = pk(60000 % 65536);
  const users = Array.from({ length: N }, (_, i) => pk(i + 1));
  const ids = users.map((p) => qfs.sha3_256(p));
  const ledger = qfs.Ledger.create({
    chainId: 1,
    timeMs: T,
    keys: [
      { publicKey: minterPk, roles: qfs.minterRole(qfs.Token.FLX) },
      ...users.map((p) => ({ publicKey: p, roles: 0 })),
    ],
    accountSlots: 4096,
    keySlots: 2048,
  });
  const minterId = qfs.sha3_256(minterPk);
  const mints = ids.map((to, i) => ({
    chainId: 1,
    account: minterId,
    signers: [minterId],
    nonce: BigInt(i + 1),
    timestampMs: T,
    ops: [{ kind: "mint", token: qfs.Token.FLX, to, amount: 1n << 60n }],
  }));
  let seq = 1n;
  ledger._applyRecordsForTest({ seq: seq++, timeMs: T }, mints);
  let round = 0n;
  const packets = (nonce) =>
    ids.map((id, i) => ({
      chainId: 1,
      account: id,
      signers: [id],
      nonce,
      timestampMs: T,
      ops: [{ kind: "transfer", token: qfs.Token.FLX, to: ids[(i + 1) % N], amount: 1n }],
    }));
  // Raw path: the records are written once and only the nonce is patched before each batch.
  const core = ledger.core.exports; // the ledger's own instance
  const recs = packets(0n).map((p) => qfs.encodeLedgerPacket(p));
  const base = core.ledgerInputPtr();
  const total = 32 + recs.reduce((n, r) => n + r.length, 0);
  const offsets = [];
  let dirty = true;
  const rawBatch = () => {
    const nonce = ++round;
    if (dirty) {
      const m = new Uint8Array(core.memory.buffer);
      m.fill(0, base, base + 32);
      offsets.length = 0;
      let off = base + 32;
      for (const r of recs) {
        m.set(r, off);
        offsets.push(off);
        off += r.length;
      }
      dirty = false;
    }
    const dv = new DataView(core.memory.buffer);
    for (const off of offsets) dv.setBigUint64(off + 8, nonce, true);
    const rc = core.ledgerApplyBatch(seq++, T, N, total, 0);
    if (rc !== 0 || dv.getUint32(core.ledgerOutcomesPtr(), true) !== 0) throw new Error("ledger bench: batch failed");
  };
  const apiBatch = () => {
    const r = ledger._applyRecordsForTest({ seq: seq++, timeMs: T }, packets(++round));
    if (r.outcomes[0] !== 0) throw new Error("ledger bench: API batch failed");
    dirty = true;
  };
  rawBatch();
  apiBatch();
  return [
    {
      name: "ledger batch of 1,000 transfers",
      impls: { "wasm core (raw input)": rawBatch, "typed API (encode + apply)": apiBatch },
    },
  ];
}
