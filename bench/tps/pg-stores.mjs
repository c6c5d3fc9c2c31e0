// --store postgres: the node's six participants and its decision log on fresh databases of the clusters that
// scripts/ci-postgres.sh starts (2PC on, ports 5435/5436; participant i on server i mod 2 — the scale-out layout
// of docs/commit.md). Every run drops and creates them (rolling back any prepared transaction a killed run left).
import pg from "pg";

const SERVERS = (process.env.QFS_PG_HOSTS ?? "127.0.0.1:5435,127.0.0.1:5436").split(",");
const USER = process.env.QFS_PG_USER ?? "postgres";
const PASSWORD = process.env.QFS_PG_PASSWORD ?? "postgres";
const PREFIX = "qfs_bench_tps";
/** server/stores/limits.ts PARTICIPANT_COUNT. */
const PARTICIPANTS = 6;

const url = (server, db) => `postgres://${USER}:${PASSWORD}@${server}/${db}`;

async function fresh(server, db) {
  const admin = new pg.Client({ connectionString: url(server, "postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
    if (exists.rowCount > 0) {
      const c = new pg.Client({ connectionString: url(server, db) });
      await c.connect();
      const xacts = await c.query("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()");
      for (const { gid } of xacts.rows) await c.query(`ROLLBACK PREPARED '${gid.replaceAll("'", "''")}'`);
      await c.end();
      await admin.query(`DROP DATABASE ${db} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${db}`);
  } finally {
    await admin.end();
  }
  return url(server, db);
}

export async function postgresStores() {
  const participants = [];
  for (let i = 0; i < PARTICIPANTS; i++)
    participants.push({ url: await fresh(SERVERS[i % SERVERS.length], `${PREFIX}_p${i}`) });
  const log = await fresh(SERVERS[0], `${PREFIX}_log`);
  return { kind: "postgres", participants, decisionLog: { kind: "postgres", url: log } };
}
