// Binding of the WASM packet decoder (assembly/ledger/packet.ts). The core validates the packet in
// its own static input buffer and reports a numeric code shared with the TS codec (docs/errors.md).
import { scratchCore, type CoreExports } from "../runtime.js";
import { MAX_PACKET_BYTES } from "./types.js";

// The decoder keeps the last packet's layout in its instance: on the scratch core, read it back
// (wasmPacketLayout) before any other call can decode another packet there.
function px(): CoreExports {
  return scratchCore().exports;
}

export interface WasmPacketResult {
  /** 0 when the packet is structurally valid, else a packet error number. */
  readonly code: number;
  /** Byte offset where the decoder stopped (-1 when valid). */
  readonly offset: number;
  /** Length of the signed body when valid. */
  readonly bodyLength: number;
}

/** Decodes `bytes` in the WASM core. Never throws on bad input: the code says what is wrong. */
export function wasmDecodePacket(bytes: Uint8Array): WasmPacketResult {
  const core = px();
  // Inputs above the limit are rejected by length alone; only the limit's worth is copied.
  const n = Math.min(bytes.length, MAX_PACKET_BYTES);
  const mem = core.memory.buffer;
  new Uint8Array(mem, core.packetInPtr(), n).set(bytes.subarray(0, n));
  const code = core.packetDecode(Math.min(bytes.length, MAX_PACKET_BYTES + 1));
  return {
    code,
    offset: code === 0 ? -1 : core.packetErrorOffset(),
    bodyLength: code === 0 ? core.packetBodyLength() : 0,
  };
}

export interface WasmPacketLayout {
  readonly chainId: number;
  readonly nonce: bigint;
  readonly timestampMs: bigint;
  readonly bodyLength: number;
  /** Offsets of the signer key ids in the packet. */
  readonly signerOffsets: readonly number[];
  readonly opTypes: readonly number[];
  /** Offset of each operation's type byte. */
  readonly opOffsets: readonly number[];
  readonly sigLevels: readonly number[];
  /** Offset of each signature's bytes (after its level byte). */
  readonly sigOffsets: readonly number[];
}

/** What the WASM decoder recorded for the last valid packet (what the state machine reads). */
export function wasmPacketLayout(): WasmPacketLayout {
  const c = px();
  const ops = c.packetOpCount();
  const signers = c.packetSignerCount();
  const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
  return {
    chainId: c.packetChainId() >>> 0,
    nonce: BigInt.asUintN(64, c.packetNonce()),
    timestampMs: BigInt.asUintN(64, c.packetTimestamp()),
    bodyLength: c.packetBodyLength(),
    signerOffsets: range(signers, (i) => c.packetSignerOffset(i)),
    opTypes: range(ops, (i) => c.packetOpType(i)),
    opOffsets: range(ops, (i) => c.packetOpOffset(i)),
    sigLevels: range(signers, (i) => c.packetSigLevel(i)),
    sigOffsets: range(signers, (i) => c.packetSigOffset(i)),
  };
}
