// GET /metrics (Prometheus text format) and the HTTP request counter. Installed on the root instance before the
// route plugins (as installErrorHandling is), so its onResponse hook sees every route. Labels are the route
// pattern Fastify matched ("/v1/accounts/:id", never the id), the method and the status.
import type { FastifyInstance } from "fastify";
import type { NodeService } from "../node-service.js";
import { ROUTE_UNMATCHED } from "./limits.js";
import { NodeMetrics } from "./metrics.js";

export const METRICS_ROUTE = "/metrics";

const errorBody = { type: "object", additionalProperties: true } as const;

export function installMetrics(app: FastifyInstance, metrics: NodeMetrics, node: NodeService): void {
  metrics.haltSource = () => node.state().halt?.source ?? null;
  app.addHook("onResponse", async (request, reply) => {
    metrics.httpRequests.inc({
      route: request.routeOptions.url ?? ROUTE_UNMATCHED,
      method: NodeMetrics.methodLabel(request.method),
      status: String(reply.statusCode),
    });
  });
  app.get(
    METRICS_ROUTE,
    {
      schema: {
        summary: "Prometheus metrics of this node (text exposition format; docs/operations.md lists them)",
        tags: ["operations"],
        response: { 200: { type: "string" }, "4xx": errorBody, "5xx": errorBody },
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
