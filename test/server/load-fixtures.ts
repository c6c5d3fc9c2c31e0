// Shared by the load tests (conflicts.test.ts, fuzz.test.ts) and bench/http.bench.mjs: seeded keys, packets
// pre-signed on worker threads, and a sequential replay of what a node committed, read back from its decision log.
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { accountId, generateKeyPair, Ledger, sha3_256, type KeyPair, type Level } from "../../bindings/index.js";
import { SqliteDecisionLog } from "../../server/commit/decision-log.js";
import { decodePayload } from "../../server/sequencer/payload.js";
import { genesisInput, type GenesisFile } from "../../server/sequencer/genesis-file.js";

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

const keyCache = new Map<string, KeyPair>();
/** The same key the sign worker derives from `label`: ML-DSA at `level`, seed = SHA3-256(label). */
export function seededKey(label: string, level: Level = 44): KeyPair {
  const id = `${level}:${label}`;
  let k = keyCache.get(id);
  if (k === undefined) {
    k = generateKeyPair(level, sha3_256(new TextEncoder().encode(label)));
    keyCache.set(id, k);
  }
  return k;
}

export const accountHex = (k: KeyPair): string => hex(accountId(k.publicKey));

/** An operation as the sign worker takes it (JSON-able: ids hex, amounts decimal strings). */
export type OpSpec =
  | { op: "transfer" | "mint"; token: number; to: string; amount: string }
  | { op: "paramChange"; paramId: number; value: string }
  | { op: "keyRevoke"; keyId: string };

export interface PacketSpec {
  chainId: number;
  /** The acting account, hex. */
  account: string;
  nonce: string;
  timestampMs: string;
  signers: { label: string; level: Level }[];
  ops: OpSpec[];
}

/** Signs every spec on `threads` worker threads (noble ML-DSA signing is ~6 ms a packet here); packets come back
 *  in spec order. */
export async function presign(specs: readonly PacketSpec[], threads = 2): Promise<Uint8Array[]> {
  const per = Math.ceil(specs.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => specs.slice(i * per, (i + 1) * per)).filter(
    (c) => c.length > 0,
  );
  const signed = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<Uint8Array[]>((resolve, reject) => {
          const w = new Worker(new URL("./load-sign-worker.mjs", import.meta.url), { workerData: { specs: chunk } });
          w.once("message", (out: Uint8Array[]) => resolve(out));
          w.once("error", reject);
          w.once("exit", (code) => {
            if (code !== 0) reject(new Error(`sign worker exited with ${code}`));
          });
        }),
    ),
  );
  return signed.flat();
}

export interface ReplayedTx {
  seq: bigint;
  index: number;
  code: number;
}

export interface Replay {
  ledger: Ledger;
  /** Every sequenced packet by tx id (hex), with its batch, position and the replay's outcome code. */
  txs: Map<string, ReplayedTx>;
  batches: number;
}

/** Reads the committed batches of a SQLite node (DATA_DIR/stores/decisions.sqlite) in round order and applies them
 *  to a fresh Ledger from the genesis: the sequential replay of the sequencer's order. Each batch must reach the
 *  state root the node recorded for it. `uptoSeq` stops after that batch. Read it with the node closed. */
export async function replayDecisionLog(dataDir: string, genesis: GenesisFile, uptoSeq?: bigint): Promise<Replay> {
  const ledger = Ledger.create(genesisInput(genesis));
  const txs = new Map<string, ReplayedTx>();
  const log = await SqliteDecisionLog.open(join(dataDir, "stores", "decisions.sqlite"));
  let batches = 0;
  try {
    let after = 0n;
    for (;;) {
      const page = await log.after(after, 500);
      for (const rec of page) {
        after = rec.round;
        if (rec.decision !== "commit") continue;
        const p = decodePayload(rec.payload);
        // The genesis round carries no packets (its payload holds the genesis state or checkpoint).
        if (p.seq === 0n || p.packets.length === 0) continue;
        if (uptoSeq !== undefined && p.seq > uptoSeq) return { ledger, txs, batches };
        const r = ledger.applyWireBatch({ seq: p.seq, timeMs: p.timeMs }, p.packets);
        if (hex(r.stateRoot) !== hex(p.stateRoot))
          throw new Error(
            `replay of batch ${p.seq} reached ${hex(r.stateRoot)}, the node recorded ${hex(p.stateRoot)}`,
          );
        r.packets.forEach((ids, index) => txs.set(hex(ids.id), { seq: p.seq, index, code: r.outcomes[index]! }));
        batches++;
      }
      if (page.length < 500) return { ledger, txs, batches };
    }
  } finally {
    await log.close();
  }
}
