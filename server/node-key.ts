// The node's own ML-DSA-87 key (SPEC §5, §9): it signs every checkpoint, batch header and halt record. It lives in
// DATA_DIR/node-key.json (mode 0600), made at the first start from 32 bytes of the OS random source, or is given
// (a path in the config). Its id is SHA3-256 of the public key, like every key id. The secret key never enters WASM.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { qfsError } from "../bindings/errors/index.js";
import { sha3_256 } from "../bindings/hash.js";

export const NODE_KEY_FILE = "node-key.json";
export const NODE_PUBLIC_KEY_BYTES = 2592;
export const NODE_SECRET_KEY_BYTES = 4896;
/** A key file is two base64 keys and a hex id (~10 KB); anything past this is not one. */
const NODE_KEY_FILE_BYTES_MAX = 64 * 1024;

export interface NodeKey {
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  readonly keyId: Uint8Array;
}

interface NodeKeyFile {
  keyId: string;
  publicKey: string;
  secretKey: string;
}

export function nodeKeyFromSeed(seed: Uint8Array): NodeKey {
  const { publicKey, secretKey } = ml_dsa87.keygen(seed);
  return { publicKey, secretKey, keyId: sha3_256(publicKey) };
}

/** Reads a node key file; E_NODE_KEY when it is missing, too large, not JSON, of wrong lengths, or its public key
 *  does not hash to its id. */
export function readNodeKey(path: string): NodeKey {
  const bad = (why: string) => qfsError("E_NODE_KEY", `${path}: ${why}`);
  if (!existsSync(path)) throw bad("missing");
  const text = readFileSync(path, "utf8");
  if (text.length > NODE_KEY_FILE_BYTES_MAX) throw bad(`above ${NODE_KEY_FILE_BYTES_MAX} B`);
  let file: NodeKeyFile;
  try {
    file = JSON.parse(text) as NodeKeyFile;
  } catch {
    throw bad("not JSON");
  }
  if (typeof file.publicKey !== "string" || typeof file.secretKey !== "string" || typeof file.keyId !== "string")
    throw bad("needs keyId, publicKey and secretKey strings");
  const publicKey = new Uint8Array(Buffer.from(file.publicKey, "base64"));
  const secretKey = new Uint8Array(Buffer.from(file.secretKey, "base64"));
  if (publicKey.length !== NODE_PUBLIC_KEY_BYTES) throw bad(`public key is not ${NODE_PUBLIC_KEY_BYTES} bytes`);
  if (secretKey.length !== NODE_SECRET_KEY_BYTES) throw bad(`secret key is not ${NODE_SECRET_KEY_BYTES} bytes`);
  const keyId = sha3_256(publicKey);
  if (Buffer.from(keyId).toString("hex") !== file.keyId) throw bad("keyId is not SHA3-256 of the public key");
  return { publicKey, secretKey, keyId };
}

export function writeNodeKey(path: string, key: NodeKey): void {
  const file: NodeKeyFile = {
    keyId: Buffer.from(key.keyId).toString("hex"),
    publicKey: Buffer.from(key.publicKey).toString("base64"),
    secretKey: Buffer.from(key.secretKey).toString("base64"),
  };
  // Written whole or not at all: a crash during the first start leaves no half key file behind.
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, JSON.stringify(file, null, 2) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** DATA_DIR/node-key.json, made on first use. */
export function loadOrCreateNodeKey(dataDir: string): NodeKey {
  const path = join(dataDir, NODE_KEY_FILE);
  if (existsSync(path)) return readNodeKey(path);
  const key = nodeKeyFromSeed(new Uint8Array(randomBytes(32)));
  writeNodeKey(path, key);
  return key;
}
