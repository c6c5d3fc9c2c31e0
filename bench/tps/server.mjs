// bench:tps's server: a fresh QFS node in a child process on a temp data dir (`node --import tsx server/main.ts
// --data DIR --port 0`), its genesis written there first (main.ts then makes no demo genesis), or the stores
// config of --store postgres. Reads the URL from the node's "QFS node serving URL" line and drains the rest of
// its output (the node logs a line per transaction; a full pipe would stall it). CPU from /proc/<pid>/stat.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { accountId } from "../../dist/index.js";
import { BANK_UNITS, CHAIN_ID, TOKEN_IDS } from "./corpus.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
/** Longest wait for the node's URL line, ms (a cold tsx start on a loaded machine takes a few seconds). */
const SERVER_START_MS_MAX = 120_000;
/** clock ticks a second of /proc/<pid>/stat (USER_HZ; 100 on Linux everywhere we run). */
const CLOCK_TICKS_PER_S = 100;
const hex = (b) => Buffer.from(b).toString("hex");

/** The genesis: the bank key (ADMIN, KEY_ADMIN) holding BANK_UNITS of each of the `tokens` tokens. */
export function benchGenesis(bank, tokens) {
  const account = hex(accountId(bank.publicKey));
  return {
    chainId: CHAIN_ID,
    timeMs: String(Date.now() - 1000),
    keys: [{ publicKey: hex(bank.publicKey), roles: ["ADMIN", "KEY_ADMIN"] }],
    allocations: TOKEN_IDS.slice(0, tokens).map((token) => ({ account, token, amount: String(BANK_UNITS) })),
  };
}

/** CPU seconds (user + system, every thread) of process `pid` so far, or undefined when it cannot be read. */
export function processCpuS(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the ")" of the command name: utime and stime are fields 14 and 15 of the whole line.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** Starts the node. opts: { genesis, storesConfig?, threads?, cpuProfDir?, log }. Resolves to { url, pid, dataDir, stop }. */
export async function startServer({ genesis, storesConfig, threads, cpuProfDir, log = console.log }) {
  const dataDir = mkdtempSync(join(os.tmpdir(), "qfs-bench-tps-"));
  writeFileSync(join(dataDir, "genesis.json"), JSON.stringify(genesis) + "\n");
  const args = ["--import", "tsx"];
  if (cpuProfDir !== undefined) args.push("--cpu-prof", "--cpu-prof-dir", cpuProfDir);
  args.push("server/main.ts", "--data", dataDir, "--port", "0");
  if (threads !== undefined) args.push("--threads", String(threads));
  if (storesConfig !== undefined) {
    const f = join(dataDir, "stores-config.json");
    writeFileSync(f, JSON.stringify({ stores: storesConfig }) + "\n");
    args.push("--config", f);
  }
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  const tail = [];
  const keep = (line) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
  };
  createInterface({ input: child.stderr }).on("line", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node did not start in ${SERVER_START_MS_MAX} ms:\n${tail.join("\n")}`)),
      SERVER_START_MS_MAX,
    );
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const m = /^QFS node serving (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      } else if (!line.startsWith("{")) keep(line);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code ?? signal}) before serving:\n${tail.join("\n")}`));
    });
  });
  log(`server: pid ${child.pid}, ${url}, data ${dataDir}`);
  return {
    url,
    pid: child.pid,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      const { code, signal } = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0 && code !== null) log(`server exited with ${code ?? signal}:\n${tail.join("\n")}`);
    },
  };
}
