// CIR-302 costs (server/halt), measured, never asserted: what the start-time checks add to a node's start over
// a ledger of ACCOUNTS funded accounts (the rebuild from rows as a normal start does it; the mismatch path, which
// loads twice to learn the stores' own root; the full invariant scan run at every start), what raising a halt
// costs (ML-DSA-87 signature + atomic halt.json write with fsyncs), and what check() adds per packet.
//
//   node --import tsx bench/halt.bench.mjs          (HALT_BENCH_ACCOUNTS=N to change the ledger size)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { accountId, generateKeyPair, Ledger, sha3_256, Token } from "../bindings/index.ts";
import { rowsStateRoot } from "../server/halt/start-check.ts";
import { HaltGuard } from "../server/halt/guard.ts";
import { nodeKeyFromSeed } from "../server/node-key.ts";
import { mint } from "../test/server/halt-fixtures.ts";

const ACCOUNTS = Number(process.env.HALT_BENCH_ACCOUNTS ?? "16384");
const REPEATS = 5;

function median(f) {
  const t = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(REPEATS / 2)];
}

const minter = generateKeyPair(44, sha3_256(new TextEncoder().encode("bench/halt/minter")));
const allocations = Array.from({ length: ACCOUNTS }, (_, i) => {
  const id = new Uint8Array(32);
  new DataView(id.buffer).setUint32(0, i + 1);
  return { account: sha3_256(id), token: Token.CHR, amount: 1000n };
});
const ledger = Ledger.create({
  chainId: 31,
  timeMs: 1_800_000_000_000n,
  keys: [{ publicKey: minter.publicKey, roles: ["MINTER:CHR"] }],
  allocations,
  accountSlots: 32768,
});
const rows = ledger.rows();
const root = ledger.stateRoot();
const audit = ledger.auditTreeState();

const normal = median(() => Ledger.fromRows(rows, root, { audit }));
const mismatch = median(() => Ledger.fromRows(rows, rowsStateRoot(rows, audit), { audit }));
const scan = median(() => ledger.checkInvariants());

const dirs = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "qfs-halt-bench-"));
  dirs.push(d);
  return d;
};
const key = nodeKeyFromSeed(new Uint8Array(32).fill(3));
const mismatchFacts = { seq: 0n, expectedStateRoot: new Uint8Array(32), rebuiltStateRoot: root, auditHead: root };
// A fresh data dir each time, so every run raises (a current halt would just stay).
const raise = median(() => HaltGuard.load(tempDir(), key).afterOpen(ledger, mismatchFacts));

const packet = mint(1n, accountId(minter.publicKey), 1n);
const perCheck = (guard, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    try {
      guard.check(packet);
    } catch {
      // halted: the E_HALTED refusal is the cost being measured
    }
  }
  return ((performance.now() - t0) * 1000) / n;
};
const open = HaltGuard.load(tempDir(), key);
const halted = HaltGuard.load(tempDir(), key);
halted.afterOpen(ledger, mismatchFacts);

console.log(`| CIR-302 step (${ACCOUNTS} accounts, ${rows.length} rows, median of ${REPEATS}) | cost |`);
console.log("| --- | --- |");
console.log(`| rebuild from rows, roots match (a normal start) | ${normal.toFixed(1)} ms |`);
console.log(
  `| roots differ: learn the stores' root, load again (after the failed normal load) | ${mismatch.toFixed(1)} ms |`,
);
console.log(`| full invariant scan at start | ${scan.toFixed(2)} ms |`);
console.log(`| raise a node halt (sign ML-DSA-87 + atomic halt.json, fsyncs) | ${raise.toFixed(1)} ms |`);
console.log(`| check() per packet, not halted | ${perCheck(open, 100_000).toFixed(3)} µs |`);
console.log(`| check() per packet, halted (decode + E_HALTED) | ${perCheck(halted, 2_000).toFixed(1)} µs |`);
for (const d of dirs) rmSync(d, { recursive: true, force: true });
