// The ledger state machine binding (SPEC §6): create from genesis, apply batches, read state.
export * from "./types.js";
export * from "./codes.js";
export * from "./events.js";
export { encodeLedgerPacket } from "./encode.js";
export { fromWirePacket } from "./wire.js";
export { Ledger, LedgerError, type BatchResult } from "./ledger.js";
export {
  PreparedBatch,
  WRITE_SET_PARTICIPANTS,
  WRITE_SET_REGISTRY,
  type PacketIds,
  type PrepareOptions,
  type WireBatchResult,
} from "./pending.js";
