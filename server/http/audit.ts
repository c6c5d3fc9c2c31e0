// The audit log over HTTP: entries by range, signed checkpoints, RFC 9162 inclusion and consistency proofs, and the
// whole log as a replay log version 2 (application/x-ndjson) that `qfs verify-log` and replayLogStream read.
// Ranges are checked here against the node's current tree size and checkpoint seq (E_HTTP_RANGE, 400) before the
// node is asked, so no request makes the node read past what it holds.
import { Readable } from "node:stream";
import type { FastifyPluginAsync } from "fastify";
import { qfsError } from "../../bindings/errors/index.js";
import { AUDIT_ENTRIES_RANGE_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from "../config.js";
import type { NodeService } from "../node-service.js";
import { entrySchema, errorResponses, hex32, safeIndex, signedCheckpointSchema } from "./schemas.js";

const checkpointsPage = {
  type: "object",
  required: ["checkpoints"],
  properties: { checkpoints: { type: "array", items: signedCheckpointSchema } },
} as const;

const query = (props: Record<string, object>, required: string[]) =>
  ({ type: "object", required, additionalProperties: false, properties: props }) as const;

function range(ok: boolean, what: string): void {
  if (!ok) throw qfsError("E_HTTP_RANGE", what);
}

export const auditPlugin: FastifyPluginAsync<{ node: NodeService }> = async (app, { node }) => {
  app.get(
    "/v1/audit/entries",
    {
      schema: {
        summary: `Audit entries [from, to): 0 ≤ from < to ≤ treeSize, to − from ≤ ${AUDIT_ENTRIES_RANGE_MAX}`,
        tags: ["audit"],
        querystring: query({ from: safeIndex, to: safeIndex }, ["from", "to"]),
        response: {
          200: {
            type: "object",
            required: ["treeSize", "entries"],
            properties: { treeSize: { type: "integer" }, entries: { type: "array", items: entrySchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query as { from: number; to: number };
      const treeSize = node.state().auditSize;
      range(from < to && to <= treeSize, `need 0 <= from < to <= ${treeSize} (got ${from}, ${to})`);
      range(to - from <= AUDIT_ENTRIES_RANGE_MAX, `at most ${AUDIT_ENTRIES_RANGE_MAX} entries a request`);
      return { treeSize, entries: await node.entries(from, to) };
    },
  );

  app.get(
    "/v1/audit/checkpoints",
    {
      schema: {
        summary: "Signed checkpoints from seq `from` (0 = genesis), at most `limit`",
        tags: ["audit"],
        querystring: query(
          {
            from: { ...safeIndex, default: 0 },
            limit: { type: "integer", minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT },
          },
          [],
        ),
        response: { 200: checkpointsPage, ...errorResponses },
      },
    },
    async (request) => {
      const { from, limit } = request.query as { from: number; limit: number };
      return { checkpoints: await node.checkpoints(from, limit) };
    },
  );

  app.get(
    "/v1/audit/checkpoints/latest",
    {
      schema: {
        summary: "The latest signed checkpoint",
        tags: ["audit"],
        response: { 200: signedCheckpointSchema, ...errorResponses },
      },
    },
    async () => node.state().checkpoint,
  );

  app.get(
    "/v1/audit/checkpoints/:seq",
    {
      schema: {
        summary: "The signed checkpoint of batch `seq` (0 = genesis); E_HTTP_RANGE past the latest",
        tags: ["audit"],
        params: query({ seq: safeIndex }, ["seq"]),
        response: { 200: signedCheckpointSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { seq } = request.params as { seq: number };
      const latest = node.state().checkpoint.seq;
      range(seq <= latest, `checkpoint ${seq} is past the latest (${latest})`);
      const [cp] = await node.checkpoints(seq, 1);
      range(cp !== undefined && cp.seq === seq, `checkpoint ${seq} is not held`);
      return cp;
    },
  );

  app.get(
    "/v1/audit/proofs/inclusion",
    {
      schema: {
        summary: "RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves (index < size ≤ treeSize)",
        tags: ["audit"],
        querystring: query({ index: safeIndex, size: safeIndex }, ["index", "size"]),
        response: {
          200: {
            type: "object",
            required: ["index", "treeSize", "proof"],
            properties: {
              index: { type: "integer" },
              treeSize: { type: "integer" },
              proof: { type: "array", items: hex32 },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { index, size } = request.query as { index: number; size: number };
      const treeSize = node.state().auditSize;
      range(index < size && size <= treeSize, `need index < size <= ${treeSize} (got ${index}, ${size})`);
      return { index, treeSize: size, proof: await node.inclusionProof(index, size) };
    },
  );

  app.get(
    "/v1/audit/proofs/consistency",
    {
      schema: {
        summary: "RFC 9162 consistency proof between the trees of `from` and `to` leaves (0 < from ≤ to ≤ treeSize)",
        tags: ["audit"],
        querystring: query({ from: safeIndex, to: safeIndex }, ["from", "to"]),
        response: {
          200: {
            type: "object",
            required: ["first", "second", "proof"],
            properties: {
              first: { type: "integer" },
              second: { type: "integer" },
              proof: { type: "array", items: hex32 },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query as { from: number; to: number };
      const treeSize = node.state().auditSize;
      range(0 < from && from <= to && to <= treeSize, `need 0 < from <= to <= ${treeSize} (got ${from}, ${to})`);
      return { first: from, second: to, proof: await node.consistencyProof(from, to) };
    },
  );

  app.get(
    "/v1/audit/log",
    {
      schema: {
        summary: "The log as a replay log version 2 (application/x-ndjson): head line, then one line a batch",
        description: "`qfs verify-log` and bindings/replay replayLogStream read it and reach the node's state root.",
        tags: ["audit"],
        produces: ["application/x-ndjson"],
        response: { 200: { type: "string", description: "newline-delimited JSON lines" }, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const lines = node.logLines();
      async function* ndjson(): AsyncGenerator<string> {
        for await (const line of lines) yield `${line}\n`;
      }
      return reply.type("application/x-ndjson").send(Readable.from(ndjson()));
    },
  );
};
