// Byte helpers shared by the bindings (and the tests): hex without Node's Buffer (browser-
// compatible, strict on decode), constant-shape equality, little-endian fixed-width writers and
// readers. One module, so each rule (lower-case hex, LE order) is written once.
const DIGITS = "0123456789abcdef";

export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += DIGITS[b[i]! >> 4]! + DIGITS[b[i]! & 15]!;
  return s;
}

// Lower-case hex of even length only; returns undefined for anything else.
export function fromHex(s: string): Uint8Array | undefined {
  if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-f]*$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// Equal length and bytes; the loop does not stop at the first difference.
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

// Writes the unsigned integer `v` (< 2^(8·width)) little-endian into out[o, o + width).
function putLE(out: Uint8Array, o: number, v: bigint, width: number): void {
  let x = v;
  for (let i = 0; i < width; i++) {
    out[o + i] = Number(x & 0xffn);
    x >>= 8n;
  }
}

export function putU64(out: Uint8Array, o: number, v: number | bigint): void {
  putLE(out, o, BigInt(v), 8);
}

// Fresh little-endian encodings of one value.
export function u8Bytes(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff);
}
export function u32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  putLE(b, 0, BigInt(v >>> 0), 4);
  return b;
}
export function u64Bytes(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  putLE(b, 0, v, 8);
  return b;
}
export function u128Bytes(v: bigint): Uint8Array {
  const b = new Uint8Array(16);
  putLE(b, 0, v, 16);
  return b;
}

// The u128 stored little-endian at byte offset p of `dv`.
export function getU128(dv: DataView, p: number): bigint {
  return dv.getBigUint64(p, true) | (dv.getBigUint64(p + 8, true) << 64n);
}
