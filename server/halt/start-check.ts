// Start of a node over its stores, CIR-302 side (SPEC §9, §10): the ledger is rebuilt from the participants'
// committed rows and must reach the state root of the last commit decision. When it does not, the node does not
// refuse to start: it serves reads from the state the stores hold and refuses writes (a node halt, guard.ts),
// so operators and clients can see what the stores hold. That needs the rows' own root, which the core's loader
// does not return on a mismatch; it is read from the state tree the loader built before it compared.
import { isQfsError, qfsError } from "../../bindings/errors/index.js";
import { Ledger } from "../../bindings/ledger/index.js";
import { loadRows, type StateRow } from "../../bindings/ledger/rows.js";
import type { AuditTreeState } from "../../bindings/ledger/state-io.js";
import { CoreInstance } from "../../bindings/runtime.js";
import type { Participant } from "../stores/participant.js";
import { readAllRows } from "../sequencer/restore.js";

export interface StoresLedger {
  ledger: Ledger;
  /** The root the stores' rows rebuild to (= expected unless they differ). */
  rebuiltStateRoot: Uint8Array;
  expectedStateRoot: Uint8Array;
}

/** The state root the rows rebuild to, whatever was expected: the loader is run in a scratch core against a
 *  root it will refuse, and the full state tree it built (ledgerLoadFinish hashes every record before comparing)
 *  gives the root. Throws the loader's error for rows that cannot be loaded at all (E_ROWS_MALFORMED, …). */
export function rowsStateRoot(rows: readonly StateRow[], audit: AuditTreeState | undefined): Uint8Array {
  const core = new CoreInstance();
  const impossible = new Uint8Array(32).fill(0xff);
  try {
    loadRows(core.exports, rows, impossible, audit);
  } catch (e) {
    if (!isQfsError(e, "E_RESTORE_ROOT")) throw e;
  }
  const rc = core.exports.smtRoot();
  if (rc !== 0) throw qfsError("E_INTERNAL", `state tree root: code ${rc}`);
  return core.io().slice(0, 32);
}

/** The ledger as the stores hold it, and whether that is the state the last decision recorded. */
export async function ledgerFromStoresChecked(
  participants: readonly Participant[],
  last: { stateRoot: Uint8Array; audit: AuditTreeState },
): Promise<StoresLedger> {
  const rows = await readAllRows(participants);
  try {
    const ledger = Ledger.fromRows(rows, last.stateRoot, { audit: last.audit });
    return { ledger, rebuiltStateRoot: last.stateRoot, expectedStateRoot: last.stateRoot };
  } catch (e) {
    if (!isQfsError(e, "E_RESTORE_ROOT")) throw e;
  }
  const rebuilt = rowsStateRoot(rows, last.audit);
  const ledger = Ledger.fromRows(rows, rebuilt, { audit: last.audit });
  return { ledger, rebuiltStateRoot: rebuilt, expectedStateRoot: last.stateRoot };
}
