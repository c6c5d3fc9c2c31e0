// Child process of test/replay/replay.test.ts: replays the logs named on the command line inside a
// node:vm context that has no Node globals (no process, Buffer, require; only the JS builtins,
// WebAssembly, URL, TextEncoder and TextDecoder), loading dist/from-bytes.js and its imports as
// vm.SourceTextModule (the same files a browser loads). Prints one JSON line:
// { globals: { process, Buffer, require, fetch, crypto: typeof … }, results: [stateRoot | halt code] }.
// Run: node --experimental-vm-modules test/replay/vm-runner.mjs FILE...
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = new URL("../../", import.meta.url);
const wasm = readFileSync(new URL("build/core.wasm", root));
const logs = process.argv.slice(2).map((f) => readFileSync(f, "utf8"));

const context = vm.createContext({ URL, TextDecoder });
// TextEncoder of the context's realm: the host's would return host-realm Uint8Arrays, which fail the
// bindings' `instanceof Uint8Array` checks (a vm artefact; a browser has one realm).
vm.runInContext(
  `(hostEncode) => {
     globalThis.TextEncoder = class TextEncoder {
       get encoding() { return "utf-8"; }
       encode(s = "") { return new Uint8Array(hostEncode(String(s))); }
     };
   }`,
  context,
)((s) => new TextEncoder().encode(s));
if (vm.runInContext("typeof WebAssembly", context) !== "object") context.WebAssembly = WebAssembly;

const cache = new Map();
function load(url) {
  let m = cache.get(url);
  if (m === undefined) {
    m = new vm.SourceTextModule(readFileSync(fileURLToPath(url), "utf8"), {
      identifier: url,
      context,
      initializeImportMeta(meta) {
        meta.url = url;
      },
    });
    cache.set(url, m);
  }
  return m;
}
function resolve(specifier, parent) {
  if (specifier.startsWith("./") || specifier.startsWith("../")) return new URL(specifier, parent).href;
  return import.meta.resolve(specifier); // bare: the package's export map (@noble/*), as a bundler would
}
async function link(specifier, referencing) {
  return load(resolve(specifier, referencing.identifier));
}

const entryUrl = new URL("dist/from-bytes.js", root).href;
const main = new vm.SourceTextModule(
  `import { instantiateCore, replayLog } from ${JSON.stringify(entryUrl)};
   await instantiateCore(globalThis.__wasm);
   globalThis.__out = {
     globals: { process: typeof process, Buffer: typeof Buffer, require: typeof require, fetch: typeof fetch, crypto: typeof crypto },
     results: globalThis.__logs.map((t) => { const r = replayLog(t); return r.ok ? r.stateRoot : r.halt.code; }),
   };`,
  { identifier: new URL("test/vm-main.js", root).href, context },
);
context.__wasm = new Uint8Array(wasm);
context.__logs = logs;
await main.link(link);
await main.evaluate();
process.stdout.write(JSON.stringify(context.__out) + "\n");
