// The command table: name → lazy import of its module (so `qfs help` does not load the WASM core).
// A new command adds one line here and one module.
export const COMMANDS = {
  help: () => import("./help.mjs"),
  start: () => import("./start.mjs"),
  keygen: () => import("./keygen.mjs"),
  "register-key": () => import("./register-key.mjs"),
  mint: () => import("./mint.mjs"),
  transfer: () => import("./transfer.mjs"),
  balance: () => import("./balance.mjs"),
  stake: () => import("./stake.mjs"),
  unstake: () => import("./unstake.mjs"),
  claim: () => import("./claim.mjs"),
  penalty: () => import("./penalty.mjs"),
  staking: () => import("./staking.mjs"),
  tx: () => import("./tx.mjs"),
  "verify-receipt": () => import("./verify-receipt.mjs"),
  "verify-log": () => import("./verify-log.mjs"),
  replay: () => import("./replay.mjs"),
};
