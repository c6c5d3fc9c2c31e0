// The certified trace: SHA3-256 over the documented record encoding (docs/certified-math.md).
import { sha3_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import * as M from "../../bindings/index.js";

const S = M.SCALE;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// Independent encoder of the records (opcode, status, inputs, output; little-endian fixed widths).
const OP = {
  add: 1,
  sub: 2,
  mul: 3,
  div: 4,
  mod: 5,
  mulDiv: 6,
  pow: 7,
  sqrt: 8,
  fpMul: 9,
  fpDiv: 10,
  fpSqrt: 11,
  ln: 12,
  log2: 13,
  exp: 14,
  fpPow: 15,
  cmp: 16,
  min: 17,
  max: 18,
} as const;
// The record's status byte: the code's number − 499 (assembly/math/errors.ts MATH_TRACE_STATUS_BASE), 0 = ok.
const STATUS: Record<string, number> = {
  E_MATH_OVERFLOW: 1,
  E_MATH_UNDERFLOW: 2,
  E_MATH_DIV_BY_ZERO: 3,
  E_MATH_DOMAIN: 4,
  E_MATH_INVALID_ROUNDING: 5,
};
const MODE = { floor: 0, ceil: 1, halfEven: 2 } as const;
function le(x: bigint, bytes: number): number[] {
  let v = BigInt.asUintN(bytes * 8, x);
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}
type Item = { op: keyof typeof OP; ins: number[]; status: number; out: bigint };
function encode(items: Item[]): Uint8Array {
  const bytes: number[] = [];
  for (const it of items) bytes.push(OP[it.op], it.status, ...it.ins, ...le(it.status === 0 ? it.out : 0n, 16));
  return new Uint8Array(bytes);
}

// Runs a small computation through the API and records what the trace should contain.
function computation(variant = 0): Item[] {
  const items: Item[] = [];
  const u = (x: bigint) => le(x, 16);
  const rec = (op: keyof typeof OP, ins: number[], f: () => bigint | number) => {
    try {
      const out = f();
      items.push({ op, ins, status: 0, out: BigInt(out) });
    } catch (e) {
      items.push({ op, ins, status: (M.isQfsError(e) ? STATUS[e.code] : undefined) ?? 255, out: 0n });
    }
  };
  const a = 123_456_789n * S + BigInt(variant);
  const b = 3n * S;
  rec("add", [...u(a), ...u(b)], () => M.add(a, b));
  rec("sub", [...u(b), ...u(a)], () => M.sub(b, a)); // underflow: recorded with its status
  rec("mul", [...u(a), ...u(7n)], () => M.mul(a, 7n));
  rec("div", [...u(a), ...u(0n)], () => M.div(a, 0n));
  rec("mod", [...u(a), ...u(b)], () => M.mod(a, b));
  rec("mulDiv", [...u(a), ...u(b), ...u(7n), MODE.halfEven], () => M.mulDiv(a, b, 7n, "halfEven"));
  rec("pow", [...u(3n), ...le(40n, 4)], () => M.pow(3n, 40));
  rec("sqrt", u(a), () => M.sqrt(a));
  rec("fpMul", [...u(a), ...u(b), MODE.ceil], () => M.fpMul(a, b, "ceil"));
  rec("fpDiv", [...u(a), ...u(b), MODE.floor], () => M.fpDiv(a, b, "floor"));
  rec("fpSqrt", u(a), () => M.fpSqrt(a));
  rec("ln", u(S / 3n), () => M.ln(S / 3n)); // negative SD output, two's complement
  rec("log2", u(a), () => M.log2(a));
  rec("exp", le(-S, 16), () => M.exp(-S));
  rec("fpPow", [...u(M.PHI), ...le(-2n * S, 16)], () => M.fpPow(M.PHI, -2n * S));
  rec("cmp", [...u(a), ...u(b)], () => M.cmp(a, b));
  rec("min", [...u(a), ...u(b)], () => M.min(a, b));
  rec("max", [...u(a), ...u(b)], () => M.max(a, b));
  return items;
}

describe("CertifiedMath trace", () => {
  it("digest equals SHA3-256 (@noble/hashes) over the documented encoding", () => {
    M.traceStart();
    expect(M.tracing()).toBe(true);
    const items = computation();
    expect(M.traceCount()).toBe(items.length);
    expect(hex(M.traceDigest())).toBe(hex(sha3_256(encode(items))));
    M.traceStop();
  });

  it("same operations → same digest; digest does not disturb the running trace", () => {
    M.traceStart();
    computation();
    const d1 = hex(M.traceDigest());
    expect(hex(M.traceDigest())).toBe(d1);
    M.traceStart();
    computation();
    expect(hex(M.traceDigest())).toBe(d1);
    // continuing after a digest gives the digest of the longer sequence
    const more = M.add(1n, 2n);
    const items = [...computation(), { op: "add" as const, ins: [...le(1n, 16), ...le(2n, 16)], status: 0, out: more }];
    M.traceStart();
    computation();
    M.traceDigest();
    M.add(1n, 2n);
    expect(hex(M.traceDigest())).toBe(hex(sha3_256(encode(items))));
    M.traceStop();
  });

  it("a different operation or input → a different digest", () => {
    M.traceStart();
    computation(0);
    const d0 = hex(M.traceDigest());
    M.traceStart();
    computation(1);
    const d1 = hex(M.traceDigest());
    M.traceStart();
    computation(0);
    M.mul(2n, 3n);
    const d2 = hex(M.traceDigest());
    M.traceStart();
    computation(0);
    M.add(2n, 3n);
    const d3 = hex(M.traceDigest());
    M.traceStart();
    M.mulDiv(1n, 1n, 2n, "floor");
    const f = hex(M.traceDigest());
    M.traceStart();
    M.mulDiv(1n, 1n, 2n, "ceil");
    const c = hex(M.traceDigest());
    M.traceStop();
    expect(new Set([d0, d1, d2, d3]).size).toBe(4);
    expect(f).not.toBe(c);
  });

  it("nothing is recorded while stopped; an empty trace is SHA3-256 of the empty string", () => {
    M.traceStart();
    const empty = hex(M.traceDigest());
    expect(empty).toBe(hex(sha3_256(new Uint8Array(0))));
    M.traceStop();
    expect(M.tracing()).toBe(false);
    computation();
    expect(hex(M.traceDigest())).toBe(empty);
    expect(M.traceCount()).toBe(0);
  });

  it("records of many operations cross Keccak block boundaries correctly", () => {
    M.traceStart();
    const items: Item[] = [];
    for (let i = 0n; i < 300n; i++) {
      const out = M.mulDiv(i, S + i, 7n + i, "halfEven");
      items.push({ op: "mulDiv", ins: [...le(i, 16), ...le(S + i, 16), ...le(7n + i, 16), 2], status: 0, out });
    }
    expect(hex(M.traceDigest())).toBe(hex(sha3_256(encode(items))));
    M.traceStop();
  });
});
