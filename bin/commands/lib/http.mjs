// The node's HTTP API as the qfs commands use it (contract §3; shapes in server/node-service.ts). Every answer is
// read under a byte cap before it is parsed; a node that cannot be reached, or that answers an error, is a
// NodeError (exit 6) whose message carries the node's { error, code, message }.
import { EXIT } from "../exit-codes.mjs";

/** Largest JSON answer read, bytes: a page of 1000 audit entries (≤ 4096 B each, as base64) with room to spare. */
export const HTTP_RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
/** Longest wait for one answer, ms: a submit answers once its batch is durable (milliseconds on a healthy node). */
export const HTTP_TIMEOUT_MS = 60_000;

/** A node that cannot be reached (no `status`), or an error answer (`status`, `body`, and the Retry-After seconds
 *  of a 429). */
export class NodeError extends Error {
  constructor(message, status, body, retryAfterS) {
    super(message);
    this.status = status;
    this.body = body;
    this.retryAfterS = retryAfterS;
  }
}

async function request(url, init = {}) {
  try {
    return await fetch(url, { ...init, signal: globalThis.AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (e) {
    const why = e?.cause?.code ?? e?.name ?? "error";
    throw new NodeError(`cannot reach the node at ${url}: ${why}${e?.cause?.message ? ` (${e.cause.message})` : ""}`);
  }
}

/** The body as text, refusing past `max` bytes as it arrives. */
async function readCapped(res, url, max = HTTP_RESPONSE_BYTES_MAX) {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw new NodeError(`${url}: answer of ${declared} B is above ${max} B`, res.status);
  const parts = [];
  let n = 0;
  for await (const c of res.body ?? []) {
    n += c.byteLength;
    if (n > max) throw new NodeError(`${url}: answer above ${max} B`, res.status);
    parts.push(c);
  }
  return Buffer.concat(parts).toString("utf8");
}

async function json(res, url) {
  const text = await readCapped(res, url);
  try {
    return JSON.parse(text);
  } catch {
    throw new NodeError(`${url}: answered ${res.status} with a body that is not JSON`, res.status);
  }
}

function errorOf(status, body, url, res) {
  const b = body && typeof body === "object" ? body : {};
  const what =
    b.error !== undefined ? `${b.error}${b.code !== undefined ? ` (${b.code})` : ""}: ${b.message ?? ""}` : "";
  // A halted node (503 E_HALTED) says which halt: what a COUNCIL resume must name.
  const h = b.halt && typeof b.halt === "object" ? b.halt : undefined;
  const halt = h
    ? `; the node is halted (${h.source} halt, ${h.reason || `message ${h.message}`}, record hash ${h.hash})`
    : "";
  const retry = Number(res?.headers.get("retry-after") ?? "");
  return new NodeError(
    `${url}: HTTP ${status}${what ? ` ${what}` : ""}${halt}`,
    status,
    body,
    res?.headers.has("retry-after") && Number.isFinite(retry) && retry >= 0 ? retry : undefined,
  );
}

/** GET base+path as JSON. With `missing`, a 404 resolves to undefined instead of throwing. */
export async function getJson(base, path, { missing = false } = {}) {
  const url = base + path;
  const res = await request(url, { headers: { accept: "application/json" } });
  const body = await json(res, url);
  if (res.status === 404 && missing) return undefined;
  if (res.status !== 200) throw errorOf(res.status, body, url);
  return body;
}

/** POST /v1/transactions (octet-stream) → { status, body } for any JSON answer (a receipt, or an error body
 *  that may carry one). */
export async function postPacket(base, packet) {
  const url = `${base}/v1/transactions`;
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", accept: "application/json" },
    body: packet,
  });
  const body = await json(res, url);
  if (res.status !== 200 && !(body && typeof body === "object" && body.receipt))
    throw errorOf(res.status, body, url, res);
  return { status: res.status, body };
}

/** GET base+path as a stream of byte chunks (the caller caps what it reads: replay lines have their own cap). */
export async function getStream(base, path) {
  const url = base + path;
  const res = await request(url);
  if (res.status !== 200) throw errorOf(res.status, await json(res, url).catch(() => undefined), url);
  return res.body;
}

/** Runs `body`, turning a NodeError into its message on stderr and exit 6. */
export async function withNode(name, body) {
  try {
    return await body();
  } catch (e) {
    if (e instanceof NodeError) {
      process.stderr.write(`qfs ${name}: ${e.message}\n`);
      return EXIT.NODE;
    }
    throw e;
  }
}
