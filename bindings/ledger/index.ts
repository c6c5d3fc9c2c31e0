// The ledger state machine binding (SPEC §6): create from genesis, apply batches, read state.
export * from "./types.js";
export * from "./codes.js";
export * from "./events.js";
export { encodeLedgerPacket } from "./encode.js";
export { fromWirePacket, fromWireOp } from "./wire.js";
export { POOL_ACCOUNT_ID, emissionForEpoch, decodeStaking, decodeStakingGlobals } from "./staking.js";
export { Ledger, type BatchResult } from "./ledger.js";
export * from "./limits.js";
export { ledgerInputError, normalizeBatchHeader, toBigUint, toSafeUint, type BatchHeaderInput } from "./numbers.js";
export {
  genesisRoleBits,
  normalizeGenesis,
  roleBitOf,
  roleNames,
  type GenesisInput,
  type GenesisKeyInput,
  type GenesisRoles,
  type LedgerRoleName,
  type TokenName,
} from "./genesis.js";
export { SNAPSHOT_VERSION, SNAPSHOT_MAX_BYTES, type Snapshot } from "./snapshot.js";
export { RowKind, REGISTRY_PARTICIPANT, ROWS_MAX, type StateRow } from "./rows.js";
export type { AuditTreeState } from "./state-io.js";
export {
  PreparedBatch,
  WRITE_SET_PARTICIPANTS,
  WRITE_SET_REGISTRY,
  type PacketIds,
  type PrepareOptions,
  type WireBatchResult,
} from "./pending.js";
