// Key files (contract §6): `qfs keygen` writes one key { name?, level, keyId, account, publicKey, secretKey } with
// base64 keys and hex ids; a list file (DATA_DIR/demo-keys.json: { keys: [ { name, …, hex keys } ] }) holds several,
// picked with FILE#NAME. Keys are told hex or base64 by their length, which differs for every level.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { UsageError } from "./args.mjs";

/** Largest key file read, bytes (a list of a few hundred ML-DSA-87 keys). */
export const KEY_FILE_BYTES_MAX = 4 * 1024 * 1024;

/** FIPS 204 sizes, bytes. */
export const PUBLIC_KEY_BYTES = { 44: 1312, 65: 1952, 87: 2592 };
export const SECRET_KEY_BYTES = { 44: 2560, 65: 4032, 87: 4896 };

/** The file's text, refused past `max` bytes before it is read. */
export function readCappedFile(path, what, max) {
  let fd;
  try {
    fd = openSync(path, "r");
    const size = statSync(path).size;
    if (size > max) throw new UsageError(`${what} ${path}: ${size} B is above the ${max} B cap (E_INPUT_TOO_LARGE)`);
    const buf = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString("utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${path}: ${e.code ?? e.message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function decodeKey(text, bytes, where) {
  if (typeof text !== "string") throw new UsageError(`${where}: missing`);
  if (text.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(text)) return new Uint8Array(Buffer.from(text, "hex"));
  if (text.length === Math.ceil(bytes / 3) * 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    const b = new Uint8Array(Buffer.from(text, "base64"));
    if (b.length === bytes) return b;
  }
  throw new UsageError(`${where}: not ${bytes} bytes of hex or base64`);
}

/**
 * Reads FILE or FILE#NAME → { name, level, publicKey, secretKey?, keyId, account } (bytes; ids 32 bytes).
 * `needSecret`: the key signs, so its secret key must be there. `sha3` is the SDK's SHA3-256.
 */
export function readKey(spec, what, { needSecret, sha3 }) {
  // A path that exists as given is a file even if it holds a '#'; else FILE#NAME splits at the last '#'.
  const hash = existsSync(spec) ? -1 : spec.lastIndexOf("#");
  const file = hash < 0 ? spec : spec.slice(0, hash);
  const name = hash < 0 ? undefined : spec.slice(hash + 1);
  const text = readCappedFile(file, `${what} file`, KEY_FILE_BYTES_MAX);
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} file ${file} is not JSON`);
  }
  let entry = doc;
  if (Array.isArray(doc?.keys)) {
    const names = doc.keys.map((k) => k?.name);
    if (name === undefined) {
      if (doc.keys.length !== 1)
        throw new UsageError(
          `${what} file ${file} holds ${doc.keys.length} keys: name one as ${file}#NAME (${names.join(", ")})`,
        );
      entry = doc.keys[0];
    } else {
      entry = doc.keys.find((k) => k?.name === name);
      if (entry === undefined) throw new UsageError(`${what} ${spec}: no key named '${name}' (${names.join(", ")})`);
    }
  } else if (name !== undefined && doc?.name !== name) {
    throw new UsageError(`${what} ${spec}: the file's key is named '${doc?.name ?? ""}', not '${name}'`);
  }
  const where = `${what} ${spec}`;
  const level = entry?.level;
  if (level !== 44 && level !== 65 && level !== 87) throw new UsageError(`${where}: level is not 44, 65 or 87`);
  const publicKey = decodeKey(entry.publicKey, PUBLIC_KEY_BYTES[level], `${where}: publicKey`);
  const keyId = sha3(publicKey);
  if (entry.keyId !== undefined && entry.keyId !== Buffer.from(keyId).toString("hex"))
    throw new UsageError(`${where}: keyId is not the SHA3-256 of publicKey`);
  let secretKey;
  if (needSecret || entry.secretKey !== undefined)
    secretKey = decodeKey(entry.secretKey, SECRET_KEY_BYTES[level], `${where}: secretKey`);
  // The account a key acts for: the file says (a registered key of an existing account), else the key's own id.
  const account = entry.account === undefined ? keyId : hexId(entry.account, `${where}: account`);
  return { name: entry.name, level, publicKey, secretKey, keyId, account };
}

export function hexId(text, what) {
  if (typeof text !== "string" || !/^[0-9a-fA-F]{64}$/.test(text))
    throw new UsageError(`${what} is not 64 hex characters: '${String(text).slice(0, 80)}'`);
  return new Uint8Array(Buffer.from(text, "hex"));
}

/** An account given as 64 hex, or as a key file (FILE or FILE#NAME) whose account it is. */
export function accountArg(text, what, sha3) {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return new Uint8Array(Buffer.from(text, "hex"));
  try {
    return readKey(text, what, { needSecret: false, sha3 }).account;
  } catch (e) {
    if (e instanceof UsageError)
      throw new UsageError(`${what} '${text}' is neither 64 hex characters nor a key file (${e.message})`);
    throw e;
  }
}
