#!/usr/bin/env node
// `npm run bench:instances`: what a core instance costs (docs/ledger.md "Core instances").
//   - µs per newCoreInstance() (instantiate the compiled module: fresh memory, data segments);
//   - µs per Ledger.create with a small genesis (instance + table allocation + genesis batch);
//   - WASM memory bytes of a fresh instance and of a ledger's instance, and the resident memory
//     (RSS) each live ledger adds (pages the core never touches are reserved, not resident).
// Prints the median of ROUNDS rounds; the machine is shared, so read the figures as orders of size.
import { performance } from "node:perf_hooks";

const qfs = await import("../dist/index.js");

const ROUNDS = 7;
const INSTANCES_PER_ROUND = 200;
const LEDGERS_PER_ROUND = 20;
const LIVE_LEDGERS = 20;

const pk = (n) => {
  const b = new Uint8Array(1312);
  for (let i = 0; i < b.length; i++) b[i] = (n * 131 + i * 7) & 0xff;
  return b;
};
// A small genesis: an admin, a minter and three users, one allocation each.
const keys = [0, 1, 2, 3, 4].map(pk);
const genesis = {
  chainId: 7,
  timeMs: 1_700_000_000_000n,
  keys: keys.map((publicKey, i) => ({
    publicKey,
    roles: i === 0 ? qfs.LedgerRole.ADMIN : i === 1 ? qfs.minterRole(qfs.Token.FLX) : 0,
  })),
  allocations: keys.slice(2).map((p) => ({ token: qfs.Token.FLX, account: qfs.sha3_256(p), amount: 1000n })),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timeEach(n, fn) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1000) / n;
}

const instanceUs = [];
const ledgerUs = [];
for (let r = 0; r < ROUNDS; r++) {
  instanceUs.push(timeEach(INSTANCES_PER_ROUND, () => qfs.newCoreInstance()));
  ledgerUs.push(timeEach(LEDGERS_PER_ROUND, () => qfs.Ledger.create(genesis)));
}

const fresh = qfs.newCoreInstance();
const one = qfs.Ledger.create(genesis);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const live = Array.from({ length: LIVE_LEDGERS }, () => qfs.Ledger.create(genesis));
const rssPerLedger = (process.memoryUsage().rss - rssBefore) / LIVE_LEDGERS;
if (live.some((l) => l.accountCount !== one.accountCount)) throw new Error("bench: ledgers differ");

const mib = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
console.log(`QFS V13 core instances — node ${process.version}, median of ${ROUNDS} rounds`);
console.log("");
console.log("| what | figure |");
console.log("|---|---:|");
console.log(`| newCoreInstance() | ${median(instanceUs).toFixed(0)} µs |`);
console.log(`| Ledger.create (5 keys, 3 allocations) | ${median(ledgerUs).toFixed(0)} µs |`);
console.log(
  `| WASM memory of a fresh instance | ${fresh.memory().buffer.byteLength} B (${mib(fresh.memory().buffer.byteLength)}) |`,
);
console.log(
  `| WASM memory of a ledger's instance | ${one.core.memory().buffer.byteLength} B (${mib(one.core.memory().buffer.byteLength)}) |`,
);
console.log(`| resident memory added per live ledger | ${mib(rssPerLedger)} |`);
