// Node and a browser replay the same logs to the same roots: headless Chromium (playwright-core
// driving the system's /usr/bin/chromium; the suite fails without it) loads the package's browser entry,
// fetches every frozen replay vector and runs replayLog — header, checkpoint and packet signatures
// verified by the same core.wasm — and must reach each vector's expectedStateRoot; a tampered log
// must halt with the same CIR-302 code as in Node.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, withRepoPage } from "./repo-page.js";

// Runs in the page: replays each named vector; then one with a flipped checkpoint signature.
async function replayInPage(names: string[]): Promise<{ roots: string[]; tampered: string }> {
  const importer = new Function("u", "return import(u)") as (u: string) => Promise<Record<string, unknown>>;
  const qfs = (await importer("/dist/browser.js")) as unknown as {
    replayLog(t: unknown): { ok: true; stateRoot: string } | { ok: false; halt: { code: string } };
  };
  const roots: string[] = [];
  let first: Record<string, unknown> | undefined;
  for (const n of names) {
    const text = await (await fetch(`/vectors/replay/${n}.json`)).text();
    const r = qfs.replayLog(text);
    roots.push(r.ok ? r.stateRoot : r.halt.code);
    first ??= JSON.parse(text);
  }
  const log = first as { batches: { checkpointSignature: string }[] };
  const sig = log.batches[0]!.checkpointSignature;
  log.batches[0]!.checkpointSignature = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
  const t = qfs.replayLog(JSON.stringify(log));
  return { roots, tampered: t.ok ? "ok" : t.halt.code };
}

describe("replay in a browser", () => {
  it("gives every vector's expectedStateRoot", async () => {
    const dir = resolve(REPO_ROOT, "vectors/replay");
    const names = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => f.slice(0, -5));
    const expected = names.map(
      (n) =>
        (JSON.parse(readFileSync(resolve(dir, `${n}.json`), "utf8")) as { expectedStateRoot: string })
          .expectedStateRoot,
    );
    const out = await withRepoPage((page) => page.evaluate(replayInPage, names));
    expect(out.roots).toEqual(expected);
    expect(out.tampered).toBe("E_CHECKPOINT_SIG_INVALID");
  });
});
