// Stable error codes of the DRV packet codec. The numbers are shared with the WASM decoder
// (assembly/ledger/packet.ts) and are the catalogue's (bindings/errors/catalogue.ts; a test checks
// they agree); never renumber, only append.
import { qfsError, type QfsError } from "../errors/index.js";

export const PacketErrorCode = {
  E_PACKET_TOO_SHORT: 100,
  E_PACKET_TOO_LONG: 101,
  E_PACKET_MAGIC: 102,
  E_PACKET_VERSION: 103,
  E_PACKET_TRAILING_BYTES: 104,
  E_PACKET_OP_UNKNOWN: 105,
  E_PACKET_OP_COUNT: 106,
  E_PACKET_SIG_COUNT: 107,
  E_PACKET_SIG_ORDER: 108,
  E_PACKET_SIG_LEVEL: 109,
  E_PACKET_RESERVED_NONZERO: 110,
  E_PACKET_FIELD_RANGE: 111,
  E_PACKET_AMOUNT_ZERO: 112,
} as const;

export type PacketErrorName = keyof typeof PacketErrorCode;

const NAMES: Record<number, PacketErrorName> = {};
for (const [name, num] of Object.entries(PacketErrorCode)) NAMES[num] = name as PacketErrorName;

/** Name of a numeric packet error code (as returned by the WASM decoder), or undefined. */
export function packetErrorName(num: number): PacketErrorName | undefined {
  return NAMES[num];
}

/**
 * The codec's errors: a QfsError of a packet code whose `details.offset` is the byte where decoding
 * stopped (-1 when no byte is to blame, e.g. in the encoder or the SDK).
 */
export function packetError(code: PacketErrorName, offset = -1, detail?: string): QfsError {
  return qfsError(code, detail === undefined ? `at ${offset}` : `at ${offset}: ${detail}`, { offset });
}
