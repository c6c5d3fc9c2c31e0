// Per-signer-key rate limit (contract §3): a token bucket per signer key id of a decoded packet. A packet takes one
// token from the bucket of every key that signed it, and only when each of them has one (all or nothing), so a
// multi-signer packet cannot be used to drain a co-signer's bucket without being sent. The clock is injected
// (milliseconds, monotonic) so tests step time instead of sleeping.
import { qfsError, type QfsError } from "../../bindings/errors/index.js";

export interface RateLimitOptions {
  /** Tokens a second each bucket refills. */
  readonly packetsPerS: number;
  /** Bucket size: the burst a key may send at once. */
  readonly burst: number;
  /** Most buckets kept (server/config.ts RATE_KEYS_TRACKED_MAX). */
  readonly keysTrackedMax: number;
  /** Monotonic milliseconds. */
  readonly nowMs: () => number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class KeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: RateLimitOptions) {
    if (!(opts.packetsPerS > 0) || !(opts.burst >= 1) || !(opts.keysTrackedMax >= 1))
      throw qfsError("E_INTERNAL", "rate limit: packetsPerS > 0, burst >= 1 and keysTrackedMax >= 1 are required");
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }

  /** The bucket of `key` refilled to now (a key not tracked starts full). */
  private refill(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (b === undefined) return { tokens: this.opts.burst, atMs: now };
    const elapsedMs = Math.max(0, now - b.atMs);
    return { tokens: Math.min(this.opts.burst, b.tokens + (elapsedMs * this.opts.packetsPerS) / 1000), atMs: now };
  }

  /** Takes one token from each key's bucket, or none: undefined when the packet may pass, else E_RATE_LIMITED with
   *  details.retryAfterS (whole seconds until every bucket holds a token again, at least 1). */
  take(keyIds: readonly string[]): QfsError | undefined {
    const now = this.opts.nowMs();
    const keys = [...new Set(keyIds)];
    const refilled = keys.map((k) => this.refill(k, now));
    const short = refilled.reduce((worst, b) => Math.max(worst, 1 - b.tokens), 0);
    if (short > 0) {
      const retryAfterS = Math.max(1, Math.ceil(short / this.opts.packetsPerS));
      return qfsError("E_RATE_LIMITED", `a signer key is over ${this.opts.packetsPerS} packets/s`, { retryAfterS });
    }
    keys.forEach((k, i) => {
      const b = refilled[i]!;
      b.tokens -= 1;
      this.buckets.delete(k); // re-inserted last: the map's order is least recently used first
      this.buckets.set(k, b);
    });
    this.evict();
    return undefined;
  }

  /** Past keysTrackedMax: drop the least recently used bucket (an idle key's is full again, the same as untracked;
   *  a busy one dropped only gets a fresh burst, so eviction never refuses a key). O(1) a packet. */
  private evict(): void {
    while (this.buckets.size > this.opts.keysTrackedMax) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) return;
      this.buckets.delete(oldest);
    }
  }
}
