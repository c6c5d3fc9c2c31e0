// The QFS HTTP service (SPEC §11): a Fastify app built from plugins — errors (one mapping of catalogue codes
// to HTTP statuses), transactions (writes through the sequencer) and reads (state, accounts, health).
import Fastify, { type FastifyInstance } from "fastify";
import { BODY_LIMIT_BYTES } from "./config.js";
import { installErrorHandling, sendError, toQfsError } from "./http/errors.js";
import { readsPlugin } from "./http/reads.js";
import { transactionsPlugin } from "./http/transactions.js";
import type { Sequencer } from "./sequencer/sequencer.js";

export interface AppOptions {
  sequencer: Sequencer;
  /** pino logging (structured, one line per request); off in tests. */
  logger?: boolean;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    // The router's own refusals (a path parameter past maxParamLength, a URL that does not decode) bypass the error
    // handler: map them too, so they leave as catalogue errors (400 E_HTTP_BODY), not Fastify's 414/400 shapes.
    frameworkErrors: (error, _request, reply) => sendError(reply, toQfsError(error)),
  });
  installErrorHandling(app);
  await app.register(transactionsPlugin, { sequencer: opts.sequencer });
  await app.register(readsPlugin, { sequencer: opts.sequencer });
  return app;
}
