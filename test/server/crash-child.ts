// The process the crash suite kills (crash.test.ts). It opens the stores named by QFS_CRASH_STORES (a JSON
// StoresConfig), starts a coordinator (new term + recovery), then runs rounds of random write sets over all six
// participants (seed QFS_CRASH_SEED; about one round in eight gets a bad write set and aborts). It prints
// "ready <term>" once started and "ack <round> <sha256 of the payload>" as soon as each commit decision is forced
// — the moment a server may acknowledge — and keeps going until it is killed: by the parent (SIGKILL at a random
// time) or by itself at QFS_CRASH_AT (server/commit/crash-points.ts).
import { createHash } from "node:crypto";
import { Coordinator } from "../../server/commit/coordinator.js";
import { validateStoresConfig } from "../../server/stores/config.js";
import { openStores } from "../../server/stores/open.js";
import { encodeWriteSet } from "../../server/stores/write-set.js";
import { packWriteSets, prng, randomRound } from "./helpers.js";

const config = validateStoresConfig(JSON.parse(process.env.QFS_CRASH_STORES ?? "null"));
const seed = Number(process.env.QFS_CRASH_SEED ?? "1");
const roundsMax = Number(process.env.QFS_CRASH_ROUNDS ?? "1000000");
const rand = prng(seed);
const stores = await openStores(config);
const payloads = new Map<bigint, Uint8Array>();
const { coordinator } = await Coordinator.start(stores.participants, stores.log, {
  onDecision(round) {
    const digest = createHash("sha256").update(payloads.get(round)!).digest("hex");
    process.stdout.write(`ack ${round} ${digest}\n`);
  },
});
process.stdout.write(`ready ${coordinator.term}\n`);
for (let i = 0; i < roundsMax; i++) {
  const round = coordinator.nextRound();
  const writeSets = randomRound(seed, round);
  if (rand() % 8 === 0) {
    const victim = rand() % writeSets.length;
    writeSets[victim] = encodeWriteSet((victim + 1) % writeSets.length, round, []); // another participant's: votes no
  }
  const payload = packWriteSets(writeSets);
  payloads.set(round, payload);
  try {
    await coordinator.runRound(round, writeSets, payload);
  } catch (e) {
    // E_DECISION_UNKNOWN: the log is unreachable (a stopped PostgreSQL server). The round stays in doubt; the
    // next round meets E_ROUND_PENDING and settles it once the log answers. Anything else is a real failure.
    if ((e as { code?: string }).code !== "E_DECISION_UNKNOWN") throw e;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  payloads.delete(round);
}
await stores.close();
process.stdout.write("done\n");
