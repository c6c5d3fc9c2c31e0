// One error mapping for the whole API: every error leaves as { error: NAME, code: NUMBER, message } with the
// catalogue's HTTP status (bindings/errors/catalogue.ts). Fastify's own client errors (schema, body limit,
// content type, unparsable JSON) are mapped to catalogue codes too, so bad input is a 4xx and never a 500.
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { isQfsError, qfsError, type QfsError } from "../../bindings/errors/index.js";
import { RETRY_AFTER_S } from "../config.js";

export const errorBodySchema = {
  type: "object",
  required: ["error", "code", "message"],
  properties: {
    error: { type: "string" },
    code: { type: "integer" },
    message: { type: "string" },
  },
} as const;

export function sendError(reply: FastifyReply, err: QfsError, extra: Record<string, unknown> = {}): FastifyReply {
  if (err.httpStatus === 429) void reply.header("retry-after", String(RETRY_AFTER_S));
  return reply.code(err.httpStatus).send({ error: err.code, code: err.number, message: err.message, ...extra });
}

/** A Fastify or foreign error as a catalogue error. */
export function toQfsError(e: unknown): QfsError {
  if (isQfsError(e)) return e;
  const f = e as FastifyError;
  if (f.validation !== undefined) return qfsError("E_HTTP_BODY", f.message);
  if (f.code === "FST_ERR_CTP_BODY_TOO_LARGE" || f.statusCode === 413)
    return qfsError("E_INPUT_TOO_LARGE", "request body above the body limit");
  if (f.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || f.statusCode === 415)
    return qfsError("E_HTTP_CONTENT_TYPE", f.message);
  if (typeof f.statusCode === "number" && f.statusCode >= 400 && f.statusCode < 500)
    return qfsError("E_HTTP_BODY", f.message);
  return qfsError("E_INTERNAL", String(f?.message ?? e));
}

/** Registered on the root instance (not encapsulated), so every route plugin shares it. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const err = toQfsError(error);
    if (err.httpStatus >= 500) request.log.error({ err: error }, "request failed");
    return sendError(reply, err);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, qfsError("E_HTTP_NOT_FOUND", `${request.method} ${request.url}`)),
  );
}
