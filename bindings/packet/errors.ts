// Stable error codes of the DRV packet codec. The numbers are shared with the WASM decoder
// (assembly/ledger/packet.ts) and listed in docs/errors.md; never renumber, only append.

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

/** The only exception the codec throws. `code` is stable; `offset` is the byte where decoding stopped. */
export class PacketError extends Error {
  readonly code: PacketErrorName;
  readonly number: number;
  readonly offset: number;

  constructor(code: PacketErrorName, offset = -1, detail?: string) {
    super(detail === undefined ? `${code} at ${offset}` : `${code} at ${offset}: ${detail}`);
    this.name = "PacketError";
    this.code = code;
    this.number = PacketErrorCode[code];
    this.offset = offset;
  }
}
