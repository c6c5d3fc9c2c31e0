// Reads: the node's state and health, receipts by tx id, accounts (with their state proof) and their event history,
// registry keys. They see the last committed batch, never a pending one, and go on while writes are refused (halt).
import type { FastifyPluginAsync } from "fastify";
import { qfsError } from "../../bindings/errors/index.js";
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../config.js";
import type { NodeService } from "../node-service.js";
import { sendError } from "./errors.js";
import {
  accountEventSchema,
  accountSchema,
  errorResponses,
  idParams,
  keySchema,
  nodeStateSchema,
  receiptSchema,
  safeIndex,
  stakingGlobalsSchema,
} from "./schemas.js";

const idBytes = (id: string): Uint8Array => new Uint8Array(Buffer.from(id, "hex"));

export const readsPlugin: FastifyPluginAsync<{ node: NodeService }> = async (app, { node }) => {
  app.get(
    "/health",
    {
      schema: {
        summary: "Liveness: ok, or halted (reads go on, writes answer 503)",
        tags: ["node"],
        response: {
          200: {
            type: "object",
            required: ["status"],
            properties: { status: { type: "string", enum: ["ok", "halted"] } },
          },
          ...errorResponses,
        },
      },
    },
    async () => ({ status: node.state().halted ? "halted" : "ok" }),
  );

  app.get(
    "/v1/state",
    {
      schema: {
        summary: "Seq, state root, audit size, the latest signed checkpoint, the node key, the halt state",
        tags: ["node"],
        response: { 200: nodeStateSchema, ...errorResponses },
      },
    },
    async () => node.state(),
  );

  app.get(
    "/v1/transactions/:id",
    {
      schema: {
        summary: "The full receipt of a sequenced packet by tx id (SHA3-256 of its bytes)",
        tags: ["transactions"],
        params: idParams,
        response: { 200: receiptSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const receipt = await node.receipt(idBytes(id));
      if (receipt === undefined) return sendError(reply, qfsError("E_TX_UNKNOWN", `tx ${id.toLowerCase()}`));
      return { ...receipt, repeat: false };
    },
  );

  app.get(
    "/v1/accounts/:id",
    {
      schema: {
        summary: "An account's nonce and balances, with its proof in the latest checkpoint's state root",
        tags: ["accounts"],
        params: idParams,
        response: { 200: accountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const account = await node.account(idBytes(id));
      if (account === undefined) return sendError(reply, qfsError("E_ACCOUNT_UNKNOWN", `account ${id.toLowerCase()}`));
      return account;
    },
  );

  app.get(
    "/v1/staking",
    {
      schema: {
        summary: "The staking pool's totals: pool account id, total staked, reward accumulator, carry, PSY emitted",
        description: "As of the last committed batch (`seq`). The pool's balance is proven by GET /v1/accounts/:pool.",
        tags: ["accounts"],
        response: { 200: stakingGlobalsSchema, ...errorResponses },
      },
    },
    async () => node.stakingGlobals(),
  );

  app.get(
    "/v1/accounts/:id/events",
    {
      schema: {
        summary: "An account's event history, oldest first, paged by audit index",
        description: "`next` is the `from` of the following page, null on the last page.",
        tags: ["accounts"],
        params: idParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            from: { ...safeIndex, default: 0 },
            limit: { type: "integer", minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["events", "next"],
            properties: {
              events: { type: "array", items: accountEventSchema },
              next: { anyOf: [{ type: "integer" }, { type: "null" }] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { from, limit } = request.query as { from: number; limit: number };
      const events = await node.accountEvents(idBytes(id), from, limit);
      const last = events.at(-1);
      // A full page may have a successor; a short one is the last.
      return { events, next: events.length === limit && last !== undefined ? last.auditIndex + 1 : null };
    },
  );

  app.get(
    "/v1/keys/:id",
    {
      schema: {
        summary: "A registry key by key id: level, public key, owner, roles, status",
        tags: ["keys"],
        params: idParams,
        response: { 200: keySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const key = await node.key(idBytes(id));
      if (key === undefined) return sendError(reply, qfsError("E_KEY_NOT_FOUND", `key ${id.toLowerCase()}`));
      return key;
    },
  );
};
