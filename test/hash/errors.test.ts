// Misuse of the hash API gives a QfsError with a stable E_HASH_* code; the core's exports reject bad arguments
// with -1 and never trap.
import { describe, expect, it } from "vitest";
import {
  HASH_MAX_OUTPUT,
  isQfsError,
  Sha3Hasher,
  ShakeHasher,
  createSha3_256,
  createSha3_512,
  createShake128,
  createShake256,
  keccakF1600,
  sha3_256,
  sha3_512,
  shake128,
  shake256,
} from "../../bindings/index.js";
import { scratchCore } from "../../bindings/runtime.js";

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!isQfsError(e)) expect.fail(`expected a QfsError, got ${String(e)}`);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("QfsError");
    expect(e.message.startsWith(e.code + ": ")).toBe(true);
    return e.code;
  }
  expect.fail("expected a QfsError, nothing was thrown");
}

const BAD_LENGTHS: unknown[] = [-1, 1.5, NaN, Infinity, -0.5, HASH_MAX_OUTPUT + 1, 2 ** 53, "32", 32n, null, undefined];
const BAD_DATA: unknown[] = [
  "abc",
  [1, 2, 3],
  null,
  undefined,
  5,
  new Uint16Array(4),
  new ArrayBuffer(8),
  new DataView(new ArrayBuffer(8)),
];

describe("hash API error codes", () => {
  it("E_HASH_FINALIZED: SHA3 update() or digest() after digest()", () => {
    for (const make of [createSha3_256, createSha3_512]) {
      const h = make().update(new Uint8Array(3));
      h.digest();
      expect(codeOf(() => h.update(new Uint8Array(1)))).toBe("E_HASH_FINALIZED");
      expect(codeOf(() => h.update(new Uint8Array(0)))).toBe("E_HASH_FINALIZED");
      expect(codeOf(() => h.digest())).toBe("E_HASH_FINALIZED");
      expect(codeOf(() => h.clone())).toBe("E_HASH_FINALIZED");
    }
  });

  it("E_HASH_FINALIZED: SHAKE update() after xof(), while xof() stays callable", () => {
    for (const make of [createShake128, createShake256]) {
      const h = make().update(new Uint8Array(3));
      h.xof(0); // even an empty read ends the absorbing phase
      expect(codeOf(() => h.update(new Uint8Array(1)))).toBe("E_HASH_FINALIZED");
      expect(codeOf(() => h.update(new Uint8Array(1000)))).toBe("E_HASH_FINALIZED");
      expect(h.xof(10)).toHaveLength(10);
      expect(h.xof(10)).toHaveLength(10);
    }
  });

  it("E_HASH_LENGTH: negative, fractional, non-number or oversized output lengths", () => {
    for (const n of BAD_LENGTHS) {
      expect(
        codeOf(() => shake128(new Uint8Array(1), n as number)),
        String(n),
      ).toBe("E_HASH_LENGTH");
      expect(
        codeOf(() => shake256(new Uint8Array(1), n as number)),
        String(n),
      ).toBe("E_HASH_LENGTH");
      expect(
        codeOf(() => createShake128().xof(n as number)),
        String(n),
      ).toBe("E_HASH_LENGTH");
      expect(
        codeOf(() => createShake256().xof(n as number)),
        String(n),
      ).toBe("E_HASH_LENGTH");
    }
    // A rejected length leaves a hasher usable and in its phase.
    const h = createShake256().update(new Uint8Array(5));
    expect(codeOf(() => h.xof(-1))).toBe("E_HASH_LENGTH");
    h.update(new Uint8Array(5));
    expect(h.xof(0)).toHaveLength(0);
    expect(codeOf(() => keccakF1600(new Uint8Array(199)))).toBe("E_HASH_LENGTH");
    expect(codeOf(() => keccakF1600(new Uint8Array(200), -1))).toBe("E_HASH_LENGTH");
    expect(codeOf(() => new Sha3Hasher(48 as 32))).toBe("E_HASH_LENGTH");
    expect(codeOf(() => new ShakeHasher(512 as 256))).toBe("E_HASH_LENGTH");
  });

  it("E_HASH_INPUT: data that is not a Uint8Array", () => {
    for (const d of BAD_DATA) {
      const x = d as Uint8Array;
      for (const f of [
        () => sha3_256(x),
        () => sha3_512(x),
        () => shake128(x, 8),
        () => shake256(x, 8),
        () => createSha3_256().update(x),
        () => createShake128().update(x),
        () => keccakF1600(x),
      ]) {
        expect(codeOf(f), String(d)).toBe("E_HASH_INPUT");
      }
    }
    // Buffer is a Uint8Array.
    expect(sha3_256(Buffer.from("abc"))).toHaveLength(32);
  });
});

describe("core exports reject out-of-range arguments with -1", () => {
  interface Ex {
    ioCapacity(): number;
    sha3_256(n: number): number;
    sha3_512(n: number): number;
    shake128(n: number, o: number): number;
    shake256(n: number, o: number): number;
    hashAbsorb(rate: number, pos: number, n: number): number;
    hashFinalize(rate: number, pos: number, ds: number, o: number): number;
    hashSqueeze(rate: number, pos: number, o: number): number;
    keccakPermuteIo(count: number): number;
  }
  const ex = scratchCore().exports as unknown as Ex;
  const cap = ex.ioCapacity();

  it("one-shots", () => {
    for (const n of [-1, cap + 1, 0x7fffffff, -0x80000000]) {
      expect(ex.sha3_256(n)).toBe(-1);
      expect(ex.sha3_512(n)).toBe(-1);
      expect(ex.shake128(n, 32)).toBe(-1);
      expect(ex.shake256(32, n)).toBe(-1);
    }
    expect(ex.sha3_256(cap)).toBe(0);
    expect(ex.shake256(cap, cap)).toBe(0);
  });

  it("incremental steps", () => {
    for (const rate of [0, -8, 4, 7, 100, 200, 256]) {
      expect(ex.hashAbsorb(rate, 0, 1), `rate ${rate}`).toBe(-1);
      expect(ex.hashFinalize(rate, 0, 0x1f, 1), `rate ${rate}`).toBe(-1);
      expect(ex.hashSqueeze(rate, 0, 1), `rate ${rate}`).toBe(-1);
    }
    expect(ex.hashAbsorb(136, 136, 1)).toBe(-1);
    expect(ex.hashAbsorb(136, -1, 1)).toBe(-1);
    expect(ex.hashAbsorb(136, 0, cap + 1)).toBe(-1);
    expect(ex.hashFinalize(136, 136, 0x1f, 1)).toBe(-1);
    expect(ex.hashFinalize(136, 0, 0, 1)).toBe(-1);
    expect(ex.hashFinalize(136, 0, 0x80, 1)).toBe(-1);
    expect(ex.hashFinalize(136, 0, 0x1f, -1)).toBe(-1);
    expect(ex.hashSqueeze(136, 137, 1)).toBe(-1);
    expect(ex.hashSqueeze(136, 0, cap + 1)).toBe(-1);
    expect(ex.keccakPermuteIo(-1)).toBe(-1);
    // In range: positions are returned.
    expect(ex.hashAbsorb(136, 5, 10)).toBe(15);
    expect(ex.hashSqueeze(136, 136, 1)).toBe(1);
  });
});
