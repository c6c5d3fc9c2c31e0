// Lower-case hex without Node's Buffer (browser-compatible), strict on decode.
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
