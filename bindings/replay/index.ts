// Replayable log (docs/replay.md): signed batch headers, the log format, replay to a state root
// with CIR-302 detection, and the node-side sequencer that writes the log.
export { ReplayCode, type ReplayCodeName, type ReplayHaltCode } from "./errors.js";
export {
  BATCH_HEADER_LEN,
  BATCH_HEADER_VERSION,
  batchRoot,
  encodeBatchHeader,
  signBatchHeader,
  verifyBatchHeader,
  type BatchHeaderV1,
} from "./header.js";
export { batchAuditEntries, eventEntry, genesisAuditEntries, packetEntry } from "./entries.js";
export {
  parseReplayLog,
  serializeReplayLog,
  replayLogToJson,
  REPLAY_LOG_FORMAT,
  REPLAY_LOG_VERSION,
  type LoggedBatch,
  type ReplayLog,
} from "./format.js";
export {
  replayLog,
  type ReplayBatchInfo,
  type ReplayHaltRecord,
  type ReplayOptions,
  type ReplayResult,
  type ReplaySummary,
} from "./replay.js";
export { ReplaySequencer, type SequencedBatch, type SequencerOptions } from "./sequencer.js";
