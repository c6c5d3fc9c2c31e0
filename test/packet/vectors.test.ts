// Golden vectors (vectors/packet/v1.json, from scripts/gen-packet-vectors.ts): the format must not drift.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bodyHash,
  decodePacketWithBody,
  encodePacket,
  generateKeyPair,
  packetId,
  verifyPacketSignatures,
  wasmDecodePacket,
  type Level,
} from "../../bindings/index.js";
import { asPacketError, thrown } from "../helpers/errors.js";

interface Vectors {
  valid: {
    name: string;
    signerKeys: { seed: string; level: Level }[];
    packet: string;
    length: number;
    bodyLength: number;
    packetId: string;
    bodyHash: string;
  }[];
  invalid: { name: string; packet: string; code: string; number: number; offset: number }[];
}
const V = JSON.parse(readFileSync(new URL("../../vectors/packet/v1.json", import.meta.url), "utf8")) as Vectors;
const hex = (u: Uint8Array): string => Buffer.from(u).toString("hex");
const bytesOf = (s: string): Uint8Array =>
  s.startsWith("zeros:") ? new Uint8Array(Number(s.slice(6))) : new Uint8Array(Buffer.from(s, "hex"));

describe("packet vectors v1", () => {
  for (const v of V.valid) {
    it(`valid: ${v.name}`, () => {
      const bytes = bytesOf(v.packet);
      expect(bytes.length).toBe(v.length);
      const d = decodePacketWithBody(bytes);
      expect(hex(encodePacket(d.packet))).toBe(v.packet);
      expect(d.bodyBytes.length).toBe(v.bodyLength);
      expect(hex(packetId(bytes))).toBe(v.packetId);
      expect(hex(bodyHash(d.bodyBytes))).toBe(v.bodyHash);
      expect(wasmDecodePacket(bytes)).toEqual({ code: 0, offset: -1, bodyLength: v.bodyLength });
      const keys = v.signerKeys.map((k) => generateKeyPair(k.level, new Uint8Array(Buffer.from(k.seed, "hex"))));
      const byId = new Map(keys.map((k) => [hex(k.keyId), k]));
      expect(verifyPacketSignatures(bytes, (id) => byId.get(hex(id)))).toEqual({ ok: true });
    });
  }
  for (const v of V.invalid) {
    it(`invalid: ${v.name} → ${v.code}`, () => {
      const bytes = bytesOf(v.packet);
      const e = asPacketError(thrown(() => decodePacketWithBody(bytes)));
      expect([e.code, e.number, e.offset]).toEqual([v.code, v.number, v.offset]);
      expect(wasmDecodePacket(bytes)).toEqual({ code: v.number, offset: v.offset, bodyLength: 0 });
    });
  }
});
