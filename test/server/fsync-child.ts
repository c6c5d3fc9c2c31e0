// Runs QFS_FSYNC_ROUNDS committed 2PC rounds on fresh SQLite stores in QFS_FSYNC_DIR and prints the forced
// writes the instrument counted, as JSON. fsync.strace.test.ts runs it under strace to count the real fsyncs.
import { Coordinator } from "../../server/commit/coordinator.js";
import { openStores } from "../../server/stores/open.js";
import { packWriteSets, randomRound } from "./helpers.js";

const rounds = Number(process.env.QFS_FSYNC_ROUNDS ?? "50");
const stores = await openStores({ kind: "sqlite", dir: process.env.QFS_FSYNC_DIR! });
const { coordinator } = await Coordinator.start(stores.participants, stores.log);
let forced = 0;
for (let i = 0; i < rounds; i++) {
  const round = coordinator.nextRound();
  const ws = randomRound(3, round);
  if ((await coordinator.runRound(round, ws, packWriteSets(ws))) !== "committed")
    throw new Error(`round ${round} aborted`);
  forced += coordinator.lastStats!.forcedWrites;
}
await stores.close();
process.stdout.write(JSON.stringify({ rounds, forced }) + "\n");
