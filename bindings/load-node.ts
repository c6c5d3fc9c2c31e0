// Node: compiles build/core.wasm synchronously, once per thread (each worker imports this afresh).
import { readFileSync } from "node:fs";
import { setCoreModule } from "./runtime.js";

const wasmUrl = new URL("../build/core.wasm", import.meta.url);
setCoreModule(new WebAssembly.Module(readFileSync(wasmUrl)));
