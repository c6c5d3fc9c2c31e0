// DRV packet decoder and structural validator (docs/wire-format.md). The packet is written by the
// host into a static input buffer; packetDecode(len) validates it in one pass and records, in
// static fields, where each signer, operation and signature starts. No allocation, no floats,
// no traps on any input: every rejection is an error code (docs/errors.md) plus the offset of
// the field that failed, identical to the TypeScript codec (bindings/packet/decode.ts).

export const PACKET_MAX_BYTES: i32 = 65536;
export const PACKET_HEADER_BYTES: i32 = 64;
export const PACKET_MAX_SIGNERS: i32 = 8;
export const PACKET_MAX_OPS: i32 = 16;
const MAGIC_LE: u32 = 0x56524451; // "QDRV"
const VERSION: u8 = 1;
const ONE_18: u64 = 1_000_000_000_000_000_000;

export const E_OK: i32 = 0;
export const E_PACKET_TOO_SHORT: i32 = 100;
export const E_PACKET_TOO_LONG: i32 = 101;
export const E_PACKET_MAGIC: i32 = 102;
export const E_PACKET_VERSION: i32 = 103;
export const E_PACKET_TRAILING_BYTES: i32 = 104;
export const E_PACKET_OP_UNKNOWN: i32 = 105;
export const E_PACKET_OP_COUNT: i32 = 106;
export const E_PACKET_SIG_COUNT: i32 = 107;
export const E_PACKET_SIG_ORDER: i32 = 108;
export const E_PACKET_SIG_LEVEL: i32 = 109;
export const E_PACKET_RESERVED_NONZERO: i32 = 110;
export const E_PACKET_FIELD_RANGE: i32 = 111;
export const E_PACKET_AMOUNT_ZERO: i32 = 112;

const IN: usize = memory.data(PACKET_MAX_BYTES);
const OP_TYPE: usize = memory.data(PACKET_MAX_OPS);
const OP_OFF: usize = memory.data(PACKET_MAX_OPS << 2);
const SIG_LEVEL: usize = memory.data(PACKET_MAX_SIGNERS);
const SIG_OFF: usize = memory.data(PACKET_MAX_SIGNERS << 2);

let len: i32 = 0;
let pos: i32 = 0;
let at: i32 = 0; // offset of the field read last; failures report it
let errOffset: i32 = -1;
let valid: bool = false;
let bodyLength: i32 = 0;
let signerCount: i32 = 0;
let opCount: i32 = 0;

// Reserves n bytes at pos; returns their offset, or -1 when the input ends first.
function take(n: i32): i32 {
  at = pos;
  if (len - pos < n) return -1;
  const p = pos;
  pos += n;
  return p;
}

function fail(code: i32): i32 {
  errOffset = at;
  return code;
}

function short(): i32 {
  errOffset = pos;
  return E_PACKET_TOO_SHORT;
}

function isLevel(l: u32): bool {
  return l == 44 || l == 65 || l == 87;
}

function pkBytes(l: u32): i32 {
  return l == 44 ? 1312 : l == 65 ? 1952 : 2592;
}

function sigBytes(l: u32): i32 {
  return l == 44 ? 2420 : l == 65 ? 3309 : 4627;
}

// token u8 in [0, 5)
function readToken(): i32 {
  const p = take(1);
  if (p < 0) return short();
  if (<u32>load<u8>(IN + p) >= 5) return fail(E_PACKET_FIELD_RANGE);
  return E_OK;
}

// u128 amount, non-zero
function readAmount(): i32 {
  const p = take(16);
  if (p < 0) return short();
  if ((load<u64>(IN + p) | load<u64>(IN + p + 8)) == 0) return fail(E_PACKET_AMOUNT_ZERO);
  return E_OK;
}

function skip(n: i32): i32 {
  if (take(n) < 0) return short();
  return E_OK;
}

function readRoleOp(): i32 {
  let e = skip(32);
  if (e) return e;
  const p = take(1);
  if (p < 0) return short();
  const role = <u32>load<u8>(IN + p);
  if (role > 4) return fail(E_PACKET_FIELD_RANGE);
  if (role == 1) return readToken();
  const q = take(1);
  if (q < 0) return short();
  if (load<u8>(IN + q) != 0) return fail(E_PACKET_RESERVED_NONZERO);
  return E_OK;
}

function readOp(i: i32): i32 {
  const tp = take(1);
  if (tp < 0) return short();
  const type = <u32>load<u8>(IN + tp);
  store<u8>(OP_TYPE + i, <u8>type);
  store<i32>(OP_OFF + ((<usize>i) << 2), tp);
  let e: i32 = 0;
  switch (type) {
    case 0x01: // transfer
    case 0x02: {
      // mint
      if ((e = readToken())) return e;
      if ((e = skip(32))) return e;
      return readAmount();
    }
    case 0x03: // burn
    case 0x04: {
      // stake
      if ((e = readToken())) return e;
      return readAmount();
    }
    case 0x05: {
      // unstake
      if ((e = readToken())) return e;
      if ((e = readAmount())) return e;
      const p = take(1);
      if (p < 0) return short();
      if (load<u8>(IN + p) > 1) return fail(E_PACKET_FIELD_RANGE);
      return E_OK;
    }
    case 0x06: // claim
      return readToken();
    case 0x07: {
      // penalty
      if ((e = skip(32))) return e;
      const p = take(16);
      if (p < 0) return short();
      const lo = load<u64>(IN + p);
      const hi = load<u64>(IN + p + 8);
      if (hi != 0 || lo > ONE_18) return fail(E_PACKET_FIELD_RANGE);
      const q = take(16);
      if (q < 0) return short();
      if ((lo | load<u64>(IN + q) | load<u64>(IN + q + 8)) == 0) return fail(E_PACKET_AMOUNT_ZERO);
      return E_OK;
    }
    case 0x08: {
      // key register
      let p = take(1);
      if (p < 0) return short();
      const level = <u32>load<u8>(IN + p);
      if (!isLevel(level)) return fail(E_PACKET_FIELD_RANGE);
      p = take(1);
      if (p < 0) return short();
      const roles = <u32>load<u8>(IN + p);
      if (roles > 0x1f) return fail(E_PACKET_FIELD_RANGE);
      p = take(1);
      if (p < 0) return short();
      const minter = <u32>load<u8>(IN + p);
      if (minter > 0x1f || (minter != 0) != ((roles & 2) != 0)) return fail(E_PACKET_FIELD_RANGE);
      p = take(1);
      if (p < 0) return short();
      if (load<u8>(IN + p) != 0) return fail(E_PACKET_RESERVED_NONZERO);
      if ((e = skip(4))) return e; // max age epochs
      if ((e = skip(8))) return e; // valid-from epoch
      return skip(pkBytes(level));
    }
    case 0x09: {
      // key rotate
      if ((e = skip(32))) return e;
      const p = take(1);
      if (p < 0) return short();
      const level = <u32>load<u8>(IN + p);
      if (!isLevel(level)) return fail(E_PACKET_FIELD_RANGE);
      return skip(pkBytes(level));
    }
    case 0x0a: // key revoke
      return skip(32);
    case 0x0b: // role grant
    case 0x0c: // role revoke
      return readRoleOp();
    case 0x0d: {
      // parameter change
      if ((e = skip(2))) return e;
      return skip(16);
    }
    case 0x0e: {
      // halt
      const p = take(2);
      if (p < 0) return short();
      if (load<u16>(IN + p) == 0) return fail(E_PACKET_FIELD_RANGE);
      return E_OK;
    }
    case 0x0f: // resume
      return skip(32);
    default:
      return fail(E_PACKET_OP_UNKNOWN);
  }
}

// Signer key id i-1 < key id i, bytewise.
function signerOrdered(prev: usize, cur: usize): bool {
  for (let k: usize = 0; k < 32; k++) {
    const a = load<u8>(prev + k);
    const b = load<u8>(cur + k);
    if (a != b) return a < b;
  }
  return false;
}

function decode(): i32 {
  let p = take(4);
  if (p < 0) return short();
  if (load<u32>(IN + p) != MAGIC_LE) return fail(E_PACKET_MAGIC);
  p = take(1);
  if (p < 0) return short();
  if (load<u8>(IN + p) != VERSION) return fail(E_PACKET_VERSION);
  p = take(1);
  if (p < 0) return short();
  if (load<u8>(IN + p) != 0) return fail(E_PACKET_RESERVED_NONZERO);
  p = take(1);
  if (p < 0) return short();
  const sc = <i32>load<u8>(IN + p);
  if (sc < 1 || sc > PACKET_MAX_SIGNERS) return fail(E_PACKET_SIG_COUNT);
  p = take(1);
  if (p < 0) return short();
  const oc = <i32>load<u8>(IN + p);
  if (oc < 1 || oc > PACKET_MAX_OPS) return fail(E_PACKET_OP_COUNT);
  let e: i32 = 0;
  if ((e = skip(4))) return e; // chain id
  p = take(4);
  if (p < 0) return short();
  if (load<u32>(IN + p) != 0) return fail(E_PACKET_RESERVED_NONZERO);
  if ((e = skip(32))) return e; // account
  if ((e = skip(8))) return e; // nonce
  if ((e = skip(8))) return e; // timestamp
  for (let i = 0; i < sc; i++) {
    p = take(32);
    if (p < 0) return short();
    if (i > 0 && !signerOrdered(IN + p - 32, IN + p)) return fail(E_PACKET_SIG_ORDER);
  }
  for (let i = 0; i < oc; i++) {
    if ((e = readOp(i))) return e;
  }
  bodyLength = pos;
  for (let i = 0; i < sc; i++) {
    p = take(1);
    if (p < 0) return short();
    const level = <u32>load<u8>(IN + p);
    if (!isLevel(level)) return fail(E_PACKET_SIG_LEVEL);
    store<u8>(SIG_LEVEL + i, <u8>level);
    store<i32>(SIG_OFF + ((<usize>i) << 2), pos);
    if ((e = skip(sigBytes(level)))) return e;
  }
  if (pos != len) {
    errOffset = pos;
    return E_PACKET_TRAILING_BYTES;
  }
  signerCount = sc;
  opCount = oc;
  return E_OK;
}

/** Offset of the static input buffer (PACKET_MAX_BYTES long). */
export function packetInPtr(): usize {
  return IN;
}

/** Validates the first `n` bytes of the input buffer. Returns 0 or a packet error number. */
export function packetDecode(n: i32): i32 {
  valid = false;
  errOffset = -1;
  bodyLength = 0;
  signerCount = 0;
  opCount = 0;
  pos = 0;
  at = 0;
  if (n > PACKET_MAX_BYTES) {
    errOffset = PACKET_MAX_BYTES;
    return E_PACKET_TOO_LONG;
  }
  len = n < 0 ? 0 : n;
  const code = decode();
  if (code != E_OK) {
    bodyLength = 0;
    return code;
  }
  valid = true;
  errOffset = -1;
  return E_OK;
}

export function packetErrorOffset(): i32 {
  return errOffset;
}

export function packetBodyLength(): i32 {
  return bodyLength;
}

export function packetSignerCount(): i32 {
  return signerCount;
}

export function packetOpCount(): i32 {
  return opCount;
}

export function packetChainId(): u32 {
  return valid ? load<u32>(IN + 8) : 0;
}

export function packetAccountPtr(): usize {
  return IN + 16;
}

export function packetNonce(): u64 {
  return valid ? load<u64>(IN + 48) : 0;
}

export function packetTimestamp(): u64 {
  return valid ? load<u64>(IN + 56) : 0;
}

/** Offset (in the input) of signer key id i, or -1. */
export function packetSignerOffset(i: i32): i32 {
  return i >= 0 && i < signerCount ? PACKET_HEADER_BYTES + (i << 5) : -1;
}

/** Type byte of operation i, or 0. */
export function packetOpType(i: i32): i32 {
  return i >= 0 && i < opCount ? <i32>load<u8>(OP_TYPE + i) : 0;
}

/** Offset (in the input) of operation i's type byte, or -1. */
export function packetOpOffset(i: i32): i32 {
  return i >= 0 && i < opCount ? load<i32>(OP_OFF + ((<usize>i) << 2)) : -1;
}

/** ML-DSA level of signature i, or 0. */
export function packetSigLevel(i: i32): i32 {
  return i >= 0 && i < signerCount ? <i32>load<u8>(SIG_LEVEL + i) : 0;
}

/** Offset (in the input) of signature i's bytes (after its level byte), or -1. */
export function packetSigOffset(i: i32): i32 {
  return i >= 0 && i < signerCount ? load<i32>(SIG_OFF + ((<usize>i) << 2)) : -1;
}
