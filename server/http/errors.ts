// One error mapping for the whole API: every error leaves as { error: NAME, code: NUMBER, message, ...extra } with
// the catalogue's HTTP status (bindings/errors/catalogue.ts). Fastify's own client errors (schema, body limit,
// content type, unparsable JSON, bad query numbers) are mapped to catalogue codes too, so bad input is a 4xx and
// never a 500. A QfsError carrying details.halt (E_HALTED) adds the halt record to the body; details.retryAfterS
// (a rate limit) sets Retry-After, else every 429 says RETRY_AFTER_S.
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { isQfsError, qfsError, type QfsError } from "../../bindings/errors/index.js";
import { RETRY_AFTER_S } from "../config.js";

export { errorBodySchema } from "./schemas.js";

export interface ErrorBody {
  error: string;
  code: number;
  message: string;
  [extra: string]: unknown;
}

/** The body and the Retry-After (seconds, 429 only) of an error answer. */
export function errorAnswer(
  err: QfsError,
  extra: Record<string, unknown> = {},
): { status: number; body: ErrorBody; retryAfterS?: number } {
  const body: ErrorBody = { error: err.code, code: err.number, message: err.message, ...extra };
  const halt = err.details?.halt;
  if (halt !== undefined && body.halt === undefined) body.halt = halt;
  if (err.httpStatus !== 429) return { status: err.httpStatus, body };
  const hinted = err.details?.retryAfterS;
  const retryAfterS = typeof hinted === "number" && Number.isSafeInteger(hinted) && hinted > 0 ? hinted : RETRY_AFTER_S;
  return { status: err.httpStatus, body, retryAfterS };
}

export function sendError(reply: FastifyReply, err: QfsError, extra: Record<string, unknown> = {}): FastifyReply {
  const a = errorAnswer(err, extra);
  if (a.retryAfterS !== undefined) void reply.header("retry-after", String(a.retryAfterS));
  return reply.code(a.status).send(a.body);
}

// Schema keywords that mean "a number or size outside the allowed range" rather than "not the right shape".
const RANGE_KEYWORDS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);

/** A schema failure: a number out of range in the query or path is E_HTTP_RANGE, anything else E_HTTP_BODY. */
function validationError(f: FastifyError): QfsError {
  const ctx = (f as FastifyError & { validationContext?: string }).validationContext;
  const inUrl = ctx === "querystring" || ctx === "params";
  const ranged = (f.validation ?? []).some((v) => RANGE_KEYWORDS.has(v.keyword));
  return qfsError(inUrl && ranged ? "E_HTTP_RANGE" : "E_HTTP_BODY", f.message);
}

/** A Fastify or foreign error as a catalogue error. */
export function toQfsError(e: unknown): QfsError {
  if (isQfsError(e)) return e;
  const f = (typeof e === "object" && e !== null ? e : {}) as FastifyError;
  if (f.validation !== undefined) return validationError(f);
  if (f.code === "FST_ERR_CTP_BODY_TOO_LARGE" || f.statusCode === 413)
    return qfsError("E_INPUT_TOO_LARGE", "request body above the route's body limit");
  if (f.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || f.statusCode === 415)
    return qfsError("E_HTTP_CONTENT_TYPE", f.message);
  if (typeof f.statusCode === "number" && f.statusCode >= 400 && f.statusCode < 500)
    return qfsError("E_HTTP_BODY", f.message);
  return qfsError("E_INTERNAL", String(f.message ?? e));
}

/** The schema compiler coerces "1e400" in a query to Infinity and lets it pass `integer` and `maximum`: every
 *  number of a query or path must be finite, or the request is a 400 E_HTTP_BODY before a handler sees it. */
function nonFiniteNumber(values: unknown): string | undefined {
  if (typeof values !== "object" || values === null) return undefined;
  for (const [k, v] of Object.entries(values)) if (typeof v === "number" && !Number.isFinite(v)) return k;
  return undefined;
}

/** Registered on the root instance (not encapsulated), so every route plugin shares it. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const err = toQfsError(error);
    if (err.httpStatus >= 500) request.log.error({ err: error }, "request failed");
    return sendError(reply, err);
  });
  app.addHook("preHandler", async (request) => {
    const bad = nonFiniteNumber(request.query) ?? nonFiniteNumber(request.params);
    if (bad !== undefined) throw qfsError("E_HTTP_BODY", `${bad} is not a finite number`);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, qfsError("E_HTTP_NOT_FOUND", `${request.method} ${request.url.slice(0, 200)}`)),
  );
}
