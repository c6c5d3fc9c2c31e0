// GET /docs (Swagger UI) and GET /docs/json (OpenAPI 3), both written from the route schemas: @fastify/swagger
// collects every route registered after it (so it is registered first), @fastify/swagger-ui serves the page.
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

export const DOCS_PREFIX = "/docs";

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "QFS V13 node",
        version: "13.0.0",
        description:
          "A deterministic, post-quantum-signed multi-token ledger. Every error is { error, code, message } with " +
          "the catalogue's status (docs/errors.md); ids and hashes are hex, blobs base64, u64 values decimal strings.",
      },
      tags: [
        { name: "transactions", description: "submit packets, read receipts" },
        { name: "accounts", description: "balances, nonces, state proofs, history" },
        { name: "keys", description: "the key registry" },
        { name: "audit", description: "audit entries, signed checkpoints, proofs, the replay log" },
        { name: "node", description: "state, health, events" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}
