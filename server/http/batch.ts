// POST /v1/transactions/batch: JSON { packets: base64[] } with 1..HTTP_BATCH_PACKETS_MAX packets (body at most
// HTTP_BATCH_BODY_BYTES_MAX, 413 past it). Each packet goes the single endpoint's way (answerPacket: decode, rate
// limit, submit) and gets what that endpoint would have answered, in request order:
//   200 { results: [ { status, receipt } | { status, error, code, message, receipt?, halt? } ] }.
// The submits run together, so the packets share the sequencer's group-commit batches.
import type { FastifyPluginAsync } from "fastify";
import { HTTP_BATCH_BODY_BYTES_MAX, HTTP_BATCH_PACKETS_MAX } from "../config.js";
import { errorResponses, errorBodySchema, packetBase64, receiptSchema } from "./schemas.js";
import { acceptJson, answerPacket, type PacketAnswer, type SubmitContext } from "./transactions.js";

const resultSchema = {
  type: "object",
  required: ["status"],
  properties: { status: { type: "integer" }, ...errorBodySchema.properties, receipt: receiptSchema },
} as const;

/** One result as listed: the status beside the body the single endpoint would have sent. */
function listed(a: PacketAnswer): Record<string, unknown> {
  return a.status === 200 ? { status: a.status, receipt: a.body } : { status: a.status, ...a.body };
}

export const batchPlugin: FastifyPluginAsync<SubmitContext> = async (app, ctx) => {
  app.removeAllContentTypeParsers();
  acceptJson(app);

  app.post(
    "/v1/transactions/batch",
    {
      bodyLimit: HTTP_BATCH_BODY_BYTES_MAX,
      schema: {
        summary: `Submit 1..${HTTP_BATCH_PACKETS_MAX} packets at once`,
        description:
          "Each packet is answered as POST /v1/transactions would have answered it (status + receipt or error " +
          "body), in request order. The packets are submitted together and share group-commit batches. " +
          `Body at most ${HTTP_BATCH_BODY_BYTES_MAX} bytes (413).`,
        tags: ["transactions"],
        body: {
          type: "object",
          required: ["packets"],
          additionalProperties: false,
          properties: {
            packets: { type: "array", minItems: 1, maxItems: HTTP_BATCH_PACKETS_MAX, items: packetBase64 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["results"],
            properties: { results: { type: "array", items: resultSchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { packets } = request.body as { packets: string[] };
      // map() calls answerPacket for each packet in order; each runs up to its submit before the next starts.
      const answers = await Promise.all(
        packets.map((p) => answerPacket(ctx, new Uint8Array(Buffer.from(p, "base64")), request.log)),
      );
      return { results: answers.map(listed) };
    },
  );
};
