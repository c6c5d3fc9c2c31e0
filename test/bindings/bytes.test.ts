// bindings/bytes.ts: the shared byte helpers, edge cases first.
import { describe, expect, it } from "vitest";
import {
  bytesEqual,
  fromHex,
  getU128,
  putU64,
  toHex,
  u128Bytes,
  u32Bytes,
  u64Bytes,
  u8Bytes,
} from "../../bindings/index.js";

describe("bytes", () => {
  it("hex: lower case both ways; decode refuses odd length, upper case, non-hex and non-strings", () => {
    expect(toHex(new Uint8Array(0))).toBe("");
    expect(toHex(Uint8Array.of(0, 1, 0xab, 0xff))).toBe("0001abff");
    expect(fromHex("")).toEqual(new Uint8Array(0));
    expect(fromHex("0001abff")).toEqual(Uint8Array.of(0, 1, 0xab, 0xff));
    for (const bad of ["0", "0g", "AB", " 00", "00 ", "0x00"]) expect(fromHex(bad), bad).toBeUndefined();
    expect(fromHex(7 as unknown as string)).toBeUndefined();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromHex(toHex(all))).toEqual(all);
    expect(toHex(all)).toBe(Buffer.from(all).toString("hex"));
  });

  it("bytesEqual: length and every byte, wherever they differ", () => {
    expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
    for (let i = 0; i < 32; i++) {
      const a = new Uint8Array(32).fill(9);
      const b = a.slice();
      b[i] = b[i]! ^ 0x80;
      expect(bytesEqual(a, b), `byte ${i}`).toBe(false);
      expect(bytesEqual(a, a.slice())).toBe(true);
    }
  });

  it("little-endian writers and readers at their extremes", () => {
    expect(u8Bytes(0x1ff)).toEqual(Uint8Array.of(0xff));
    expect(u32Bytes(0xdeadbeef)).toEqual(Uint8Array.of(0xef, 0xbe, 0xad, 0xde));
    expect(u32Bytes(-1)).toEqual(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(u64Bytes(2n ** 64n - 1n)).toEqual(new Uint8Array(8).fill(0xff));
    expect(u64Bytes(0x0102030405060708n)).toEqual(Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1));
    const max = 2n ** 128n - 1n;
    expect(u128Bytes(max)).toEqual(new Uint8Array(16).fill(0xff));
    const b = new Uint8Array(20);
    b.set(u128Bytes(max - 5n), 4);
    expect(getU128(new DataView(b.buffer), 4)).toBe(max - 5n);
    const out = new Uint8Array(10);
    putU64(out, 1, Number.MAX_SAFE_INTEGER);
    expect(new DataView(out.buffer).getBigUint64(1, true)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(out[0]).toBe(0);
    expect(out[9]).toBe(0);
  });
});
