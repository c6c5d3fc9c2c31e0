import { coreImports, setCore } from "./runtime.js";

const wasmUrl = new URL("../build/core.wasm", import.meta.url);
const { instance } = await WebAssembly.instantiateStreaming(fetch(wasmUrl), coreImports);
setCore(instance);
