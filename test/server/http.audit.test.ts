// The audit routes over the fake node: entries by range, signed checkpoints (page, latest, by seq), inclusion and
// consistency proofs that verify against the signed roots, and GET /v1/audit/log, which replayLogStream replays to
// the node's own state root. Every range error is 400 E_HTTP_RANGE.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountId,
  auditLeafHash,
  fromBase64,
  ops,
  replayLogStream,
  sha3_256,
  Token,
  verifyConsistency,
  verifyInclusion,
} from "../../bindings/index.js";
import { AUDIT_ENTRIES_RANGE_MAX, PAGE_LIMIT_MAX } from "../../server/config.js";
import type { SignedCheckpointJson } from "../../server/node-service.js";
import { alice, bob, E18, errorOf, genesis, harness, minter, packet, type Harness } from "./http-fixtures.js";

const unhex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));
const RANGE = { status: 400, error: "E_HTTP_RANGE", code: 879 };
let h: Harness;
let treeSize: number;

beforeAll(async () => {
  h = await harness();
  await h.postPacket(packet(minter, 1n, [ops.mint(Token.CHR, accountId(alice.publicKey), 10n * E18)]));
  await h.postPacket(packet(alice, 1n, [ops.transfer(Token.CHR, accountId(bob.publicKey), E18)]));
  const bad = packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), 1n)]);
  bad[bad.length - 1]! ^= 1;
  await h.postPacket(bad);
  treeSize = (await h.get("/v1/state")).json().auditSize;
});
afterAll(() => h.app.close());

describe("GET /v1/audit/entries", () => {
  it("entries [from, to) with their indexes; the whole log in pages equals the tree", async () => {
    const r = (await h.get(`/v1/audit/entries?from=0&to=${treeSize}`)).json();
    expect(r.treeSize).toBe(treeSize);
    expect(r.entries.map((e: { index: number }) => e.index)).toEqual([...Array(treeSize).keys()]);
    const part = (await h.get(`/v1/audit/entries?from=2&to=4`)).json();
    expect(part.entries).toEqual(r.entries.slice(2, 4));
  });

  it("from ≥ to, to past the tree, a range past the cap: 400 E_HTTP_RANGE; missing: 400 E_HTTP_BODY", async () => {
    for (const q of ["from=3&to=3", "from=4&to=2", `from=0&to=${treeSize + 1}`, "from=-1&to=2"])
      expect(errorOf(await h.get(`/v1/audit/entries?${q}`)), q).toEqual(RANGE);
    expect(errorOf(await h.get(`/v1/audit/entries?from=0`)).error).toBe("E_HTTP_BODY");
  });
});

it(`a range of more than ${AUDIT_ENTRIES_RANGE_MAX} entries: 400 E_HTTP_RANGE, ${AUDIT_ENTRIES_RANGE_MAX} is served`, async () => {
  // A genesis of many allocations: one Mint entry each, so the tree passes the cap without any batch.
  const allocations = Array.from({ length: AUDIT_ENTRIES_RANGE_MAX + 10 }, (_, i) => ({
    account: sha3_256(new Uint8Array([i & 0xff, i >> 8])),
    token: Token.CHR,
    amount: 1n,
  }));
  const big = await harness({ genesis: { ...genesis, allocations } });
  try {
    const size = (await big.get("/v1/state")).json().auditSize as number;
    expect(size).toBeGreaterThan(AUDIT_ENTRIES_RANGE_MAX);
    expect(errorOf(await big.get(`/v1/audit/entries?from=0&to=${AUDIT_ENTRIES_RANGE_MAX + 1}`))).toEqual(RANGE);
    const r = (await big.get(`/v1/audit/entries?from=1&to=${AUDIT_ENTRIES_RANGE_MAX + 1}`)).json();
    expect(r.entries).toHaveLength(AUDIT_ENTRIES_RANGE_MAX);
  } finally {
    await big.app.close();
  }
});

describe("GET /v1/audit/checkpoints…", () => {
  it("a page from genesis, the latest, one by seq: a chain of hashes", async () => {
    const page = (await h.get("/v1/audit/checkpoints")).json().checkpoints as SignedCheckpointJson[];
    expect(page.map((c) => c.seq)).toEqual([0, 1, 2, 3]);
    page.slice(1).forEach((c, i) => expect(c.prevHash).toBe(page[i]!.hash));
    expect((await h.get("/v1/audit/checkpoints/latest")).json()).toEqual(page[3]);
    expect((await h.get("/v1/audit/checkpoints/2")).json()).toEqual(page[2]);
    expect((await h.get("/v1/audit/checkpoints?from=1&limit=2")).json().checkpoints).toEqual(page.slice(1, 3));
  });

  it("past the latest or a limit out of range: 400 E_HTTP_RANGE; not a number: 400 E_HTTP_BODY", async () => {
    expect(errorOf(await h.get("/v1/audit/checkpoints/4"))).toEqual(RANGE);
    expect(errorOf(await h.get("/v1/audit/checkpoints/-1"))).toEqual(RANGE);
    expect(errorOf(await h.get(`/v1/audit/checkpoints?limit=${PAGE_LIMIT_MAX + 1}`))).toEqual(RANGE);
    expect(errorOf(await h.get("/v1/audit/checkpoints/one")).error).toBe("E_HTTP_BODY");
  });
});

describe("GET /v1/audit/proofs/…", () => {
  it("inclusion proofs of every entry verify against the signed root of the latest checkpoint", async () => {
    const cp = (await h.get("/v1/audit/checkpoints/latest")).json() as SignedCheckpointJson;
    const entries = (await h.get(`/v1/audit/entries?from=0&to=${treeSize}`)).json().entries;
    for (const { index, entry } of entries as { index: number; entry: string }[]) {
      const r = (await h.get(`/v1/audit/proofs/inclusion?index=${index}&size=${cp.treeSize}`)).json();
      expect(r).toMatchObject({ index, treeSize: cp.treeSize });
      const leaf = auditLeafHash(fromBase64(entry));
      expect(verifyInclusion(leaf, index, cp.treeSize, r.proof.map(unhex), unhex(cp.auditRoot))).toBe(true);
    }
  });

  it("consistency proofs between every two checkpoints verify", async () => {
    const cps = (await h.get("/v1/audit/checkpoints")).json().checkpoints as SignedCheckpointJson[];
    for (const a of cps)
      for (const b of cps.filter((c) => c.seq >= a.seq)) {
        const r = (await h.get(`/v1/audit/proofs/consistency?from=${a.treeSize}&to=${b.treeSize}`)).json();
        expect(r).toMatchObject({ first: a.treeSize, second: b.treeSize });
        const ok = verifyConsistency(
          a.treeSize,
          b.treeSize,
          r.proof.map(unhex),
          unhex(a.auditRoot),
          unhex(b.auditRoot),
        );
        expect(ok, `${a.seq}..${b.seq}`).toBe(true);
      }
  });

  it("index ≥ size, size past the tree, from 0 or from > to: 400 E_HTTP_RANGE", async () => {
    for (const q of ["inclusion?index=5&size=5", `inclusion?index=0&size=${treeSize + 1}`, "consistency?from=0&to=3"])
      expect(errorOf(await h.get(`/v1/audit/proofs/${q}`)), q).toEqual(RANGE);
    expect(errorOf(await h.get(`/v1/audit/proofs/consistency?from=4&to=3`))).toEqual(RANGE);
    expect(errorOf(await h.get(`/v1/audit/proofs/consistency?from=1&to=${treeSize + 1}`))).toEqual(RANGE);
  });
});

describe("GET /v1/audit/log", () => {
  it("a replay log version 2 as ndjson; replaying it reaches the node's state root", async () => {
    const r = await h.get("/v1/audit/log");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/x-ndjson/);
    const lines = r.body.trimEnd().split("\n");
    expect(lines).toHaveLength(4); // head + 3 batches
    const result = replayLogStream(r.body);
    const state = (await h.get("/v1/state")).json();
    expect(result).toMatchObject({ ok: true, stateRoot: state.stateRoot, treeSize: state.auditSize, batches: 3 });
  });
});
