// GET /v1/events (SSE) on a listening app (loopback, an ephemeral port): a subscriber gets the checkpoint and tx
// events of a submit and the heartbeat comment; past the subscriber cap the answer is 429 E_RATE_LIMITED; a
// subscriber that does not read is dropped once its unsent bytes pass the cap, while a reading one keeps going.
// No sleeps: each step waits for the bytes it needs (the test timeout bounds a failure).
import { request, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { accountId, ops, Token } from "../../bindings/index.js";
import type { NodeEvent, ReceiptJson } from "../../server/node-service.js";
import { alice, E18, harness, minter, packet, type Harness } from "./http-fixtures.js";

interface Subscriber {
  res: IncomingMessage;
  text: () => string;
  /** Resolves once the stream's text satisfies `test`. */
  until: (test: (text: string) => boolean) => Promise<string>;
  close: () => void;
}

function subscribe(port: number): Promise<Subscriber | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/v1/events" }, (res) => {
      let text = "";
      const waiters: (() => void)[] = [];
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        for (const w of waiters.splice(0)) w();
      });
      if (res.statusCode !== 200) {
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        return;
      }
      const until = (test: (t: string) => boolean) =>
        new Promise<string>((done) => {
          const check = () => (test(text) ? done(text) : waiters.push(check));
          check();
        });
      resolve({ res, text: () => text, until, close: () => req.destroy() });
    });
    req.on("error", reject);
    req.end();
  });
}

async function subscribed(port: number): Promise<Subscriber> {
  const s = await subscribe(port);
  if (!("res" in s)) throw new Error(`subscribe answered ${s.status} ${s.body}`);
  await s.until((t) => t.includes(": connected"));
  return s;
}

function frames(text: string): { event: string; data: NodeEvent }[] {
  return text
    .split("\n\n")
    .filter((f) => f.startsWith("event: "))
    .map((f) => {
      const [ev, data] = f.split("\n");
      return { event: ev!.slice(7), data: JSON.parse(data!.slice(6)) as NodeEvent };
    });
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.app.close();
  h = undefined;
});

async function listening(limits: Parameters<typeof harness>[0] = {}): Promise<{ h: Harness; port: number }> {
  h = await harness(limits);
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const addr = h.app.server.address();
  if (addr === null || typeof addr === "string") throw new Error("no port");
  return { h, port: addr.port };
}

describe("GET /v1/events", () => {
  it("a subscriber receives the checkpoint and tx events of a submit, and the heartbeat", async () => {
    const { h, port } = await listening({ limits: { sseHeartbeatMs: 20 } });
    const s = await subscribed(port);
    const receipt = (
      await h.postPacket(packet(minter, 1n, [ops.mint(Token.CHR, accountId(alice.publicKey), E18)]))
    ).json() as ReceiptJson;
    const text = await s.until((t) => t.includes("event: tx") && t.includes("event: checkpoint"));
    const got = frames(text);
    expect(got.find((f) => f.event === "checkpoint")?.data).toEqual({
      type: "checkpoint",
      checkpoint: receipt.checkpoint,
    });
    expect(got.find((f) => f.event === "tx")?.data).toEqual({
      type: "tx",
      txId: receipt.txId,
      outcome: "OK",
      code: 0,
      seq: receipt.seq,
      index: 0,
    });
    await s.until((t) => t.includes(": heartbeat\n\n"));
    expect(s.res.headers["content-type"]).toMatch(/^text\/event-stream/);
    s.close();
  });

  it("past the subscriber cap: 429 E_RATE_LIMITED with Retry-After; a place freed is taken again", async () => {
    const { port } = await listening({ limits: { sseClientsMax: 2 } });
    const a = await subscribed(port);
    const b = await subscribed(port);
    const third = await subscribe(port);
    expect("status" in third && third.status).toBe(429);
    expect(JSON.parse((third as { body: string }).body)).toMatchObject({ error: "E_RATE_LIMITED", code: 878 });
    a.close();
    // The server sees the close asynchronously: retry until the place is free (bounded by the test timeout).
    let again = await subscribe(port);
    while ("status" in again) again = await subscribe(port);
    expect(again.res.statusCode).toBe(200);
    again.close();
    b.close();
  });

  it("a subscriber that does not read is dropped past its buffer cap; a reading one gets every event", async () => {
    const capBytes = 64 * 1024;
    const { h, port } = await listening({ limits: { sseClientBufferBytesMax: capBytes } });
    // The slow one: a raw socket that sends its request and then never reads.
    const slow: Socket = connect(port, "127.0.0.1");
    let slowClosed = false;
    slow.on("error", () => undefined); // a reset from the server's drop is the expected end
    slow.on("close", () => (slowClosed = true));
    await new Promise<void>((r) => slow.once("connect", () => r()));
    slow.write("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    slow.pause();
    const fast = await subscribed(port);

    const eventBytes = 16 * 1024;
    const events = 1_000; // 16 MiB: well past what the loopback socket buffers hold for the slow reader
    for (let i = 0; i < events; i++) {
      h.node.emit({ type: "resume", hash: `${i}:`.padEnd(eventBytes, "x") });
      await new Promise((r) => setImmediate(r)); // let the reading client drain between events
    }
    const last = `${events - 1}:`;
    await fast.until((t) => t.includes(`"hash":"${last}`));
    expect(frames(fast.text())).toHaveLength(events);
    // The slow reader, read at last: its stream ends (the server cut it) before all events arrived.
    let slowBytes = 0;
    slow.on("data", (c: Buffer) => (slowBytes += c.length));
    slow.resume();
    await new Promise<void>((r) => (slowClosed ? r() : slow.once("close", () => r())));
    expect(slowBytes).toBeLessThan(events * eventBytes);
    fast.close();
  });

  it("closing the app ends the open streams (close does not wait on subscribers)", async () => {
    const { h: app, port } = await listening();
    const s = await subscribed(port);
    const ended = new Promise<void>((r) => s.res.on("close", () => r()));
    await app.app.close();
    await ended;
    h = undefined;
  });
});
