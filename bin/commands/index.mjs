// The command table: name → lazy import of its module (so `qfs help` does not load the WASM core).
// New commands (keygen, submit, verify, serve …) add one line here and one module.
export const COMMANDS = {
  help: () => import("./help.mjs"),
  replay: () => import("./replay.mjs"),
};
