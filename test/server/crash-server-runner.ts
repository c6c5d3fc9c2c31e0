// The service-level kill -9 loop (SPEC §10, issue 8 deliverable 5): the real server (server/main.ts) runs as a
// child process under concurrent multi-token load over HTTP (crash-server-load.ts) and dies by SIGKILL — at a named
// point of the round (QFS_CRASH_AT, the n-th time reached: server/commit/crash-points.ts), at a random time, or
// (PostgreSQL) after one database server was stopped with -m immediate mid-round. Before each restart the rounds
// left in doubt are counted; after it, before new load, crash-server-check.ts checks the node. A named point the
// child never reached (it was still alive when its lifetime ran out) fails the suite.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { CRASH_POINTS } from "../../server/commit/crash-points.js";
import { writeGenesisFile } from "../../server/sequencer/genesis-file.js";
import type { StoresConfig } from "../../server/stores/config.js";
import type { Stores } from "../../server/stores/open.js";
import type { StoppableServer } from "./crash-runner.js";
import { checkServer, roundsInDoubt } from "./crash-server-check.js";
import { makeLoad, startLoad, type LoadModel, type LoadRun } from "./crash-server-load.js";
import { prng } from "./helpers.js";

const MAIN = fileURLToPath(new URL("../../server/main.ts", import.meta.url));
/** A child that neither reaches its point nor is killed within this (under load) fails the suite. */
const CHILD_LIFETIME_MS_MAX = 60_000;
/** Longest wait for a starting server to print its URL (recovery and the ledger rebuild included). */
const START_MS_MAX = 60_000;
/** A random kill comes this long after the load started, plus up to RANDOM_KILL_SPREAD_MS. */
const RANDOM_KILL_AFTER_MS = 100;
const RANDOM_KILL_SPREAD_MS = 1500;
/** Named points die at their n-th hit, n in 1..HIT_MAX (a few rounds into the load). */
const HIT_MAX = 8;

/** Every named point of the round: the coordinator's four and the archive's two (mid-checkpoint: checkpoint and
 *  header signed, decision not appended; mid-archive: decision forced, archive index half written). */
export const SERVICE_CRASH_POINTS: readonly string[] = [
  ...new Set<string>([...CRASH_POINTS, "mid-checkpoint", "mid-archive"]),
];

/** `kills` kills cycling over the named points, then a random one (and a server stop when there is a server). */
export function serviceKillPlan(kills: number, points: readonly string[], serverStop: boolean): string[] {
  const cycle = [...points, "random", ...(serverStop ? ["server-stop"] : [])];
  return Array.from({ length: kills }, (_, i) => cycle[i % cycle.length]!);
}

export interface PointFigures {
  kills: number;
  /** Acknowledged packets (and packets of unknown fate found applied) checked after the restarts that followed. */
  ackedChecked: number;
  /** Distinct rounds in doubt on the participants after the kill, settled by the restart's recovery. */
  roundsRecovered: number;
  /** Kills that came while the server was still starting (recovery), before it served. */
  duringStart: number;
}

export interface ServiceCrashSummary {
  perPoint: Record<string, PointFigures>;
  acked: number;
  unknownApplied: number;
  unknownDropped: number;
  /** Packets sequenced with an outcome other than OK, by outcome (none expected; the receipt says why). */
  rejected: Record<string, number>;
  /** Applied staking ops by kind (crash-server-staking.ts): stake, unstake, emergency, claim, penalty. */
  stakingApplied: Record<string, number>;
  finalSeq: string;
}

interface Child {
  proc: ChildProcess;
  url: Promise<string | undefined>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Servers started and not yet exited: killed if the test process exits first (a test timeout, a crash). */
const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((p) => p.kill("SIGKILL")));

function spawnServer(dataDir: string, configFile: string | undefined, env: Record<string, string>): Child {
  const args = ["--import", "tsx", MAIN, "--data", dataDir, "--port", "0", "--threads", "1"];
  if (configFile !== undefined) args.push("--config", configFile);
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  running.add(proc);
  let tail = "";
  let buffered = "";
  let resolveUrl: (u: string | undefined) => void = () => undefined;
  const url = new Promise<string | undefined>((resolve) => (resolveUrl = resolve));
  const keep = (s: string) => (tail = (tail + s).slice(-4000));
  proc.stdout!.on("data", (chunk: Buffer) => {
    const s = chunk.toString();
    keep(s);
    buffered += s;
    const m = /QFS node serving (http:\/\/\S+)/.exec(buffered);
    if (m) resolveUrl(m[1]);
    buffered = buffered.slice(-400);
  });
  proc.stderr!.on("data", (chunk: Buffer) => keep(chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => {
      running.delete(proc);
      resolveUrl(undefined);
      resolve({ code, signal });
    }),
  );
  const timer = setTimeout(() => resolveUrl(undefined), START_MS_MAX);
  void url.then(() => clearTimeout(timer));
  return { proc, url, exit, output: () => tail };
}

export interface ServiceCrashOptions {
  dataDir: string;
  /** The stores config (--config): PostgreSQL. Without it the server keeps SQLite under dataDir/stores. */
  stores?: StoresConfig;
  /** Opens the node's stores in this process (the checks read them; a live server keeps running). */
  openForCheck: () => Promise<Stores>;
  kills: number;
  seed: number;
  points?: readonly string[];
  server?: StoppableServer;
  log?: (line: string) => void;
}

function newSummary(plan: readonly string[]): ServiceCrashSummary {
  const perPoint: Record<string, PointFigures> = {};
  for (const p of new Set(plan)) perPoint[p] = { kills: 0, ackedChecked: 0, roundsRecovered: 0, duringStart: 0 };
  return { perPoint, acked: 0, unknownApplied: 0, unknownDropped: 0, rejected: {}, stakingApplied: {}, finalSeq: "0" };
}

/** The data dir of a new node: the suite's genesis (its clients funded) and, for PostgreSQL, the config file. */
function newDataDir(opts: ServiceCrashOptions, model: LoadModel): string | undefined {
  mkdirSync(opts.dataDir, { recursive: true });
  writeGenesisFile(opts.dataDir, model.genesis);
  if (opts.stores === undefined) return undefined;
  const configFile = join(opts.dataDir, "qfs.json");
  writeFileSync(configFile, JSON.stringify({ stores: opts.stores }));
  return configFile;
}

async function countRoundsInDoubt(openForCheck: () => Promise<Stores>): Promise<number> {
  const stores = await openForCheck();
  try {
    return (await roundsInDoubt(stores)).length;
  } finally {
    await stores.close();
  }
}

/** Waits for a started child's URL. undefined when it died first: allowed only at its own point (a kill while
 *  it recovered), anything else fails. */
async function served(child: Child, named: boolean, what: string): Promise<string | undefined> {
  const url = await child.url;
  if (url !== undefined) return url;
  const { signal } = await Promise.race([
    child.exit,
    new Promise<{ signal: null }>((r) => setTimeout(() => r({ signal: null }), 1000)),
  ]);
  expect(named && signal === "SIGKILL", `${what} failed to start: ${child.output()}`).toBe(true);
  child.proc.kill("SIGKILL");
  return undefined;
}

export async function serviceCrashLoop(opts: ServiceCrashOptions): Promise<ServiceCrashSummary> {
  const rand = prng(opts.seed);
  const points = opts.points ?? SERVICE_CRASH_POINTS;
  const plan = serviceKillPlan(opts.kills, points, opts.server !== undefined);
  const summary = newSummary(plan);
  const model = makeLoad(opts.seed, Date.now());
  const configFile = newDataDir(opts, model);
  // Start i = 0 is unarmed (the genesis round); start i in 1..kills is armed for plan[i - 1] and checks the
  // previous kill before its load; the last start only checks. A failed check must not leave a server (or its
  // load) running behind the test.
  let lastPoint: string | undefined;
  let live: { child: Child; load?: LoadRun } | undefined;
  try {
    for (let i = 0; i <= plan.length + 1; i++) {
      const point = i === 0 || i > plan.length ? undefined : plan[i - 1];
      const last = lastPoint === undefined ? undefined : summary.perPoint[lastPoint]!;
      if (last !== undefined) last.roundsRecovered += await countRoundsInDoubt(opts.openForCheck);
      const named = point !== undefined && points.includes(point);
      const env: Record<string, string> = named
        ? { QFS_CRASH_AT: point, QFS_CRASH_HIT: String(1 + (rand() % HIT_MAX)) }
        : {};
      const t0 = Date.now();
      const child = spawnServer(opts.dataDir, configFile, env);
      live = { child };
      const url = await served(child, named, `start ${i} (${point ?? "unarmed"})`);
      const t1 = Date.now();
      if (url === undefined) {
        summary.perPoint[point!]!.kills++;
        summary.perPoint[point!]!.duringStart++;
        lastPoint = point;
        continue;
      }
      const check = await checkServer(url, model, opts.openForCheck);
      const t2 = Date.now();
      if (last !== undefined) last.ackedChecked += check.ackedChecked;
      summary.unknownApplied += check.unknownApplied;
      summary.unknownDropped += check.unknownDropped;
      summary.finalSeq = check.seq;
      if (point === undefined) {
        // The first start (genesis written and checked) or the last check: stop it gracefully.
        child.proc.kill("SIGTERM");
        await child.exit;
        if (i > 0 || plan.length === 0) break;
        continue;
      }
      const load = startLoad(model, url, rand);
      live.load = load;
      await untilKilled(child, load, point, i, rand, opts.server);
      load.stop();
      await load.done;
      summary.perPoint[point]!.kills++;
      summary.acked += load.acked();
      opts.log?.(
        `kill ${i}/${plan.length} at ${point}: ${load.acked()} acked; ms: start ${t1 - t0}, check ${t2 - t1}, ` +
          `load ${Date.now() - t2}`,
      );
      lastPoint = point;
    }
  } catch (e) {
    live?.load?.stop();
    live?.child.proc.kill("SIGKILL");
    throw e;
  }
  for (const r of model.rejected) summary.rejected[r.outcome] = (summary.rejected[r.outcome] ?? 0) + 1;
  for (const c of model.clients)
    for (const tx of c.applied.values())
      if (tx.staking !== undefined) summary.stakingApplied[tx.staking] = (summary.stakingApplied[tx.staking] ?? 0) + 1;
  return summary;
}

/** Waits for the loaded child to die: by its own point (named), or killed here at a random time or after a
 *  database server stop. Fails when it ended any other way, or when its lifetime ran out (a named point that
 *  was never reached). The stopped server is started again before this returns. */
async function untilKilled(
  child: Child,
  load: LoadRun,
  point: string,
  i: number,
  rand: () => number,
  server: StoppableServer | undefined,
): Promise<void> {
  let lifetimeOut = false;
  const timers: NodeJS.Timeout[] = [];
  const killChild = () => child.proc.kill("SIGKILL");
  timers.push(
    setTimeout(() => {
      lifetimeOut = true;
      killChild();
    }, CHILD_LIFETIME_MS_MAX),
  );
  const after = RANDOM_KILL_AFTER_MS + (rand() % RANDOM_KILL_SPREAD_MS);
  if (point === "random") timers.push(setTimeout(killChild, after));
  let stopping: Promise<unknown> | undefined;
  if (point === "server-stop")
    timers.push(
      setTimeout(() => {
        // At the next acknowledgement the next round is starting: it meets a dead database server, and the
        // node is killed while in that state.
        stopping = Promise.race([load.nextAck(), child.exit])
          .then(() => server!.stop())
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        void stopping.finally(() => timers.push(setTimeout(killChild, 100 + (rand() % 500))));
      }, after),
    );
  const { code, signal } = await child.exit;
  timers.forEach(clearTimeout);
  if (point === "server-stop") {
    expect(await stopping, "pg_ctlcluster stop").toBeUndefined();
    await server!.start();
  }
  expect(signal, `kill ${i} (${point}) ended by ${code ?? signal}: ${child.output()}`).toBe("SIGKILL");
  // A named point kills the child itself; a random kill or server stop comes first. Either way its lifetime
  // must not run out (for a named point that means the point was never reached).
  expect(lifetimeOut, `kill ${i}: ${point} not reached in ${CHILD_LIFETIME_MS_MAX} ms of load`).toBe(false);
}

/** The per-point table the suites print (docs/commit.md "Proven against kill -9" quotes it). */
export function formatSummary(title: string, s: ServiceCrashSummary): string {
  const rows = Object.entries(s.perPoint).map(
    ([p, f]) =>
      `  ${p.padEnd(20)} ${String(f.kills).padStart(5)} ${String(f.ackedChecked).padStart(13)} ` +
      `${String(f.roundsRecovered).padStart(16)} ${String(f.duringStart).padStart(12)}`,
  );
  return [
    `${title}: ${s.acked} acknowledged txs, ${s.unknownApplied} of unknown fate found applied and ` +
      `${s.unknownDropped} not, sequenced rejections ${JSON.stringify(s.rejected)}, final seq ${s.finalSeq}`,
    `  staking ops applied ${JSON.stringify(s.stakingApplied)}`,
    `  ${"point".padEnd(20)} ${"kills".padStart(5)} ${"acked checked".padStart(13)} ${"rounds recovered".padStart(16)} ` +
      `${"during start".padStart(12)}`,
    ...rows,
    // Printed only when every check after every restart passed (a failed one throws first).
    "  0 acknowledged txs lost, 0 packets partly applied, 0 rounds in doubt after a restart, supplies intact, " +
      "every restart's state root = a replay of its served log",
  ].join("\n");
}
