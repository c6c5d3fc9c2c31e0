// Readers for the node's JSON answers (receipts, account reads): each field is checked before it is used, and a
// field that does not hold is reported through the caller's `fail`, which names the field and throws. Shared by
// receipt.ts and account-proof.ts, so a checkpoint reads the same way wherever it is verified.
import type { Checkpoint } from "../audit/checkpoint.js";
import { fromHex } from "../bytes.js";
import { fromBase64 } from "./base64.js";

/** ML-DSA-87 signatures are 4627 bytes; a longer field is refused before it is decoded. */
const CHECKPOINT_SIGNATURE_BYTES_MAX = 4627;

export type Obj = Record<string, unknown>;
export type Fail = (field: string, reason: string) => never;

export interface JsonFields {
  obj(v: unknown, field: string): Obj;
  hex32(v: unknown, field: string): Uint8Array;
  uint(v: unknown, field: string): number;
  base64(v: unknown, field: string, maxBytes: number): Uint8Array;
  checkpoint(v: unknown): { cp: Checkpoint; hash: Uint8Array; signature: Uint8Array };
}

export function jsonFields(fail: Fail): JsonFields {
  const obj = (v: unknown, field: string): Obj => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) fail(field, "not an object");
    return v as Obj;
  };
  const hex32 = (v: unknown, field: string): Uint8Array => {
    const b = typeof v === "string" && v.length === 64 ? fromHex(v) : undefined;
    return b ?? fail(field, "not 64 lower-case hex characters");
  };
  const uint = (v: unknown, field: string): number => {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) fail(field, "not a non-negative integer");
    return v as number;
  };
  const base64 = (v: unknown, field: string, maxBytes: number): Uint8Array => {
    if (typeof v !== "string" || v.length > Math.ceil(maxBytes / 3) * 4)
      fail(field, `not base64 of at most ${maxBytes} B`);
    try {
      return fromBase64(v as string);
    } catch {
      return fail(field, "not canonical padded base64");
    }
  };
  const checkpoint = (v: unknown): { cp: Checkpoint; hash: Uint8Array; signature: Uint8Array } => {
    const o = obj(v, "checkpoint");
    const cp: Checkpoint = {
      version: 1,
      chainId: uint(o.chainId, "checkpoint.chainId"),
      treeSize: uint(o.treeSize, "checkpoint.treeSize"),
      auditRoot: hex32(o.auditRoot, "checkpoint.auditRoot"),
      stateRoot: hex32(o.stateRoot, "checkpoint.stateRoot"),
      seq: uint(o.seq, "checkpoint.seq"),
      logicalTimeMs: uint(o.logicalTimeMs, "checkpoint.logicalTimeMs"),
      prevHash: hex32(o.prevHash, "checkpoint.prevHash"),
    };
    if (cp.chainId > 0xffffffff) fail("checkpoint.chainId", "not a u32");
    return {
      cp,
      hash: hex32(o.hash, "checkpoint.hash"),
      signature: base64(o.signature, "checkpoint.signature", CHECKPOINT_SIGNATURE_BYTES_MAX),
    };
  };
  return { obj, hex32, uint, base64, checkpoint };
}
