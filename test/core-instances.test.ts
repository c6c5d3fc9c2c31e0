// Cores are objects (issue 7 item 1): ledgers, sequencers, replays and standalone trees each own a
// core instance, so any number of them live in one thread, interleaved, without disturbing each
// other. Every one of them must reach the roots of the frozen replay vectors (vectors/replay/).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  Ledger,
  ReplaySequencer,
  StateTree,
  WasmAuditTree,
  newCoreInstance,
  parseReplayLog,
  replayLog,
  scratchCore,
  sha3_256,
  stateTree,
  verifyAccountValue,
  wasmAuditTree,
  type ReplayLog,
} from "../bindings/index.js";
import { nodeKey } from "../scripts/replay-scenarios.js";

const dir = join(resolve(import.meta.dirname, ".."), "vectors", "replay");
const vector = (name: string): { log: ReplayLog; expected: string } => {
  const text = readFileSync(join(dir, `${name}.json`), "utf8");
  return { log: parseReplayLog(text), expected: JSON.parse(text).expectedStateRoot as string };
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// A ledger replaying a log one batch per step, checking each batch's state and audit roots
// against the log's signed checkpoint as it goes.
function* ledgerSteps(log: ReplayLog): Generator<void, Ledger> {
  const ledger = Ledger.create(log.genesis); // the core appends the genesis audit entries itself
  expect(hex(ledger.auditTree.root())).toBe(hex(log.genesisCheckpoint.auditRoot));
  yield;
  for (const b of log.batches) {
    const head = { seq: BigInt(b.header.seq), timeMs: BigInt(b.header.timeMs), auditHead: ledger.auditTree.root() };
    const res = ledger.applyWireBatch(head, [...b.packets]);
    expect(hex(res.stateRoot), `${log.meta?.name} batch ${b.header.seq}`).toBe(hex(b.checkpoint.stateRoot));
    expect(hex(ledger.auditTree.root()), `${log.meta?.name} audit ${b.header.seq}`).toBe(hex(b.checkpoint.auditRoot));
    yield;
  }
  return ledger;
}

// A sequencer re-sequencing a log's batches (same genesis, packets and times): its checkpoints
// must carry the log's roots and tree sizes.
function* sequencerSteps(log: ReplayLog): Generator<void, ReplaySequencer> {
  const node = nodeKey();
  const seq = new ReplaySequencer({
    genesis: log.genesis,
    nodeSecretKey: node.secretKey,
    nodePublicKey: node.publicKey,
  });
  expect(hex(seq.lastCheckpoint.auditRoot)).toBe(hex(log.genesisCheckpoint.auditRoot));
  yield;
  for (const b of log.batches) {
    const { checkpoint } = seq.applyBatch(b.header.timeMs, b.packets);
    expect(checkpoint.treeSize).toBe(b.checkpoint.treeSize);
    expect(hex(checkpoint.stateRoot)).toBe(hex(b.checkpoint.stateRoot));
    expect(hex(checkpoint.auditRoot)).toBe(hex(b.checkpoint.auditRoot));
    yield;
  }
  return seq;
}

// Steps every runner once per round until all are done; returns their results in order.
function interleave<T>(runners: Generator<void, T>[], between: () => void = () => {}): T[] {
  const results: (T | undefined)[] = runners.map(() => undefined);
  const done = runners.map(() => false);
  while (done.some((d) => !d)) {
    runners.forEach((r, i) => {
      if (done[i]) return;
      const step = r.next();
      if (step.done) {
        done[i] = true;
        results[i] = step.value;
      }
    });
    between();
  }
  return results as T[];
}

describe("core instances", () => {
  it("two ledgers, two sequencers and replayLog calls, interleaved batch by batch, each reach their own frozen roots", () => {
    const basic = vector("basic");
    const keys = vector("keys");
    const council = vector("council");
    const roles = vector("roles-params");
    let replays = 0;
    const [ledgerA, ledgerB] = interleave([ledgerSteps(basic.log), ledgerSteps(keys.log)], () => {
      // Between rounds: a whole replay and a sequencer batch elsewhere in the same thread.
      if (replays < 2) {
        const r = replayLog(replays === 0 ? council.log : roles.log);
        expect(r.ok && r.stateRoot).toBe(replays === 0 ? council.expected : roles.expected);
        replays++;
      }
    });
    expect(hex(ledgerA!.stateRoot())).toBe(basic.expected);
    expect(hex(ledgerB!.stateRoot())).toBe(keys.expected);
    expect(replays).toBe(2);

    const [seqA, seqB] = interleave([sequencerSteps(council.log), sequencerSteps(roles.log)]);
    expect(hex(seqA!.ledger.stateRoot())).toBe(council.expected);
    expect(hex(seqB!.ledger.stateRoot())).toBe(roles.expected);
    // The ledgers made first were untouched by everything after them, audit trees included.
    expect(hex(ledgerA!.stateRoot())).toBe(basic.expected);
    expect(hex(ledgerB!.auditTree.root())).toBe(hex(keys.log.batches.at(-1)!.checkpoint.auditRoot));
    // And a sequencer's log replays (in yet another instance) to the same root.
    const again = replayLog(seqA!.log());
    expect(again.ok && again.stateRoot).toBe(council.expected);
  });

  it("ledgers, sequencers and replays all own distinct instances, none of them the scratch core", () => {
    const { log } = vector("basic");
    const a = Ledger.create(log.genesis);
    const b = Ledger.create(log.genesis);
    const node = nodeKey();
    const s = new ReplaySequencer({
      genesis: log.genesis,
      nodeSecretKey: node.secretKey,
      nodePublicKey: node.publicKey,
    });
    const cores = [a.core, b.core, s.ledger.core, scratchCore(), stateTree.core, wasmAuditTree.core];
    expect(new Set(cores).size).toBe(cores.length);
    expect(new Set(cores.map((c) => c.memory())).size).toBe(cores.length);
    expect(a.auditTree.core).toBe(a.core);
    expect(newCoreInstance()).not.toBe(newCoreInstance());
  });

  it("a standalone state tree or audit tree does not disturb a ledger's trees", () => {
    const { log, expected } = vector("long");
    const [ledger] = interleave([ledgerSteps(log)], () => {
      stateTree.init(64, 256);
      for (let i = 0; i < 10; i++) stateTree.set(sha3_256(Uint8Array.of(i)), sha3_256(Uint8Array.of(i, 1)));
      wasmAuditTree.reset();
      wasmAuditTree.append(Uint8Array.of(1, 2, 3));
    });
    expect(hex(ledger!.stateRoot())).toBe(expected);
    // The ledger's proofs still verify against its own root after all those writes elsewhere.
    const account = log.genesis.allocations?.[0]?.account ?? sha3_256(log.genesis.keys[0]!.publicKey);
    const commitment = ledger!.accountCommitment(account)!;
    expect(commitment).toBeDefined();
    expect(verifyAccountValue(ledger!.stateRoot(), account, commitment, ledger!.stateProof(account))).toBe(true);
    // Two user trees with the same contents agree, and neither sees the other's later writes.
    const t1 = new StateTree();
    const t2 = new StateTree();
    for (const t of [t1, t2]) {
      t.init(16);
      t.set(sha3_256(Uint8Array.of(1)), sha3_256(Uint8Array.of(2)));
    }
    expect(hex(t1.root())).toBe(hex(t2.root()));
    t2.set(sha3_256(Uint8Array.of(3)), sha3_256(Uint8Array.of(4)));
    expect(t1.size()).toBe(1);
    expect(hex(t1.root())).not.toBe(hex(t2.root()));
    const w = new WasmAuditTree();
    w.append(Uint8Array.of(9));
    expect(w.size()).toBe(1);
    expect(wasmAuditTree.size()).toBe(1);
    expect(ledger!.auditTree.size()).toBe(log.batches.at(-1)!.checkpoint.treeSize);
  });
});
