// Node-side append-only audit log: stores every leaf hash and every complete-subtree hash (about
// 2·n hashes, 64 bytes a leaf), so root(size), inclusion and consistency proofs for any past size
// cost O(log n) hashes (RFC 9162 §2.1.3.1, §2.1.4.1). Entries themselves are stored elsewhere
// (the durable store); this holds their leaf hashes.
//
// Capacity: `maxLeaves` (default 2^22 ≈ 4.2M leaves ≈ 256 MiB; hard limit 2^26). Appending past
// it throws QfsError E_AUDIT_LOG_FULL: rotate to a new log (a new chain) before then.
import { qfsError } from "../errors/index.js";
import { emptyRoot, isHash, leafHash, nodeHash } from "./hashes.js";
import { isTreeSize } from "./proof.js";

export const AUDIT_LOG_DEFAULT_MAX_LEAVES = 1 << 22;
export const AUDIT_LOG_HARD_MAX_LEAVES = 1 << 26;

class HashArray {
  private buf = new Uint8Array(32 * 64);
  length = 0;
  push(h: Uint8Array): void {
    if ((this.length + 1) * 32 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf.set(h, this.length * 32);
    this.length++;
  }
  get(i: number): Uint8Array {
    return this.buf.subarray(i * 32, i * 32 + 32);
  }
}

function largestPow2Below(n: number): number {
  // n >= 2; the largest power of two strictly less than n.
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export interface AuditLogOptions {
  maxLeaves?: number;
}

export class AuditLog {
  readonly maxLeaves: number;
  // levels[k].get(i) = hash of the complete subtree of 2^k leaves starting at leaf i·2^k.
  private readonly levels: HashArray[] = [new HashArray()];

  constructor(opts: AuditLogOptions = {}) {
    const max = opts.maxLeaves ?? AUDIT_LOG_DEFAULT_MAX_LEAVES;
    if (!isTreeSize(max) || max < 1 || max > AUDIT_LOG_HARD_MAX_LEAVES) {
      throw qfsError("E_AUDIT_SIZE_RANGE", `maxLeaves must be in [1, ${AUDIT_LOG_HARD_MAX_LEAVES}]`);
    }
    this.maxLeaves = max;
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  // Appends an entry (its encoded bytes) and returns its leaf index.
  append(entry: Uint8Array): number {
    return this.appendLeafHash(leafHash(entry));
  }

  appendLeafHash(h: Uint8Array): number {
    if (!isHash(h)) throw qfsError("E_AUDIT_HASH_LENGTH");
    const index = this.size;
    if (index >= this.maxLeaves) throw qfsError("E_AUDIT_LOG_FULL", `capacity ${this.maxLeaves} leaves`);
    this.levels[0]!.push(h);
    let k = 0;
    let count = index + 1;
    while (count % 2 === 0) {
      const lvl = this.levels[k]!;
      const parent = nodeHash(lvl.get(lvl.length - 2), lvl.get(lvl.length - 1));
      if (this.levels[k + 1] === undefined) this.levels.push(new HashArray());
      this.levels[k + 1]!.push(parent);
      count /= 2;
      k++;
    }
    return index;
  }

  leafHash(index: number): Uint8Array {
    this.checkIndex(index, this.size);
    return this.levels[0]!.get(index).slice();
  }

  // MTH(D[lo:hi]) for the ranges RFC 9162's recursions produce (lo aligned to a power of two ≥ hi − lo).
  private mth(lo: number, hi: number): Uint8Array {
    const n = hi - lo;
    if (n === 0) return emptyRoot();
    if ((n & (n - 1)) === 0 && lo % n === 0) {
      const k = Math.log2(n);
      return this.levels[k]!.get(lo / n).slice();
    }
    const k = largestPow2Below(n);
    return nodeHash(this.mth(lo, lo + k), this.mth(lo + k, hi));
  }

  private checkSize(size: number): void {
    if (!isTreeSize(size) || size > this.size) {
      throw qfsError("E_AUDIT_SIZE_RANGE", `size ${String(size)} not in [0, ${this.size}]`);
    }
  }

  private checkIndex(index: number, size: number): void {
    if (!isTreeSize(index) || index >= size) {
      throw qfsError("E_AUDIT_INDEX_RANGE", `index ${String(index)} not in [0, ${size})`);
    }
  }

  root(size: number = this.size): Uint8Array {
    this.checkSize(size);
    return this.mth(0, size);
  }

  // PATH(index, D[0:size]), leaf to root.
  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.checkSize(size);
    this.checkIndex(index, size);
    const out: Uint8Array[] = [];
    const path = (m: number, lo: number, hi: number): void => {
      const n = hi - lo;
      if (n <= 1) return;
      const k = largestPow2Below(n);
      if (m < k) {
        path(m, lo, lo + k);
        out.push(this.mth(lo + k, hi));
      } else {
        path(m - k, lo + k, hi);
        out.push(this.mth(lo, lo + k));
      }
    };
    path(index, 0, size);
    return out;
  }

  // PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true); empty when m = 0 or m = n.
  consistencyProof(m: number, n: number = this.size): Uint8Array[] {
    this.checkSize(n);
    if (!isTreeSize(m) || m > n) throw qfsError("E_AUDIT_INDEX_RANGE", `m ${String(m)} not in [0, ${n}]`);
    const out: Uint8Array[] = [];
    if (m === 0 || m === n) return out;
    const sub = (mm: number, lo: number, hi: number, b: boolean): void => {
      const nn = hi - lo;
      if (mm === nn) {
        if (!b) out.push(this.mth(lo, hi));
        return;
      }
      const k = largestPow2Below(nn);
      if (mm <= k) {
        sub(mm, lo, lo + k, b);
        out.push(this.mth(lo + k, hi));
      } else {
        sub(mm - k, lo + k, hi, false);
        out.push(this.mth(lo, lo + k));
      }
    };
    sub(m, 0, n, true);
    return out;
  }
}
