// The bench:tps corpus: ML-DSA-87-signed multi-token transfers among ACCOUNTS accounts, signed once on every core
// (bench/tps/corpus-worker.mjs) and cached under bench/.cache/tps/ so a rerun starts at once.
//
// Layout, and why: the packets come in rounds; round r holds one packet of every account (nonce r + 1), account i
// paying 1 unit of each of the first TOKENS tokens to account i + 1. The driver sends round after round, so one
// account's consecutive packets leave ACCOUNTS packets apart (10 s at 1,000 tx/s): open-loop concurrency cannot
// reorder them (a packet that overtook its predecessor would be refused with E_NONCE), and each signer key sends
// far below the per-key rate limit (server/config.ts RATE_PER_KEY_*). A batch request carries consecutive packets
// of one round: distinct accounts.
//
// Setup, also cached: the genesis names one bank key (ADMIN, KEY_ADMIN, the whole supply of the tokens; the
// genesis holds at most 1,024 keys, bindings/ledger/limits.ts), and the bank's packets register the accounts' keys
// (KEY_REGISTER, 16 a packet) and fund them (TRANSFER, 16 a packet). The bank's nonce 1 widens the timestamp
// window to its 24 h maximum (signed fresh each run, bench/tps/setup.mjs), so the cached packets' timestamps stay
// valid; a corpus older than CORPUS_AGE_MS_MAX is signed again.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { accountId, generateKeyPair, sha3_256 } from "../../dist/index.js";

export const CORPUS_VERSION = 2;
export const CHAIN_ID = 91;
export const LEVEL = 87;
/** ML-DSA-87 key sizes, bytes. */
const PUBLIC_KEY_BYTES = 2592;
const SECRET_KEY_BYTES = 4896;
/** Operations a packet holds (bindings/packet/types.ts MAX_OPS). */
export const OPS_PER_PACKET_MAX = 16;
/** The tokens a corpus transfer moves, in order: those a genesis can allocate and a transfer can move — CHR, FLX,
 *  ATR (PSY is minted only through staking, E_TOKEN_MINT_STAKING_ONLY; RES is not transferable; docs/ledger.md). */
export const TOKEN_IDS = [0, 1, 3];
export const TOKENS_MAX = TOKEN_IDS.length;
/** Units of each token the bank gives every account: more than any run spends (1 a packet). */
export const FUND_UNITS = 1_000_000n;
/** The bank's supply of each token, units. */
export const BANK_UNITS = 10n ** 30n;
/** A corpus older than this is signed again: the ledger's widest timestamp window is 24 h (MAX_TIMESTAMP_WINDOW_MS)
 *  and a run must end inside it. */
export const CORPUS_AGE_MS_MAX = 20 * 3600 * 1000;
/** Packets a worker signs per task: small enough for progress lines, large enough to amortise a worker start. */
const SIGN_TASK_PACKETS = 400;
const KEY_TASK_KEYS = 250;

const CACHE_ROOT = new URL("../.cache/tps/", import.meta.url).pathname;
const seedLabel = (i) => `qfs-v13/bench/tps/account/${i}`;
export const BANK_LABEL = "qfs-v13/bench/tps/bank";

export function bankKey() {
  return generateKeyPair(LEVEL, sha3_256(new TextEncoder().encode(BANK_LABEL)));
}

function frame(packets) {
  const size = packets.reduce((n, p) => n + 4 + p.length, 0);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const p of packets) {
    out.writeUInt32LE(p.length, at);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

function unframe(buf) {
  const out = [];
  for (let at = 0; at < buf.length;) {
    const n = buf.readUInt32LE(at);
    out.push(new Uint8Array(buf.buffer, buf.byteOffset + at + 4, n));
    at += 4 + n;
  }
  return out;
}

/** Runs `tasks` (workerData objects) on `threads` workers at a time; results in task order. */
async function runTasks(tasks, threads, onDone) {
  const results = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await new Promise((resolve, reject) => {
        const w = new Worker(new URL("./corpus-worker.mjs", import.meta.url), { workerData: tasks[i] });
        w.once("message", resolve);
        w.once("error", reject);
        w.once("exit", (code) => code !== 0 && reject(new Error(`corpus worker exited with ${code}`)));
      });
      onDone?.(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
  return results;
}

async function signAll(specs, threads, what, log) {
  const tasks = [];
  for (let i = 0; i < specs.length; i += SIGN_TASK_PACKETS)
    tasks.push({ kind: "sign", specs: specs.slice(i, i + SIGN_TASK_PACKETS) });
  const t0 = performance.now();
  let done = 0;
  const out = await runTasks(tasks, threads, () => {
    done++;
    if (done % 5 === 0 || done === tasks.length)
      log(
        `  ${what}: ${Math.min(done * SIGN_TASK_PACKETS, specs.length)}/${specs.length} signed, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
  });
  return out.flat();
}

/** The accounts' key pairs (seeded, bench-only), cached beside the corpora (one key file serves every token
 *  count and corpus version: key generation is a minute of the cores). */
async function accountKeys(accounts, threads, log) {
  const path = join(CACHE_ROOT, `keys-a${accounts}.bin`);
  const stride = PUBLIC_KEY_BYTES + SECRET_KEY_BYTES;
  if (!existsSync(path)) {
    const t0 = performance.now();
    const labels = Array.from({ length: accounts }, (_, i) => seedLabel(i));
    const keyTasks = [];
    for (let i = 0; i < accounts; i += KEY_TASK_KEYS)
      keyTasks.push({ kind: "keys", labels: labels.slice(i, i + KEY_TASK_KEYS) });
    const made = (await runTasks(keyTasks, threads)).flat();
    const buf = Buffer.allocUnsafe(accounts * stride);
    made.forEach((k, i) => {
      buf.set(k.publicKey, i * stride);
      buf.set(k.secretKey, i * stride + PUBLIC_KEY_BYTES);
    });
    mkdirSync(CACHE_ROOT, { recursive: true });
    writeFileSync(path, buf);
    log(`corpus: ${accounts} ML-DSA-87 keys in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const buf = readFileSync(path);
  return Array.from({ length: accounts }, (_, i) => ({
    publicKey: new Uint8Array(buf.buffer, buf.byteOffset + i * stride, PUBLIC_KEY_BYTES),
    secretKey: new Uint8Array(buf.buffer, buf.byteOffset + i * stride + PUBLIC_KEY_BYTES, SECRET_KEY_BYTES),
  }));
}

/** The cached corpus of `accounts` × `tokens`, holding at least `rounds` rounds (more are signed when missing). */
export async function loadCorpus({ accounts, tokens, rounds, threads, log = console.log }) {
  const dir = join(CACHE_ROOT, `v${CORPUS_VERSION}-a${accounts}-k${tokens}`);
  const metaPath = join(dir, "meta.json");
  let meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, "utf8")) : undefined;
  if (meta !== undefined && Date.now() - meta.timestampMs > CORPUS_AGE_MS_MAX) {
    log(`corpus ${dir}: older than ${CORPUS_AGE_MS_MAX / 3600000} h, signing it again`);
    meta = undefined;
  }
  const bank = bankKey();
  if (meta === undefined) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    meta = { version: CORPUS_VERSION, accounts, tokens, chainId: CHAIN_ID, timestampMs: Date.now(), rounds: 0 };
    const keys = await accountKeys(accounts, threads, log);
    const ids = keys.map((k) => accountId(k.publicKey));
    // Bank nonces 2.. : the registrations, then the funding (nonce 1 is the per-run window change).
    const bankAccount = accountId(bank.publicKey);
    const bankKeyPlain = { publicKey: bank.publicKey, secretKey: bank.secretKey };
    const specs = [];
    let nonce = 2;
    const bankSpec = (ops) => ({
      chainId: CHAIN_ID,
      account: bankAccount,
      nonce: String(nonce++),
      timestampMs: String(meta.timestampMs),
      key: bankKeyPlain,
      ops,
    });
    for (let i = 0; i < accounts; i += OPS_PER_PACKET_MAX)
      specs.push(
        bankSpec(keys.slice(i, i + OPS_PER_PACKET_MAX).map((k) => ({ op: "keyRegister", publicKey: k.publicKey }))),
      );
    const perFund = Math.floor(OPS_PER_PACKET_MAX / tokens);
    for (let i = 0; i < accounts; i += perFund)
      specs.push(
        bankSpec(
          ids
            .slice(i, i + perFund)
            .flatMap((to) =>
              TOKEN_IDS.slice(0, tokens).map((token) => ({ op: "transfer", token, to, amount: String(FUND_UNITS) })),
            ),
        ),
      );
    const setup = await signAll(specs, threads, "setup (bank) packets", log);
    writeFileSync(join(dir, "setup.bin"), frame(setup));
    writeFileSync(metaPath, JSON.stringify(meta, null, 2) + "\n");
  }
  const keys = await accountKeys(accounts, threads, log);
  const ids = keys.map((k) => accountId(k.publicKey));
  for (let r = meta.rounds; r < rounds; r++) {
    const specs = keys.map((key, i) => ({
      chainId: CHAIN_ID,
      account: ids[i],
      nonce: String(r + 1),
      timestampMs: String(meta.timestampMs),
      key: { publicKey: new Uint8Array(key.publicKey), secretKey: new Uint8Array(key.secretKey) },
      ops: TOKEN_IDS.slice(0, tokens).map((token) => ({
        op: "transfer",
        token,
        to: ids[(i + 1) % accounts],
        amount: "1",
      })),
    }));
    const packets = await signAll(specs, threads, `round ${r + 1}/${rounds}`, log);
    writeFileSync(join(dir, `round-${r}.bin`), frame(packets));
    meta.rounds = r + 1;
    writeFileSync(metaPath, JSON.stringify(meta, null, 2) + "\n");
  }
  return {
    dir,
    meta,
    bank,
    keys,
    ids,
    setup: () => unframe(readFileSync(join(dir, "setup.bin"))),
    round: (r) => unframe(readFileSync(join(dir, `round-${r}.bin`))),
  };
}
