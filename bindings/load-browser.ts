// Browser: compiles core.wasm (served as application/wasm) while it downloads, once per thread.
import { setCoreModule } from "./runtime.js";

const wasmUrl = new URL("../build/core.wasm", import.meta.url);
setCoreModule(await WebAssembly.compileStreaming(fetch(wasmUrl)));
