// WASM exports of the audit log (Merkle tree) and the state-root commitment (sparse Merkle tree).
export {
  auditLeafHash,
  auditNodeHash,
  auditTreeReset,
  auditTreeSize,
  auditTreeAppend,
  auditTreeAppendLeafHash,
  auditTreeRoot,
  auditTreeSave,
  auditTreeLoad,
} from "./merkle";
export {
  smtInit,
  smtClear,
  smtSize,
  smtNodeCount,
  smtTakeHashCount,
  smtSet,
  smtDelete,
  smtGet,
  smtRoot,
  smtProve,
  smtLeafHash,
  smtNodeHash,
} from "../state/smt";
