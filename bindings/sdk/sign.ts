// Signing and signature verification of DRV packets (docs/wire-format.md §5).
import { decodePacketWithBody } from "../packet/decode.js";
import { compareBytes, encodeBody, encodePacket } from "../packet/encode.js";
import { packetError } from "../packet/errors.js";
import {
  CONTEXT_TX,
  PUBLIC_KEY_BYTES,
  type Level,
  type Packet,
  type PacketBody,
  type PacketSignature,
} from "../packet/types.js";
import { mldsaSign } from "../mldsa-sign.js";
import { keyId, mldsa } from "./keys.js";
import { verifySignature } from "./verify.js";

export interface Signer {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly level: Level;
}

export interface SignOptions {
  /** Hedged (randomized) signing per FIPS 204; default false: deterministic signatures. */
  readonly hedged?: boolean;
}

/** A body to sign: `signers` is filled in from the signer list. */
export type UnsignedBody = Omit<PacketBody, "signers"> & { readonly signers?: readonly Uint8Array[] };

/**
 * Signs `body` with every signer (ML-DSA, context `QFS-V13/tx`, message = the body bytes). The
 * signer list is sorted by key id, as the format requires; `body.signers`, if given, must name
 * exactly those keys.
 */
export function signPacket(body: UnsignedBody, signers: readonly Signer[], opts: SignOptions = {}): Packet {
  const withIds = signers.map((s) => ({ s, id: keyId(s.publicKey) }));
  withIds.sort((a, b) => compareBytes(a.id, b.id));
  const ids = withIds.map((x) => x.id);
  if (body.signers !== undefined) {
    const given = [...body.signers].sort(compareBytes);
    if (given.length !== ids.length || given.some((g, i) => compareBytes(g, ids[i] as Uint8Array) !== 0))
      throw packetError("E_PACKET_SIG_ORDER", -1, "body.signers does not match the signing keys");
  }
  const full: PacketBody = { ...body, signers: ids };
  const msg = encodeBody(full);
  const signatures: PacketSignature[] = withIds.map(({ s }) => signMessage(msg, s, opts));
  return { body: full, signatures };
}

/**
 * Distributed multi-sig, step 1: everyone agrees on the full body (its `signers` lists every
 * co-signer's key id, sorted — use `sortKeyIds`). Step 2: each co-signer calls this on their own
 * machine. Step 3: `assemblePacket` puts the signatures in signer order.
 */
export function signBody(body: PacketBody, signer: Signer, opts: SignOptions = {}): PacketSignature {
  const id = keyId(signer.publicKey);
  if (!body.signers.some((s) => compareBytes(s, id) === 0))
    throw packetError("E_PACKET_SIG_ORDER", -1, "the signing key is not in body.signers");
  return signMessage(encodeBody(body), signer, opts);
}

// Deterministic signatures come from the core's WASM signer (the same bytes as @noble's with extraEntropy: false,
// ~60x faster: test/mldsa checks the equality); hedged ones need fresh randomness, which the core never reads, so
// they stay with @noble.
function signMessage(msg: Uint8Array, signer: Signer, opts: SignOptions): PacketSignature {
  return {
    level: signer.level,
    signature:
      opts.hedged === true
        ? mldsa(signer.level).sign(msg, signer.secretKey, { context: CONTEXT_TX })
        : mldsaSign(signer.level, signer.secretKey, msg, CONTEXT_TX),
  };
}

/** Key ids in the order the format requires (strictly increasing bytewise; duplicates removed). */
export function sortKeyIds(ids: readonly Uint8Array[]): Uint8Array[] {
  const sorted = [...ids].sort(compareBytes);
  return sorted.filter((id, i) => i === 0 || compareBytes(sorted[i - 1] as Uint8Array, id) !== 0);
}

/** Builds the packet from a body and one signature per signer, given with its signer's key id in any order. */
export function assemblePacket(
  body: PacketBody,
  signatures: readonly { readonly keyId: Uint8Array; readonly signature: PacketSignature }[],
): Packet {
  const ordered = body.signers.map((id) => {
    const found = signatures.find((s) => compareBytes(s.keyId, id) === 0);
    if (found === undefined) throw packetError("E_PACKET_SIG_COUNT", -1, "a signer's signature is missing");
    return found.signature;
  });
  if (signatures.length !== ordered.length)
    throw packetError("E_PACKET_SIG_COUNT", -1, "signatures from keys outside body.signers");
  const packet = { body, signatures: ordered };
  encodePacket(packet); // validates everything (sizes, levels, order)
  return packet;
}

export interface RegisteredKey {
  readonly publicKey: Uint8Array;
  readonly level: Level;
}

/** Looks a key up by id (the registry, a cache, …); undefined when unknown. */
export type KeyLookup = (keyId: Uint8Array) => RegisteredKey | undefined;

/** Numbers of the verification failures (docs/errors.md). */
export const VerifyErrorCode = { E_KEY_UNKNOWN: 200, E_KEY_LEVEL_MISMATCH: 201, E_SIG_INVALID: 202 } as const;

export type VerifyResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: keyof typeof VerifyErrorCode;
      /** Index of the first failing signer. */
      readonly index: number;
    };

/**
 * Checks every signature of a packet (bytes or decoded). Structure is checked first (QfsError, packet codes);
 * then, in signer order: the key is known, its level matches the signature's, its id is the
 * SHA3-256 of the registered public key, and the signature verifies over the body bytes.
 */
export function verifyPacketSignatures(packet: Packet | Uint8Array, lookup: KeyLookup): VerifyResult {
  let p: Packet;
  let msg: Uint8Array;
  if (packet instanceof Uint8Array) {
    const d = decodePacketWithBody(packet);
    p = d.packet;
    msg = d.bodyBytes;
  } else {
    p = packet;
    msg = encodeBody(p.body);
  }
  if (p.signatures.length !== p.body.signers.length) throw packetError("E_PACKET_SIG_COUNT", -1);
  for (let i = 0; i < p.body.signers.length; i++) {
    const id = p.body.signers[i] as Uint8Array;
    const sig = p.signatures[i] as PacketSignature;
    const key = lookup(id);
    if (key === undefined || compareBytes(keyId(key.publicKey), id) !== 0)
      return { ok: false, code: "E_KEY_UNKNOWN", index: i };
    if (key.level !== sig.level || key.publicKey.length !== PUBLIC_KEY_BYTES[sig.level])
      return { ok: false, code: "E_KEY_LEVEL_MISMATCH", index: i };
    if (!verifySignature(sig.level, key.publicKey, msg, sig.signature, CONTEXT_TX))
      return { ok: false, code: "E_SIG_INVALID", index: i };
  }
  return { ok: true };
}
