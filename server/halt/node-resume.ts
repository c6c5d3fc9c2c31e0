// The council's resume of a node halt (SPEC §9). A node halt is not the core's: the rebuilt ledger is not halted,
// so the core would answer a RESUME op with E_NOT_HALTED. The node checks the packet itself, by the rules the core
// applies to a RESUME (docs/ledger.md "Validation order and rules"): one RESUME op naming the node halt record's
// hash, on this chain, signed by at least COUNCIL_THRESHOLD distinct ACTIVE keys of the registry with the COUNCIL
// role, every signature verified by the WASM ML-DSA over the body with context QFS-V13/tx.
import { qfsError } from "../../bindings/errors/index.js";
import { bytesEqual } from "../../bindings/bytes.js";
import { KeyStatus, LedgerParam, LedgerRole, type Ledger } from "../../bindings/ledger/index.js";
import { decodePacketWithBody, type DecodedPacket } from "../../bindings/packet/decode.js";
import { packetId } from "../../bindings/packet/ids.js";
import { CONTEXT_TX } from "../../bindings/packet/types.js";
import { verifySignature } from "../../bindings/sdk/verify.js";

export interface NodeResume {
  txId: Uint8Array;
  /** The COUNCIL signers' key ids, in the packet's (sorted) order. */
  councilKeyIds: Uint8Array[];
}

/** True when the packet decodes and every operation is a RESUME: the only packet a halted node takes. */
export function isResumeOnly(packet: Uint8Array): boolean {
  let d: DecodedPacket;
  try {
    d = decodePacketWithBody(packet);
  } catch {
    return false;
  }
  return d.packet.body.ops.length > 0 && d.packet.body.ops.every((op) => op.op === "resume");
}

/** Checks a council resume of the node halt whose record hashes to `haltHash`, against the ledger's registry.
 *  Throws E_RESUME_INVALID (403) for anything but a valid M-of-N council resume of that record, and E_SIG_INVALID
 *  (401) when a signature does not verify (a client's bad signature is a 401, as everywhere). */
export function verifyNodeResume(packet: Uint8Array, ledger: Ledger, haltHash: Uint8Array): NodeResume {
  const invalid = (why: string) => qfsError("E_RESUME_INVALID", why);
  let d: DecodedPacket;
  try {
    d = decodePacketWithBody(packet);
  } catch (e) {
    throw invalid(`the packet does not decode (${(e as Error).message})`);
  }
  const { body } = d.packet;
  if (body.chainId !== ledger.chainId) throw invalid(`chain ${body.chainId}, the node's is ${ledger.chainId}`);
  const op = body.ops[0];
  if (body.ops.length !== 1 || op?.op !== "resume") throw invalid("a node resume holds exactly one RESUME op");
  if (!bytesEqual(op.haltRecordHash, haltHash)) throw invalid("the RESUME names another halt record's hash");
  // Roles and status first (cheap): a packet short of the threshold is refused before any signature is checked.
  const keys = body.signers.map((id) => ledger.getKey(id));
  const council: Uint8Array[] = [];
  keys.forEach((k, i) => {
    if (k === undefined) throw invalid(`signer ${i} is not in the registry`);
    if (k.status !== KeyStatus.ACTIVE) throw invalid(`signer ${i} is not active (status ${k.status})`);
    if ((k.roles & LedgerRole.COUNCIL) !== 0) council.push(body.signers[i]!);
  });
  const threshold = ledger.param(LedgerParam.COUNCIL_THRESHOLD);
  if (BigInt(council.length) < threshold)
    throw invalid(`${council.length} distinct COUNCIL signers, COUNCIL_THRESHOLD is ${threshold}`);
  keys.forEach((k, i) => {
    const sig = d.packet.signatures[i]!;
    if (k!.level !== sig.level) throw invalid(`signer ${i} signed at level ${sig.level}, its key is ${k!.level}`);
    if (!verifySignature(sig.level, k!.publicKey, d.bodyBytes, sig.signature, CONTEXT_TX))
      throw qfsError("E_SIG_INVALID", `resume signer ${i}`);
  });
  return { txId: packetId(packet), councilKeyIds: council };
}
