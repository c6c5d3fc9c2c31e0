// The per-signer-key token bucket: unit (burst, refill, all-or-nothing over co-signers, Retry-After, bounded key
// count) and over HTTP (429 E_RATE_LIMITED + Retry-After before the node sees the packet; other keys unaffected;
// time, stepped by an injected clock, refills it). No sleeps.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isQfsError } from "../../bindings/errors/index.js";
import { accountId, ops, Token } from "../../bindings/index.js";
import { KeyRateLimiter } from "../../server/http/rate-limit.js";
import { alice, bob, errorOf, harness, packet, type Harness } from "./http-fixtures.js";

describe("KeyRateLimiter", () => {
  let now = 0;
  const limiter = (burst: number, packetsPerS: number, keysTrackedMax = 1000) =>
    new KeyRateLimiter({ burst, packetsPerS, keysTrackedMax, nowMs: () => now });

  it("a burst passes, the next waits for the refill; Retry-After is the whole seconds to a token", () => {
    now = 0;
    const l = limiter(3, 0.5);
    expect([l.take(["a"]), l.take(["a"]), l.take(["a"])]).toEqual([undefined, undefined, undefined]);
    const refused = l.take(["a"]);
    expect(isQfsError(refused, "E_RATE_LIMITED")).toBe(true);
    expect(refused?.details?.retryAfterS).toBe(2); // one token at 0.5/s
    now = 1999;
    expect(l.take(["a"])).toBeDefined();
    now = 2000;
    expect(l.take(["a"])).toBeUndefined();
    expect(l.take(["b"])).toBeUndefined(); // another key has its own bucket
  });

  it("a packet takes from every signer's bucket or from none", () => {
    now = 0;
    const l = limiter(1, 1);
    expect(l.take(["a"])).toBeUndefined();
    expect(l.take(["a", "b"])).toBeDefined(); // a is empty: b keeps its token
    expect(l.take(["b"])).toBeUndefined();
    expect(l.take(["c", "c"])).toBeUndefined(); // a key listed twice counts once
  });

  it("tracks at most keysTrackedMax keys", () => {
    now = 0;
    const l = limiter(2, 1, 3);
    for (let i = 0; i < 10; i++) expect(l.take([`k${i}`])).toBeUndefined();
    expect(l.trackedKeys).toBe(3);
  });
});

describe("per-key rate limit over HTTP", () => {
  let h: Harness;
  let now = 0;
  beforeAll(async () => {
    h = await harness({ limits: { ratePerKeyBurst: 2, ratePerKeyPacketsPerS: 1 }, clock: () => now });
  });
  afterAll(() => h.app.close());

  it("past the burst: 429 E_RATE_LIMITED + Retry-After, never submitted; other keys pass; time refills", async () => {
    const to = accountId(bob.publicKey);
    const p = (n: bigint) => packet(alice, n, [ops.transfer(Token.CHR, to, 1n)]);
    expect((await h.postPacket(p(1n))).statusCode).not.toBe(429);
    expect((await h.postPacket(p(2n))).statusCode).not.toBe(429);
    const before = h.node.submitCalls;
    const limited = await h.postPacket(p(3n));
    expect(errorOf(limited)).toEqual({ status: 429, error: "E_RATE_LIMITED", code: 878 });
    expect(limited.headers["retry-after"]).toBe("1");
    expect(h.node.submitCalls).toBe(before);
    expect(
      (await h.postPacket(packet(bob, 1n, [ops.transfer(Token.CHR, accountId(alice.publicKey), 1n)]))).statusCode,
    ).not.toBe(429);
    // In a batch, the limited packet is listed with its 429 in place.
    const batch = await h.inject({
      method: "POST",
      url: "/v1/transactions/batch",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ packets: [Buffer.from(p(3n)).toString("base64")] }),
    });
    expect(batch.json().results[0]).toMatchObject({ status: 429, error: "E_RATE_LIMITED" });
    now += 1000;
    expect((await h.postPacket(p(3n))).statusCode).not.toBe(429);
  });
});
