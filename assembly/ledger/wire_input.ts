// DRV packets straight into the ledger: the wire decoder (packet.ts, docs/wire-format.md) validates
// a packet into static fields, and this module rewrites it as a ledger input record (docs/ledger.md
// "Batch input"), so that a log of raw packets replays to a state root entirely inside the core.
import {
  packetInPtr,
  packetDecode,
  packetBodyLength,
  packetSignerCount,
  packetOpCount,
  packetOpType,
  packetOpOffset,
  packetSigLevel,
  packetSigOffset,
  PACKET_MAX_BYTES,
} from "./packet";
import {
  TX_LEN,
  TX_CHAIN_ID,
  TX_NONCE,
  TX_TIMESTAMP,
  TX_NSIGNERS,
  TX_NOPS,
  TX_FLAGS,
  TX_ACCOUNT,
  TX_SIGNERS,
  OPH_LEN,
  OPH_CODE,
  OPH_TOKEN,
  OPH_A,
  OPH_B,
  OPH_C,
  OPH_ID,
  OPH_AMOUNT,
  OPH_SIZE,
  OP_TRANSFER,
  OP_MINT,
  OP_BURN,
  OP_KEY_REGISTER,
  OP_KEY_ROTATE,
  OP_KEY_REVOKE,
  OP_ROLE_GRANT,
  OP_ROLE_REVOKE,
  OP_PARAM_SET,
  OP_HALT,
  OP_RESUME,
  OP_STAKE,
  OP_UNSTAKE,
  OP_CLAIM,
  OP_PENALTY,
  OPH_RES_BURN,
  OPH_PENALTY_SIZE,
  pkSizeForLevel,
} from "./layout";

// Upper bound of one record: header, 8 signers, 16 ops with public keys, body copy, signatures.
const REC_BYTES: i32 = 64 + 8 * 32 + 16 * (64 + 2592) + 4 + PACKET_MAX_BYTES + 8 * (2 + 4627);
export let REC: usize = 0;
export let recLen: u32 = 0;

const WIRE_MINTER_ROLE: u32 = 1;

function roleBits(role: u32, token: u32): u32 {
  return role == WIRE_MINTER_ROLE ? (<u32>1) << (8 + token) : (<u32>1) << role;
}

// Writes one 64-byte op header (+ public key) at `o` from the wire op at `w`; returns its length.
function convertOp(o: usize, w: usize, type: u32): u32 {
  memory.fill(o, 0, OPH_SIZE);
  let len: u32 = <u32>OPH_SIZE;
  if (type == 0x01 || type == 0x02) {
    store<u8>(o + OPH_CODE, <u8>(type == 0x01 ? OP_TRANSFER : OP_MINT));
    store<u8>(o + OPH_TOKEN, load<u8>(w + 1));
    memory.copy(o + OPH_ID, w + 2, 32);
    memory.copy(o + OPH_AMOUNT, w + 34, 16);
  } else if (type == 0x03) {
    store<u8>(o + OPH_CODE, <u8>OP_BURN);
    store<u8>(o + OPH_TOKEN, load<u8>(w + 1));
    memory.copy(o + OPH_AMOUNT, w + 2, 16);
  } else if (type == 0x04 || type == 0x05) {
    store<u8>(o + OPH_CODE, <u8>(type == 0x04 ? OP_STAKE : OP_UNSTAKE));
    store<u8>(o + OPH_TOKEN, load<u8>(w + 1));
    memory.copy(o + OPH_AMOUNT, w + 2, 16);
    if (type == 0x05) store<u32>(o + OPH_A, <u32>load<u8>(w + 18)); // emergency
  } else if (type == 0x06) {
    store<u8>(o + OPH_CODE, <u8>OP_CLAIM);
    store<u8>(o + OPH_TOKEN, load<u8>(w + 1));
  } else if (type == 0x07) {
    store<u8>(o + OPH_CODE, <u8>OP_PENALTY);
    memory.copy(o + OPH_ID, w + 1, 32); // target
    memory.copy(o + OPH_AMOUNT, w + 33, 16); // slash share
    memory.copy(o + OPH_RES_BURN, w + 49, 16);
    len = <u32>OPH_PENALTY_SIZE;
  } else if (type == 0x08) {
    const level = <u32>load<u8>(w + 1);
    const pkLen = <u32>pkSizeForLevel(level);
    store<u8>(o + OPH_CODE, <u8>OP_KEY_REGISTER);
    store<u32>(o + OPH_A, level);
    store<u32>(o + OPH_B, load<u32>(w + 5));
    store<u32>(o + OPH_C, ((<u32>load<u8>(w + 2)) & ~((<u32>1) << WIRE_MINTER_ROLE)) | ((<u32>load<u8>(w + 3)) << 8));
    store<u64>(o + OPH_AMOUNT, load<u64>(w + 9));
    memory.copy(o + OPH_SIZE, w + 17, pkLen);
    len += pkLen;
  } else if (type == 0x09) {
    const level = <u32>load<u8>(w + 33);
    const pkLen = <u32>pkSizeForLevel(level);
    store<u8>(o + OPH_CODE, <u8>OP_KEY_ROTATE);
    store<u32>(o + OPH_A, level);
    memory.copy(o + OPH_ID, w + 1, 32);
    memory.copy(o + OPH_SIZE, w + 34, pkLen);
    len += pkLen;
  } else if (type == 0x0a) {
    store<u8>(o + OPH_CODE, <u8>OP_KEY_REVOKE);
    memory.copy(o + OPH_ID, w + 1, 32);
  } else if (type == 0x0b || type == 0x0c) {
    store<u8>(o + OPH_CODE, <u8>(type == 0x0b ? OP_ROLE_GRANT : OP_ROLE_REVOKE));
    store<u32>(o + OPH_A, roleBits(<u32>load<u8>(w + 33), <u32>load<u8>(w + 34)));
    memory.copy(o + OPH_ID, w + 1, 32);
  } else if (type == 0x0d) {
    store<u8>(o + OPH_CODE, <u8>OP_PARAM_SET);
    store<u32>(o + OPH_A, <u32>load<u16>(w + 1));
    memory.copy(o + OPH_AMOUNT, w + 3, 16);
  } else if (type == 0x0e) {
    store<u8>(o + OPH_CODE, <u8>OP_HALT);
    store<u32>(o + OPH_A, <u32>load<u16>(w + 1));
  } else {
    store<u8>(o + OPH_CODE, <u8>OP_RESUME); // 0x0f: the decoder accepts no other type
    memory.copy(o + OPH_ID, w + 1, 32);
  }
  store<u16>(o + OPH_LEN, <u16>len);
  return len;
}

// Decodes the DRV packet at [src, src+n) and writes the ledger record to REC. Returns 0 or the
// wire error number (100s). With `withSigs`, the signature section (body, signatures) follows.
export function wireToRecord(src: usize, n: u32, withSigs: bool): u32 {
  if (REC == 0) REC = heap.alloc(<usize>REC_BYTES);
  if (n > <u32>PACKET_MAX_BYTES) return <u32>packetDecode(<i32>n);
  const IN = packetInPtr();
  memory.copy(IN, src, n);
  const code = packetDecode(<i32>n);
  if (code != 0) return <u32>code;
  const sc = <u32>packetSignerCount();
  const oc = <u32>packetOpCount();
  const r = REC;
  memory.fill(r, 0, TX_SIGNERS);
  store<u32>(r + TX_CHAIN_ID, load<u32>(IN + 8));
  store<u64>(r + TX_NONCE, load<u64>(IN + 48));
  store<u64>(r + TX_TIMESTAMP, load<u64>(IN + 56));
  store<u8>(r + TX_NSIGNERS, <u8>sc);
  store<u8>(r + TX_NOPS, <u8>oc);
  store<u16>(r + TX_FLAGS, withSigs ? 1 : 0);
  memory.copy(r + TX_ACCOUNT, IN + 16, 32);
  memory.copy(r + TX_SIGNERS, IN + 64, sc * 32);
  let off: u32 = <u32>TX_SIGNERS + sc * 32;
  for (let i: i32 = 0; i < <i32>oc; i++) {
    off += convertOp(r + <usize>off, IN + <usize>packetOpOffset(i), <u32>packetOpType(i));
  }
  if (withSigs) {
    const body = <u32>packetBodyLength();
    store<u32>(r + <usize>off, body);
    memory.copy(r + <usize>off + 4, IN, body);
    off += 4 + body;
    for (let i: i32 = 0; i < <i32>sc; i++) {
      const sigLen = <u32>pkSigBytes(<u32>packetSigLevel(i));
      store<u16>(r + <usize>off, <u16>sigLen);
      memory.copy(r + <usize>off + 2, IN + <usize>packetSigOffset(i), sigLen);
      off += 2 + sigLen;
    }
  }
  store<u32>(r + TX_LEN, off);
  recLen = off;
  return 0;
}

function pkSigBytes(level: u32): i32 {
  return level == 44 ? 2420 : level == 65 ? 3309 : 4627;
}
