// GET /v1/events: the node's events (checkpoint, tx, halt, resume) as text/event-stream, `event: <type>` and
// `data: <json>` per event, a comment heartbeat every heartbeatMs. Bounded: at most clientsMax subscribers (429
// E_RATE_LIMITED past it), and a subscriber whose unsent bytes pass clientBufferBytesMax is dropped — the node's
// listener only ever writes into a socket buffer, never waits on a reader.
import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import { qfsError } from "../../bindings/errors/index.js";
import type { NodeEvent, NodeService } from "../node-service.js";
import { sendError } from "./errors.js";
import { errorResponses } from "./schemas.js";

export interface SseLimits {
  readonly clientsMax: number;
  readonly clientBufferBytesMax: number;
  readonly heartbeatMs: number;
}

export interface SseOptions extends SseLimits {
  readonly node: NodeService;
  /** Metrics (server/metrics): told the number of open streams whenever it changes. */
  readonly onClients?: (count: number) => void;
}

/** One SSE frame. A JSON text has no raw newline, so one `data:` line carries it. */
export function sseFrame(event: NodeEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export const eventsPlugin: FastifyPluginAsync<SseOptions> = async (app, opts) => {
  const clients = new Set<ServerResponse>();

  /** Writes a frame; a client past its buffer cap (a reader that does not keep up) is cut off. */
  function push(res: ServerResponse, text: string): void {
    if (res.destroyed) return;
    res.write(text);
    if (res.writableLength > opts.clientBufferBytesMax) {
      app.log.warn({ unsentBytes: res.writableLength }, "event subscriber dropped: too slow");
      res.destroy();
    }
  }

  // The subscription is the app's, not a client's: one listener fans out to every subscriber.
  const unsubscribe = opts.node.subscribe((event) => {
    if (clients.size === 0) return;
    const frame = sseFrame(event);
    for (const res of clients) push(res, frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of clients) push(res, ": heartbeat\n\n");
  }, opts.heartbeatMs);
  heartbeat.unref();

  // Before the server stops accepting: end the streams, or close() would wait on them forever.
  app.addHook("preClose", async () => {
    clearInterval(heartbeat);
    unsubscribe();
    for (const res of clients) res.end();
    clients.clear();
    opts.onClients?.(0);
  });

  app.get(
    "/v1/events",
    {
      schema: {
        summary: "Server-sent events: checkpoint and tx events of every committed batch, halt and resume",
        description:
          `\`event: <type>\` + \`data: <json>\` (a NodeEvent); a comment heartbeat every ${opts.heartbeatMs} ms. ` +
          `At most ${opts.clientsMax} subscribers (429 E_RATE_LIMITED past it); a subscriber more than ` +
          `${opts.clientBufferBytesMax} bytes behind is dropped.`,
        tags: ["node"],
        produces: ["text/event-stream"],
        response: { 200: { type: "string", description: "text/event-stream" }, ...errorResponses },
      },
    },
    async (_request, reply) => {
      if (clients.size >= opts.clientsMax)
        return sendError(reply, qfsError("E_RATE_LIMITED", `at most ${opts.clientsMax} event subscribers`));
      const res = reply.raw;
      reply.hijack(); // the stream is written by hand from here on; Fastify sends nothing more
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(": connected\n\n");
      clients.add(res);
      opts.onClients?.(clients.size);
      res.on("close", () => {
        clients.delete(res);
        opts.onClients?.(clients.size);
      });
    },
  );
};
