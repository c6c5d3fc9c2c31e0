// The task buffer and the worker's task function, in this thread: framing checks, the per-worker
// key-hash cache, and results written in place.
import { describe, expect, it } from "vitest";
import { KeyHashCache } from "../../server/pool/key-cache.js";
import { QfsError } from "../../bindings/index.js";
import { PoolCode, TASK_PACKETS_MAX } from "../../server/pool/index.js";
import { VerifyResults } from "../../server/pool/results.js";
import { H, encodeTask, hexId, readTask, type PoolKey } from "../../server/pool/task-format.js";
import { runVerifyTask } from "../../server/pool/verify-task.js";
import { alice, bob, CHAIN_ID, dave, hex, signed } from "./pool-fixtures.js";

const p1 = signed([alice], 1n);
const p2 = signed([bob], 2n);

function keysFor(...ks: { keyId: Uint8Array; level: number; publicKey: Uint8Array }[]) {
  return new Map(ks.map((k) => [hexId(k.keyId, 0), { id: k.keyId, key: { level: k.level, publicKey: k.publicKey } }]));
}

function run(
  packets: Uint8Array[],
  keys: Map<string, { id: Uint8Array; key: PoolKey }>,
  cache?: KeyHashCache,
): VerifyResults {
  const buf = encodeTask(CHAIN_ID, packets, keys);
  runVerifyTask(buf, cache === undefined ? {} : { keyCache: cache });
  return new VerifyResults([readTask(buf)]);
}

describe("verify task in this thread", () => {
  it("writes the results in place, packet by packet", () => {
    const r = run([p1, p2, new Uint8Array(5)], keysFor(alice));
    expect([...r.bitmaps()]).toEqual([1, 0, 0]);
    expect([r.firstErrorCode(0), r.firstErrorCode(1), r.firstErrorCode(2)]).toEqual([0, PoolCode.E_KEY_UNKNOWN, 102]);
  });

  it("the key-hash cache saves the hash of a key seen before, but never trusts other bytes under a cached id", () => {
    const cache = new KeyHashCache(8);
    expect([...run([p1], keysFor(alice), cache).bitmaps()]).toEqual([1]);
    expect(cache.size).toBe(1);
    expect(cache.has(hex(alice.keyId), alice.publicKey)).toBe(true);
    expect([...run([p1], keysFor(alice), cache).bitmaps()]).toEqual([1]);
    const swapped = keysFor({ ...dave, keyId: alice.keyId }); // dave's key bytes sent under alice's id
    const r = run([p1], swapped, cache);
    expect([r.firstErrorCode(0), r.verifiedBitmap(0)]).toEqual([PoolCode.E_KEY_UNKNOWN, 0]);
  });

  it("the key-hash cache is bounded: the oldest entry leaves first", () => {
    const cache = new KeyHashCache(2);
    cache.add("a", Uint8Array.of(1));
    cache.add("b", Uint8Array.of(2));
    cache.add("c", Uint8Array.of(3));
    expect([cache.size, cache.has("a", Uint8Array.of(1)), cache.has("c", Uint8Array.of(3))]).toEqual([2, false, true]);
    expect(() => new KeyHashCache(-1)).toThrowError(/E_POOL_TASK_MALFORMED/);
  });
});

describe("task framing", () => {
  it("refuses a task with no packets or too many before allocating it", () => {
    expect(() => encodeTask(CHAIN_ID, [], new Map())).toThrowError(QfsError);
    const many = Array.from({ length: TASK_PACKETS_MAX + 1 }, () => p1);
    expect(() => encodeTask(CHAIN_ID, many, new Map())).toThrowError(/E_POOL_TASK_MALFORMED/);
  });

  it("a corrupt task buffer is refused with E_POOL_TASK_MALFORMED before any packet is read", () => {
    const good = encodeTask(CHAIN_ID, [p1, p2], keysFor(alice, bob));
    const corrupt = (f: (dv: DataView) => void): ArrayBuffer => {
      const b = good.slice(0);
      f(new DataView(b));
      return b;
    };
    const cases = [
      corrupt((dv) => dv.setUint32(H.magic, 0, true)),
      corrupt((dv) => dv.setUint32(H.totalBytes, 1, true)),
      corrupt((dv) => dv.setUint32(H.packetCount, 3, true)),
      corrupt((dv) => dv.setUint32(48, 70_000, true)), // packet 0 longer than the wire limit + 1
      corrupt((dv) => dv.setUint32(H.resultsOffset, 8, true)),
      corrupt((dv) => dv.setUint32(H.keyCount, 9, true)), // key entries run into the results
      new ArrayBuffer(10),
    ];
    for (const b of cases) expect(() => runVerifyTask(b)).toThrowError(/E_POOL_TASK_MALFORMED/);
    expect(() => runVerifyTask(good)).not.toThrow();
  });
});
