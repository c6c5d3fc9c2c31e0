// The node's HTTP API as the qfs commands use it (contract §3; shapes in server/node-service.ts). Every answer is
// read under a byte cap before it is parsed; a node that cannot be reached, or that answers an error, is a
// node error (E_NODE_REQUEST, exit 6) whose message carries the node's { error, code, message }.
import { isQfsError, qfsError } from "../../../dist/errors/index.js";
import { EXIT } from "../exit-codes.mjs";
import { textOf } from "./args.mjs";

/** Largest JSON answer read, bytes: a page of 1000 audit entries (≤ 4096 B each, as base64) with room to spare. */
export const HTTP_RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
/** Longest wait for one answer, ms: a submit answers once its batch is durable (milliseconds on a healthy node). */
export const HTTP_TIMEOUT_MS = 60_000;

/** A node that cannot be reached (no `status`), or an error answer (`status`, `body`, and the Retry-After seconds
 *  of a 429): E_NODE_REQUEST with those in its details. */
export const nodeError = (text, status, body, retryAfterS) =>
  qfsError("E_NODE_REQUEST", text, { text, status, body, retryAfterS });
export const isNodeError = (e) => isQfsError(e, "E_NODE_REQUEST");

async function request(url, init = {}) {
  try {
    return await fetch(url, { ...init, signal: globalThis.AbortSignal.timeout(HTTP_TIMEOUT_MS) });
  } catch (e) {
    const why = e?.cause?.code ?? e?.name ?? "error";
    throw nodeError(`cannot reach the node at ${url}: ${why}${e?.cause?.message ? ` (${e.cause.message})` : ""}`);
  }
}

/** The body as text, refusing past `max` bytes as it arrives. */
async function readCapped(res, url, max = HTTP_RESPONSE_BYTES_MAX) {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > max) throw nodeError(`${url}: answer of ${declared} B is above ${max} B`, res.status);
  const parts = [];
  let n = 0;
  for await (const c of res.body ?? []) {
    n += c.byteLength;
    if (n > max) throw nodeError(`${url}: answer above ${max} B`, res.status);
    parts.push(c);
  }
  return Buffer.concat(parts).toString("utf8");
}

async function json(res, url) {
  const text = await readCapped(res, url);
  try {
    return JSON.parse(text);
  } catch {
    throw nodeError(`${url}: answered ${res.status} with a body that is not JSON`, res.status);
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
  return nodeError(
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

/** Runs `body`, turning a node error into its message on stderr and exit 6. */
export async function withNode(name, body) {
  try {
    return await body();
  } catch (e) {
    if (isNodeError(e)) {
      process.stderr.write(`qfs ${name}: ${textOf(e)}\n`);
      return EXIT.NODE;
    }
    throw e;
  }
}

/** The node's public key from GET /v1/state, checked against the key id the node states beside it. */
export async function nodeKey(sdk, base) {
  const state = await getJson(base, "/v1/state");
  let pk;
  try {
    pk = sdk.fromBase64(state.nodePublicKey);
  } catch {
    throw nodeError(`${base}/v1/state: no nodePublicKey (base64): is the node older than this CLI?`);
  }
  const keyId = sdk.toHex(sdk.keyId(pk));
  if (keyId !== state.nodeKeyId) throw nodeError(`${base}/v1/state: nodeKeyId is not its key's id`);
  return { pk, keyId, state };
}
