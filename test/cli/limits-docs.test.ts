// docs/limits.md names each cap with its value: every `NAME` (value) there is the exported constant.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as api from "../../bindings/index.js";

const doc = readFileSync(join(resolve(import.meta.dirname, "../.."), "docs", "limits.md"), "utf8");

// "32 MiB" → 33554432, "2,592" → 2592, "2^28" → 268435456.
function value(text: string): number {
  const t = text.replace(/,/g, "").trim();
  const pow = /^2\^(\d+)$/.exec(t);
  if (pow) return 2 ** Number(pow[1]);
  const mib = /^(\d+) MiB$/.exec(t);
  if (mib) return Number(mib[1]) * 1024 * 1024;
  return Number(t);
}

describe("docs/limits.md", () => {
  const stated = [...doc.matchAll(/`([A-Z][A-Z0-9_]+)` \(([0-9,^]+(?: MiB)?)\)/g)].map((m) => [m[1]!, m[2]!] as const);

  it("states at least the replay, ledger, packet and ML-DSA caps", () => {
    const names = new Set(stated.map(([n]) => n));
    for (const n of [
      "REPLAY_LOG_V1_BYTES_MAX",
      "REPLAY_LOG_LINE_BYTES_MAX",
      "REPLAY_READ_CHUNK_BYTES",
      "REPLAY_PUBLIC_KEY_BYTES_MAX",
      "REPLAY_SIGNATURE_BYTES_MAX",
      "REPLAY_BATCH_PACKETS_MAX",
      "GENESIS_KEYS_MAX",
      "GENESIS_ALLOCATIONS_MAX",
      "LEDGER_BATCH_PACKETS_MAX",
      "MAX_PACKET_BYTES",
      "MLDSA_BATCH_MAX_ITEMS",
      "HASH_MAX_OUTPUT",
      "AUDIT_LOG_HARD_MAX_LEAVES",
    ])
      expect(names, n).toContain(n);
  });

  it("every stated value is the code's", () => {
    const consts = api as unknown as Record<string, unknown>;
    for (const [name, text] of stated) {
      expect(consts[name], `${name} is exported`).toBeTypeOf("number");
      expect(value(text), name).toBe(consts[name]);
    }
  });
});
