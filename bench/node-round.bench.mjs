// What a signed checkpoint costs a round (server/sequencer): a node on SQLite in a temp dir sequences ROUNDS
// batches of each size (one-mint packets from one ML-DSA-65 minter, nonces in order) and prints, per batch size,
// the mean time a batch spends signing its checkpoint and header (noble ML-DSA-87, two signatures), writing its
// archive index, and in total (submit of the batch to the last receipt), and how long the event loop was blocked
// meanwhile (what an HTTP request waits). Figures go to docs/service.md.
//
//   node --import tsx bench/node-round.bench.mjs        (ROUNDS=20 by default: NODE_BENCH_ROUNDS=5 is shorter)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { accountId, encodePacket, generateKeyPair, ops, sha3_256, signPacket, Token } from "../bindings/index.ts";
import { nodeKeyFromSeed } from "../server/node-key.ts";
import { Sequencer } from "../server/sequencer/sequencer.ts";

const ROUNDS = Number(process.env.NODE_BENCH_ROUNDS ?? "20") || 20;
const BATCH_SIZES = [1, 16, 64];
const CHAIN_ID = 5;
const minter = generateKeyPair(65, sha3_256(new TextEncoder().encode("qfs-v13/bench/node-round/minter")));
const to = new Uint8Array(32).fill(9);

const rows = [];
for (const size of BATCH_SIZES) {
  const dataDir = mkdtempSync(join(tmpdir(), "qfs-bench-round-"));
  const node = await Sequencer.open({
    dataDir,
    genesis: {
      chainId: CHAIN_ID,
      timeMs: String(Date.now() - 1000),
      keys: [{ publicKey: Buffer.from(minter.publicKey).toString("hex"), roles: ["MINTER:CHR"] }],
      allocations: [],
    },
    nodeKey: nodeKeyFromSeed(new Uint8Array(32).fill(1)),
    poolThreads: 1,
    batchPackets: size,
    batchDelayMs: 1000, // batches close by count
  });
  let nonce = 1n;
  const packets = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const batch = [];
    for (let i = 0; i < size; i++)
      batch.push(
        encodePacket(
          signPacket(
            {
              chainId: CHAIN_ID,
              account: accountId(minter.publicKey),
              nonce: nonce++,
              timestampMs: BigInt(Date.now()),
              ops: [ops.mint(Token.CHR, to, 1n)],
            },
            [minter],
          ),
        ),
      );
    packets.push(batch);
  }
  // The first batch warms up (JIT, the signer threads loading noble); the figures are the batches after it.
  await Promise.all(packets.shift().map((p) => node.submit(p)));
  Object.assign(node.roundStats, { signedBatches: 0, signMs: 0, indexedBatches: 0, indexMs: 0 });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  for (const batch of packets) await Promise.all(batch.map((p) => node.submit(p)));
  const totalMs = performance.now() - t0;
  loop.disable();
  const s = node.roundStats;
  rows.push({
    size,
    sign: s.signMs / s.signedBatches,
    index: s.indexMs / s.indexedBatches,
    total: totalMs / ROUNDS,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
  });
  await node.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(
  "| packets per batch | sign (2 × ML-DSA-87) ms | archive index ms | whole batch ms | event-loop delay p99 / max ms |",
);
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  const cells = [r.sign, r.index, r.total].map((x) => x.toFixed(1));
  console.log(`| ${r.size} | ${cells.join(" | ")} | ${r.loopP99.toFixed(1)} / ${r.loopMax.toFixed(1)} |`);
}
