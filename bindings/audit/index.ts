// Audit log (RFC 9162 Merkle tree, entries, signed checkpoints) and the state-root commitment.
export { leafHash as auditLeafHash, nodeHash as auditNodeHash, emptyRoot as auditEmptyRoot } from "./hashes.js";
export * from "./proof.js";
export * from "./proof-encoding.js";
export * from "./log.js";
export * from "./wasm-tree.js";
export * from "../state/index.js";
export * from "./entries.js";
export * from "./checkpoint.js";
export * from "./halt.js";
