// Where the PostgreSQL suite finds its servers: scripts/ci-postgres.sh starts two clusters (ports 5435, 5436)
// with 2PC enabled, and a third (5437) with max_prepared_transactions = 0 for the "2PC disabled" check.
// QFS_PG_HOSTS="host:port,host:port" and QFS_PG_NO2PC="host:port" override; user/password postgres/postgres.
// Nothing here skips: an unreachable server fails the suite.
import pg from "pg";
import { PARTICIPANT_COUNT } from "../../../server/stores/limits.js";

const USER = process.env.QFS_PG_USER ?? "postgres";
const PASSWORD = process.env.QFS_PG_PASSWORD ?? "postgres";
export const PG_SERVERS = (process.env.QFS_PG_HOSTS ?? "127.0.0.1:5435,127.0.0.1:5436").split(",");
export const PG_NO2PC_SERVER = process.env.QFS_PG_NO2PC ?? "127.0.0.1:5437";

export function pgUrl(server: string, database: string): string {
  return `postgres://${USER}:${PASSWORD}@${server}/${database}`;
}

/** The six participant URLs of a test store set: spread over the servers (participant i on server i mod n). */
export function participantUrls(prefix: string): string[] {
  return Array.from({ length: PARTICIPANT_COUNT }, (_, i) =>
    pgUrl(PG_SERVERS[i % PG_SERVERS.length]!, `${prefix}_p${i}`),
  );
}

/** Drops the databases whose names start with `prefix` on every server, after rolling back their prepared
 *  transactions (DROP DATABASE refuses while any exist). Gives each run fresh databases. */
export async function dropDatabases(prefix: string): Promise<void> {
  for (const server of PG_SERVERS) {
    const admin = new pg.Client({ connectionString: pgUrl(server, "postgres") });
    await admin.connect();
    try {
      const dbs = await admin.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
      for (const { datname } of dbs.rows as { datname: string }[]) {
        const c = new pg.Client({ connectionString: pgUrl(server, datname) });
        await c.connect();
        const xacts = await c.query("SELECT gid FROM pg_prepared_xacts WHERE database = current_database()");
        for (const { gid } of xacts.rows as { gid: string }[]) await c.query(`ROLLBACK PREPARED '${gid}'`);
        await c.end();
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
}
