// Replayable log (docs/replay.md): signed batch headers, the log format, replay to a state root
// with CIR-302 detection, and the node-side sequencer that writes the log.
export { inputTooLarge, ReplayCode, replayLogMalformed, type ReplayCodeName, type ReplayHaltCode } from "./errors.js";
export * from "./limits.js";
export { LineSplitter } from "./lines.js";
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
  type ReplayLogHead,
  type ReplayLogMeta,
} from "./format.js";
export {
  isReplayLogV2,
  parseReplayLogV2,
  parseReplayLogV2Head,
  parseReplayLogV2Line,
  replayLogV2BatchLine,
  replayLogV2HeadLine,
  replayLogV2Lines,
  replayLogV2TrailerLine,
  ReplayLogV2Reader,
  serializeReplayLogV2,
  REPLAY_LOG_V2_PREFIX,
  REPLAY_LOG_V2_VERSION,
  type ReplayLogTrailer,
  type ReplayLogV2Item,
  type ReplayLogV2Line,
} from "./format-v2.js";
export {
  LogReplay,
  replayLog,
  replayLogStream,
  ReplayLogV2Run,
  type ReplayBatchInfo,
  type ReplayHaltRecord,
  type ReplayOptions,
  type ReplayResult,
  type ReplaySummary,
} from "./replay.js";
export {
  ReplaySequencer,
  batchHeaderOf,
  signLoggedBatch,
  type SequencedBatch,
  type SequencerOptions,
} from "./sequencer.js";
