// `npm start`: the QFS node on the embedded default (SQLite stores under --data DIR, default ./data).
// First start on a new data dir writes a demo genesis — an admin, a minter of every token, two users — with
// their secret keys in DIR/demo-keys.json (printed WARNING: demo keys only). Then it serves the HTTP API and, as
// a one-line demo, submits one signed mint from the demo minter to itself over HTTP and prints the receipt.
//   node --import tsx server/main.ts [--data DIR] [--config F] [--port N] [--host H] [--threads N] [--demo-only]
// --config F: a JSON file { "stores": … } (server/stores/config.ts) naming PostgreSQL participants and the decision
// log (or SQLite elsewhere); DIR still holds genesis.json and the node's own files.
// --demo-only exits after the demo (0 when the mint applied): what the tests and a quick check run.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { accountId, encodePacket, ops, signPacket, Token } from "../bindings/index.js";
import { buildApp } from "./app.js";
import { NodeMetrics } from "./metrics/metrics.js";
import { loadOrCreateNodeKey, NODE_KEY_FILE } from "./node-key.js";
import { DATA_DIR_DEFAULT, HOST_DEFAULT, PORT_DEFAULT, POOL_THREADS_SERVICE_DEFAULT } from "./config.js";
import {
  DEMO_KEYS_FILE,
  GENESIS_FILE,
  demoKeyPair,
  makeDemoSetup,
  readDemoKeys,
  writeDemoKeys,
  type GenesisFile,
} from "./sequencer/genesis-file.js";
import { Sequencer } from "./sequencer/sequencer.js";
import { loadStoresConfig } from "./stores/config.js";

const USAGE = "usage: npm start -- [--data DIR] [--config F] [--port N] [--host H] [--threads N] [--demo-only]";
const E18 = 10n ** 18n;

function intArg(name: string, value: string | undefined, dflt: number, max: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    console.error(`qfs: --${name} must be an integer in 0..${max}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function demoMint(url: string, dataDir: string): Promise<boolean> {
  const keys = readDemoKeys(dataDir);
  const minterKey = keys?.find((k) => k.name === "minter");
  const alice = keys?.find((k) => k.name === "alice");
  if (minterKey === undefined || alice === undefined) {
    console.log(`demo: no ${DEMO_KEYS_FILE} in ${dataDir} (given genesis): skipped`);
    return true;
  }
  const minter = demoKeyPair(minterKey);
  const state = (await (await fetch(`${url}/v1/state`)).json()) as { chainId: number };
  const acc = await fetch(`${url}/v1/accounts/${minterKey.account}`);
  const nonce = acc.status === 404 ? 1n : BigInt(((await acc.json()) as { nonce: string }).nonce) + 1n;
  const packet = signPacket(
    {
      chainId: state.chainId,
      account: accountId(minter.publicKey),
      nonce,
      timestampMs: BigInt(Date.now()),
      ops: [ops.mint(Token.CHR, new Uint8Array(Buffer.from(alice.account, "hex")), 10n * E18)],
    },
    [minter],
  );
  const res = await fetch(`${url}/v1/transactions`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(encodePacket(packet)), // a copy over a plain ArrayBuffer, as fetch types want
  });
  const receipt = (await res.json()) as { outcome?: string };
  console.log(`demo: minter mints 10 CHR to alice over HTTP -> ${res.status} receipt ${JSON.stringify(receipt)}`);
  return res.status === 200 && receipt.outcome === "OK";
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      config: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      threads: { type: "string" },
      "demo-only": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = resolve(values.data ?? DATA_DIR_DEFAULT);
  const port = intArg("port", values.port, PORT_DEFAULT, 65535);
  const poolThreads = intArg("threads", values.threads, POOL_THREADS_SERVICE_DEFAULT, 64) || 1;
  const demoOnly = values["demo-only"] === true;
  // A bad config file fails here with its E_CONFIG_* code, before anything is written to the data dir.
  const stores = values.config === undefined ? undefined : loadStoresConfig(resolve(values.config));

  let genesis: GenesisFile | undefined;
  if (!existsSync(resolve(dataDir, GENESIS_FILE))) {
    const demo = makeDemoSetup(Date.now());
    genesis = demo.genesis;
    mkdirSync(dataDir, { recursive: true });
    const path = writeDemoKeys(dataDir, demo.keys);
    console.log(`WARNING: new data dir: demo genesis with DEMO KEYS written to ${path}`);
    console.log("WARNING: demo keys are for a local demo only; never use them for real value.");
    for (const k of demo.keys) console.log(`  ${k.name.padEnd(7)} ML-DSA-${k.level} account ${k.account}`);
  }
  // The node key signs every checkpoint and batch header (made at the first start, DATA_DIR/node-key.json).
  const nodeKey = loadOrCreateNodeKey(dataDir);
  // One registry for the sequencer and the app: GET /metrics shows both (docs/operations.md).
  const metrics = new NodeMetrics();
  const sequencer = await Sequencer.open({
    dataDir,
    ...(genesis ? { genesis } : {}),
    ...(stores ? { stores } : {}),
    poolThreads,
    nodeKey,
    metrics,
  });
  const app = await buildApp({ node: sequencer, logger: !demoOnly, metrics });
  const shutdown = async () => {
    await app.close();
    await sequencer.close();
  };
  const url = await app.listen({ port: demoOnly ? 0 : port, host: values.host ?? HOST_DEFAULT });
  const s = sequencer.state();
  console.log(`QFS node serving ${url}  (data ${dataDir})`);
  console.log(`node: chain ${s.chainId}, seq ${s.seq}, state root ${s.stateRoot}, audit size ${s.auditSize}`);
  console.log(`node key: ML-DSA-87 id ${s.nodeKeyId} (${resolve(dataDir, NODE_KEY_FILE)})`);
  console.log(`verify it yourself: open ${url}/ in a browser (receipts, the whole log, balances, signatures)`);
  let ok = false;
  try {
    ok = await demoMint(url, dataDir);
  } catch (e) {
    console.error(`demo failed: ${(e as Error).message}`);
  }
  if (demoOnly) {
    await shutdown();
    process.exit(ok ? 0 : 1);
  }
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => {
      void shutdown().then(() => process.exit(0));
    });
}

main().catch((e: unknown) => {
  console.error(`qfs: ${(e as Error).message}`);
  process.exit(1);
});
