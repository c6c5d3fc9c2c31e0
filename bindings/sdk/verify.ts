// The one place that verifies an ML-DSA signature for the SDK. Today: @noble/post-quantum.
// When the WASM verifier lands (bindings/mldsa.ts), the swap is the return line below:
//   import { mldsaVerify } from "../mldsa.js";
//   return mldsaVerify(level, publicKey, msg, sig, ctx);
// and nothing else changes (same FIPS 204 pure ML-DSA with context; both return false on a bad signature).
import type { Level } from "../packet/types.js";
import { mldsa } from "./keys.js";

export function verifySignature(
  level: Level,
  publicKey: Uint8Array,
  msg: Uint8Array,
  sig: Uint8Array,
  ctx: Uint8Array,
): boolean {
  return mldsa(level).verify(sig, msg, publicKey, { context: ctx });
}
