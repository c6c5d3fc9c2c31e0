// The one place that verifies an ML-DSA signature for the SDK: the WASM verifier (FIPS 204 pure
// ML-DSA with context), the same bytes the server and the browser run.
import { mldsaVerify } from "../mldsa.js";
import type { Level } from "../packet/types.js";

export function verifySignature(
  level: Level,
  publicKey: Uint8Array,
  msg: Uint8Array,
  sig: Uint8Array,
  ctx: Uint8Array,
): boolean {
  return mldsaVerify(level, publicKey, msg, sig, ctx);
}
