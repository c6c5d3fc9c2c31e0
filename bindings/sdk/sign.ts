// Signing and signature verification of DRV packets (docs/wire-format.md §5).
import { decodePacketWithBody } from "../packet/decode.js";
import { compareBytes, encodeBody } from "../packet/encode.js";
import { PacketError } from "../packet/errors.js";
import {
  CONTEXT_TX,
  PUBLIC_KEY_BYTES,
  type Level,
  type Packet,
  type PacketBody,
  type PacketSignature,
} from "../packet/types.js";
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
      throw new PacketError("E_PACKET_SIG_ORDER", -1, "body.signers does not match the signing keys");
  }
  const full: PacketBody = { ...body, signers: ids };
  const msg = encodeBody(full);
  const signatures: PacketSignature[] = withIds.map(({ s }) => ({
    level: s.level,
    signature: mldsa(s.level).sign(msg, s.secretKey, {
      context: CONTEXT_TX,
      ...(opts.hedged === true ? {} : { extraEntropy: false as const }),
    }),
  }));
  return { body: full, signatures };
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
 * Checks every signature of a packet (bytes or decoded). Structure is checked first (PacketError);
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
  if (p.signatures.length !== p.body.signers.length) throw new PacketError("E_PACKET_SIG_COUNT", -1);
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
