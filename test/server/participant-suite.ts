// The behaviour every Participant must show, whatever stores it. sqlite.participant.test.ts runs it on SQLite
// files; pg/postgres.participant.test.ts on PostgreSQL databases (npm run test:pg).
import { afterEach, describe, expect, it } from "vitest";
import { isQfsError, type QfsError } from "../../bindings/index.js";
import type { Participant } from "../../server/stores/participant.js";
import { encodeWriteSet, KIND_BALANCE, KIND_SUPPLY, type WriteRow } from "../../server/stores/write-set.js";
import { key, readAll, u128 } from "./helpers.js";

export interface ParticipantHarness {
  /** A fresh, empty participant store for id `participantId` (same store on every call with the same name). */
  open(name: string, participantId: number): Promise<Participant>;
}

const bal = (k: number, v: bigint): WriteRow => ({ kind: KIND_BALANCE, key: key(k), value: u128(v), delete: false });
const del = (k: number): WriteRow => ({ kind: KIND_BALANCE, key: key(k), value: new Uint8Array(0), delete: true });
const supply = (v: bigint): WriteRow => ({ kind: KIND_SUPPLY, key: key(0), value: u128(v), delete: false });
const hex = (v: bigint) => Buffer.from(u128(v)).toString("hex");
const balKey = (k: number) => `1:${Buffer.from(key(k)).toString("hex")}`;

export function participantSuite(label: string, h: ParticipantHarness): void {
  describe(`${label} participant`, () => {
    const opened: Participant[] = [];
    const open = async (name: string, id = 1) => {
      const p = await h.open(name, id);
      opened.push(p);
      return p;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((p) => p.close()));
    });

    it("prepare keeps the rows invisible; commit applies them; both survive a reopen", async () => {
      const p = await open("basic");
      expect(await p.prepare(1n, 1n, encodeWriteSet(1, 1n, [bal(1, 10n), bal(2, 20n), supply(30n)]))).toEqual({
        vote: "yes",
      });
      expect((await readAll(p)).size).toBe(0);
      expect(await p.recover()).toEqual([1n]);
      await p.commit(1n);
      expect(await p.recover()).toEqual([]);
      expect(await p.lastCommittedRound()).toBe(1n);
      expect(await p.prepare(2n, 1n, encodeWriteSet(1, 2n, [del(1), bal(2, 21n)]))).toEqual({ vote: "yes" });
      await p.commit(2n);
      await p.close();
      opened.pop();
      const q = await open("basic");
      const rows = await readAll(q);
      expect([...rows.entries()]).toEqual([
        [balKey(2), hex(21n)],
        [`2:${"00".repeat(32)}`, hex(30n)],
      ]);
      expect(await q.lastCommittedRound()).toBe(2n);
    });

    it("commit and abort are idempotent; a prepare retried with the same bytes votes yes again", async () => {
      const p = await open("idem");
      const ws = encodeWriteSet(1, 1n, [bal(1, 1n)]);
      expect((await p.prepare(1n, 1n, ws)).vote).toBe("yes");
      expect((await p.prepare(1n, 1n, ws)).vote).toBe("yes");
      await p.commit(1n);
      await p.commit(1n);
      expect(await p.lastCommittedRound()).toBe(1n);
      expect((await p.prepare(2n, 1n, encodeWriteSet(1, 2n, [bal(1, 2n)]))).vote).toBe("yes");
      await p.abort(2n);
      await p.abort(2n);
      await p.abort(99n); // never prepared
      expect(await p.recover()).toEqual([]);
      expect((await readAll(p)).get(balKey(1))).toBe(hex(1n));
      await expect(p.commit(3n)).rejects.toMatchObject({ code: "E_NOT_PREPARED" });
      // A catalogue error, the same whether it was raised in this thread or in a store worker: one name prefix.
      const e: unknown = await p.commit(3n).catch((x: unknown) => x);
      expect(isQfsError(e, "E_NOT_PREPARED")).toBe(true);
      expect((e as QfsError).httpStatus).toBe(409);
      expect((e as QfsError).message).toBe("E_NOT_PREPARED: round 3 was never prepared here");
    });

    it("votes no: stale round, another round pending, malformed write set, out-of-range round", async () => {
      const p = await open("no");
      expect((await p.prepare(5n, 1n, encodeWriteSet(1, 5n, [bal(1, 1n)]))).vote).toBe("yes");
      expect(await p.prepare(6n, 1n, encodeWriteSet(1, 6n, [bal(1, 2n)]))).toMatchObject({ code: "E_ROUND_PENDING" });
      await p.commit(5n);
      expect(await p.prepare(5n, 1n, encodeWriteSet(1, 5n, [bal(1, 1n)]))).toMatchObject({ code: "E_ROUND_STALE" });
      expect(await p.prepare(4n, 1n, encodeWriteSet(1, 4n, [bal(1, 1n)]))).toMatchObject({ code: "E_ROUND_STALE" });
      expect(await p.prepare(7n, 1n, encodeWriteSet(2, 7n, [bal(1, 1n)]))).toMatchObject({ code: "E_WS_PARTICIPANT" });
      expect(await p.prepare(7n, 1n, new Uint8Array(3))).toMatchObject({ code: "E_WS_SHORT" });
      expect(await p.prepare(0n, 1n, encodeWriteSet(1, 0n, []))).toMatchObject({ code: "E_ROUND_RANGE" });
      expect(await p.prepare(7n, 1n << 63n, encodeWriteSet(1, 7n, []))).toMatchObject({ code: "E_ROUND_RANGE" });
      expect(await p.recover()).toEqual([]); // nothing refused was stored
      expect(await p.lastCommittedRound()).toBe(5n);
    });

    it("fencing: a lower term is refused, a higher one accepted and remembered across a reopen", async () => {
      const p = await open("fence");
      expect((await p.prepare(1n, 3n, encodeWriteSet(1, 1n, [bal(1, 1n)]))).vote).toBe("yes");
      await p.commit(1n);
      expect(await p.prepare(2n, 2n, encodeWriteSet(1, 2n, [bal(1, 2n)]))).toMatchObject({ code: "E_FENCED" });
      expect((await p.prepare(2n, 4n, encodeWriteSet(1, 2n, [bal(1, 2n)]))).vote).toBe("yes");
      await p.abort(2n);
      expect(await p.highestTerm()).toBe(4n); // kept although round 2 was aborted
      await p.close();
      opened.pop();
      const q = await open("fence");
      expect(await q.prepare(3n, 3n, encodeWriteSet(1, 3n, [bal(1, 3n)]))).toMatchObject({ code: "E_FENCED" });
      expect(await q.highestTerm()).toBe(4n);
    });

    it("refuses to open a store that belongs to another participant", async () => {
      const p = await open("owner", 1);
      await p.close();
      opened.pop();
      await expect(h.open("owner", 2)).rejects.toMatchObject({ code: "E_STORE_IDENTITY" });
    });

    it("pages readRows by kind and across kinds, with checked cursors", async () => {
      const p = await open("paging", 5);
      const rows: WriteRow[] = [];
      for (let k = 1; k <= 25; k++)
        rows.push({ kind: 3, key: key(k), value: new Uint8Array(160).fill(k), delete: false });
      for (let k = 1; k <= 4; k++)
        rows.push({ kind: 4, key: key(k, 9), value: new Uint8Array(40).fill(k), delete: false });
      rows.push({ kind: 5, key: key(0), value: new Uint8Array(592).fill(7), delete: false });
      expect((await p.prepare(1n, 1n, encodeWriteSet(5, 1n, rows))).vote).toBe("yes");
      await p.commit(1n);
      for (const size of [1, 4, 30, 100]) expect((await readAll(p, size)).size).toBe(30);
      const page1 = await p.readRows({ kind: 3, limit: 10 });
      const page3 = await p.readRows({ kind: 3, afterKey: key(20), limit: 10 });
      expect(page1.map((r) => r.key[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page3.map((r) => r.key[0])).toEqual([21, 22, 23, 24, 25]);
      expect((await p.readRows({ kind: 4, limit: 10 })).map((r) => r.value.length)).toEqual([40, 40, 40, 40]);
      expect((await p.readRows({ afterKind: 4, afterKey: key(4, 9), limit: 10 })).map((r) => r.kind)).toEqual([5]);
      await expect(p.readRows({ limit: 0 })).rejects.toMatchObject({ code: "E_READ_LIMIT" });
      await expect(p.readRows({ limit: 1_000_000 })).rejects.toMatchObject({ code: "E_READ_LIMIT" });
      await expect(p.readRows({ afterKey: key(1), limit: 5 })).rejects.toMatchObject({ code: "E_READ_CURSOR" });
    });

    it("counts one forced write per prepare", async () => {
      const p = await open("forced");
      const before = p.forcedWrites();
      for (let r = 1n; r <= 3n; r++) {
        expect((await p.prepare(r, 1n, encodeWriteSet(1, r, [bal(1, r)]))).vote).toBe("yes");
        await p.commit(r);
      }
      expect(p.forcedWrites() - before).toBeGreaterThanOrEqual(3);
    });
  });
}
