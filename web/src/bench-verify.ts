// ML-DSA-87 verifies per second of a given verifier, measured the same way in the page and in Node (the e2e test
// imports this module), so the two figures compare one WASM on two engines. A measurement, never an assertion.
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";

export type Verify87 = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  context: Uint8Array,
) => boolean;

export interface BenchInput {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  readonly context: Uint8Array;
}

export interface BenchResult {
  readonly verifies: number;
  readonly ms: number;
  readonly perSecond: number;
}

/** How long a measurement runs, ms, and the slice after which it yields (so a page stays responsive). */
export const BENCH_DURATION_MS = 1500;
const BENCH_SLICE_MS = 50;
const BENCH_WARMUP = 5;

/** A fixed ML-DSA-87 key (seeded) and one signature over a fixed message (@noble/post-quantum, deterministic). */
export function benchInput(): BenchInput {
  const keys = ml_dsa87.keygen(new Uint8Array(32).fill(0x87));
  const message = new TextEncoder().encode("QFS-V13: the same WASM in every engine");
  const context = new TextEncoder().encode("QFS-V13/bench");
  const signature = ml_dsa87.sign(message, keys.secretKey, { context, extraEntropy: false });
  return { publicKey: keys.publicKey, message, signature, context };
}

export async function benchVerify(
  verify: Verify87,
  input: BenchInput,
  now: () => number,
  durationMs: number = BENCH_DURATION_MS,
): Promise<BenchResult> {
  const { publicKey, message, signature, context } = input;
  for (let i = 0; i < BENCH_WARMUP; i++)
    if (!verify(publicKey, message, signature, context)) throw new Error("the benchmark signature does not verify");
  let verifies = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < durationMs) {
    const sliceEnd = t + BENCH_SLICE_MS;
    while (now() < sliceEnd) {
      verify(publicKey, message, signature, context);
      verifies++;
    }
    await new Promise((ok) => setTimeout(ok, 0));
    t = now();
  }
  const ms = now() - t0;
  return { verifies, ms, perSecond: (verifies * 1000) / ms };
}

/** The core's per-key cache off (each verify expands the key, as for a new signer), then on (a known signer). */
export async function benchBoth(
  verify: Verify87,
  setCache: (on: boolean) => void,
  now: () => number,
  durationMs: number = BENCH_DURATION_MS,
): Promise<{ cold: BenchResult; cached: BenchResult }> {
  const input = benchInput();
  setCache(false);
  try {
    const cold = await benchVerify(verify, input, now, durationMs);
    setCache(true);
    return { cold, cached: await benchVerify(verify, input, now, durationMs) };
  } finally {
    setCache(true);
  }
}
