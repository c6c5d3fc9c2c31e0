// Differential fuzz: ≥100,000 mutated packets through the TS decoder and the WASM decoder. Both
// must reject cleanly (a packet-code QfsError in TS, an error code in WASM, never a trap) with the same code
// and offset, and accept the same inputs; an accepted input must re-encode to the same bytes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodePacketWithBody,
  encodeBody,
  encodePacket,
  packetErrorName,
  wasmDecodePacket,
} from "../../bindings/index.js";
import { asPacketError } from "../helpers/errors.js";
import { packetArb } from "./gen.js";

const ITERATIONS = 100_000;
const INTERESTING = [0, 1, 2, 4, 5, 8, 9, 15, 16, 17, 43, 44, 45, 64, 65, 86, 87, 0x7f, 0x80, 0xfe, 0xff];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe("packet fuzz: TS and WASM decoders agree", () => {
  it(`${ITERATIONS.toLocaleString("en")} mutated packets: clean rejections, same code and offset`, () => {
    const corpus = fc.sample(packetArb, { seed: 1337, numRuns: 48 }).map((p) => ({
      bytes: encodePacket(p),
      bodyLen: encodeBody(p.body).length,
    }));
    const next = rng(0xc0ffee);
    const below = (n: number): number => (n <= 0 ? 0 : next() % n);
    const histogram: Record<string, number> = {};
    for (let it = 0; it < ITERATIONS; it++) {
      const src = corpus[below(corpus.length)] as { bytes: Uint8Array; bodyLen: number };
      const pos = (): number => (next() % 4 === 0 ? below(src.bytes.length) : below(src.bodyLen));
      let m: Uint8Array = src.bytes.slice();
      const rounds = 1 + (next() % 8 === 0 ? below(3) : 0);
      for (let r = 0; r < rounds; r++) {
        const kind = below(10);
        const p = Math.min(pos(), Math.max(0, m.length - 1));
        switch (kind) {
          case 0:
            m[p] = (m[p] as number) ^ (1 << below(8));
            break;
          case 1:
            m[p] = INTERESTING[below(INTERESTING.length)] as number;
            break;
          case 2:
            m = m.slice(0, below(m.length + 1));
            break;
          case 3: {
            const extra = new Uint8Array(1 + below(8)).map(() => below(256));
            const c = new Uint8Array(m.length + extra.length);
            c.set(m);
            c.set(extra, m.length);
            m = c;
            break;
          }
          case 4: {
            const c = new Uint8Array(m.length + 1);
            c.set(m.subarray(0, p));
            c[p] = below(256);
            c.set(m.subarray(p), p + 1);
            m = c;
            break;
          }
          case 5: {
            const c = new Uint8Array(Math.max(0, m.length - 1));
            c.set(m.subarray(0, p));
            c.set(m.subarray(p + 1), p);
            m = c;
            break;
          }
          case 6:
            if (m.length > 7) m[6 + below(2)] = below(20);
            break;
          case 7: {
            const other = (corpus[below(corpus.length)] as { bytes: Uint8Array }).bytes;
            const q = below(other.length);
            const c = new Uint8Array(p + other.length - q);
            c.set(m.subarray(0, p));
            c.set(other.subarray(q), p);
            m = c;
            break;
          }
          case 8:
            m.fill(below(2) === 0 ? 0 : 0xff, p, p + 1 + below(16));
            break;
          default:
            for (let k = 0; k < 4; k++) {
              const q = Math.min(pos(), Math.max(0, m.length - 1));
              m[q] = (m[q] as number) ^ (1 << below(8));
            }
        }
      }

      let tsCode = 0;
      let tsOffset = -1;
      let bodyLength = 0;
      try {
        const d = decodePacketWithBody(m);
        bodyLength = d.bodyBytes.length;
        if (!sameBytes(encodePacket(d.packet), m)) throw new Error(`accepted but not canonical (iteration ${it})`);
      } catch (e) {
        ({ number: tsCode, offset: tsOffset } = asPacketError(e));
      }
      const w = wasmDecodePacket(m);
      if (w.code !== tsCode || w.offset !== tsOffset || w.bodyLength !== bodyLength) {
        expect({ it, code: w.code, offset: w.offset, bodyLength: w.bodyLength }).toEqual({
          it,
          code: tsCode,
          offset: tsOffset,
          bodyLength,
        });
      }
      const name = tsCode === 0 ? "accepted" : (packetErrorName(tsCode) as string);
      histogram[name] = (histogram[name] ?? 0) + 1;
    }
    console.log("fuzz outcomes:", histogram);
    // Every rejection class the mutations can reach was reached.
    for (const code of [
      "accepted",
      "E_PACKET_TOO_SHORT",
      "E_PACKET_MAGIC",
      "E_PACKET_VERSION",
      "E_PACKET_TRAILING_BYTES",
      "E_PACKET_OP_UNKNOWN",
      "E_PACKET_OP_COUNT",
      "E_PACKET_SIG_COUNT",
      "E_PACKET_SIG_ORDER",
      "E_PACKET_SIG_LEVEL",
      "E_PACKET_RESERVED_NONZERO",
      "E_PACKET_FIELD_RANGE",
    ])
      expect(histogram[code] ?? 0, code).toBeGreaterThan(0);
  });

  it("random bytes and oversized inputs", () => {
    const next = rng(7);
    for (let i = 0; i < 2000; i++) {
      const m = new Uint8Array(next() % 300).map(() => next() & 0xff);
      if (i % 2 === 0 && m.length >= 5) m.set([0x51, 0x44, 0x52, 0x56, 1]);
      let ts = 0;
      try {
        decodePacketWithBody(m);
      } catch (e) {
        ts = asPacketError(e).number;
      }
      expect(wasmDecodePacket(m).code).toBe(ts);
    }
    for (const n of [65_536, 65_537, 1 << 20]) {
      const m = new Uint8Array(n);
      m.set([0x51, 0x44, 0x52, 0x56, 1]);
      expect(wasmDecodePacket(m).code).toBe(n > 65_536 ? 101 : 107); // signer count 0
    }
  });

  it("raw exports: odd lengths and out-of-range indices give codes and sentinels, never a trap", async () => {
    const { scratchCore } = await import("../../bindings/runtime.js");
    const c = scratchCore().exports as unknown as Record<string, (...a: number[]) => number>;
    expect(c.packetDecode!(-1)).toBe(100);
    expect(c.packetDecode!(-0x8000_0000)).toBe(100);
    expect(c.packetDecode!(0x7fff_ffff)).toBe(101);
    for (const f of ["packetOpType", "packetSigLevel"]) for (const i of [-1, 16, 1 << 30]) expect(c[f]!(i)).toBe(0);
    for (const f of ["packetOpOffset", "packetSigOffset", "packetSignerOffset"])
      for (const i of [-1, 8, 16, 1 << 30]) expect(c[f]!(i)).toBe(-1);
  });
});
