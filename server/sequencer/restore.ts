// Start of a node over its stores (SPEC §10): after the coordinator's recovery, the ledger is rebuilt from the
// participants' committed rows and checked against the state root of the last committed decision's payload;
// on a new data dir the genesis is written to the stores as round 1 (the stores hold rows, not the genesis), with
// the signed genesis checkpoint that starts the checkpoint chain.
import { qfsError } from "../../bindings/errors/index.js";
import { Ledger } from "../../bindings/index.js";
import type { StateRow } from "../../bindings/ledger/rows.js";
import type { Coordinator } from "../commit/coordinator.js";
import type { DecisionLog } from "../commit/decision-log.js";
import type { Participant } from "../stores/participant.js";
import { encodeWriteSet, type WriteRow } from "../stores/write-set.js";
import { PARTICIPANT_COUNT } from "../stores/limits.js";
import { LOAD_ROWS_PAGE } from "../config.js";
import { decodePayload, encodePayload, type RoundPayload } from "./payload.js";
import {
  CHECKPOINT_VERSION,
  GENESIS_PREV_HASH,
  signCheckpoint,
  type Checkpoint,
} from "../../bindings/audit/checkpoint.js";
import { toSafeUint } from "../../bindings/ledger/numbers.js";
import { genesisAuditEntries } from "../../bindings/replay/entries.js";
import type { NodeKey } from "../node-key.js";

/** The newest commit record's payload, or undefined when nothing was ever committed. Rounds are scanned down
 *  from the highest: abort records (written only when a decision append was ambiguous) are skipped. */
export async function lastCommitted(log: DecisionLog): Promise<RoundPayload | undefined> {
  for (let round = await log.highestRound(); round > 0n; round--) {
    const rec = await log.get(round);
    if (rec?.decision === "commit") return decodePayload(rec.payload);
  }
  return undefined;
}

/** Every committed row of every participant, paged in (kind, key) order. */
export async function readAllRows(participants: readonly Participant[]): Promise<StateRow[]> {
  const rows: StateRow[] = [];
  for (const p of participants) {
    let after: { kind: number; key: Uint8Array } | undefined;
    for (;;) {
      const page = await p.readRows(
        after === undefined
          ? { limit: LOAD_ROWS_PAGE }
          : { limit: LOAD_ROWS_PAGE, afterKind: after.kind, afterKey: after.key },
      );
      for (const r of page) rows.push({ participant: p.participantId, kind: r.kind, key: r.key, value: r.value });
      if (page.length < LOAD_ROWS_PAGE) break;
      const last = page[page.length - 1]!;
      after = { kind: last.kind, key: last.key };
    }
  }
  return rows;
}

/** The ledger as the stores hold it; E_RESTORE_ROOT when the rows do not reach the decision's state root. */
export async function ledgerFromStores(participants: readonly Participant[], last: RoundPayload): Promise<Ledger> {
  const rows = await readAllRows(participants);
  return Ledger.fromRows(rows, last.stateRoot, { audit: last.audit });
}

/** Writes a fresh ledger's whole state (its genesis) to the stores as one 2PC round. Its payload holds the genesis
 *  checkpoint (seq 0, the head of the checkpoint chain) signed by the node key, and the genesis audit entries. */
export async function commitGenesis(coordinator: Coordinator, ledger: Ledger, nodeKey: NodeKey): Promise<RoundPayload> {
  const byParticipant: WriteRow[][] = Array.from({ length: PARTICIPANT_COUNT }, () => []);
  for (const r of ledger.rows())
    byParticipant[r.participant]!.push({ kind: r.kind, key: r.key, value: r.value, delete: false });
  const writeSets = byParticipant.map((rows, p) => encodeWriteSet(p, 0n, rows));
  // As ReplaySequencer does: the core appended the genesis events' entries to its tree.
  const checkpoint: Checkpoint = {
    version: CHECKPOINT_VERSION,
    chainId: ledger.chainId,
    treeSize: ledger.auditSize,
    auditRoot: ledger.auditRoot(),
    stateRoot: ledger.stateRoot(),
    seq: 0,
    logicalTimeMs: toSafeUint(ledger.timeMs, "genesis.timeMs"),
    prevHash: GENESIS_PREV_HASH,
  };
  const payload: RoundPayload = {
    chainId: ledger.chainId,
    seq: ledger.seq,
    timeMs: ledger.timeMs,
    stateRoot: ledger.stateRoot(),
    audit: ledger.auditTreeState(),
    packets: [],
    checkpoint,
    checkpointSignature: signCheckpoint(checkpoint, nodeKey.secretKey),
    batch: undefined,
    entries: genesisAuditEntries(ledger.genesisResult.events),
  };
  const outcome = await coordinator.runRound(coordinator.nextRound(), writeSets, encodePayload(payload));
  if (outcome !== "committed")
    throw qfsError("E_STORAGE", `the genesis round was aborted: ${JSON.stringify(coordinator.lastStats?.noVotes)}`);
  return payload;
}
