// Run by test/bindings/browser-entry.vm.test.ts as `node --experimental-vm-modules test/bindings/browser-entry.vm-runner.mjs`.
//
// Loads the browser entry's module graph (dist/browser.js and everything it imports, as resolved by the test)
// with vm.SourceTextModule into a fresh vm context that has none of Node's globals: no process, no Buffer, no
// require, no setTimeout. The context gets only WebAssembly (its own), URL, TextEncoder/TextDecoder, console and a
// fetch stub that serves build/core.wasm (as application/wasm) and nothing else. Then it runs battery.js inside that
// context and prints one JSON line: { env, fetches, result } or { error }.
//
// stdin: JSON { files: string[], edges: { [file]: { [specifier]: file } }, entry, battery, wasm, fixture }.
/* global Response */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

const job = JSON.parse(readFileSync(0, "utf8"));
const wasmUrl = pathToFileURL(job.wasm).href;
const wasmBytes = readFileSync(job.wasm);
const fetches = [];

// The stub is deliberately strict: only the exact URL the entry should compute, only GET.
function fetchStub(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : String(input?.url);
  fetches.push({ url, method: init?.method ?? "GET" });
  if (url !== wasmUrl) return Promise.resolve(new Response("not found", { status: 404 }));
  return Promise.resolve(new Response(wasmBytes, { status: 200, headers: { "Content-Type": "application/wasm" } }));
}

// WebAssembly is the context's own (every V8 context has it; instantiateStreaming works there too), so the
// instance's memory buffer belongs to the context's realm as it would in a browser page.
const context = vm.createContext({
  fetch: fetchStub,
  URL,
  TextDecoder,
  console,
  __fixture: JSON.stringify(job.fixture),
});
// TextEncoder must return the context's Uint8Array, as a browser's does: the outer realm's would fail the
// bindings' `instanceof Uint8Array` checks (a harness artifact, not a browser behaviour). So it wraps Node's.
vm.runInContext(
  `(outer) => {
     globalThis.TextEncoder = class TextEncoder {
       get encoding() { return "utf-8"; }
       encode(s = "") { const b = outer.encode(String(s)); const u = new Uint8Array(b.length); u.set(b); return u; }
       encodeInto(s, dest) { return outer.encodeInto(String(s), dest); }
     };
   }`,
  context,
)(new TextEncoder());

const modules = new Map(); // file URL → SourceTextModule
const fileOf = new Map(); // file URL → path
function load(file) {
  const url = pathToFileURL(file).href;
  let m = modules.get(url);
  if (m === undefined) {
    m = new vm.SourceTextModule(readFileSync(file, "utf8"), {
      identifier: url,
      context,
      initializeImportMeta(meta) {
        meta.url = url;
      },
    });
    modules.set(url, m);
    fileOf.set(url, file);
  }
  return m;
}

const entryUrl = pathToFileURL(job.entry).href;
const batteryUrl = pathToFileURL(job.battery).href;
const main = new vm.SourceTextModule(
  `import * as api from ${JSON.stringify(entryUrl)};
   import { runBattery } from ${JSON.stringify(batteryUrl)};
   const env = {};
   for (const name of ["process", "Buffer", "require", "module", "global", "setTimeout", "setImmediate", "crypto",
                       "WebAssembly", "TextEncoder"]) {
     env[name] = typeof globalThis[name];
   }
   const result = await runBattery(api, JSON.parse(globalThis.__fixture));
   globalThis.__out = JSON.stringify({ env, result });`,
  { identifier: "vm:main", context },
);

async function linker(specifier, referencing) {
  if (referencing === main) {
    if (specifier === entryUrl) return load(job.entry);
    if (specifier === batteryUrl) return load(job.battery);
  } else {
    const from = fileOf.get(referencing.identifier);
    const to = from === undefined ? undefined : job.edges[from]?.[specifier];
    if (to !== undefined) return load(to);
  }
  throw new Error(`unresolved import ${specifier} from ${referencing.identifier}`);
}

try {
  await main.link(linker);
  await main.evaluate();
  const out = JSON.parse(vm.runInContext("globalThis.__out", context));
  process.stdout.write(JSON.stringify({ ...out, fetches, loaded: [...fileOf.values()] }) + "\n");
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.stack ? e.stack : e), fetches }) + "\n");
  process.exitCode = 1;
}
