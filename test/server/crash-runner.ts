// Runs the crash suite's kill loop on any stores: start the child (crash-child.ts), let it die by SIGKILL at a
// named point (QFS_CRASH_AT, the n-th time it is reached) or kill it at a random time, then recover and check
// (crash-check.ts). Returns the kills per point, for the report.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { CRASH_POINTS, type CrashPoint } from "../../server/commit/crash-points.js";
import type { StoresConfig } from "../../server/stores/config.js";
import type { Stores } from "../../server/stores/open.js";
import { recoverAndCheck } from "./crash-check.js";
import { prng } from "./helpers.js";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
/** A child that neither dies at its point nor is killed within this is a failure. */
const CHILD_LIFETIME_MS_MAX = 60_000;

/** "random": SIGKILL at a random time. "server-stop": one PostgreSQL server is stopped with -m immediate at a
 *  random time mid-run, then the child is SIGKILLed and the server started again before recovery. */
export type KillPoint = CrashPoint | "random" | "server-stop";

/** `kills` kills: the four named points in turn, every third one at a random time instead (with a server to
 *  stop, every other one of those stops the server first). */
export function killPlan(kills: number, serverStop: boolean): KillPoint[] {
  let named = 0;
  let randoms = 0;
  return Array.from({ length: kills }, (_, i) => {
    if (i % 3 !== 2) return CRASH_POINTS[named++ % CRASH_POINTS.length]!;
    return serverStop && randoms++ % 2 === 1 ? "server-stop" : "random";
  });
}

/** A PostgreSQL server the loop may stop mid-round (pg_ctlcluster … stop -m immediate) and start again. */
export interface StoppableServer {
  stop(): Promise<void>;
  start(): Promise<void>;
}

interface ChildRun {
  acked: [bigint, string][];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

function runChild(
  config: StoresConfig,
  seed: number,
  point: KillPoint,
  rand: () => number,
  extraEnv: Record<string, string>,
  server: StoppableServer | undefined,
): Promise<ChildRun> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...extraEnv,
    QFS_CRASH_STORES: JSON.stringify(config),
    QFS_CRASH_SEED: String(seed),
  };
  if (point !== "random" && point !== "server-stop") {
    env.QFS_CRASH_AT = point;
    env.QFS_CRASH_HIT = String(1 + (rand() % 6));
  }
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
  const run: ChildRun = { acked: [], signal: null, code: null, stderr: "" };
  let buffered = "";
  const lifetime = setTimeout(() => child.kill("SIGKILL"), CHILD_LIFETIME_MS_MAX);
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) {
      const [word, a, b] = line.split(" ");
      if (word === "ack") run.acked.push([BigInt(a!), b!]);
      if (word === "ready" && point === "random") setTimeout(() => child.kill("SIGKILL"), 20 + (rand() % 400));
      if (word === "ready" && point === "server-stop")
        setTimeout(
          () => {
            // The rounds in flight meet a dead server; the child is killed while it is in that state.
            void server!.stop().finally(() => setTimeout(() => child.kill("SIGKILL"), 50 + (rand() % 300)));
          },
          50 + (rand() % 400),
        );
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      clearTimeout(lifetime);
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
}

export interface CrashSummary {
  killsPerPoint: Record<KillPoint, number>;
  acked: number;
  committedRounds: number;
  inDoubtResolved: number;
}

export async function crashLoop(opts: {
  config: StoresConfig;
  openForCheck: () => Promise<Stores>;
  kills: number;
  seed: number;
  /** A server to stop mid-run at some kills (PostgreSQL); started again before the check. */
  server?: StoppableServer;
  env?: Record<string, string>;
}): Promise<CrashSummary> {
  const rand = prng(opts.seed);
  const acked = new Map<bigint, string>();
  const summary: CrashSummary = {
    killsPerPoint: {
      "after-some-prepared": 0,
      "after-all-prepared": 0,
      "after-decision": 0,
      "mid-commit": 0,
      random: 0,
      "server-stop": 0,
    },
    acked: 0,
    committedRounds: 0,
    inDoubtResolved: 0,
  };
  for (const [i, point] of killPlan(opts.kills, opts.server !== undefined).entries()) {
    let run: ChildRun;
    try {
      run = await runChild(opts.config, opts.seed * 1000 + i, point, rand, opts.env ?? {}, opts.server);
    } finally {
      if (point === "server-stop") await opts.server!.start();
    }
    expect(run.signal, `kill ${i} (${point}) ended by ${run.code ?? run.signal}: ${run.stderr.slice(-2000)}`).toBe(
      "SIGKILL",
    );
    summary.killsPerPoint[point]++;
    for (const [round, digest] of run.acked) acked.set(round, digest);
    const stores = await opts.openForCheck();
    try {
      const result = await recoverAndCheck(stores, acked);
      summary.committedRounds = result.committedRounds;
      summary.inDoubtResolved += result.inDoubtResolved;
    } finally {
      await stores.close();
    }
  }
  summary.acked = acked.size;
  return summary;
}
