// Bench case for the audit entries of one wire batch of 1,000 single-transfer DRV packets (zero
// signatures, pre-verified path). Per-transfer cost = batch time / 1,000.
//   core path (now): the core re-encodes the batch's entries and hashes the packets and the
//     leaves (ledgerAuditRebuild: the step prepare() runs), and TS slices the entries out of
//     memory as prepare() does. It leaves out the frontier append (about one node hash per entry).
//   TS path (before): bindings/replay/entries.ts re-decodes and re-hashes every packet in TS,
//     encodes the entries, and appends each to the core's tree (what the sequencer did).
//   wire batch: a whole prepare (decode, apply, state root, audit entries, undo log, write sets)
//     and its abort (records, state tree leaves and audit frontier put back).
// Its own module: creating a ledger resets the shared core, which ledger.mjs's cases still use.
export async function load() {
  const qfs = await import("../../dist/index.js");
  const runtime = await import("../../dist/runtime.js");
  const pk = (n) => {
    const b = new Uint8Array(1312);
    for (let i = 0; i < b.length; i++) b[i] = (n * 131 + i * 7) & 0xff;
    b[0] = n & 0xff;
    b[1] = n >> 8;
    return b;
  };
  const N = 1000;
  const T = 1_700_000_000_000n;
  const users = Array.from({ length: N }, (_, i) => pk(i + 1));
  const ids = users.map((p) => qfs.sha3_256(p));
  const ledger = qfs.Ledger.create({
    chainId: 1,
    timeMs: T,
    keys: users.map((p) => ({ publicKey: p, roles: 0 })),
    allocations: ids.map((account) => ({ account, token: qfs.Token.FLX, amount: 1n << 60n })),
    accountSlots: 4096,
    keySlots: 2048,
  });
  const transfers = (nonce) =>
    ids.map((id, i) =>
      qfs.encodePacket({
        body: {
          chainId: 1,
          account: id,
          nonce,
          timestampMs: T,
          signers: [id],
          ops: [qfs.ops.transfer(qfs.Token.FLX, ids[(i + 1) % N], 1n)],
        },
        signatures: [{ level: 44, signature: new Uint8Array(2420) }],
      }),
    );
  const packets = transfers(1n);
  const next = transfers(2n);
  const res = ledger.applyWireBatch({ seq: 1n, timeMs: T }, packets);
  if (res.outcomes.some((c) => c !== 0)) throw new Error("audit bench: batch failed");
  const core = runtime.getCore();
  const want = res.auditEntries.length;
  let sink = 0;
  const corePath = () => {
    const n = core.ledgerAuditRebuild();
    const m = new Uint8Array(core.memory.buffer);
    const dv = new DataView(core.memory.buffer);
    let e = core.ledgerAuditEntriesPtr();
    for (let i = 0; i < n; i++) {
      const len = dv.getUint32(e, true);
      sink += m.slice(e + 4, e + 4 + len).length;
      e += 4 + len;
    }
    if (n !== want) throw new Error("audit bench: entry count");
  };
  const tsPath = () => {
    const entries = qfs.batchAuditEntries(packets, res.outcomes, res.events);
    for (const e of entries) qfs.wasmAuditTree.append(e);
    if (entries.length !== want) throw new Error("audit bench: entry count");
  };
  // A whole prepared batch (decode, apply, state root, audit entries, undo log, write sets), then
  // abort: the state is restored, so the same packets stay valid round after round.
  const seq = 2n;
  const prepareAbort = () => {
    const p = ledger.prepare({ seq, timeMs: T }, next);
    if (p.outcomes[0] !== 0) throw new Error("audit bench: prepare failed");
    p.abort();
  };
  corePath();
  tsPath();
  prepareAbort();
  if (sink === 0) throw new Error("audit bench: nothing read");
  return [
    {
      name: "audit entries of 1,000 transfers",
      impls: { "core (WASM entries + hashes)": corePath, "TS (entries.ts, before)": tsPath },
    },
    {
      name: "wire batch of 1,000 transfers",
      impls: { "prepare + abort (core)": prepareAbort },
    },
  ];
}
