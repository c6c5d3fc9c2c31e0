// The write-set validator (contracts.md §A): every malformed case gets its own named code, never a throw.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  decodeWriteSet,
  encodeWriteSet,
  KIND_ACCOUNT,
  KIND_BALANCE,
  KIND_GLOBALS,
  KIND_SUPPLY,
  WS_HEADER_BYTES,
  type WriteRow,
} from "../../server/stores/write-set.js";
import { ROW_VALUE_BYTES_MAX, WRITE_SET_BYTES_MAX } from "../../server/stores/limits.js";
import { key, u128 } from "./helpers.js";

const bal = (k: number, v: bigint): WriteRow => ({ kind: KIND_BALANCE, key: key(k), value: u128(v), delete: false });
const good = () =>
  encodeWriteSet(2, 7n, [bal(1, 5n), bal(2, 6n), { kind: KIND_SUPPLY, key: key(0), value: u128(11n), delete: false }]);
const codeOf = (bytes: Uint8Array, participant = 2) => {
  const r = decodeWriteSet(bytes, participant);
  return r.ok ? "ok" : r.code;
};
const patched = (at: number, byte: number) => {
  const b = good();
  b[at] = byte;
  return b;
};

describe("write set v1 decoder", () => {
  it("round-trips a valid write set", () => {
    const r = decodeWriteSet(good(), 2);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.writeSet.batchSeq).toBe(7n);
    expect(r.writeSet.rows.map((x) => x.kind)).toEqual([1, 1, 2]);
    expect(codeOf(encodeWriteSet(5, 1n, []), 5)).toBe("ok"); // an empty write set: header only, rowCount 0
  });

  it.each([
    ["E_WS_SHORT", () => good().subarray(0, WS_HEADER_BYTES - 1)],
    ["E_WS_MAGIC", () => patched(0, 0x58)],
    ["E_WS_VERSION", () => patched(5, 2)],
    ["E_WS_PARTICIPANT", () => patched(4, 3)],
    ["E_WS_RESERVED", () => patched(6, 1)],
    ["E_WS_RESERVED", () => patched(23, 1)],
    ["E_WS_RESERVED", () => patched(WS_HEADER_BYTES + 2, 1)],
    ["E_WS_ROW_COUNT", () => patched(16, 200)],
    ["E_WS_ROW_TRUNCATED", () => good().subarray(0, good().length - 1)],
    ["E_WS_KIND", () => patched(WS_HEADER_BYTES, KIND_ACCOUNT)],
    ["E_WS_FLAGS", () => patched(WS_HEADER_BYTES + 1, 2)],
    ["E_WS_VALUE_LENGTH", () => encodeWriteSet(2, 1n, [{ ...bal(1, 1n), value: new Uint8Array(15) }])],
    ["E_WS_VALUE_LENGTH", () => patched(WS_HEADER_BYTES + 1, 1)], // a delete that still carries 16 value bytes
    [
      "E_WS_VALUE_LENGTH",
      () => encodeWriteSet(5, 1n, [{ kind: KIND_ACCOUNT, key: key(1), value: new Uint8Array(0), delete: false }]),
    ],
    [
      "E_WS_VALUE_LENGTH",
      () =>
        encodeWriteSet(5, 1n, [
          { kind: KIND_ACCOUNT, key: key(1), value: new Uint8Array(ROW_VALUE_BYTES_MAX + 1), delete: false },
        ]),
    ],
    ["E_WS_KEY", () => encodeWriteSet(2, 1n, [{ kind: KIND_SUPPLY, key: key(1), value: u128(1n), delete: false }])],
    [
      "E_WS_KEY",
      () => encodeWriteSet(5, 1n, [{ kind: KIND_GLOBALS, key: key(9), value: new Uint8Array(8), delete: false }]),
    ],
    ["E_WS_ORDER", () => encodeWriteSet(2, 1n, [bal(2, 1n), bal(1, 1n)])],
    ["E_WS_ORDER", () => encodeWriteSet(2, 1n, [bal(1, 1n), bal(1, 2n)])], // not unique
    [
      "E_WS_ORDER",
      () => encodeWriteSet(2, 1n, [{ kind: KIND_SUPPLY, key: key(0), value: u128(1n), delete: false }, bal(1, 1n)]),
    ],
    ["E_WS_TRAILING", () => new Uint8Array([...good(), 0])],
  ])("refuses %s", (code, make) => {
    expect(codeOf(make() as Uint8Array, (make() as Uint8Array)[4] === 5 ? 5 : 2)).toBe(code);
  });

  it("refuses a write set over the size cap before reading it", () => {
    const huge = new Uint8Array(WRITE_SET_BYTES_MAX + 1);
    expect(codeOf(huge)).toBe("E_WS_TOO_LARGE");
  });

  it("refuses a write set for another participant even when well formed", () => {
    expect(codeOf(good(), 3)).toBe("E_WS_PARTICIPANT");
  });

  it("never throws on arbitrary bytes or on mutations of a valid write set", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(5), (bytes, p) => {
        expect(() => decodeWriteSet(bytes, p)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
    const base = good();
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const b = base.slice();
        b[at] = byte;
        const r = decodeWriteSet(b, 2);
        if (byte === base[at]) expect(r.ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
