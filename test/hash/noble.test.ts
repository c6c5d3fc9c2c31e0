// Agreement with @noble/hashes: every input length 0..1,100, XOF output lengths around the rate and the
// I/O-buffer boundaries, long inputs, and random incremental splits (fast-check, fixed seed).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha3_256 as nSha3_256 } from "@noble/hashes/sha3.js";
import * as qfs from "../../bindings/index.js";
import { ALGS, type Alg, RATE, hex, isXof, noble, ours, oursIncremental, seededBytes, split } from "./helpers.js";

const IO = 1 << 16; // the core's I/O buffer (ioCapacity())

describe("agreement with @noble/hashes on every input length 0..1100", () => {
  for (const alg of ALGS) {
    it(alg, () => {
      const outLen = isXof(alg) ? 32 : undefined;
      const data = seededBytes(0x1100 + alg.length, 1100);
      const bad: number[] = [];
      for (let n = 0; n <= 1100; n++) {
        // A fresh random message per length (not only prefixes of one buffer).
        const m = n % 2 ? data.subarray(0, n) : seededBytes(n * 7919 + 1, n);
        if (hex(ours(alg, m, outLen)) !== hex(noble(alg, m, outLen))) bad.push(n);
      }
      expect(bad, `${alg}: lengths that disagree`).toEqual([]);
    });
  }
});

describe("XOF output lengths around rate and buffer boundaries", () => {
  for (const alg of ["shake128", "shake256"] as const) {
    const r = RATE[alg];
    const lens = new Set<number>([0, 1, 7, 8, 9]);
    for (let k = 1; k <= 5; k++) for (const d of [-1, 0, 1]) lens.add(k * r + d);
    for (const d of [-1, 0, 1]) lens.add(IO + d);
    lens.add(2 * IO + 100);
    it(`${alg}: one-shot and incremental (single xof) at ${lens.size} output lengths`, () => {
      const msg = seededBytes(42, 100);
      for (const n of lens) {
        const want = hex(noble(alg, msg, n));
        expect(hex(ours(alg, msg, n)), `one-shot outLen ${n}`).toBe(want);
        expect(hex(oursIncremental(alg, [msg], [n])), `xof(${n})`).toBe(want);
      }
    });
    it(`${alg}: xof() in pieces that straddle block boundaries`, () => {
      const msg = seededBytes(43, r);
      const pieces = [r - 1, 1, 1, r, r + 1, 0, 3 * r - 2, 5];
      const total = pieces.reduce((a, b) => a + b, 0);
      expect(hex(oursIncremental(alg, [msg], pieces))).toBe(hex(noble(alg, msg, total)));
    });
  }
});

describe("long inputs (streamed through the I/O buffer in chunks)", () => {
  for (const size of [IO - 1, IO, IO + 1, 100 * 1024, 1024 * 1024]) {
    it(`${size} bytes, all four functions, one-shot and incremental`, () => {
      const msg = seededBytes(size, size);
      for (const alg of ALGS) {
        const want = hex(noble(alg, msg, 64));
        expect(hex(ours(alg, msg, 64)), `${alg} one-shot`).toBe(want);
        const pieces = split(msg, [size >> 1, 12345, 65537]);
        expect(hex(oursIncremental(alg, pieces, [64])), `${alg} incremental`).toBe(want);
      }
    });
  }
});

// Deterministic: the seed is fixed (override with HASH_FC_SEED=...); fast-check prints the seed and the
// shrunk counterexample on failure, and so does the message below.
const SEED = Number(process.env.HASH_FC_SEED ?? 0x13a5);
const RUNS = 1000;

describe(`random incremental splits (fast-check, ${RUNS} runs, seed ${SEED})`, () => {
  it("incremental == one-shot == @noble/hashes for every function", () => {
    const prop = fc.property(
      fc.constantFrom<Alg>(...ALGS),
      // size "max": without it fast-check keeps arrays at about 10 elements.
      fc.uint8Array({ maxLength: 1500, size: "max" }),
      fc.array(fc.nat({ max: 1500 }), { maxLength: 12, size: "max" }),
      fc.array(fc.nat({ max: 400 }), { minLength: 1, maxLength: 6, size: "max" }),
      (alg, msg, cuts, outPieces) => {
        const pieces = split(msg, cuts);
        const outs = isXof(alg) ? outPieces : [alg === "sha3-256" ? 32 : 64];
        const total = outs.reduce((a, b) => a + b, 0);
        const inc = hex(oursIncremental(alg, pieces, outs));
        const one = hex(ours(alg, msg, total));
        const ref = hex(noble(alg, msg, total));
        return inc === ref && one === ref;
      },
    );
    const out = fc.check(prop, { numRuns: RUNS, seed: SEED });
    if (out.failed) {
      console.error(`hash fast-check failed: seed ${out.seed}, path ${out.counterexamplePath ?? ""}`);
    }
    expect(out.failed, fc.defaultReportMessage(out) ?? "").toBe(false);
    expect(out.numRuns).toBe(RUNS);
  });

  it("clone() forks a hasher: a common prefix, then different suffixes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400, size: "max" }),
        fc.uint8Array({ maxLength: 400, size: "max" }),
        (prefix, suffix) => {
          const a = qfs.createSha3_256().update(prefix);
          const b = a.clone().update(suffix);
          const x = qfs.createShake256().update(prefix);
          const y = x.clone().update(suffix);
          const x1 = x.xof(50);
          const x2 = x.clone().xof(70); // clone in the squeezing phase continues the same stream
          return (
            hex(a.digest()) === hex(nSha3_256(prefix)) &&
            hex(b.digest()) === hex(nSha3_256(Buffer.concat([prefix, suffix]))) &&
            hex(Buffer.concat([x1, x2])) === hex(noble("shake256", prefix, 120)) &&
            hex(y.xof(33)) === hex(noble("shake256", Buffer.concat([prefix, suffix]), 33))
          );
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });
});

describe("hashers do not disturb each other", () => {
  it("interleaved updates of many hashers and one-shots in between", () => {
    const msgs = Array.from({ length: 6 }, (_, i) => seededBytes(i + 1, 300 + 97 * i));
    const hs = msgs.map((_, i) => (i % 2 ? qfs.createShake128() : qfs.createSha3_512()));
    for (let off = 0; off < 1000; off += 37) {
      hs.forEach((h, i) => {
        h.update(msgs[i]!.subarray(off, off + 37));
        qfs.sha3_256(msgs[i]!); // a one-shot between steps
      });
    }
    hs.forEach((h, i) => {
      const got = h instanceof qfs.ShakeHasher ? h.xof(48) : h.digest();
      expect(hex(got)).toBe(hex(noble(i % 2 ? "shake128" : "sha3-512", msgs[i]!, 48)));
    });
  });

  it("hundreds of live hashers (their states share slabs) stay independent", () => {
    const n = 250; // > 3 slabs of 80 states
    const msgs = Array.from({ length: n }, (_, i) => seededBytes(1000 + i, 20 + (i % 150)));
    const algs: Alg[] = ["sha3-256", "sha3-512", "shake128", "shake256"];
    const hs = msgs.map((_, i) => {
      const a = algs[i % 4]!;
      return a === "sha3-256"
        ? qfs.createSha3_256()
        : a === "sha3-512"
          ? qfs.createSha3_512()
          : a === "shake128"
            ? qfs.createShake128()
            : qfs.createShake256();
    });
    for (let off = 0; off < 170; off += 9) hs.forEach((h, i) => h.update(msgs[i]!.subarray(off, off + 9)));
    hs.forEach((h, i) => {
      const a = algs[i % 4]!;
      const got = h instanceof qfs.ShakeHasher ? h.xof(40) : h.digest();
      expect(hex(got), `hasher ${i}`).toBe(hex(noble(a, msgs[i]!, 40)));
    });
  });

  it("keeps working after the core's memory grows (views are rebuilt)", async () => {
    const { scratchCore } = await import("../../bindings/runtime.js");
    const m = seededBytes(7, 500);
    const h = qfs.createShake256().update(m.subarray(0, 200));
    scratchCore().exports.memory.grow(1);
    h.update(m.subarray(200));
    expect(hex(h.xof(40))).toBe(hex(noble("shake256", m, 40)));
    expect(hex(qfs.sha3_256(m))).toBe(hex(noble("sha3-256", m)));
  });

  it("inputs that are views into other buffers, including the core's own memory", async () => {
    const { scratchCore } = await import("../../bindings/runtime.js");
    const big = seededBytes(9, 5000);
    const view = big.subarray(1001, 3003);
    expect(hex(qfs.shake256(view, 64))).toBe(hex(noble("shake256", view, 64)));
    const c = scratchCore().exports;
    const io = new Uint8Array(c.memory.buffer, c.ioPtr(), 300);
    io.set(big.subarray(0, 300));
    const copy = io.slice();
    expect(hex(qfs.sha3_256(io.subarray(5, 290)))).toBe(hex(noble("sha3-256", copy.subarray(5, 290))));
    // Longer than the I/O buffer and overlapping it and the scratch state: one-shot and incremental.
    const wide = new Uint8Array(c.memory.buffer, c.ioPtr() + 10, 70000);
    wide.set(seededBytes(11, 70000));
    const wideCopy = wide.slice();
    for (const alg of ["sha3-256", "shake128"] as const) {
      const want = hex(noble(alg, wideCopy, 32));
      expect(hex(ours(alg, wide, 32)), `${alg} one-shot`).toBe(want);
      wide.set(wideCopy);
      expect(hex(oursIncremental(alg, [wide.subarray(0, 3), wide.subarray(3)], [32])), `${alg} incremental`).toBe(want);
      wide.set(wideCopy);
    }
  });
});
