// The signature tool's inputs: hex, base64 or UTF-8 text, as the person chose, each with a size cap checked on the
// text before it is decoded.
import { fromHex } from "../../bindings/bytes.js";
import { fromBase64 } from "../../bindings/sdk/base64.js";

export type Encoding = "hex" | "base64" | "text";

/** Largest message the signature tool takes, bytes (the page holds it in memory twice at most). */
export const MESSAGE_BYTES_MAX = 16 * 1024 * 1024;

export function decodeField(text: string, enc: Encoding, what: string, maxBytes: number): Uint8Array {
  if (enc === "text") {
    if (text.length > maxBytes) throw new Error(`${what}: over ${maxBytes} B`);
    const b = new TextEncoder().encode(text);
    if (b.length > maxBytes) throw new Error(`${what}: ${b.length} B, over ${maxBytes} B`);
    return b;
  }
  const t = text.replace(/\s+/g, "");
  if (enc === "hex") {
    if (t.length > 2 * maxBytes) throw new Error(`${what}: over ${maxBytes} B`);
    const b = fromHex(t.toLowerCase());
    if (b === undefined) throw new Error(`${what}: not hex (an even number of 0-9a-f characters)`);
    return b;
  }
  if (t.length > Math.ceil(maxBytes / 3) * 4) throw new Error(`${what}: over ${maxBytes} B`);
  try {
    return fromBase64(t);
  } catch {
    throw new Error(`${what}: not canonical padded base64`);
  }
}
