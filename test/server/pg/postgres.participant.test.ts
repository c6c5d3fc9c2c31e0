// The participant and coordinator suites on real PostgreSQL (npm run test:pg; scripts/ci-postgres.sh sets the
// servers up). The participants of one store set are spread over two servers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresParticipant } from "../../../server/stores/postgres/participant.js";
import { openStores } from "../../../server/stores/open.js";
import { coordinatorSuite } from "../coordinator-suite.js";
import { decisionLogSuite } from "../decision-log-suite.js";
import { PostgresDecisionLog } from "../../../server/commit/decision-log-postgres.js";
import { participantSuite } from "../participant-suite.js";
import { dropDatabases, participantUrls, PG_NO2PC_SERVER, PG_SERVERS, pgUrl } from "./pg-env.js";

const RUN = `qfs_t${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "qfs-pg-"));
beforeAll(() => dropDatabases("qfs_t"));
afterAll(async () => {
  await dropDatabases(RUN);
  rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL servers", () => {
  it.each(PG_SERVERS)("%s is reachable and allows prepared transactions", async (server) => {
    const c = new pg.Client({ connectionString: pgUrl(server, "postgres") });
    await c.connect();
    const r = await c.query("SHOW max_prepared_transactions");
    await c.end();
    expect(Number(r.rows[0].max_prepared_transactions)).toBeGreaterThan(0);
  });

  it("a server without prepared transactions is refused with a named error", async () => {
    await expect(PostgresParticipant.open(pgUrl(PG_NO2PC_SERVER, `${RUN}_no2pc`), 0)).rejects.toMatchObject({
      code: "E_PG_PREPARED_TRANSACTIONS_DISABLED",
    });
  });
});

participantSuite("PostgreSQL", {
  open: (name, id) =>
    PostgresParticipant.open(pgUrl(PG_SERVERS[name.length % PG_SERVERS.length]!, `${RUN}_${name}`), id),
});

decisionLogSuite("PostgreSQL", {
  open: (name) => PostgresDecisionLog.open(pgUrl(PG_SERVERS[0]!, `${RUN}_log_${name}`)),
});

// PostgreSQL: six forced prepares, six forced COMMIT PREPARED (PostgreSQL always flushes those), one decision;
// a new term is raised on each participant by its own forced statement in the term's first round. Store sets
// with odd-length names keep the decision log in a PostgreSQL database, the others in a SQLite file.
coordinatorSuite("PostgreSQL", {
  open: (name) =>
    openStores({
      kind: "postgres",
      participants: participantUrls(`${RUN}_c${name}`).map((url) => ({ url })),
      decisionLog:
        name.length % 2 === 1
          ? { kind: "postgres", url: pgUrl(PG_SERVERS[1 % PG_SERVERS.length]!, `${RUN}_c${name}_log`) }
          : { kind: "sqlite", file: join(dir, `${name}.decisions.sqlite`) },
    }),
  forcedPerCommittedRound: 13,
  forcedOnNewTerm: 6,
});
