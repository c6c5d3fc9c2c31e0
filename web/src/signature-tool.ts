// Tool (d): any ML-DSA signature (FIPS 204 pure ML-DSA with a context) through the WASM verifier the node uses
// (bindings/sdk/verify.ts), with the sizes checked first so a wrong paste says what is wrong; and the browser's
// ML-DSA-87 verifies/s (bench-verify.ts).
import { mldsaCacheSetEnabled, MLDSA_SIZES, type MldsaLevel } from "../../bindings/mldsa.js";
import { verifySignature } from "../../bindings/sdk/verify.js";
import { benchBoth } from "./bench-verify.js";
import { decodeField, MESSAGE_BYTES_MAX, type Encoding } from "./encoding.js";
import { el, onClick, value, verdict } from "./ui.js";

/** FIPS 204: a context is at most 255 bytes. */
const CONTEXT_BYTES_MAX = 255;

export function checkSignature(): void {
  const level = Number(value("sig-level")) as MldsaLevel;
  const sizes = MLDSA_SIZES[level];
  if (sizes === undefined) throw new Error("choose ML-DSA-44, -65 or -87");
  const enc = (id: string) => value(`${id}-enc`) as Encoding;
  const pk = decodeField(value("sig-pk"), enc("sig-pk"), "public key", sizes.publicKey);
  const sig = decodeField(value("sig-sig"), enc("sig-sig"), "signature", sizes.signature);
  const msg = decodeField(el<HTMLTextAreaElement>("sig-msg").value, enc("sig-msg"), "message", MESSAGE_BYTES_MAX);
  const ctx = decodeField(el<HTMLInputElement>("sig-ctx").value, enc("sig-ctx"), "context", CONTEXT_BYTES_MAX);
  if (pk.length !== sizes.publicKey)
    return verdict(
      "sig-verdict",
      "fail",
      `✗ Invalid: the public key is ${pk.length} B; ML-DSA-${level} keys are ${sizes.publicKey} B`,
    );
  if (sig.length !== sizes.signature)
    return verdict(
      "sig-verdict",
      "fail",
      `✗ Invalid: the signature is ${sig.length} B; ML-DSA-${level} signatures are ${sizes.signature} B`,
    );
  if (verifySignature(level, pk, msg, sig, ctx))
    verdict("sig-verdict", "pass", `✓ Valid ML-DSA-${level} signature over ${msg.length} B (context ${ctx.length} B)`);
  else
    verdict(
      "sig-verdict",
      "fail",
      `✗ Invalid: the signature does not verify under this key for this message and context (ML-DSA-${level})`,
    );
}

export function setupSignatureTool(): void {
  onClick("sig-verify", "sig-verdict", () => {
    verdict("sig-verdict", "running", "Verifying…");
    checkSignature();
  });
  onClick("bench-run", "bench-result", async () => {
    const out = el("bench-result");
    out.textContent = "Measuring…";
    const r = await benchBoth(
      (pk, m, sig, c) => verifySignature(87, pk, m, sig, c),
      mldsaCacheSetEnabled,
      () => performance.now(),
    );
    out.dataset.perSecond = r.cold.perSecond.toFixed(1);
    out.dataset.perSecondCached = r.cached.perSecond.toFixed(1);
    out.textContent =
      `ML-DSA-87 in this browser (WASM): ${r.cold.perSecond.toFixed(1)} verifies/s with every key expanded afresh, ` +
      `${r.cached.perSecond.toFixed(1)} verifies/s with the key cached (a known signer)`;
  });
}
