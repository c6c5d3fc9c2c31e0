// Reads: GET /v1/state, GET /v1/accounts/:id and GET /health. They see the last committed batch, never a
// pending one, and go on while writes are refused.
import type { FastifyPluginAsync } from "fastify";
import { qfsError } from "../../bindings/errors/index.js";
import { Token } from "../../bindings/index.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import { errorBodySchema, sendError } from "./errors.js";

const TOKEN_NAMES = Object.keys(Token);
const decimal = { type: "string", pattern: "^[0-9]+$" } as const;

export const readsPlugin: FastifyPluginAsync<{ sequencer: Sequencer }> = async (app, { sequencer }) => {
  app.get(
    "/health",
    {
      schema: {
        response: { 200: { type: "object", required: ["status"], properties: { status: { type: "string" } } } },
      },
    },
    async () => ({ status: "ok" }),
  );

  app.get(
    "/v1/state",
    {
      schema: {
        response: {
          200: {
            type: "object",
            required: ["chainId", "seq", "timeMs", "stateRoot", "auditSize", "halted"],
            properties: {
              chainId: { type: "integer" },
              seq: decimal,
              timeMs: decimal,
              stateRoot: { type: "string" },
              auditSize: { type: "integer" },
              halted: { type: "boolean" },
            },
          },
        },
      },
    },
    async () => sequencer.state(),
  );

  app.get(
    "/v1/accounts/:id",
    {
      schema: {
        params: {
          type: "object",
          required: ["id"],
          properties: { id: { type: "string", pattern: "^[0-9a-fA-F]{64}$" } },
        },
        response: {
          200: {
            type: "object",
            required: ["id", "nonce", "balances"],
            properties: {
              id: { type: "string" },
              nonce: decimal,
              balances: {
                type: "object",
                required: TOKEN_NAMES,
                properties: Object.fromEntries(TOKEN_NAMES.map((t) => [t, decimal])),
              },
            },
          },
          "4xx": errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const account = await sequencer.account(new Uint8Array(Buffer.from(id, "hex")));
      if (account === undefined) return sendError(reply, qfsError("E_ACCOUNT_UNKNOWN", `account ${id}`));
      return account;
    },
  );
};
