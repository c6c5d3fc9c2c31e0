// Kill -9 inside a round (contracts §1): at "mid-checkpoint" (the batch signed, nothing durable) the restart is at
// the previous round and the packets can be sent again; at "mid-archive" (the decision forced, the archive index
// half written) the restart catches the archive up from the decision log: every packet of the killed round has its
// receipt, and the served log replays to the node's state root.
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { sha3_256, ops, Token } from "../../bindings/index.js";
import { replayLogStream } from "../../bindings/replay/replay.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { archiveGenesis, BOB, hex, minter, nodeKey, packet, roundOne, roundTwo, tempDir } from "./archive-fixtures.js";

const CHILD = fileURLToPath(new URL("./archive-crash-child.ts", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runChild(
  dataDir: string,
  packets: Uint8Array[],
  point: string,
): Promise<{ signal: string | null; out: string }> {
  const file = join(dataDir, "packets.txt");
  writeFileSync(file, packets.map((p) => Buffer.from(p).toString("base64")).join("\n") + "\n");
  const env = { ...process.env, QFS_ARCHIVE_DIR: dataDir, QFS_ARCHIVE_PACKETS: file, QFS_CRASH_AT: point };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on("exit", (_code, signal) => resolve({ signal, out: out + err })));
}

async function logText(node: Sequencer): Promise<string> {
  const lines: string[] = [];
  for await (const l of node.logLines()) lines.push(l);
  return lines.join("\n") + "\n";
}

const open = (dataDir: string) => Sequencer.open({ dataDir, nodeKey, poolThreads: 1, batchDelayMs: 20 });

describe("archive: kill -9 inside a round", () => {
  it("mid-archive: the forced round is indexed at the next start; mid-checkpoint: nothing of the round stays", async () => {
    const dataDir = tempDir("qfs-archive-crash-");
    dirs.push(dataDir);
    let node = await Sequencer.open({ dataDir, genesis: archiveGenesis(Date.now() - 1000), nodeKey, poolThreads: 1 });
    await Promise.all(roundOne().map((p) => node.submit(p)));
    const seqBefore = node.state().seq;
    await node.close();

    const killed = roundTwo();
    const a = await runChild(dataDir, killed, "mid-archive");
    expect(a.signal, a.out).toBe("SIGKILL");
    expect(a.out).toContain("ready");
    expect(a.out).not.toContain("ack");
    node = await open(dataDir);
    try {
      expect(BigInt(node.state().seq)).toBe(BigInt(seqBefore) + 1n);
      const receipts = await Promise.all(killed.map((p) => node.receipt(sha3_256(p))));
      expect(receipts.map((r) => r?.txId)).toEqual(killed.map((p) => hex(sha3_256(p))));
      expect(receipts.every((r) => r!.seq === node.state().seq)).toBe(true);
      expect(receipts[0]!.code).toBe(0);
      // A retry of a packet of the killed round is its receipt: applied once.
      expect(await node.submit(killed[0]!)).toEqual({ ...receipts[0]!, repeat: true });
      const replay = replayLogStream(await logText(node), { nodeKeyId: nodeKey.keyId });
      expect(replay.ok && replay.stateRoot).toBe(node.state().stateRoot);
    } finally {
      await node.close();
    }

    const lost = [packet(minter, 3n, [ops.mint(Token.CHR, BOB, 5n)])];
    const c = await runChild(dataDir, lost, "mid-checkpoint");
    expect(c.signal, c.out).toBe("SIGKILL");
    node = await open(dataDir);
    try {
      expect(BigInt(node.state().seq)).toBe(BigInt(seqBefore) + 1n);
      expect(await node.receipt(sha3_256(lost[0]!))).toBeUndefined();
      const again = await node.submit(lost[0]!);
      expect(again).toMatchObject({ outcome: "OK", repeat: false });
      expect(BigInt(again.seq)).toBe(BigInt(seqBefore) + 2n);
      const replay = replayLogStream(await logText(node), { nodeKeyId: nodeKey.keyId });
      expect(replay.ok && replay.stateRoot).toBe(node.state().stateRoot);
    } finally {
      await node.close();
    }
  }, 180_000);
});
