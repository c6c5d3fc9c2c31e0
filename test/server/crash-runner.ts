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

export type KillPoint = CrashPoint | "random";

/** `kills` kills: the four named points in turn, every third one at a random time instead. */
export function killPlan(kills: number): KillPoint[] {
  let named = 0;
  return Array.from({ length: kills }, (_, i) => (i % 3 === 2 ? "random" : CRASH_POINTS[named++ % CRASH_POINTS.length]!));
}

interface ChildRun {
  acked: [bigint, string][];
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

function runChild(config: StoresConfig, seed: number, point: KillPoint, rand: () => number, extraEnv: Record<string, string>): Promise<ChildRun> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv, QFS_CRASH_STORES: JSON.stringify(config), QFS_CRASH_SEED: String(seed) };
  if (point !== "random") {
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
  /** Called after each kill, before the check (PostgreSQL: restart a stopped server). */
  afterKill?: (i: number) => Promise<void>;
  env?: Record<string, string>;
}): Promise<CrashSummary> {
  const rand = prng(opts.seed);
  const acked = new Map<bigint, string>();
  const summary: CrashSummary = {
    killsPerPoint: { "after-some-prepared": 0, "after-all-prepared": 0, "after-decision": 0, "mid-commit": 0, random: 0 },
    acked: 0,
    committedRounds: 0,
    inDoubtResolved: 0,
  };
  for (const [i, point] of killPlan(opts.kills).entries()) {
    const run = await runChild(opts.config, opts.seed * 1000 + i, point, rand, opts.env ?? {});
    expect(run.signal, `kill ${i} (${point}) ended by ${run.code ?? run.signal}: ${run.stderr.slice(-2000)}`).toBe("SIGKILL");
    summary.killsPerPoint[point]++;
    for (const [round, digest] of run.acked) acked.set(round, digest);
    await opts.afterKill?.(i);
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
