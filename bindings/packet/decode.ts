// Strict decoder of DRV packets (docs/wire-format.md §4). Fields are read in order; each field is
// checked as soon as it is read, and the first failure throws a QfsError (packet code) whose code and
// details.offset match the WASM decoder (assembly/ledger/packet.ts) exactly.
import { packetError, type PacketErrorName } from "./errors.js";
import { compareBytes } from "./encode.js";
import {
  ID_BYTES,
  isLevel,
  MAGIC,
  MAX_OPS,
  MAX_PACKET_BYTES,
  MAX_SIGNERS,
  ONE_18,
  PUBLIC_KEY_BYTES,
  Role,
  ROLES_MASK,
  SIGNATURE_BYTES,
  TOKEN_COUNT,
  TOKENS_MASK,
  VERSION,
  type Level,
  type Operation,
  type Packet,
  type PacketBody,
  type PacketSignature,
  type RoleId,
  type TokenId,
} from "./types.js";

class Reader {
  readonly view: DataView;
  pos = 0;
  /** Offset of the field read last: where a check on it reports. */
  at = 0;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  fail(code: PacketErrorName, detail?: string): never {
    throw packetError(code, this.at, detail);
  }
  private take(n: number): number {
    this.at = this.pos;
    if (this.buf.length - this.pos < n) throw packetError("E_PACKET_TOO_SHORT", this.pos);
    const p = this.pos;
    this.pos += n;
    return p;
  }
  u8(): number {
    return this.buf[this.take(1)] as number;
  }
  u16(): number {
    return this.view.getUint16(this.take(2), true);
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  u64(): bigint {
    return this.view.getBigUint64(this.take(8), true);
  }
  u128(): bigint {
    const p = this.take(16);
    return this.view.getBigUint64(p, true) | (this.view.getBigUint64(p + 8, true) << 64n);
  }
  bytes(n: number): Uint8Array {
    const p = this.take(n);
    return this.buf.slice(p, p + n);
  }
  token(): TokenId {
    const t = this.u8();
    if (t >= TOKEN_COUNT) this.fail("E_PACKET_FIELD_RANGE", "token");
    return t as TokenId;
  }
  amount(): bigint {
    const a = this.u128();
    if (a === 0n) this.fail("E_PACKET_AMOUNT_ZERO");
    return a;
  }
  level(): Level {
    const l = this.u8();
    if (!isLevel(l)) this.fail("E_PACKET_FIELD_RANGE", "level");
    return l;
  }
}

function readRoleOp(r: Reader): { keyId: Uint8Array; role: RoleId; token: TokenId } {
  const keyId = r.bytes(ID_BYTES);
  const role = r.u8();
  if (role > 4) r.fail("E_PACKET_FIELD_RANGE", "role");
  if (role === Role.MINTER) return { keyId, role: role as RoleId, token: r.token() };
  if (r.u8() !== 0) r.fail("E_PACKET_RESERVED_NONZERO", "token of a non-MINTER role");
  return { keyId, role: role as RoleId, token: 0 };
}

function readOp(r: Reader): Operation {
  const type = r.u8();
  switch (type) {
    case 0x01:
    case 0x02: {
      const token = r.token();
      const to = r.bytes(ID_BYTES);
      const amount = r.amount();
      return { op: type === 0x01 ? "transfer" : "mint", token, to, amount };
    }
    case 0x03:
    case 0x04: {
      const token = r.token();
      const amount = r.amount();
      return { op: type === 0x03 ? "burn" : "stake", token, amount };
    }
    case 0x05: {
      const token = r.token();
      const amount = r.amount();
      const e = r.u8();
      if (e > 1) r.fail("E_PACKET_FIELD_RANGE", "emergency flag");
      return { op: "unstake", token, amount, emergency: e === 1 };
    }
    case 0x06:
      return { op: "claim", token: r.token() };
    case 0x07: {
      const target = r.bytes(ID_BYTES);
      const slashShare = r.u128();
      if (slashShare > ONE_18) r.fail("E_PACKET_FIELD_RANGE", "slashShare > 1");
      const resBurn = r.u128();
      if (slashShare === 0n && resBurn === 0n) r.fail("E_PACKET_AMOUNT_ZERO", "empty penalty");
      return { op: "penalty", target, slashShare, resBurn };
    }
    case 0x08: {
      const level = r.level();
      const roles = r.u8();
      if (roles > ROLES_MASK) r.fail("E_PACKET_FIELD_RANGE", "roles");
      const minterTokens = r.u8();
      if (minterTokens > TOKENS_MASK || (minterTokens !== 0) !== ((roles & (1 << Role.MINTER)) !== 0))
        r.fail("E_PACKET_FIELD_RANGE", "minterTokens");
      if (r.u8() !== 0) r.fail("E_PACKET_RESERVED_NONZERO");
      const maxAgeEpochs = r.u32();
      const validFromEpoch = r.u64();
      const publicKey = r.bytes(PUBLIC_KEY_BYTES[level]);
      return { op: "keyRegister", level, roles, minterTokens, validFromEpoch, maxAgeEpochs, publicKey };
    }
    case 0x09: {
      const oldKeyId = r.bytes(ID_BYTES);
      const level = r.level();
      const publicKey = r.bytes(PUBLIC_KEY_BYTES[level]);
      return { op: "keyRotate", oldKeyId, level, publicKey };
    }
    case 0x0a:
      return { op: "keyRevoke", keyId: r.bytes(ID_BYTES) };
    case 0x0b:
      return { op: "roleGrant", ...readRoleOp(r) };
    case 0x0c:
      return { op: "roleRevoke", ...readRoleOp(r) };
    case 0x0d: {
      const paramId = r.u16();
      const value = r.u128();
      return { op: "paramChange", paramId, value };
    }
    case 0x0e: {
      const reason = r.u16();
      if (reason === 0) r.fail("E_PACKET_FIELD_RANGE", "halt reason");
      return { op: "halt", reason };
    }
    case 0x0f:
      return { op: "resume", haltRecordHash: r.bytes(ID_BYTES) };
    default:
      return r.fail("E_PACKET_OP_UNKNOWN", `type 0x${type.toString(16)}`);
  }
}

function readBody(r: Reader): PacketBody {
  const magic = r.bytes(4);
  if (compareBytes(magic, MAGIC) !== 0) r.fail("E_PACKET_MAGIC");
  if (r.u8() !== VERSION) r.fail("E_PACKET_VERSION");
  if (r.u8() !== 0) r.fail("E_PACKET_RESERVED_NONZERO", "flags");
  const signerCount = r.u8();
  if (signerCount < 1 || signerCount > MAX_SIGNERS) r.fail("E_PACKET_SIG_COUNT");
  const opCount = r.u8();
  if (opCount < 1 || opCount > MAX_OPS) r.fail("E_PACKET_OP_COUNT");
  const chainId = r.u32();
  if (r.u32() !== 0) r.fail("E_PACKET_RESERVED_NONZERO");
  const account = r.bytes(ID_BYTES);
  const nonce = r.u64();
  const timestampMs = r.u64();
  const signers: Uint8Array[] = [];
  for (let i = 0; i < signerCount; i++) {
    const id = r.bytes(ID_BYTES);
    const prev = signers[i - 1];
    if (prev !== undefined && compareBytes(prev, id) >= 0) r.fail("E_PACKET_SIG_ORDER");
    signers.push(id);
  }
  const ops: Operation[] = [];
  for (let i = 0; i < opCount; i++) ops.push(readOp(r));
  return { chainId, account, nonce, timestampMs, signers, ops };
}

export interface DecodedPacket {
  readonly packet: Packet;
  /** The signed body bytes (a view into the input). */
  readonly bodyBytes: Uint8Array;
}

/** Decodes and structurally validates a packet, keeping the exact signed body bytes. */
export function decodePacketWithBody(bytes: Uint8Array): DecodedPacket {
  if (!(bytes instanceof Uint8Array)) throw packetError("E_PACKET_TOO_SHORT", 0, "not a Uint8Array");
  if (bytes.length > MAX_PACKET_BYTES) throw packetError("E_PACKET_TOO_LONG", MAX_PACKET_BYTES);
  const r = new Reader(bytes);
  const body = readBody(r);
  const bodyEnd = r.pos;
  const signatures: PacketSignature[] = [];
  for (let i = 0; i < body.signers.length; i++) {
    const level = r.u8();
    if (!isLevel(level)) return r.fail("E_PACKET_SIG_LEVEL");
    signatures.push({ level, signature: r.bytes(SIGNATURE_BYTES[level]) });
  }
  if (r.pos !== bytes.length) throw packetError("E_PACKET_TRAILING_BYTES", r.pos);
  return { packet: { body, signatures }, bodyBytes: bytes.subarray(0, bodyEnd) };
}

/** Decodes and structurally validates a packet. Throws a QfsError (packet code) on any non-canonical input. */
export function decodePacket(bytes: Uint8Array): Packet {
  return decodePacketWithBody(bytes).packet;
}
