// POST /v1/transactions: one DRV packet, as the raw bytes (application/octet-stream) or as JSON
// { "packet": base64 }. Answers once the packet's batch is durable: 200 with the receipt when it applied, or the
// catalogue status of its outcome code (with the receipt: a rejected packet is sequenced and logged too).
import type { FastifyPluginAsync } from "fastify";
import { ERROR_CATALOGUE, errorName, qfsError } from "../../bindings/errors/index.js";
import { BODY_LIMIT_BYTES } from "../config.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import { errorBodySchema, sendError } from "./errors.js";

const receiptSchema = {
  type: "object",
  required: ["txId", "outcome", "code", "seq", "stateRoot", "auditIndex", "checkpoint", "inclusionProof", "repeat"],
  // The full ReceiptJson (server/node-service.ts) passes through as it is; the http part writes the exact schema.
  additionalProperties: true,
  properties: {
    txId: { type: "string" },
    outcome: { type: "string" },
    code: { type: "integer" },
    seq: { type: "string" },
    stateRoot: { type: "string" },
    auditIndex: { type: "integer" },
    checkpoint: { type: "object", additionalProperties: true },
    inclusionProof: { type: "array", items: { type: "string" } },
    repeat: { type: "boolean" },
  },
} as const;

const BASE64 = "^[A-Za-z0-9+/]*={0,2}$";

export const transactionsPlugin: FastifyPluginAsync<{ sequencer: Sequencer }> = async (app, { sequencer }) => {
  // Only these two body types; anything else is 415 (the parsers registered on the root are dropped here).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "application/octet-stream",
    { parseAs: "buffer", bodyLimit: BODY_LIMIT_BYTES },
    (_r, body, done) => done(null, body),
  );
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: BODY_LIMIT_BYTES }, (_r, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(qfsError("E_HTTP_BODY", "the body is not JSON"), undefined);
    }
  });

  app.post(
    "/v1/transactions",
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        body: {
          content: {
            "application/octet-stream": { schema: {} },
            "application/json": {
              schema: {
                type: "object",
                required: ["packet"],
                additionalProperties: false,
                properties: { packet: { type: "string", minLength: 1, maxLength: BODY_LIMIT_BYTES, pattern: BASE64 } },
              },
            },
          },
        },
        response: {
          200: receiptSchema,
          "4xx": { ...errorBodySchema, properties: { ...errorBodySchema.properties, receipt: receiptSchema } },
          "5xx": errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | { packet: string };
      const packet = Buffer.isBuffer(body)
        ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
        : new Uint8Array(Buffer.from(body.packet, "base64"));
      if (packet.length === 0) return sendError(reply, qfsError("E_HTTP_BODY", "an empty packet"));
      const receipt = await sequencer.submit(packet);
      request.log.info({ txId: receipt.txId, outcome: receipt.outcome, seq: receipt.seq }, "transaction");
      if (receipt.code === 0) return receipt;
      const name = errorName(receipt.code);
      const err = qfsError(name ?? "E_INTERNAL", name === undefined ? `outcome ${receipt.code}` : undefined);
      return sendError(reply, err, { receipt, message: name ? ERROR_CATALOGUE[name].message : err.message });
    },
  );
};
