// Reads while rounds commit back to back: a round's indexing runs after the next round has started, so this checks
// that every read stays consistent with what the node serves. An account's proof verifies in the signed checkpoint
// it names, that checkpoint is served, and the latest checkpoint's last entry is served with an inclusion proof that
// verifies in its audit root, every time, while the writes go on.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { checkAccountInCheckpoint } from "../../bindings/audit/checkpoint.js";
import { checkInclusion } from "../../bindings/audit/proof.js";
import { auditLeafHash } from "../../bindings/audit/index.js";
import { ops, Token } from "../../bindings/index.js";
import { checkpointOfJson } from "../../server/archive/checkpoint-json.js";
import { stateProofOfJson, type StateProofJson } from "../../server/sequencer/reads-json.js";
import { Sequencer } from "../../server/sequencer/sequencer.js";
import { archiveGenesis, BOB, minter, nodeKey, packet, tempDir } from "./archive-fixtures.js";

const WAVES = 24;
const PACKETS_PER_WAVE = 6;
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
const dataDir = tempDir("qfs-reads-load-");
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("reads while rounds commit back to back", () => {
  it("account proofs, checkpoints, entries and inclusion proofs are consistent at every read", async () => {
    const node = await Sequencer.open({
      dataDir,
      genesis: archiveGenesis(Date.now() - 1000),
      nodeKey,
      poolThreads: 1,
      batchDelayMs: 1,
      batchPackets: PACKETS_PER_WAVE,
    });
    try {
      let nonce = 1n;
      const waves: Uint8Array[][] = [];
      for (let w = 0; w < WAVES; w++)
        waves.push(
          Array.from({ length: PACKETS_PER_WAVE }, () => packet(minter, nonce++, [ops.mint(Token.CHR, BOB, 1n)])),
        );
      let writing = true;
      const writes = (async () => {
        const all: Promise<unknown>[] = [];
        for (const wave of waves) {
          all.push(...wave.map((p) => node.submit(p)));
          await new Promise((r) => setImmediate(r));
        }
        await Promise.all(all);
        writing = false;
      })();
      const seen = new Set<number>();
      let reads = 0;
      while (writing || reads === 0) {
        // The account read may wait for the pending round and resolve in the turn of its commit, before that
        // round is indexed: the reads after it run in that window.
        const acc = await node.account(BOB);
        const latest = node.state().checkpoint;
        seen.add(latest.seq);
        const last = latest.treeSize - 1;
        const [entry] = await node.entries(last, latest.treeSize);
        const inclusion = (await node.inclusionProof(last, latest.treeSize)).map(unhex);
        const leaf = auditLeafHash(new Uint8Array(Buffer.from(entry!.entry, "base64")));
        expect(checkInclusion(leaf, last, latest.treeSize, inclusion, unhex(latest.auditRoot))).toBeNull();
        if (acc !== undefined) {
          const [cp] = await node.checkpoints(acc.proof.checkpointSeq, 1);
          expect(cp?.seq).toBe(acc.proof.checkpointSeq);
          const { checkpoint, signature } = checkpointOfJson(cp!);
          const proof = stateProofOfJson(acc.proof.proof as StateProofJson);
          const value = proof.terminal.kind === "leaf" ? proof.terminal.value : undefined;
          expect(checkAccountInCheckpoint(BOB, value, proof, checkpoint, signature, nodeKey.publicKey)).toBeNull();
        }
        reads++;
        // A read that needs no I/O settles in microtasks: let the event loop turn, as an HTTP client's would.
        await new Promise((r) => setImmediate(r));
      }
      await writes;
      expect((await node.account(BOB))?.balances.CHR).toBe(String(WAVES * PACKETS_PER_WAVE));
      // The reads really ran while the log grew (several checkpoints seen), not only before or after.
      expect(seen.size).toBeGreaterThan(3);
    } finally {
      await node.close();
    }
  }, 120_000);
});
