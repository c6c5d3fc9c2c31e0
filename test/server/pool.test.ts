// The verify pool end to end: real worker threads, real ML-DSA signatures made with the SDK.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyHash, decodePacketWithBody, packetId, QfsError, wasmDecodePacket } from "../../bindings/index.js";
import { PoolCode, VerifyPool, type TaskDone } from "../../server/pool/index.js";
import {
  alice,
  bob,
  carol,
  CHAIN_ID,
  dave,
  hex,
  lookup,
  mallory,
  sigOffset,
  signed,
  wireIndex,
} from "./pool-fixtures.js";

const ALL = (n: number): number => (1 << n) - 1;

// Packets made once for the file (signing is milliseconds each).
const one87 = signed([alice], 1n);
const one44 = signed([bob], 2n);
const one65 = signed([carol], 3n);
const trio = [alice, bob, carol];
const multi = signed(trio, 4n);

function flipSignatureByte(packet: Uint8Array, signer: number): Uint8Array {
  const out = packet.slice();
  const { bodyBytes } = decodePacketWithBody(packet);
  const at = sigOffset(packet, bodyBytes.length, signer) + 17;
  out[at] = (out[at] as number) ^ 0x01;
  return out;
}

let pool: VerifyPool;
const done: TaskDone[] = [];
beforeAll(() => {
  pool = new VerifyPool({ chainId: CHAIN_ID, threads: 2, taskPackets: 3, hooks: { onTaskDone: (d) => done.push(d) } });
});
afterAll(async () => {
  await pool.close();
});

describe("verify pool: valid packets", () => {
  it("verifies every signer of valid packets at each level (bitmap all ones) and reports ids and fields", async () => {
    const packets = [one87, one44, one65, multi];
    const r = await pool.verify(packets, lookup);
    expect(r.length).toBe(4);
    packets.forEach((p, i) => {
      const { packet, bodyBytes } = decodePacketWithBody(p);
      const n = packet.body.signers.length;
      expect(r.decodeCode(i)).toBe(0);
      expect(r.firstErrorCode(i)).toBe(0);
      expect(r.firstErrorSigner(i)).toBe(-1);
      expect(r.signerCount(i)).toBe(n);
      expect(r.verifiedBitmap(i)).toBe(ALL(n));
      expect(hex(r.packetId(i)!)).toBe(hex(packetId(p)));
      expect(hex(r.bodyHash(i)!)).toBe(hex(bodyHash(bodyBytes)));
      expect(hex(r.body(i)!)).toBe(hex(bodyBytes));
      expect(hex(r.account(i)!)).toBe(hex(packet.body.account));
      expect(r.nonce(i)).toBe(packet.body.nonce);
      expect(r.timestampMs(i)).toBe(packet.body.timestampMs);
      expect(r.chainId(i)).toBe(CHAIN_ID);
      expect(r.signerKeyIds(i)!.map(hex)).toEqual(packet.body.signers.map(hex));
    });
    expect([...r.bitmaps()]).toEqual([1, 1, 1, 7]);
    expect(r.get(3)).toMatchObject({ decodeCode: 0, firstErrorCode: 0, verifiedBitmap: 7, signerCount: 3 });
  });

  it("an empty call resolves with no results and runs no task", async () => {
    const before = pool.metrics().tasksRun;
    expect((await pool.verify([], lookup)).length).toBe(0);
    expect(pool.metrics().tasksRun).toBe(before);
  });
});

describe("verify pool: failures per packet", () => {
  it("a flipped signature byte clears that signer's bit only, with E_SIG_INVALID at its index", async () => {
    const bad = wireIndex(trio, bob);
    const r = await pool.verify([flipSignatureByte(one87, 0), flipSignatureByte(multi, bad)], lookup);
    expect(r.verifiedBitmap(0)).toBe(0);
    expect(r.firstErrorCode(0)).toBe(PoolCode.E_SIG_INVALID);
    expect(r.firstErrorSigner(0)).toBe(0);
    expect(r.verifiedBitmap(1)).toBe(ALL(3) & ~(1 << bad));
    expect(r.firstErrorCode(1)).toBe(PoolCode.E_SIG_INVALID);
    expect(r.firstErrorSigner(1)).toBe(bad);
  });

  it("an unknown key id: bit clear and E_KEY_UNKNOWN; the other signers still verified", async () => {
    const withMallory = signed([alice, mallory], 5n);
    const m = wireIndex([alice, mallory], mallory);
    const r = await pool.verify([signed([mallory], 6n), withMallory], lookup);
    expect(r.verifiedBitmap(0)).toBe(0);
    expect(r.firstErrorCode(0)).toBe(PoolCode.E_KEY_UNKNOWN);
    expect(r.verifiedBitmap(1)).toBe(1 << (1 - m));
    expect(r.firstErrorCode(1)).toBe(PoolCode.E_KEY_UNKNOWN);
    expect(r.firstErrorSigner(1)).toBe(m);
  });

  it("a registry key that does not hash to its id is unknown; a level other than the signature's is E_KEY_LEVEL_MISMATCH", async () => {
    const liar = (id: Uint8Array) =>
      hex(id) === hex(alice.keyId) ? { level: 87, publicKey: dave.publicKey } : lookup(id);
    const r1 = await pool.verify([one87], liar);
    expect([r1.firstErrorCode(0), r1.verifiedBitmap(0)]).toEqual([PoolCode.E_KEY_UNKNOWN, 0]);
    const wrongLevel = (id: Uint8Array) => (hex(id) === hex(alice.keyId) ? { ...alice, level: 65 } : lookup(id));
    const r2 = await pool.verify([one87], wrongLevel);
    expect([r2.firstErrorCode(0), r2.verifiedBitmap(0)]).toEqual([PoolCode.E_KEY_LEVEL_MISMATCH, 0]);
  });

  it("a packet for another chain is refused with E_CHAIN_ID without verifying it", async () => {
    const r = await pool.verify([signed([bob], 7n, { chainId: CHAIN_ID + 1 })], lookup);
    expect([r.decodeCode(0), r.firstErrorCode(0), r.verifiedBitmap(0)]).toEqual([0, PoolCode.E_CHAIN_ID, 0]);
    expect(r.packetId(0)).toBeDefined();
  });

  it("malformed packets get the WASM decoder's codes (the TS decoder agrees); ids are undefined", async () => {
    const trailing = new Uint8Array(one44.length + 1);
    trailing.set(one44);
    const badMagic = one44.slice();
    badMagic[0] = 0;
    const huge = new Uint8Array(1 << 20);
    huge.set(one44);
    const inputs = [new Uint8Array(0), one44.subarray(0, 100), trailing, badMagic, huge, one44.subarray(0, 70)];
    const r = await pool.verify(inputs, lookup);
    inputs.forEach((p, i) => {
      const wasm = wasmDecodePacket(p).code;
      expect(wasm).not.toBe(0);
      expect(r.decodeCode(i)).toBe(wasm);
      expect(r.firstErrorCode(i)).toBe(wasm);
      expect(() => decodePacketWithBody(p)).toThrowError(QfsError);
      try {
        decodePacketWithBody(p);
      } catch (e) {
        expect((e as QfsError).number).toBe(wasm);
      }
      expect([r.verifiedBitmap(i), r.signerCount(i)]).toEqual([0, 0]);
      expect(r.packetId(i)).toBeUndefined();
      expect(r.account(i)).toBeUndefined();
    });
    expect(r.decodeCode(4)).toBe(101); // E_PACKET_TOO_LONG
    expect(r.packet(4).length).toBe(65_537); // only the limit + 1 byte was copied into the task
  });

  it("a batch mixing all of them keeps packet order across several tasks", async () => {
    const mixed = [
      one87,
      new Uint8Array(3),
      flipSignatureByte(one44, 0),
      signed([mallory], 8n),
      multi,
      signed([carol], 9n, { chainId: 1 }),
      one65,
    ];
    const want = [0, 100, 202, 200, 0, 302, 0];
    const wantBits = [1, 0, 0, 0, 7, 0, 1];
    const before = pool.metrics().tasksRun;
    const r = await pool.verify(mixed, lookup);
    expect(Array.from({ length: r.length }, (_, i) => r.firstErrorCode(i))).toEqual(want);
    expect([...r.bitmaps()]).toEqual(wantBits);
    expect(pool.metrics().tasksRun - before).toBe(3); // 7 packets, 3 a task
  });
});

describe("verify pool: one packet a call, coalesced", () => {
  it("packets submitted in the same turn share tasks (cut at taskPackets) and each caller gets its own result", async () => {
    const inputs = Array.from({ length: 10 }, (_, i) =>
      i % 3 === 0 ? one87 : i % 3 === 1 ? flipSignatureByte(one44, 0) : new Uint8Array(i),
    );
    const before = pool.metrics().tasksRun;
    const got = await Promise.all(inputs.map((p) => pool.verifyOne(p, lookup)));
    expect(pool.metrics().tasksRun - before).toBe(4); // 3 + 3 + 3 at once, the last 1 at the end of the turn
    got.forEach(({ results, index }, i) => {
      expect(hex(results.packet(index))).toBe(hex(inputs[i] as Uint8Array));
      const want = i % 3 === 0 ? 0 : i % 3 === 1 ? PoolCode.E_SIG_INVALID : wasmDecodePacket(inputs[i]!).code;
      expect(results.firstErrorCode(index)).toBe(want);
      expect(results.verifiedBitmap(index)).toBe(i % 3 === 0 ? 1 : 0);
    });
  });

  it("never mixes packets of different key lookups in one call", async () => {
    const nobody = () => undefined;
    const [a, b] = await Promise.all([pool.verifyOne(one87, lookup), pool.verifyOne(one87, nobody)]);
    expect(a.results).not.toBe(b.results);
    expect(a.results.firstErrorCode(a.index)).toBe(0);
    expect(b.results.firstErrorCode(b.index)).toBe(PoolCode.E_KEY_UNKNOWN);
  });
});

describe("verify pool: limits, errors, metrics", () => {
  it("cuts tasks by bytes too: 300 packets of 64 KiB do not fit one 16 MiB task", async () => {
    const big = new Pool1024();
    try {
      const packets = Array.from({ length: 300 }, () => new Uint8Array(65_536));
      const r = await big.pool.verify(packets, lookup);
      expect(r.length).toBe(300);
      expect(big.pool.metrics().tasksRun).toBe(2);
      expect(new Set(Array.from({ length: 300 }, (_, i) => r.decodeCode(i)))).toEqual(new Set([102]));
    } finally {
      await big.pool.close();
    }
  });

  it("refuses with E_POOL_SATURATED past pool_queue_tasks_max, queues nothing, and serves again once drained", async () => {
    const refusals: [number, number][] = [];
    const small = new VerifyPool({
      chainId: CHAIN_ID,
      threads: 1,
      taskPackets: 1,
      queueTasksMax: 2,
      hooks: { onSaturated: (inFlight, refused) => refusals.push([inFlight, refused]) },
    });
    try {
      let lookups = 0;
      const counting = (id: Uint8Array) => (lookups++, lookup(id));
      await expect(small.verify([one44, one44, one44], counting)).rejects.toMatchObject({ code: "E_POOL_SATURATED" });
      expect(lookups).toBe(0); // refused before any key lookup
      expect(small.metrics()).toMatchObject({ tasksInFlight: 0, saturatedRefusals: 1 });
      const first = small.verify([one44, one44], lookup);
      const second = small.verify([one44], lookup).catch((e: unknown) => e);
      expect(await second).toBeInstanceOf(QfsError);
      expect(((await second) as QfsError).httpStatus).toBe(429);
      expect([...(await first).bitmaps()]).toEqual([1, 1]);
      expect([...(await small.verify([one44], lookup)).bitmaps()]).toEqual([1]);
      expect(refusals).toEqual([
        [0, 3],
        [2, 1],
      ]);
    } finally {
      await small.close();
    }
    await expect(small.verify([one44], lookup)).rejects.toMatchObject({ code: "E_POOL_CLOSED" });
    await expect(small.verifyOne(one44, lookup)).rejects.toMatchObject({ code: "E_POOL_CLOSED" });
  });

  it("a worker that dies mid-task fails that call with E_POOL_WORKER_FAILED; the pool replaces it and keeps serving", async () => {
    const p = new VerifyPool({ chainId: CHAIN_ID, threads: 1, taskPackets: 512 });
    try {
      await p.verify([one44], lookup); // the thread is up
      // One task of 512 ML-DSA-87 verifies (~60 ms or more): submitted before verify() returns, killed 10 ms in.
      const running = p.verify(
        Array.from({ length: 512 }, () => one87),
        lookup,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all(p.workerThreads.map((w) => w.terminate()));
      await expect(running).rejects.toMatchObject({ code: "E_POOL_WORKER_FAILED" });
      expect(p.metrics().tasksFailed).toBe(1);
      const r = await p.verify([one87, flipSignatureByte(one87, 0)], lookup);
      expect([...r.bitmaps()]).toEqual([1, 0]);
    } finally {
      await p.close();
    }
  });

  it("rejects options out of range and non-packet input before queuing anything", async () => {
    expect(() => new VerifyPool({ chainId: -1 })).toThrowError(/E_POOL_TASK_MALFORMED/);
    expect(() => new VerifyPool({ chainId: 1, threads: 0 })).toThrowError(QfsError);
    expect(() => new VerifyPool({ chainId: 1, taskPackets: 1025 })).toThrowError(QfsError);
    await expect(pool.verify(["x" as unknown as Uint8Array], lookup)).rejects.toMatchObject({
      code: "E_POOL_TASK_MALFORMED",
    });
    const badLookup = () => ({ level: 87, publicKey: "no" as unknown as Uint8Array });
    await expect(pool.verify([one87], badLookup)).rejects.toMatchObject({ code: "E_POOL_TASK_MALFORMED" });
  });

  it("reports each task to the hooks and counts work in metrics()", () => {
    const m = pool.metrics();
    expect(done.length).toBe(m.tasksRun + m.tasksFailed);
    expect(done.every((d) => d.ok && d.packets >= 1 && d.packets <= 3 && d.roundTripMs >= d.workerRunMs)).toBe(true);
    expect(m.packetsDone).toBe(done.reduce((n, d) => n + d.packets, 0));
    expect(m.workerBusyMs).toBeGreaterThan(0);
    expect(m).toMatchObject({ threads: 2, tasksInFlight: 0, queueDepth: 0 });
  });
});

/** A pool whose tasks may hold up to 1,024 packets, so only the byte cap cuts them. */
class Pool1024 {
  readonly pool = new VerifyPool({ chainId: CHAIN_ID, threads: 1, taskPackets: 1024 });
}
