// Bounded per-batch event buffer. Each event: u16 type, u16 payload length, u32 packet index
// (0xFFFFFFFF for batch-level events), payload (docs/ledger.md "Events"). A packet that is rolled
// back truncates its events; a packet whose events do not fit fails with E_EVENTS_FULL.
import { EVENT_BYTES } from "./layout";
import { EVENTS } from "./mem";

export const EV_MINT: u32 = 1;
export const EV_BURN: u32 = 2;
export const EV_TRANSFER: u32 = 3;
export const EV_KEY_REGISTERED: u32 = 4;
export const EV_KEY_ROTATED: u32 = 5;
export const EV_KEY_REVOKED: u32 = 6;
export const EV_ROLE_CHANGED: u32 = 7;
export const EV_PARAM_CHANGED: u32 = 8;
export const EV_HALT: u32 = 9;
export const EV_RESUME: u32 = 10;
export const EV_STAKE: u32 = 11; // account[32], amount u128, epoch u64 (56 B)
export const EV_UNSTAKE: u32 = 12; // account[32], amount u128, forfeited u128, emergency u8, pad[7] (72 B)
export const EV_REWARD: u32 = 13; // account[32], amount u128: PSY minted (48 B)
export const EV_PENALTY: u32 = 14; // target[32], slashed u128, res_burnt u128, share u128 (80 B)
export const EV_RES_STATE: u32 = 15; // account[32], from u8, to u8, pad[6], epoch u64 (48 B)

export const EV_BATCH_LEVEL: u32 = 0xffffffff;

let evTop: u32 = 0;
let evCursor: usize = 0; // write position inside the event being built
export let evOverflow: bool = false;
let evPacket: u32 = 0;

export function evSetPacket(i: u32): void {
  evPacket = i;
}

export function evReset(): void {
  evTop = 0;
  evOverflow = false;
}
export function evLength(): u32 {
  return evTop;
}
export function evMark(): u32 {
  return evTop;
}
export function evTruncate(mark: u32): void {
  evTop = mark;
  evOverflow = false;
}

// Starts an event with `len` payload bytes; returns false (and sets evOverflow) when full.
export function evBegin(type: u32, len: u32): bool {
  if (evOverflow || evTop + 8 + len > EVENT_BYTES) {
    evOverflow = true;
    return false;
  }
  const p = EVENTS + <usize>evTop;
  store<u16>(p, <u16>type);
  store<u16>(p, <u16>len, 2);
  store<u32>(p, evPacket, 4);
  evCursor = p + 8;
  evTop += 8 + len;
  return true;
}

export function evU8(v: u32): void {
  store<u8>(evCursor, <u8>v);
  evCursor += 1;
}
export function evU32(v: u32): void {
  store<u32>(evCursor, v);
  evCursor += 4;
}
export function evU64(v: u64): void {
  store<u64>(evCursor, v);
  evCursor += 8;
}
export function evU128(lo: u64, hi: u64): void {
  evU64(lo);
  evU64(hi);
}
export function evZeros(n: u32): void {
  memory.fill(evCursor, 0, n);
  evCursor += n;
}
export function evBytes(src: usize, n: u32): void {
  memory.copy(evCursor, src, n);
  evCursor += n;
}
