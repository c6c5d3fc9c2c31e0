// Node entry: loads build/core.wasm synchronously, then exposes the typed API.
import "./load-node.js";
export * from "./api.js";
