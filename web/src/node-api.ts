// What the page reads from a node (docs/service.md routes), each answer capped before it is read in full, and the
// node key the tools trust: pasted by the person, or loaded from GET /v1/state (then its id is shown to compare).
import { fromHex } from "../../bindings/bytes.js";
import { fromBase64 } from "../../bindings/sdk/base64.js";
import type { Checkpoint } from "../../bindings/audit/checkpoint.js";
import type { NodeStateJson, SignedCheckpointJson } from "../../server/node-service.js";

/** Largest JSON answer the page reads, bytes (a receipt with 1024 events and its checkpoint is well under). */
export const JSON_ANSWER_BYTES_MAX = 4 * 1024 * 1024;
/** ML-DSA-87 public key and signature sizes, bytes (FIPS 204). */
export const NODE_PUBLIC_KEY_BYTES = 2592;
export const NODE_SIGNATURE_BYTES = 4627;

export function nodeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`'${raw}' is not a URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`${u.protocol} is not http(s)`);
  return u.origin + u.pathname.replace(/\/+$/, "");
}

/** The body of `res`, refused once it passes `maxBytes`. */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new Error(`the answer is ${declared} B, over ${maxBytes} B`);
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > maxBytes) {
      await reader.cancel();
      throw new Error(`the answer passed ${maxBytes} B`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** GET `path` on the node as JSON; a non-2xx answer throws with the node's error name and message. */
export async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(base + path, { headers: { accept: "application/json" } });
  const text = new TextDecoder().decode(await readCapped(res, JSON_ANSWER_BYTES_MAX));
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${path}: HTTP ${res.status}, not JSON`);
  }
  if (!res.ok) {
    const e = body as { error?: string; message?: string };
    throw new Error(`GET ${path}: HTTP ${res.status} ${e.error ?? ""} ${e.message ?? ""}`.trim());
  }
  return body as T;
}

export const getState = (base: string): Promise<NodeStateJson> => getJson<NodeStateJson>(base, "/v1/state");

/** The node public key in the key field, decoded and size-checked. */
export function parseNodeKey(text: string): Uint8Array {
  if (text === "") throw new Error("no node public key: load it from the node or paste it");
  let pk: Uint8Array;
  try {
    pk = fromBase64(text.replace(/\s+/g, ""));
  } catch {
    throw new Error("the node public key is not base64");
  }
  if (pk.length !== NODE_PUBLIC_KEY_BYTES)
    throw new Error(`the node public key is ${pk.length} B; ML-DSA-87 keys are ${NODE_PUBLIC_KEY_BYTES} B`);
  return pk;
}

function hex32(v: unknown, field: string): Uint8Array {
  const b = typeof v === "string" && v.length === 64 ? fromHex(v) : undefined;
  if (b === undefined) throw new Error(`${field} is not 64 lower-case hex characters`);
  return b;
}

function uint(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new Error(`${field} is not an integer ≥ 0`);
  return v;
}

/** A signed checkpoint's JSON (SignedCheckpointJson) as the checkpoint, its claimed hash and its signature. */
export function checkpointOf(
  j: SignedCheckpointJson,
  field = "checkpoint",
): {
  cp: Checkpoint;
  hash: Uint8Array;
  signature: Uint8Array;
} {
  if (j === null || typeof j !== "object") throw new Error(`${field} is not an object`);
  const cp: Checkpoint = {
    version: 1,
    chainId: uint(j.chainId, `${field}.chainId`),
    treeSize: uint(j.treeSize, `${field}.treeSize`),
    auditRoot: hex32(j.auditRoot, `${field}.auditRoot`),
    stateRoot: hex32(j.stateRoot, `${field}.stateRoot`),
    seq: uint(j.seq, `${field}.seq`),
    logicalTimeMs: uint(j.logicalTimeMs, `${field}.logicalTimeMs`),
    prevHash: hex32(j.prevHash, `${field}.prevHash`),
  };
  if (typeof j.signature !== "string" || j.signature.length > Math.ceil(NODE_SIGNATURE_BYTES / 3) * 4)
    throw new Error(`${field}.signature is not base64 of an ML-DSA-87 signature`);
  let signature: Uint8Array;
  try {
    signature = fromBase64(j.signature);
  } catch {
    throw new Error(`${field}.signature is not canonical base64`);
  }
  return { cp, hash: hex32(j.hash, `${field}.hash`), signature };
}
