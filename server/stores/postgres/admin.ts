// PostgreSQL housekeeping for the participants: create a participant's database when it is missing, read a
// driver error's SQLSTATE.
import pg from "pg";
import { qfsError } from "../../../bindings/errors/index.js";

export function pgCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

/** A database name we are willing to put into CREATE DATABASE (it cannot be a bound parameter). */
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the URL's database (through the server's `postgres` database) if it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const probe = new pg.Client({ connectionString: url });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return;
  } catch (e) {
    if (pgCode(e) !== "3D000") throw qfsError("E_STORAGE", `cannot connect to ${redact(url)}: ${(e as Error).message}`);
  } finally {
    await probe.end().catch(() => undefined);
  }
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!DATABASE_NAME.test(name))
    throw qfsError("E_CONFIG_URL", `database name ${JSON.stringify(name)} must match ${DATABASE_NAME}`);
  parsed.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: parsed.toString() });
  admin.on("error", () => undefined);
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    if (pgCode(e) !== "42P04") throw qfsError("E_STORAGE", `cannot create database ${name}: ${(e as Error).message}`); // 42P04: exists (a race)
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(bad url)";
  }
}
