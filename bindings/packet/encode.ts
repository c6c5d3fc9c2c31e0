// Canonical encoder of DRV packets (docs/wire-format.md). It validates every field against the
// same rules as the decoder, so it can only produce bytes that decode back to the same packet.
import { qfsError } from "../errors/index.js";
import { packetError, type PacketErrorName } from "./errors.js";
import {
  HEADER_BYTES,
  ID_BYTES,
  isLevel,
  MAGIC,
  MAX_OPS,
  MAX_PACKET_BYTES,
  MAX_SIGNERS,
  ONE_18,
  OpType,
  PUBLIC_KEY_BYTES,
  Role,
  ROLES_MASK,
  SIGNATURE_BYTES,
  TOKEN_COUNT,
  TOKENS_MASK,
  U128_MAX,
  U64_MAX,
  VERSION,
  type Operation,
  type Packet,
  type PacketBody,
} from "./types.js";

class Writer {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  fail(code: PacketErrorName, detail: string): never {
    throw packetError(code, this.pos, detail);
  }
  u8(x: number): void {
    this.room(1);
    this.buf[this.pos++] = x;
  }
  u16(x: number): void {
    this.room(2);
    this.view.setUint16(this.pos, x, true);
    this.pos += 2;
  }
  u32(x: number): void {
    this.room(4);
    this.view.setUint32(this.pos, x, true);
    this.pos += 4;
  }
  u64(x: bigint): void {
    this.room(8);
    this.view.setBigUint64(this.pos, x, true);
    this.pos += 8;
  }
  u128(x: bigint): void {
    this.u64(x & U64_MAX);
    this.u64(x >> 64n);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function isInt(x: unknown, max: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= max;
}
function checkUint(w: Writer, x: unknown, max: number, what: string): number {
  if (!isInt(x, max)) w.fail("E_PACKET_FIELD_RANGE", `${what} must be an integer in [0, ${max}]`);
  return x;
}
function checkBig(w: Writer, x: unknown, max: bigint, what: string): bigint {
  if (typeof x !== "bigint" || x < 0n || x > max)
    w.fail("E_PACKET_FIELD_RANGE", `${what} must be a bigint in [0, ${max}]`);
  return x;
}
function checkAmount(w: Writer, x: unknown, what: string): bigint {
  const v = checkBig(w, x, U128_MAX, what);
  if (v === 0n) w.fail("E_PACKET_AMOUNT_ZERO", `${what} must be non-zero`);
  return v;
}
function checkBytes(w: Writer, x: unknown, len: number, what: string): Uint8Array {
  if (!(x instanceof Uint8Array) || x.length !== len) w.fail("E_PACKET_FIELD_RANGE", `${what} must be ${len} bytes`);
  return x;
}
function checkToken(w: Writer, x: unknown): number {
  return checkUint(w, x, TOKEN_COUNT - 1, "token");
}
function checkLevel(w: Writer, x: unknown): 44 | 65 | 87 {
  if (typeof x !== "number" || !isLevel(x)) w.fail("E_PACKET_FIELD_RANGE", "level must be 44, 65 or 87");
  return x;
}

/** Byte-wise comparison (unsigned, lexicographic). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function writeRoleOp(w: Writer, keyId: Uint8Array, role: unknown, token: unknown): void {
  w.bytes(checkBytes(w, keyId, ID_BYTES, "keyId"));
  const r = checkUint(w, role, 4, "role");
  w.u8(r);
  if (r === Role.MINTER) w.u8(checkToken(w, token));
  else {
    if (token !== 0) w.fail("E_PACKET_RESERVED_NONZERO", "token must be 0 unless role is MINTER");
    w.u8(0);
  }
}

function writeOp(w: Writer, op: Operation): void {
  const kind = typeof op === "object" && op !== null ? (op as { op?: unknown }).op : undefined;
  const type = typeof kind === "string" && Object.hasOwn(OpType, kind) ? OpType[kind as keyof typeof OpType] : 0;
  if (type === 0) w.fail("E_PACKET_OP_UNKNOWN", `unknown operation ${String(kind)}`);
  w.u8(type);
  switch (op.op) {
    case "transfer":
    case "mint":
      w.u8(checkToken(w, op.token));
      w.bytes(checkBytes(w, op.to, ID_BYTES, "to"));
      w.u128(checkAmount(w, op.amount, "amount"));
      return;
    case "burn":
    case "stake":
      w.u8(checkToken(w, op.token));
      w.u128(checkAmount(w, op.amount, "amount"));
      return;
    case "unstake":
      w.u8(checkToken(w, op.token));
      w.u128(checkAmount(w, op.amount, "amount"));
      if (typeof op.emergency !== "boolean") w.fail("E_PACKET_FIELD_RANGE", "emergency must be a boolean");
      w.u8(op.emergency ? 1 : 0);
      return;
    case "claim":
      w.u8(checkToken(w, op.token));
      return;
    case "penalty": {
      w.bytes(checkBytes(w, op.target, ID_BYTES, "target"));
      const share = checkBig(w, op.slashShare, ONE_18, "slashShare");
      w.u128(share);
      const res = checkBig(w, op.resBurn, U128_MAX, "resBurn");
      if (share === 0n && res === 0n) w.fail("E_PACKET_AMOUNT_ZERO", "penalty slashes nothing and burns nothing");
      w.u128(res);
      return;
    }
    case "keyRegister": {
      const level = checkLevel(w, op.level);
      w.u8(level);
      const roles = checkUint(w, op.roles, ROLES_MASK, "roles");
      w.u8(roles);
      const minter = checkUint(w, op.minterTokens, TOKENS_MASK, "minterTokens");
      if ((minter !== 0) !== ((roles & (1 << Role.MINTER)) !== 0))
        w.fail("E_PACKET_FIELD_RANGE", "minterTokens must be non-zero exactly when roles has MINTER");
      w.u8(minter);
      w.u8(0);
      w.u32(checkUint(w, op.maxAgeEpochs, 0xffff_ffff, "maxAgeEpochs"));
      w.u64(checkBig(w, op.validFromEpoch, U64_MAX, "validFromEpoch"));
      w.bytes(checkBytes(w, op.publicKey, PUBLIC_KEY_BYTES[level], "publicKey"));
      return;
    }
    case "keyRotate": {
      w.bytes(checkBytes(w, op.oldKeyId, ID_BYTES, "oldKeyId"));
      const level = checkLevel(w, op.level);
      w.u8(level);
      w.bytes(checkBytes(w, op.publicKey, PUBLIC_KEY_BYTES[level], "publicKey"));
      return;
    }
    case "keyRevoke":
      w.bytes(checkBytes(w, op.keyId, ID_BYTES, "keyId"));
      return;
    case "roleGrant":
    case "roleRevoke":
      writeRoleOp(w, op.keyId, op.role, op.token);
      return;
    case "paramChange":
      w.u16(checkUint(w, op.paramId, 0xffff, "paramId"));
      w.u128(checkBig(w, op.value, U128_MAX, "value"));
      return;
    case "halt": {
      const reason = checkUint(w, op.reason, 0xffff, "reason");
      if (reason === 0) w.fail("E_PACKET_FIELD_RANGE", "halt reason must be non-zero");
      w.u16(reason);
      return;
    }
    case "resume":
      w.bytes(checkBytes(w, op.haltRecordHash, ID_BYTES, "haltRecordHash"));
      return;
  }
}

function writeBody(w: Writer, body: PacketBody): void {
  if (typeof body !== "object" || body === null) w.fail("E_PACKET_FIELD_RANGE", "body must be an object");
  const signers = body.signers;
  const ops = body.ops;
  if (!Array.isArray(signers) || signers.length < 1 || signers.length > MAX_SIGNERS)
    w.fail("E_PACKET_SIG_COUNT", `1..${MAX_SIGNERS} signers`);
  if (!Array.isArray(ops) || ops.length < 1 || ops.length > MAX_OPS)
    w.fail("E_PACKET_OP_COUNT", `1..${MAX_OPS} operations`);
  w.bytes(MAGIC);
  w.u8(VERSION);
  w.u8(0);
  w.u8(signers.length);
  w.u8(ops.length);
  w.u32(checkUint(w, body.chainId, 0xffff_ffff, "chainId"));
  w.u32(0);
  w.bytes(checkBytes(w, body.account, ID_BYTES, "account"));
  w.u64(checkBig(w, body.nonce, U64_MAX, "nonce"));
  w.u64(checkBig(w, body.timestampMs, U64_MAX, "timestampMs"));
  if (w.pos !== HEADER_BYTES) throw qfsError("E_INTERNAL", "header size");
  let prev: Uint8Array | undefined;
  for (const s of signers) {
    const id = checkBytes(w, s, ID_BYTES, "signer key id");
    if (prev !== undefined && compareBytes(prev, id) >= 0)
      w.fail("E_PACKET_SIG_ORDER", "signer key ids must be distinct and strictly increasing");
    w.bytes(id);
    prev = id;
  }
  for (const op of ops) writeOp(w, op);
  if (w.pos > MAX_PACKET_BYTES) w.fail("E_PACKET_TOO_LONG", `more than ${MAX_PACKET_BYTES} bytes`);
}

/** The signed body bytes: the exact message every signer signs (with context QFS-V13/tx). */
export function encodeBody(body: PacketBody): Uint8Array {
  const w = new Writer();
  writeBody(w, body);
  return w.result();
}

/** The full canonical packet: body followed by one signature per signer, in signer order. */
export function encodePacket(packet: Packet): Uint8Array {
  const w = new Writer();
  if (typeof packet !== "object" || packet === null) w.fail("E_PACKET_FIELD_RANGE", "packet must be an object");
  writeBody(w, packet.body);
  const sigs = packet.signatures;
  if (!Array.isArray(sigs) || sigs.length !== packet.body.signers.length)
    w.fail("E_PACKET_SIG_COUNT", "exactly one signature per signer");
  for (const s of sigs) {
    const level: unknown = typeof s === "object" && s !== null ? s.level : undefined;
    if (typeof level !== "number" || !isLevel(level)) return w.fail("E_PACKET_SIG_LEVEL", "level must be 44, 65 or 87");
    w.u8(level);
    w.bytes(checkBytes(w, s.signature, SIGNATURE_BYTES[level], "signature"));
  }
  if (w.pos > MAX_PACKET_BYTES) w.fail("E_PACKET_TOO_LONG", `more than ${MAX_PACKET_BYTES} bytes`);
  return w.result();
}
