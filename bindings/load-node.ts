import { readFileSync } from "node:fs";
import { coreImports, setCore } from "./runtime.js";

const wasmUrl = new URL("../build/core.wasm", import.meta.url);
setCore(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmUrl)), coreImports));
