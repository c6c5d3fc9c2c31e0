// Runs inside the page in Firefox (bundled by firefox.test.ts, injected by the e2e proxy): the second engine has no
// playwright driver here, so the page drives itself — the same tool runs as page.test.ts does in Chromium — and
// posts what it saw to the proxy (/e2e/report). It also replays the frozen replay vectors with its own instance
// of the bindings over the node's core.wasm, for the roots. The config (what to verify) comes from /e2e/config.json.
import { setCoreModule } from "../../bindings/runtime.js";
import { replayLog } from "../../bindings/replay/replay.js";
import type { ReceiptJson } from "../../server/node-service.js";

export interface DriverConfig {
  receipt: ReceiptJson;
  account: string;
  sig: { level: string; publicKey: string; message: string; signature: string; context: string };
  vectors: string[];
}

export interface Seen {
  state: string;
  text: string;
}

export interface DriverReport {
  userAgent: string;
  wasm: Seen;
  node: Seen;
  receipt: Seen;
  receiptTampered: Seen;
  checkpointTampered: Seen;
  log: Seen;
  logTampered: Seen;
  balance: Seen;
  sigPass: Seen;
  sigFail: Seen;
  bench: { cold: number; cached: number };
  replay: { roots: string[]; tampered: string };
  errors: string[];
}

/** How long one tool may take in Firefox, ms. */
const TOOL_WAIT_MS = 90_000;
const POLL_MS = 50;

const errors: string[] = [];
addEventListener("error", (e) => errors.push(String(e.message)));
addEventListener("unhandledrejection", (e) => errors.push(String(e.reason)));

const $ = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`no #${id}`);
  return e;
};
const seen = (id: string): Seen => ({ state: $(id).dataset.state ?? "", text: $(id).textContent ?? "" });
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

function set(id: string, v: string): void {
  const e = $(id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  e.value = v;
  e.dispatchEvent(new Event("input", { bubbles: true }));
}

async function until(test: () => boolean, what: string): Promise<void> {
  for (let t = 0; !test(); t += POLL_MS) {
    if (t > TOOL_WAIT_MS) throw new Error(`timed out waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

async function run(button: string, verdict: string): Promise<Seen> {
  $(verdict).dataset.state = "idle";
  $(button).click();
  await until(() => ["pass", "fail"].includes($(verdict).dataset.state ?? ""), verdict);
  return seen(verdict);
}

async function replayVectors(names: string[]): Promise<DriverReport["replay"]> {
  setCoreModule(await WebAssembly.compileStreaming(fetch("/web/core.wasm")));
  const roots: string[] = [];
  let first: { batches: { checkpointSignature: string }[] } | undefined;
  for (const n of names) {
    const text = await (await fetch(`/e2e/vectors/${n}.json`)).text();
    const r = replayLog(text);
    roots.push(r.ok ? r.stateRoot : r.halt.code);
    first ??= JSON.parse(text);
  }
  const sig = first!.batches[0]!.checkpointSignature;
  first!.batches[0]!.checkpointSignature = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
  const t = replayLog(JSON.stringify(first));
  return { roots, tampered: t.ok ? "ok" : t.halt.code };
}

async function drive(): Promise<DriverReport> {
  const cfg = (await (await fetch("/e2e/config.json")).json()) as DriverConfig;
  await until(() => document.body.dataset.ready === "true", "the page");
  const node = await run("node-load", "node-info");
  set("receipt-input", JSON.stringify(cfg.receipt));
  const receipt = await run("receipt-verify", "receipt-verdict");
  const tampered = structuredClone(cfg.receipt);
  tampered.events[0]!.amount = "500000";
  set("receipt-input", JSON.stringify(tampered));
  const receiptTampered = await run("receipt-verify", "receipt-verdict");
  const cp = structuredClone(cfg.receipt);
  cp.checkpoint.treeSize += 1;
  set("receipt-input", JSON.stringify(cp));
  const checkpointTampered = await run("receipt-verify", "receipt-verdict");
  const log = await run("log-verify", "log-verdict");
  await fetch("/e2e/tamper?what=entry", { method: "POST" });
  const logTampered = await run("log-verify", "log-verdict");
  await fetch("/e2e/tamper?what=none", { method: "POST" });
  set("account-id", cfg.account);
  const balance = await run("account-verify", "account-verdict");
  set("sig-level", cfg.sig.level);
  set("sig-pk", cfg.sig.publicKey);
  set("sig-pk-enc", "hex");
  set("sig-msg", cfg.sig.message);
  set("sig-msg-enc", "text");
  set("sig-sig", cfg.sig.signature);
  set("sig-sig-enc", "base64");
  set("sig-ctx", cfg.sig.context);
  const sigPass = await run("sig-verify", "sig-verdict");
  set("sig-msg", cfg.sig.message + "!");
  const sigFail = await run("sig-verify", "sig-verdict");
  $("bench-run").click();
  await until(() => $("bench-result").dataset.perSecondCached !== undefined, "the benchmark");
  const bench = {
    cold: Number($("bench-result").dataset.perSecond),
    cached: Number($("bench-result").dataset.perSecondCached),
  };
  return {
    userAgent: navigator.userAgent,
    wasm: seen("wasm-status"),
    node,
    receipt,
    receiptTampered,
    checkpointTampered,
    log,
    logTampered,
    balance,
    sigPass,
    sigFail,
    bench,
    replay: await replayVectors(cfg.vectors),
    errors,
  };
}

void drive()
  .catch((e: unknown) => ({ fatal: e instanceof Error ? `${e.message}\n${e.stack}` : String(e), errors }))
  .then((report) => fetch("/e2e/report", { method: "POST", body: JSON.stringify(report) }));
