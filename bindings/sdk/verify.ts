// The one place that verifies an ML-DSA signature for the SDK. Today: @noble/post-quantum.
// When the WASM verifier lands (bindings/mldsa.ts, `mldsaVerify(level, pk, msg, sig, ctx?)`),
// swap the body of verifySignature for that call — one line — and nothing else changes.
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
