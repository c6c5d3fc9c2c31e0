// Adapter from a decoded DRV packet (bindings/packet, docs/wire-format.md) to the ledger's input.
// `verifiedSigners` are the key ids whose signatures the worker pool verified (default: all of
// the packet's signers, for callers that verified the whole packet).
import type { Operation, Packet } from "../packet/types.js";
import type { LedgerOp, LedgerPacket } from "./types.js";

const WIRE_MINTER_ROLE = 1; // Role.MINTER in the wire format: stored per token, not as a bit

function roleBits(role: number, token: number): number {
  return role === WIRE_MINTER_ROLE ? 1 << (8 + token) : 1 << role;
}

export function fromWireOp(op: Operation): LedgerOp {
  switch (op.op) {
    case "transfer":
      return { kind: "transfer", token: op.token, to: op.to, amount: op.amount };
    case "mint":
      return { kind: "mint", token: op.token, to: op.to, amount: op.amount };
    case "burn":
      return { kind: "burn", token: op.token, amount: op.amount };
    case "keyRegister":
      return {
        kind: "keyRegister",
        publicKey: op.publicKey,
        roles: (op.roles & ~(1 << WIRE_MINTER_ROLE)) | (op.minterTokens << 8),
        validFromEpoch: op.validFromEpoch,
        maxAgeEpochs: op.maxAgeEpochs,
      };
    case "keyRotate":
      return { kind: "keyRotate", oldKeyId: op.oldKeyId, publicKey: op.publicKey };
    case "keyRevoke":
      return { kind: "keyRevoke", keyId: op.keyId };
    case "roleGrant":
      return { kind: "roleGrant", keyId: op.keyId, roles: roleBits(op.role, op.token) };
    case "roleRevoke":
      return { kind: "roleRevoke", keyId: op.keyId, roles: roleBits(op.role, op.token) };
    case "paramChange":
      return { kind: "paramSet", param: op.paramId, value: op.value };
    case "halt":
      return { kind: "halt", reason: op.reason };
    case "resume":
      return { kind: "resume", haltRecordHash: op.haltRecordHash };
    case "stake":
      return { kind: "stake", token: op.token, amount: op.amount };
    case "unstake":
      return { kind: "unstake", token: op.token, amount: op.amount, emergency: op.emergency };
    case "claim":
      return { kind: "claim", token: op.token };
    case "penalty":
      return { kind: "penalty", target: op.target, slashShare: op.slashShare, resBurn: op.resBurn };
  }
}

export function fromWirePacket(packet: Packet, verifiedSigners?: readonly Uint8Array[]): LedgerPacket {
  const b = packet.body;
  return {
    chainId: b.chainId,
    account: b.account,
    signers: [...(verifiedSigners ?? b.signers)],
    nonce: b.nonce,
    timestampMs: b.timestampMs,
    ops: b.ops.map(fromWireOp),
  };
}
