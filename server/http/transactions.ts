// POST /v1/transactions: one DRV packet, as the raw bytes (application/octet-stream) or as JSON
// { "packet": base64 }. The way of a packet (answerPacket, shared with the batch endpoint):
//   1. decode (bindings/packet): a packet that does not decode is answered with the decoder's code (400, or 413
//      past MAX_PACKET_BYTES) and never reaches the node;
//   2. the per-signer-key rate limit (429 E_RATE_LIMITED + Retry-After);
//   3. node.submit: resolves once the packet's batch is durable with its receipt — 200 when it applied, else the
//      outcome code's catalogue status with the receipt (a rejected packet is sequenced and logged too); rejects
//      with a QfsError when it was not sequenced (429 queue full, 503 halted with the halt record, 503 stopped).
// A retry of the same bytes is answered as the original was, with receipt.repeat = true (the node's doing).
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from "fastify";
import { ERROR_CATALOGUE, errorName, isQfsError, qfsError, type QfsError } from "../../bindings/errors/index.js";
import { sha3_256 } from "../../bindings/hash.js";
import { decodePacketWithBody } from "../../bindings/packet/decode.js";
import { BODY_LIMIT_BYTES } from "../config.js";
import type { NodeService, ReceiptJson } from "../node-service.js";
import { errorAnswer, type ErrorBody } from "./errors.js";
import type { KeyRateLimiter } from "./rate-limit.js";
import { errorResponses, packetBase64, receiptSchema } from "./schemas.js";

export interface SubmitContext {
  readonly node: NodeService;
  readonly limiter: KeyRateLimiter;
}

/** What the single endpoint answers for one packet (the batch endpoint lists these). */
export interface PacketAnswer {
  status: number;
  body: ReceiptJson | ErrorBody;
  retryAfterS?: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** The answer of a sequenced packet: 200 + receipt when it applied, else its outcome's status with the receipt. */
function receiptAnswer(receipt: ReceiptJson): PacketAnswer {
  if (receipt.code === 0) return { status: 200, body: receipt };
  const name = errorName(receipt.code);
  const err = qfsError(name ?? "E_INTERNAL", name === undefined ? `unknown outcome ${receipt.code}` : undefined);
  return errorAnswer(err, { receipt, message: name ? ERROR_CATALOGUE[name].message : err.message });
}

/** Decode → rate limit → submit. Everything before node.submit runs synchronously, so the batch endpoint, calling
 *  this for each packet in request order, decides decode and rate limit in that order and then awaits all the
 *  submits together (they share group-commit batches). Never throws: every failure is an answer. */
export function answerPacket(ctx: SubmitContext, packet: Uint8Array, log: FastifyBaseLogger): Promise<PacketAnswer> {
  // A refused packet is logged with its tx id too, so an operator can follow a client's packet either way.
  const refused = (err: QfsError): PacketAnswer => {
    const entry = { txId: hex(sha3_256(packet)), error: err.code };
    if (err.httpStatus >= 500) log.warn(entry, "transaction refused");
    else log.info(entry, "transaction refused");
    return errorAnswer(err);
  };
  let signers: string[];
  try {
    signers = decodePacketWithBody(packet).packet.body.signers.map(hex);
  } catch (e) {
    return Promise.resolve(refused(isQfsError(e) ? e : qfsError("E_HTTP_BODY", "the packet does not decode")));
  }
  const limited = ctx.limiter.take(signers);
  if (limited !== undefined) return Promise.resolve(refused(limited));
  let submitted: Promise<ReceiptJson>;
  try {
    submitted = ctx.node.submit(packet);
  } catch (e) {
    submitted = Promise.reject(e); // a node that refuses by throwing is answered like one that rejects
  }
  return submitted.then(
    (receipt) => {
      log.info(
        { txId: receipt.txId, outcome: receipt.outcome, seq: receipt.seq, repeat: receipt.repeat },
        "transaction",
      );
      return receiptAnswer(receipt);
    },
    (e: unknown) => refused(isQfsError(e) ? e : qfsError("E_INTERNAL", String((e as Error)?.message ?? e))),
  );
}

/** The request body's packet bytes: the octet-stream body itself, or the JSON body's base64 (the schema checked
 *  it). No body at all (no content type) is a 415: the route takes one of its two types. */
function packetBytes(body: unknown): Uint8Array {
  if (Buffer.isBuffer(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const text = (body as { packet?: unknown } | undefined)?.packet;
  if (typeof text !== "string") throw qfsError("E_HTTP_CONTENT_TYPE", "a body of application/octet-stream or JSON");
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** The JSON body parser of the write routes (the root's was removed with the others): bad JSON is E_HTTP_BODY. */
export function acceptJson(app: FastifyInstance): void {
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_r, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(qfsError("E_HTTP_BODY", "the body is not JSON"), undefined);
    }
  });
}

export const transactionsPlugin: FastifyPluginAsync<SubmitContext> = async (app, ctx) => {
  // Only these two body types here; anything else is 415 (the parsers registered on the root are dropped).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_r, body, done) => done(null, body));
  acceptJson(app);

  app.post(
    "/v1/transactions",
    {
      bodyLimit: BODY_LIMIT_BYTES,
      schema: {
        summary: "Submit one signed DRV packet",
        description:
          "Answers once the packet's batch is durable. 200 + receipt when it applied; else the outcome's catalogue " +
          "status with { error, code, message, receipt }. A packet that does not decode: 400 (413 past 64 KiB), " +
          "never sequenced. 429 E_RATE_LIMITED (per signer key) or E_POOL_SATURATED (queue full) with Retry-After; " +
          "503 E_HALTED with `halt`. A retry of the same bytes answers as the original did, receipt.repeat = true.",
        tags: ["transactions"],
        body: {
          content: {
            "application/octet-stream": { schema: { description: "the DRV packet bytes" } },
            "application/json": {
              schema: {
                type: "object",
                required: ["packet"],
                additionalProperties: false,
                properties: { packet: packetBase64 },
              },
            },
          },
        },
        response: { 200: receiptSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const answer = await answerPacket(ctx, packetBytes(request.body), request.log);
      if (answer.retryAfterS !== undefined) void reply.header("retry-after", String(answer.retryAfterS));
      return reply.code(answer.status).send(answer.body);
    },
  );
};
