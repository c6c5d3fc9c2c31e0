// `npm start -- --config F` (server/main.ts): the stores a server/stores/config.ts file names are the ones the node
// opens. A SQLite config pointing elsewhere puts the participants and the decision log there (not under
// DATA/stores) and the node serves and applies the demo mint; a bad config file stops the start with its
// E_CONFIG_* code before anything is written to the data dir. (PostgreSQL by --config: the service kill -9 suite,
// test/server/pg/postgres.crash-server.test.ts.)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PARTICIPANT_NAMES } from "../../server/stores/limits.js";
import { sqliteParticipantFile } from "../../server/stores/open.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "qfs-main-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(dataDir: string, configFile: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "server/main.ts"), "--data", dataDir, "--config", configFile, "--demo-only"],
    { cwd: root, encoding: "utf8", timeout: 90_000 },
  );
}

describe("npm start -- --config F", () => {
  it("opens the stores the config names", () => {
    const storesDir = join(dir, "elsewhere");
    const config = join(dir, "sqlite.json");
    writeFileSync(config, JSON.stringify({ stores: { kind: "sqlite", dir: storesDir } }));
    const run = start(join(dir, "data"), config);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/demo: .* -> 200 /);
    const expected = PARTICIPANT_NAMES.map((_, i) => basename(sqliteParticipantFile(storesDir, i)));
    const made = readdirSync(storesDir).filter((f) => f.endsWith(".sqlite"));
    expect(made.sort()).toEqual(["decisions.sqlite", ...expected].sort());
    expect(existsSync(join(dir, "data", "stores")), "nothing under DATA/stores").toBe(false);
  });

  it("refuses a bad config file with its code and writes nothing", () => {
    const config = join(dir, "bad.json");
    writeFileSync(config, JSON.stringify({ stores: { kind: "mysql" } }));
    const run = start(join(dir, "data-bad"), config);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("E_CONFIG_KIND");
    expect(existsSync(join(dir, "data-bad")), "no data dir made").toBe(false);
  });
});
