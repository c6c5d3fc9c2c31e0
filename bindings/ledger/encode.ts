// Encoding of decoded packets into the core's batch input records (docs/ledger.md "Batch input").
import { qfsError } from "../errors/index.js";
import { LedgerOpCode as OpCode, type LedgerOp, type LedgerPacket } from "./types.js";

const OP_HEADER = 64;
const ZERO32 = new Uint8Array(32);
const U128_MAX = (1n << 128n) - 1n;

function levelOf(publicKey: Uint8Array): number {
  if (publicKey.length === 1312) return 44;
  if (publicKey.length === 1952) return 65;
  if (publicKey.length === 2592) return 87;
  return 0; // the core rejects it with E_KEY_LEVEL
}

function id32(v: Uint8Array | undefined, what: string): Uint8Array {
  const b = v ?? ZERO32;
  if (b.length !== 32) throw qfsError("E_LEDGER_INPUT", `${what} must be 32 bytes`);
  return b;
}

function amount(v: bigint): bigint {
  if (v < 0n || v > U128_MAX) throw qfsError("E_LEDGER_INPUT", "amount out of u128 range");
  return v;
}

interface OpFields {
  code: number;
  token: number;
  a: number;
  b: number;
  c?: number;
  validFrom?: bigint;
  id: Uint8Array;
  amount: bigint;
  publicKey?: Uint8Array;
  resBurn?: bigint; // PENALTY: the 16 bytes after the header (an 80-byte record)
}

function fields(op: LedgerOp): OpFields {
  switch (op.kind) {
    case "transfer":
      return { code: OpCode.TRANSFER, token: op.token, a: 0, b: 0, id: id32(op.to, "to"), amount: amount(op.amount) };
    case "mint":
      return { code: OpCode.MINT, token: op.token, a: 0, b: 0, id: id32(op.to, "to"), amount: amount(op.amount) };
    case "burn":
      return { code: OpCode.BURN, token: op.token, a: 0, b: 0, id: ZERO32, amount: amount(op.amount) };
    case "keyRegister":
      return {
        code: OpCode.KEY_REGISTER,
        token: 0,
        a: levelOf(op.publicKey),
        b: op.maxAgeEpochs ?? 0,
        c: op.roles ?? 0,
        id: id32(op.owner, "owner"),
        amount: 0n,
        validFrom: op.validFromEpoch ?? 0n,
        publicKey: op.publicKey,
      };
    case "keyRotate":
      return {
        code: OpCode.KEY_ROTATE,
        token: 0,
        a: levelOf(op.publicKey),
        b: op.maxAgeEpochs ?? 0,
        id: id32(op.oldKeyId, "oldKeyId"),
        amount: 0n,
        publicKey: op.publicKey,
      };
    case "keyRevoke":
      return { code: OpCode.KEY_REVOKE, token: 0, a: 0, b: 0, id: id32(op.keyId, "keyId"), amount: 0n };
    case "roleGrant":
      return { code: OpCode.ROLE_GRANT, token: 0, a: op.roles, b: 0, id: id32(op.keyId, "keyId"), amount: 0n };
    case "roleRevoke":
      return { code: OpCode.ROLE_REVOKE, token: 0, a: op.roles, b: 0, id: id32(op.keyId, "keyId"), amount: 0n };
    case "paramSet":
      return { code: OpCode.PARAM_SET, token: 0, a: op.param, b: 0, id: ZERO32, amount: amount(op.value) };
    case "halt":
      return { code: OpCode.HALT, token: 0, a: op.reason, b: 0, id: ZERO32, amount: 0n };
    case "resume":
      return { code: OpCode.RESUME, token: 0, a: 0, b: 0, id: id32(op.haltRecordHash, "haltRecordHash"), amount: 0n };
    case "stake":
      return { code: OpCode.STAKE, token: op.token, a: 0, b: 0, id: ZERO32, amount: amount(op.amount) };
    case "unstake":
      return {
        code: OpCode.UNSTAKE,
        token: op.token,
        a: op.emergency ? 1 : 0,
        b: 0,
        id: ZERO32,
        amount: amount(op.amount),
      };
    case "claim":
      return { code: OpCode.CLAIM, token: op.token, a: 0, b: 0, id: ZERO32, amount: 0n };
    case "penalty":
      return {
        code: OpCode.PENALTY,
        token: 0,
        a: 0,
        b: 0,
        id: id32(op.target, "target"),
        amount: amount(op.slashShare),
        resBurn: amount(op.resBurn),
      };
  }
}

function opLength(f: OpFields): number {
  return OP_HEADER + (f.publicKey?.length ?? 0) + (f.resBurn !== undefined ? 16 : 0);
}

function u8(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw qfsError("E_LEDGER_INPUT", `${what} out of u8 range`);
  return v;
}
function u32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw qfsError("E_LEDGER_INPUT", `${what} out of u32 range`);
  return v;
}

// One packet record: u32 length, header, signer key ids, operations (each 64 bytes + public key).
// With `withSignatures`, a signature section follows the operations: u32 message length, message,
// then per signer u16 signature length and signature.
export function encodeLedgerPacket(p: LedgerPacket, withSignatures = false): Uint8Array {
  if (p.signers.length > 255 || p.ops.length > 255) throw qfsError("E_LEDGER_INPUT", "too many signers or ops");
  const ops = p.ops.map(fields);
  let len = 64 + 32 * p.signers.length;
  for (const f of ops) len += opLength(f);
  const msg = p.message ?? new Uint8Array(0);
  const sigs = p.signatures ?? [];
  if (withSignatures) {
    if (sigs.length !== p.signers.length) throw qfsError("E_LEDGER_INPUT", "one signature per signer");
    len += 4 + msg.length;
    for (const s of sigs) {
      if (s.length > 0xffff) throw qfsError("E_LEDGER_INPUT", "signature too long");
      len += 2 + s.length;
    }
  }
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, len, true);
  dv.setUint32(4, u32(p.chainId, "chainId"), true);
  dv.setBigUint64(8, BigInt.asUintN(64, p.nonce), true);
  dv.setBigUint64(16, BigInt.asUintN(64, p.timestampMs), true);
  out[24] = p.signers.length;
  out[25] = p.ops.length;
  out[26] = withSignatures ? 1 : 0;
  out.set(id32(p.account, "account"), 32);
  let off = 64;
  for (const s of p.signers) {
    out.set(id32(s, "signer"), off);
    off += 32;
  }
  for (const f of ops) {
    const opLen = opLength(f);
    if (opLen > 0xffff) throw qfsError("E_LEDGER_INPUT", "operation too long");
    dv.setUint16(off, opLen, true);
    out[off + 2] = f.code;
    out[off + 3] = u8(f.token, "token");
    dv.setUint32(off + 4, u32(f.a, "op field"), true);
    dv.setUint32(off + 8, u32(f.b, "maxAgeEpochs"), true);
    dv.setUint32(off + 12, u32(f.c ?? 0, "roles"), true);
    out.set(f.id, off + 16);
    if (f.validFrom !== undefined) dv.setBigUint64(off + 48, BigInt.asUintN(64, f.validFrom), true);
    else {
      dv.setBigUint64(off + 48, f.amount & 0xffffffffffffffffn, true);
      dv.setBigUint64(off + 56, f.amount >> 64n, true);
    }
    if (f.publicKey) out.set(f.publicKey, off + OP_HEADER);
    if (f.resBurn !== undefined) {
      dv.setBigUint64(off + OP_HEADER, f.resBurn & 0xffffffffffffffffn, true);
      dv.setBigUint64(off + OP_HEADER + 8, f.resBurn >> 64n, true);
    }
    off += opLen;
  }
  if (withSignatures) {
    dv.setUint32(off, msg.length, true);
    out.set(msg, off + 4);
    off += 4 + msg.length;
    for (const s of sigs) {
      dv.setUint16(off, s.length, true);
      out.set(s, off + 2);
      off += 2 + s.length;
    }
  }
  return out;
}
