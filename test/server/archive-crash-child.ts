// Child process of test/server/archive.crash.test.ts: opens the node on QFS_ARCHIVE_DIR (made by the parent), submits
// the packets of QFS_ARCHIVE_PACKETS (base64, one a line) at once, prints "ack <txId>" per receipt, and closes. The
// parent arms QFS_CRASH_AT (mid-checkpoint, mid-archive), so the process SIGKILLs itself inside the round.
import { readFileSync } from "node:fs";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { nodeKey } from "./archive-fixtures.js";

const dataDir = process.env.QFS_ARCHIVE_DIR!;
const packets = readFileSync(process.env.QFS_ARCHIVE_PACKETS!, "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => new Uint8Array(Buffer.from(l, "base64")));
const node = await Sequencer.open({ dataDir, nodeKey, poolThreads: 1, batchDelayMs: 50 });
console.log("ready");
const receipts = await Promise.all(packets.map((p) => node.submit(p)));
for (const r of receipts) console.log(`ack ${r.txId}`);
await node.close();
