// Properties of the replay (docs/replay.md): a log written by the sequencer for random batches
// replays to the sequencer's root, byte-identically when rebuilt; any single-bit change of the
// signed material (packets, headers, checkpoints, signatures) stops the replay with a CIR-302
// halt, never a success and never an exception.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountId,
  encodePacket,
  minterRole,
  ops,
  parseReplayLog,
  replayLog,
  ReplaySequencer,
  serializeReplayLog,
  signPacket,
  Token,
  type LoggedBatch,
  type ReplayLog,
} from "../../bindings/index.js";
import { nodeKey, seededKey, T0 } from "../../scripts/replay-scenarios.js";

const node = nodeKey();
const minter = seededKey("props/minter", 44);
const users = [seededKey("props/u0", 44), seededKey("props/u1", 44), seededKey("props/u2", 65)];
const signers = [minter, ...users];

interface PacketSpec {
  who: number; // 0 = minter, 1.. users
  kind: "transfer" | "mint";
  token: number;
  to: number;
  amount: bigint;
  nonceSkew: number; // 0 = correct nonce
}

const packetSpec = fc.record({
  who: fc.integer({ min: 0, max: 3 }),
  kind: fc.constantFrom("transfer" as const, "mint" as const),
  token: fc.integer({ min: 0, max: 4 }),
  to: fc.integer({ min: 0, max: 3 }),
  amount: fc.bigInt({ min: 1n, max: 5000n }),
  nonceSkew: fc.constantFrom(0, 0, 0, 1, -1),
});
const scenario = fc.array(
  fc.record({ dt: fc.integer({ min: 0, max: 40_000 }), packets: fc.array(packetSpec, { maxLength: 4 }) }),
  { minLength: 1, maxLength: 5 },
);

function build(batches: { dt: number; packets: PacketSpec[] }[]): ReplayLog {
  const seq = new ReplaySequencer({
    genesis: {
      chainId: 9,
      timeMs: BigInt(T0),
      epochLengthMs: 60_000n,
      keys: [
        { publicKey: minter.publicKey, roles: minterRole(0) | minterRole(1) | minterRole(3) | minterRole(4) },
        ...users.map((u) => ({ publicKey: u.publicKey, roles: 0 })),
      ],
      allocations: users.map((u) => ({ account: accountId(u.publicKey), token: Token.FLX, amount: 2000n })),
      accountSlots: 64,
      keySlots: 16,
    },
    nodeSecretKey: node.secretKey,
    nodePublicKey: node.publicKey,
  });
  let time = T0;
  const nonces = new Map<number, bigint>();
  for (const b of batches) {
    const packets = b.packets.map((p) => {
      const k = signers[p.who]!;
      const n = (nonces.get(p.who) ?? 0n) + 1n + BigInt(p.nonceSkew);
      const to = accountId(signers[p.to]!.publicKey);
      const op = p.kind === "mint" ? ops.mint(p.token as 0, to, p.amount) : ops.transfer(p.token as 0, to, p.amount);
      const bytes = encodePacket(
        signPacket(
          { chainId: 9, account: accountId(k.publicKey), nonce: n < 0n ? 0n : n, timestampMs: BigInt(time), ops: [op] },
          [k],
        ),
      );
      return bytes;
    });
    time += b.dt;
    seq.applyBatch(time, packets);
    for (let i = 0; i < signers.length; i++)
      nonces.set(i, seq.ledger.getAccount(accountId(signers[i]!.publicKey))?.nonce ?? 0n);
  }
  return seq.log({ expectedStateRoot: Buffer.from(seq.ledger.stateRoot()).toString("hex") });
}

describe("replay properties", () => {
  it("a sequencer's log replays to its root; rebuilding gives the same bytes", () => {
    fc.assert(
      fc.property(scenario, (batches) => {
        const log = build(batches);
        const text = serializeReplayLog(log);
        const r = replayLog(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.stateRoot).toBe(log.meta?.expectedStateRoot);
        expect(serializeReplayLog(build(batches))).toBe(text);
      }),
      { numRuns: 12 },
    );
  });

  const long = parseReplayLog(
    readFileSync(join(resolve(import.meta.dirname, "../.."), "vectors", "replay", "long.json"), "utf8"),
  );
  type Field = "headerSignature" | "checkpointSignature" | "packet" | "header" | "checkpoint";

  function mutate(log: ReplayLog, bi: number, field: Field, pick: number, bit: number): ReplayLog {
    const flip = (b: Uint8Array): Uint8Array => {
      const c = b.slice();
      const at = pick % c.length;
      c[at] = c[at]! ^ (1 << bit);
      return c;
    };
    const f = (b: LoggedBatch): LoggedBatch => {
      switch (field) {
        case "headerSignature":
          return { ...b, headerSignature: flip(b.headerSignature) };
        case "checkpointSignature":
          return { ...b, checkpointSignature: flip(b.checkpointSignature) };
        case "packet": {
          if (b.packets.length === 0) return { ...b, headerSignature: flip(b.headerSignature) };
          const j = pick % b.packets.length;
          return { ...b, packets: b.packets.map((p, i) => (i === j ? flip(p) : p)) };
        }
        case "header": {
          const h = b.header;
          const k = pick % 3;
          return {
            ...b,
            header:
              k === 0
                ? { ...h, batchRoot: flip(h.batchRoot) }
                : k === 1
                  ? { ...h, prevCheckpointHash: flip(h.prevCheckpointHash) }
                  : { ...h, checkpointHash: flip(h.checkpointHash) },
          };
        }
        case "checkpoint": {
          const c = b.checkpoint;
          const k = pick % 4;
          return {
            ...b,
            checkpoint:
              k === 0
                ? { ...c, stateRoot: flip(c.stateRoot) }
                : k === 1
                  ? { ...c, auditRoot: flip(c.auditRoot) }
                  : k === 2
                    ? { ...c, prevHash: flip(c.prevHash) }
                    : { ...c, treeSize: c.treeSize ^ (1 << bit) },
          };
        }
      }
    };
    return { ...log, batches: log.batches.map((b, i) => (i === bi ? f(b) : b)) };
  }

  it("any single-bit change of signed material halts with a CIR-302 code", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: long.batches.length - 1 }),
        fc.constantFrom<Field>("headerSignature", "checkpointSignature", "packet", "header", "checkpoint"),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (bi, field, pick, bit) => {
          const r = replayLog(mutate(long, bi, field, pick, bit));
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(["E_CHECKPOINT_SIG_INVALID", "E_AUDIT_CHAIN_BROKEN"]).toContain(r.halt.code);
            expect(r.halt.seq).toBe(bi + 1);
            expect(r.verifiedBatches).toBe(bi);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
