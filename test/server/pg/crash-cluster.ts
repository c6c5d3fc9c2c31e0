// A cluster of scripts/ci-postgres.sh that the kill -9 suites stop mid-round with `pg_ctlcluster <version> <name>
// stop -m immediate` (no shutdown checkpoint: what a power cut leaves, prepared transactions included) and start
// again. The version is the newest under /usr/lib/postgresql unless QFS_PG_VERSION names one.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import type { StoppableServer } from "../crash-runner.js";

export function ciCluster(name: string): StoppableServer {
  const version =
    process.env.QFS_PG_VERSION ??
    readdirSync("/usr/lib/postgresql")
      .sort((a, b) => Number(a) - Number(b))
      .pop()!;
  const ctl = (...args: string[]) => execFileSync("pg_ctlcluster", [version, name, ...args], { stdio: "pipe" });
  return {
    async stop() {
      ctl("stop", "-m", "immediate");
    },
    async start() {
      // pg_ctlcluster start exits 2 when the cluster already runs; status then confirms it is up.
      try {
        ctl("start");
      } catch {
        ctl("status");
      }
    },
  };
}
