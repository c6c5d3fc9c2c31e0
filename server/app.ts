// The QFS HTTP service (SPEC §11, docs/service.md "Routes"): a Fastify app built from plugins over a NodeService —
// errors (one mapping of catalogue codes to HTTP statuses), docs (OpenAPI from the route schemas), transactions and
// batch (writes: decode, per-key rate limit, submit), reads, audit, events (SSE), metrics (GET /metrics), web (the verification page at /). No logic
// of its own.
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from "fastify";
import { qfsError } from "../bindings/errors/index.js";
import {
  BODY_LIMIT_BYTES,
  HTTP_PARAM_CHARS_MAX,
  RATE_KEYS_TRACKED_MAX,
  RATE_PER_KEY_BURST,
  RATE_PER_KEY_PACKETS_PER_S,
  SSE_CLIENT_BUFFER_BYTES_MAX,
  SSE_CLIENTS_MAX,
  SSE_HEARTBEAT_MS,
} from "./config.js";
import { auditPlugin } from "./http/audit.js";
import { batchPlugin } from "./http/batch.js";
import { registerDocs } from "./http/docs.js";
import { installErrorHandling, sendError } from "./http/errors.js";
import { eventsPlugin } from "./http/events.js";
import { KeyRateLimiter } from "./http/rate-limit.js";
import { readsPlugin } from "./http/reads.js";
import { transactionsPlugin } from "./http/transactions.js";
import { webPlugin } from "./http/web.js";
import type { NodeService } from "./node-service.js";
import { NodeMetrics } from "./metrics/metrics.js";
import { installMetrics } from "./metrics/plugin.js";

/** The HTTP limits a deployment (or a test) may change; each defaults to its server/config.ts constant. */
export interface HttpLimits {
  ratePerKeyPacketsPerS: number;
  ratePerKeyBurst: number;
  rateKeysTrackedMax: number;
  sseClientsMax: number;
  sseClientBufferBytesMax: number;
  sseHeartbeatMs: number;
}

export const HTTP_LIMITS_DEFAULT: Readonly<HttpLimits> = {
  ratePerKeyPacketsPerS: RATE_PER_KEY_PACKETS_PER_S,
  ratePerKeyBurst: RATE_PER_KEY_BURST,
  rateKeysTrackedMax: RATE_KEYS_TRACKED_MAX,
  sseClientsMax: SSE_CLIENTS_MAX,
  sseClientBufferBytesMax: SSE_CLIENT_BUFFER_BYTES_MAX,
  sseHeartbeatMs: SSE_HEARTBEAT_MS,
};

export interface AppOptions {
  node: NodeService;
  /** pino request logs (one line per request, the tx id on submits): true, pino options, or off (default). */
  logger?: FastifyServerOptions["logger"];
  limits?: Partial<HttpLimits>;
  /** Monotonic milliseconds for the rate limiter (tests step it instead of sleeping). */
  clock?: () => number;
  /** Prometheus metrics (GET /metrics): the ones the node's sequencer reports into; default a fresh registry
   *  with the HTTP, SSE and halt metrics only. */
  metrics?: NodeMetrics;
}

/** A route as Fastify registered it (method, url, schema): what the OpenAPI document must cover. */
export type RegisteredRoute = Pick<RouteOptions, "method" | "url" | "schema">;
const ROUTES = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on `app` (by its onRoute hook), the docs' own included. */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return ROUTES.get(app) ?? [];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const limits: HttpLimits = { ...HTTP_LIMITS_DEFAULT, ...opts.limits };
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: HTTP_PARAM_CHARS_MAX },
    // HEAD twins of every GET add nothing to this API and would double the route list.
    exposeHeadRoutes: false,
    // The router's own refusals (a malformed URL, a path parameter past HTTP_PARAM_CHARS_MAX) leave through the
    // same mapping: a bad path is a 400 E_HTTP_BODY like any other bad input.
    frameworkErrors: (error, _request, reply) => sendError(reply, qfsError("E_HTTP_BODY", error.message.slice(0, 200))),
  });
  const routes: RegisteredRoute[] = [];
  ROUTES.set(app, routes);
  app.addHook("onRoute", (r) => {
    routes.push({ method: r.method, url: r.url, schema: r.schema });
  });
  installErrorHandling(app);
  // Every read is public and proven by signatures, so a verification page served by another origin (or from
  // files, docs/web.md) may read any node: GET answers allow every origin, without credentials. Writes do not.
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.method === "GET") void reply.header("access-control-allow-origin", "*");
    return payload;
  });
  await registerDocs(app);
  const metrics = opts.metrics ?? new NodeMetrics();
  installMetrics(app, metrics, opts.node);

  const node = opts.node;
  const limiter = new KeyRateLimiter({
    packetsPerS: limits.ratePerKeyPacketsPerS,
    burst: limits.ratePerKeyBurst,
    keysTrackedMax: limits.rateKeysTrackedMax,
    nowMs: opts.clock ?? (() => performance.now()),
  });
  await app.register(transactionsPlugin, { node, limiter });
  await app.register(batchPlugin, { node, limiter });
  await app.register(readsPlugin, { node });
  await app.register(auditPlugin, { node });
  await app.register(eventsPlugin, {
    node,
    clientsMax: limits.sseClientsMax,
    clientBufferBytesMax: limits.sseClientBufferBytesMax,
    heartbeatMs: limits.sseHeartbeatMs,
    onClients: (n) => metrics.sseSubscribers.set(n),
  });
  await app.register(webPlugin, {});
  return app;
}
