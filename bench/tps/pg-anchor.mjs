// --anchor pg: what a user would build instead — a plain PostgreSQL ledger, unsigned, doing the corpus's own
// transfers (account i pays 1 unit of each of TOKENS tokens to account i + 1, in the corpus's order) with 16
// connections, each transfer its own transaction:
//   - "statements": BEGIN; per token a debit UPDATE (amount >= 1, else the transfer fails) and a credit UPDATE;
//     INSERT into the journal; COMMIT — prepared statements (node-postgres named queries), one round trip each;
//   - "one round trip": the same updates and insert as one prepared statement (data-modifying CTEs) in an
//     autocommit transaction: what pipelining the statements buys (node-postgres has no pipeline mode).
// Rows are updated in (account, token) order, so concurrent transfers cannot deadlock. Closed loop at full speed
// for `durationS` each: the anchor's maximum, beside our maximum sustainable rate.
import pg from "pg";
import { performance } from "node:perf_hooks";
import { quantile } from "./driver.mjs";

/** The anchor's server: the plain cluster of scripts/ci-postgres.sh (2PC off; it needs none). */
export const ANCHOR_PG_URL = process.env.QFS_TPS_ANCHOR_PG ?? "postgres://postgres:postgres@127.0.0.1:5437/postgres";
export const ANCHOR_DATABASE = "qfs_bench_tps_anchor";
export const ANCHOR_CONNECTIONS = 16;
const FUND_UNITS = 1_000_000;

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: ANCHOR_PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${ANCHOR_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${ANCHOR_DATABASE}`);
  await admin.end();
  const url = new URL(ANCHOR_PG_URL);
  url.pathname = `/${ANCHOR_DATABASE}`;
  return url.toString();
}

async function seed(url, ids, tokens) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE balances (account bytea NOT NULL, token int NOT NULL, amount numeric(39,0) NOT NULL,
                 PRIMARY KEY (account, token))`);
  await c.query(`CREATE TABLE journal (id bigserial PRIMARY KEY, sender bytea NOT NULL, recipient bytea NOT NULL,
                 tokens int NOT NULL, amount numeric(39,0) NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
  const accounts = ids.flatMap((id) => Array.from({ length: tokens }, () => Buffer.from(id)));
  const toks = ids.flatMap(() => Array.from({ length: tokens }, (_, t) => t));
  await c.query(`INSERT INTO balances SELECT a, t, ${FUND_UNITS} FROM unnest($1::bytea[], $2::int[]) AS u(a, t)`, [
    accounts,
    toks,
  ]);
  await c.query("VACUUM ANALYZE balances");
  await c.end();
}

function statementsTransfer(tokens) {
  const debit = {
    name: "debit",
    text: "UPDATE balances SET amount = amount - $3 WHERE account = $1 AND token = $2 AND amount >= $3",
  };
  const credit = { name: "credit", text: "UPDATE balances SET amount = amount + $3 WHERE account = $1 AND token = $2" };
  const journal = {
    name: "journal",
    text: "INSERT INTO journal (sender, recipient, tokens, amount) VALUES ($1, $2, $3, $4)",
  };
  return async (c, from, to) => {
    await c.query("BEGIN");
    try {
      const [first, second] = Buffer.compare(from, to) < 0 ? [from, to] : [to, from];
      for (const acct of [first, second])
        for (let t = 0; t < tokens; t++) {
          if (acct === from) {
            const r = await c.query({ ...debit, values: [from, t, 1] });
            if (r.rowCount !== 1) throw new Error("insufficient funds");
          } else await c.query({ ...credit, values: [to, t, 1] });
        }
      await c.query({ ...journal, values: [from, to, tokens, 1] });
      await c.query("COMMIT");
    } catch (e) {
      await c.query("ROLLBACK");
      throw e;
    }
  };
}

function oneTripTransfer(tokens) {
  // Debits and credits as two UPDATE … FROM unnest CTEs; the INSERT runs only when every debit row matched.
  const text = `WITH d AS (UPDATE balances b SET amount = b.amount - 1 FROM unnest($3::int[]) AS u(t)
                  WHERE b.account = $1 AND b.token = u.t AND b.amount >= 1 RETURNING 1),
                c AS (UPDATE balances b SET amount = b.amount + 1 FROM unnest($3::int[]) AS u(t)
                  WHERE b.account = $2 AND b.token = u.t RETURNING 1)
                INSERT INTO journal (sender, recipient, tokens, amount)
                SELECT $1, $2, $4::int, 1 WHERE (SELECT count(*) FROM d) = $4::int AND (SELECT count(*) FROM c) = $4::int`;
  const toks = Array.from({ length: tokens }, (_, t) => t);
  return async (c, from, to) => {
    const r = await c.query({ name: "transfer1", text, values: [from, to, toks, tokens] });
    if (r.rowCount !== 1) throw new Error("transfer did not apply");
  };
}

async function closedLoop(url, pairs, transfer, durationS) {
  const clients = await Promise.all(
    Array.from({ length: ANCHOR_CONNECTIONS }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const lat = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  const endMs = t0 + durationS * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < endMs && next < pairs.length) {
        const [from, to] = pairs[next++];
        const s = performance.now();
        try {
          await transfer(c, from, to);
          lat.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsedS = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  lat.sort((a, b) => a - b);
  return { tps: lat.length / elapsedS, ok: lat.length, errors, p50Ms: quantile(lat, 0.5), p99Ms: quantile(lat, 0.99) };
}

/** Both anchor modes over the corpus's transfer order. Returns { statements, oneTrip } results. */
export async function runPgAnchor(ids, tokens, durationS, log = console.log) {
  const url = await freshDatabase();
  await seed(url, ids, tokens);
  const pairs = [];
  // Enough transfers for any duration at anchor speed (each account pays far less than FUND_UNITS).
  for (let r = 0; r < 40; r++)
    for (let i = 0; i < ids.length; i++) pairs.push([Buffer.from(ids[i]), Buffer.from(ids[(i + 1) % ids.length])]);
  const statements = await closedLoop(url, pairs, statementsTransfer(tokens), durationS);
  log(
    `anchor pg (statements): ${statements.tps.toFixed(0)} tx/s, p50 ${statements.p50Ms.toFixed(2)} ms, p99 ${statements.p99Ms.toFixed(2)} ms, errors ${statements.errors}`,
  );
  const oneTrip = await closedLoop(url, pairs, oneTripTransfer(tokens), durationS);
  log(
    `anchor pg (one round trip): ${oneTrip.tps.toFixed(0)} tx/s, p50 ${oneTrip.p50Ms.toFixed(2)} ms, p99 ${oneTrip.p99Ms.toFixed(2)} ms, errors ${oneTrip.errors}`,
  );
  return { statements, oneTrip };
}
