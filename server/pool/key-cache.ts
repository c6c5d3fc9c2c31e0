// A bounded, per-worker memory of public keys whose SHA3-256 this worker has already checked
// against their key id. Only a cost saver: a hit needs the same id AND byte-identical key bytes,
// so a registry that sent other bytes under a known id is hashed (and refused) again.
import { qfsError } from "../../bindings/errors/index.js";
import { KEY_CACHE_ENTRIES_MAX } from "./limits.js";

export class KeyHashCache {
  private readonly entries = new Map<string, Uint8Array>();

  constructor(readonly capacity: number = KEY_CACHE_ENTRIES_MAX) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > KEY_CACHE_ENTRIES_MAX)
      throw qfsError("E_POOL_TASK_MALFORMED", `key cache capacity must be an integer in 0..${KEY_CACHE_ENTRIES_MAX}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** True when `hex` was checked before with exactly these key bytes. */
  has(hex: string, publicKey: Uint8Array): boolean {
    const known = this.entries.get(hex);
    return known !== undefined && Buffer.compare(known, publicKey) === 0;
  }

  /** Remembers a checked key (a copy: the task buffer goes back to the pool); the oldest entry leaves first. */
  add(hex: string, publicKey: Uint8Array): void {
    if (this.capacity === 0) return;
    this.entries.delete(hex);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(hex, publicKey.slice());
  }
}
