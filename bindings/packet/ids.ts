// Identifiers of a packet (docs/wire-format.md §6), hashed by the core's SHA3-256.
import { sha3_256 } from "../hash.js";

/** Packet id: SHA3-256 of the full packet bytes (body and signatures). */
export function packetId(packetBytes: Uint8Array): Uint8Array {
  return sha3_256(packetBytes);
}

/** Signed-body hash: SHA3-256 of the body bytes (what the signers signed, without the context). */
export function bodyHash(bodyBytes: Uint8Array): Uint8Array {
  return sha3_256(bodyBytes);
}
