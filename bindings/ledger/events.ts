// Decoding of the core's per-batch event buffer (docs/ledger.md "Events").
import { qfsError } from "../errors/index.js";
import type { ResState } from "./types.js";

const RES_STATES: readonly ResState[] = ["NEUTRAL", "RESONANT", "PENALIZED"];
function resState(v: number): ResState {
  const s = RES_STATES[v];
  if (s === undefined) throw qfsError("E_LEDGER_EVENT", `resonance state ${v}`);
  return s;
}

export type LedgerEvent =
  | { type: "Mint"; packet: number; token: number; account: Uint8Array; amount: bigint }
  | { type: "Burn"; packet: number; token: number; account: Uint8Array; amount: bigint }
  | { type: "Transfer"; packet: number; token: number; from: Uint8Array; to: Uint8Array; amount: bigint }
  | {
      type: "KeyRegistered";
      packet: number;
      keyId: Uint8Array;
      owner: Uint8Array;
      level: number;
      validFromEpoch: bigint;
      maxAgeEpochs: bigint;
      roles: number;
    }
  | { type: "KeyRotated"; packet: number; oldKeyId: Uint8Array; newKeyId: Uint8Array; owner: Uint8Array; level: number }
  | { type: "KeyRevoked"; packet: number; keyId: Uint8Array }
  | { type: "RoleChanged"; packet: number; keyId: Uint8Array; before: number; after: number }
  | { type: "ParamChanged"; packet: number; param: number; before: bigint; after: bigint }
  | { type: "Halt"; packet: number; record: Uint8Array; hash: Uint8Array }
  | { type: "Resume"; packet: number; haltRecordHash: Uint8Array; councilSigners: number }
  | { type: "Stake"; packet: number; account: Uint8Array; amount: bigint; epoch: bigint }
  | {
      type: "Unstake";
      packet: number;
      account: Uint8Array;
      amount: bigint;
      forfeited: bigint; // PSY moved to the pool's carry by this unstake
      emergency: boolean;
    }
  | { type: "Reward"; packet: number; account: Uint8Array; amount: bigint }
  | { type: "Penalty"; packet: number; target: Uint8Array; slashed: bigint; resBurnt: bigint; share: bigint }
  | { type: "ResState"; packet: number; account: Uint8Array; from: ResState; to: ResState; epoch: bigint };

// Packet index of batch-level events (a CIR-302 halt raised by the batch itself).
export const BATCH_LEVEL = 0xffffffff;

export function decodeEvents(buf: Uint8Array): LedgerEvent[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: LedgerEvent[] = [];
  let off = 0;
  while (off < buf.length) {
    const type = dv.getUint16(off, true);
    const len = dv.getUint16(off + 2, true);
    const packet = dv.getUint32(off + 4, true);
    let p = off + 8;
    const bytes = (n: number): Uint8Array => {
      const b = buf.slice(p, p + n);
      p += n;
      return b;
    };
    const u8 = (): number => buf[p++] ?? 0;
    const u32 = (): number => {
      const v = dv.getUint32(p, true);
      p += 4;
      return v;
    };
    const u64 = (): bigint => {
      const v = dv.getBigUint64(p, true);
      p += 8;
      return v;
    };
    const u128 = (): bigint => {
      const lo = u64();
      return lo | (u64() << 64n);
    };
    switch (type) {
      case 1:
        out.push({ type: "Mint", packet, token: u8(), account: bytes(32), amount: u128() });
        break;
      case 2:
        out.push({ type: "Burn", packet, token: u8(), account: bytes(32), amount: u128() });
        break;
      case 3:
        out.push({ type: "Transfer", packet, token: u8(), from: bytes(32), to: bytes(32), amount: u128() });
        break;
      case 4:
        out.push({
          type: "KeyRegistered",
          packet,
          keyId: bytes(32),
          owner: bytes(32),
          level: u8(),
          validFromEpoch: u64(),
          maxAgeEpochs: u64(),
          roles: u32(),
        });
        break;
      case 5:
        out.push({
          type: "KeyRotated",
          packet,
          oldKeyId: bytes(32),
          newKeyId: bytes(32),
          owner: bytes(32),
          level: u8(),
        });
        break;
      case 6:
        out.push({ type: "KeyRevoked", packet, keyId: bytes(32) });
        break;
      case 7:
        out.push({ type: "RoleChanged", packet, keyId: bytes(32), before: u32(), after: u32() });
        break;
      case 8:
        out.push({ type: "ParamChanged", packet, param: u32(), before: u128(), after: u128() });
        break;
      case 9:
        out.push({ type: "Halt", packet, record: bytes(80), hash: bytes(32) });
        break;
      case 10:
        out.push({ type: "Resume", packet, haltRecordHash: bytes(32), councilSigners: u32() });
        break;
      case 11:
        out.push({ type: "Stake", packet, account: bytes(32), amount: u128(), epoch: u64() });
        break;
      case 12:
        out.push({
          type: "Unstake",
          packet,
          account: bytes(32),
          amount: u128(),
          forfeited: u128(),
          emergency: u8() === 1,
        });
        break;
      case 13:
        out.push({ type: "Reward", packet, account: bytes(32), amount: u128() });
        break;
      case 14:
        out.push({ type: "Penalty", packet, target: bytes(32), slashed: u128(), resBurnt: u128(), share: u128() });
        break;
      case 15: {
        const account = bytes(32);
        const from = resState(u8());
        const to = resState(u8());
        p += 6;
        out.push({ type: "ResState", packet, account, from, to, epoch: u64() });
        break;
      }
      default:
        throw qfsError("E_LEDGER_EVENT", `unknown event type ${type}`);
    }
    off += 8 + len;
  }
  return out;
}
