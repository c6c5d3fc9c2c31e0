// Base64 (RFC 4648 §4, with padding) for the JSON form of POST /v1/transactions: { "packet": base64 }.
// Plain code, no Buffer/atob, so it runs the same in Node and browsers; strict on decode.
import { packetError } from "../packet/errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + "=";
  }
  return out;
}

/** Strict: canonical padded base64 only (unused bits zero); anything else is E_PACKET_FIELD_RANGE. */
export function fromBase64(text: string): Uint8Array {
  const bad = (): never => {
    throw packetError("E_PACKET_FIELD_RANGE", -1, "not canonical base64");
  };
  if (typeof text !== "string" || text.length % 4 !== 0) bad();
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const v: number[] = [];
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      if (last && c === 61 && k >= 4 - pad) v.push(0);
      else {
        const x = c < 128 ? (INDEX[c] as number) : -1;
        if (x < 0) bad();
        v.push(x);
      }
    }
    const n = ((v[0] as number) << 18) | ((v[1] as number) << 12) | ((v[2] as number) << 6) | (v[3] as number);
    if (last && pad === 2 && (n & 0xffff) !== 0) bad();
    if (last && pad === 1 && (n & 0xff) !== 0) bad();
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
