// The node over PostgreSQL (participants on two servers, the decision log in PostgreSQL too): receipts verify, and
// with archive.sqlite deleted the archive is rebuilt from the PostgreSQL decision log, serving the same receipts and
// a log that replays to the node's state root.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkEntryInCheckpoint } from "../../../bindings/audit/checkpoint.js";
import { sha3_256 } from "../../../bindings/index.js";
import { replayLogStream } from "../../../bindings/replay/replay.js";
import { ARCHIVE_FILE } from "../../../server/archive/archive.js";
import { checkpointOfJson } from "../../../server/archive/checkpoint-json.js";
import type { PostgresStoresConfig } from "../../../server/stores/config.js";
import { Sequencer } from "../../../server/sequencer/sequencer.js";
import { archiveGenesis, nodeKey, roundOne, roundTwo, tempDir } from "../archive-fixtures.js";
import { dropDatabases, participantUrls, PG_SERVERS, pgUrl } from "./pg-env.js";

const RUN = "qfs_node_archive";
const dataDir = tempDir("qfs-pg-node-");
afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabases(RUN);
});

async function logText(node: Sequencer): Promise<string> {
  const lines: string[] = [];
  for await (const l of node.logLines()) lines.push(l);
  return lines.join("\n") + "\n";
}

describe("node on PostgreSQL stores", () => {
  it("receipts verify; the archive is rebuilt from the PostgreSQL decision log", async () => {
    await dropDatabases(RUN);
    const stores: PostgresStoresConfig = {
      kind: "postgres",
      participants: participantUrls(RUN).map((url) => ({ url })),
      decisionLog: { kind: "postgres", url: pgUrl(PG_SERVERS[1]!, `${RUN}_log`) },
    };
    const open = () =>
      Sequencer.open({ dataDir, stores, genesis: archiveGenesis(Date.now() - 1000), nodeKey, poolThreads: 1 });
    const packets = [roundOne(), roundTwo()];
    let node = await open();
    let receipts;
    let log: string;
    try {
      receipts = [];
      for (const round of packets) receipts.push(...(await Promise.all(round.map((p) => node.submit(p)))));
      expect(receipts.map((r) => r.code === 0)).toEqual([true, true, true, false, false, false]);
      for (const r of receipts) {
        const { checkpoint, signature } = checkpointOfJson(r.checkpoint);
        const entry = new Uint8Array(Buffer.from(r.outcomeEntry, "base64"));
        const proof = r.inclusionProof.map((h) => new Uint8Array(Buffer.from(h, "hex")));
        expect(checkEntryInCheckpoint(entry, r.auditIndex, proof, checkpoint, signature, nodeKey.publicKey)).toBeNull();
      }
      log = await logText(node);
    } finally {
      await node.close();
    }
    rmSync(join(dataDir, ARCHIVE_FILE));
    rmSync(join(dataDir, `${ARCHIVE_FILE}-wal`), { force: true });
    rmSync(join(dataDir, `${ARCHIVE_FILE}-shm`), { force: true });
    node = await open();
    try {
      expect(await logText(node)).toBe(log);
      const again = await Promise.all(packets.flat().map((p) => node.receipt(sha3_256(p))));
      expect(again).toEqual(receipts);
      const replay = replayLogStream(log, { nodeKeyId: nodeKey.keyId });
      expect(replay.ok && replay.stateRoot).toBe(node.state().stateRoot);
    } finally {
      await node.close();
    }
  });
});
