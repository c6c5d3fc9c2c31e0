// What `qfs verify-log` and `qfs verify-receipt` cost (docs/cli.md): the test fixture node (test/cli/fixture-node.ts,
// real ML-DSA signatures) sequences BATCHES one-packet batches (an ML-DSA-65 minter minting two tokens), then the
// commands run against it as child processes, 3 times each. Prints wall time and peak RSS per run; measured, never
// asserted. The node and the signing run in this process, the verifier in the child.
//
//   node --import tsx bench/cli-verify.bench.mjs [BATCHES]     (default 500; needs dist/: npm run build)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { accountId, encodePacket, ops, signPacket, Token } from "../bindings/index.ts";
import { FixtureNode } from "../test/cli/fixture-node.ts";

const BATCHES = Number(process.argv[2] ?? "500");
const RUNS = 3;
const root = new URL("..", import.meta.url).pathname;

// Runs `node bin/qfs.mjs ARGS` under /usr/bin/time -f "%M" (peak RSS, KB) and returns [seconds, MB].
function timed(args) {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const c = spawn("/usr/bin/time", ["-f", "%M", process.execPath, join(root, "bin/qfs.mjs"), ...args], { cwd: root });
    let err = "";
    c.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    c.stdout.resume();
    c.on("error", fail);
    c.on("close", (code) => {
      if (code !== 0) return fail(new Error(`qfs ${args.join(" ")}: exit ${code}\n${err}`));
      const kb = Number(err.trim().split("\n").at(-1));
      ok([(performance.now() - t0) / 1000, kb / 1024]);
    });
  });
}

const node = new FixtureNode();
const url = await node.listen();
const k = node.key("minter");
const pk = new Uint8Array(Buffer.from(k.publicKey, "hex"));
const signer = { level: k.level, publicKey: pk, secretKey: new Uint8Array(Buffer.from(k.secretKey, "hex")) };
const alice = new Uint8Array(Buffer.from(node.key("alice").account, "hex"));
const t0 = performance.now();
let receipt;
for (let i = 1; i <= BATCHES; i++) {
  const body = {
    chainId: 13,
    account: accountId(pk),
    nonce: BigInt(i),
    timestampMs: BigInt(Date.now()),
    ops: [ops.mint(Token.CHR, alice, 1n), ops.mint(Token.FLX, alice, 1n)],
  };
  receipt = node.submit(encodePacket(signPacket(body, [signer])));
}
console.log(
  `node: ${BATCHES} batches, ${node.entries.length} audit entries, made in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const tmp = mkdtempSync(join(tmpdir(), "qfs-cli-bench-"));
const receiptFile = join(tmp, "receipt.json");
writeFileSync(receiptFile, JSON.stringify(receipt));
try {
  for (const [name, args] of [
    ["verify-log", ["verify-log", "--quiet", url]],
    ["verify-receipt", ["verify-receipt", "--url", url, receiptFile]],
    ["balance", ["balance", "--url", url, node.key("alice").account]],
  ]) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await timed(args));
    const s = runs.map(([t]) => t.toFixed(2)).join(", ");
    const m = runs.map(([, mb]) => mb.toFixed(0)).join(", ");
    console.log(`qfs ${name}: ${s} s; peak RSS ${m} MB`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
  await node.close();
}
