// The stores config: the SQLite default, the PostgreSQL file form, and a named error for every bad option.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultStoresConfig, loadStoresConfig, validateStoresConfig } from "../../server/stores/config.js";

const dir = mkdtempSync(join(tmpdir(), "qfs-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const urls = (n = 6) =>
  Array.from({ length: n }, (_, i) => ({ url: `postgres://u:p@127.0.0.1:${5435 + (i % 2)}/qfs_p${i}` }));
const pgConfig = (over: Record<string, unknown> = {}) => ({
  kind: "postgres",
  participants: urls(),
  decisionLog: { kind: "sqlite", file: "/var/lib/qfs/decisions.sqlite" },
  ...over,
});

describe("stores config", () => {
  it("defaults to SQLite under the data directory", () => {
    expect(defaultStoresConfig("/data")).toEqual({ kind: "sqlite", dir: "/data" });
  });

  it("reads a PostgreSQL config from a JSON file", () => {
    const file = join(dir, "qfs.json");
    writeFileSync(file, JSON.stringify({ stores: pgConfig() }));
    const c = loadStoresConfig(file);
    expect(c.kind).toBe("postgres");
    if (c.kind === "postgres") expect(c.participants.map((p) => p.url)).toEqual(urls().map((u) => u.url));
    const log = { kind: "postgres", url: "postgres://u:p@127.0.0.1:5435/qfs_decisions" };
    expect(validateStoresConfig(pgConfig({ decisionLog: log }))).toMatchObject({ decisionLog: log });
  });

  it.each([
    ["E_CONFIG_TYPE", null],
    ["E_CONFIG_KIND", { kind: "mysql" }],
    ["E_CONFIG_TYPE", { kind: "sqlite" }],
    ["E_CONFIG_TYPE", { kind: "sqlite", dir: "" }],
    ["E_CONFIG_UNKNOWN", { kind: "sqlite", dir: "/d", participants: [] }],
    ["E_CONFIG_UNKNOWN", { kind: "sqlite", dir: "/d", extra: 1 }],
    ["E_CONFIG_LIMIT", { kind: "sqlite", dir: "x".repeat(5000) }],
    ["E_CONFIG_PARTICIPANTS", pgConfig({ participants: urls(5) })],
    ["E_CONFIG_PARTICIPANTS", pgConfig({ participants: "x" })],
    ["E_CONFIG_PARTICIPANTS", pgConfig({ participants: [...urls(5), urls(1)[0]] })],
    ["E_CONFIG_URL", pgConfig({ participants: [...urls(5), { url: "http://h/db" }] })],
    ["E_CONFIG_URL", pgConfig({ participants: [...urls(5), { url: "postgres://h:5432" }] })],
    ["E_CONFIG_URL", pgConfig({ participants: [...urls(5), { url: "not a url" }] })],
    ["E_CONFIG_UNKNOWN", pgConfig({ participants: [...urls(5), { url: "postgres://h/x", pool: 3 }] })],
    ["E_CONFIG_TYPE", pgConfig({ decisionLog: undefined })],
    ["E_CONFIG_KIND", pgConfig({ decisionLog: { kind: "mysql", file: "x" } })],
    ["E_CONFIG_UNKNOWN", pgConfig({ decisionLog: { kind: "postgres", file: "x" } })],
    ["E_CONFIG_URL", pgConfig({ decisionLog: { kind: "postgres", url: "postgres://h:5432" } })],
    ["E_CONFIG_PARTICIPANTS", pgConfig({ decisionLog: { kind: "postgres", url: urls()[0]!.url } })],
    ["E_CONFIG_TYPE", pgConfig({ decisionLog: { kind: "sqlite" } })],
  ])("refuses with %s: %j", (code, raw) => {
    expect(() => validateStoresConfig(raw)).toThrow(expect.objectContaining({ code }));
  });

  it("names what is wrong with the file itself", () => {
    expect(() => loadStoresConfig(join(dir, "missing.json"))).toThrow(
      expect.objectContaining({ code: "E_CONFIG_READ" }),
    );
    writeFileSync(join(dir, "bad.json"), "{");
    expect(() => loadStoresConfig(join(dir, "bad.json"))).toThrow(expect.objectContaining({ code: "E_CONFIG_JSON" }));
    writeFileSync(join(dir, "nostores.json"), "{}");
    expect(() => loadStoresConfig(join(dir, "nostores.json"))).toThrow(
      expect.objectContaining({ code: "E_CONFIG_TYPE" }),
    );
    writeFileSync(
      join(dir, "big.json"),
      JSON.stringify({ stores: { kind: "sqlite", dir: "/d" }, pad: "x".repeat(70_000) }),
    );
    expect(() => loadStoresConfig(join(dir, "big.json"))).toThrow(expect.objectContaining({ code: "E_CONFIG_LIMIT" }));
  });
});
