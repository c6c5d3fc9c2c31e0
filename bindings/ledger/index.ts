// The ledger state machine binding (SPEC §6): create from genesis, apply batches, read state.
export * from "./types.js";
export * from "./codes.js";
export * from "./events.js";
export { encodePacket } from "./encode.js";
export { Ledger, LedgerError, type BatchResult } from "./ledger.js";
