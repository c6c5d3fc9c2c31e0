// Asserting errors by their catalogue code (bindings/errors), never by message or class name.
import { expect } from "vitest";
import { ERROR_CATALOGUE, isQfsError, type QfsError, type QfsErrorName } from "../../bindings/index.js";

/** The QfsError `f` throws; fails the test when `f` returns or throws anything else. */
export function thrown(f: () => unknown): QfsError {
  try {
    f();
  } catch (e) {
    if (isQfsError(e)) return e;
    expect.fail(`expected a QfsError, got ${String(e)}`);
  }
  expect.fail("expected a QfsError, nothing was thrown");
}

/** The code of the QfsError `f` throws, or "no error" when it returns (so a test names the code it expects). */
export function codeOf(f: () => unknown): QfsErrorName | "no error" {
  try {
    f();
  } catch (e) {
    if (isQfsError(e)) return e.code;
    expect.fail(`expected a QfsError, got ${String(e)}`);
  }
  return "no error";
}

/** `f` throws the QfsError of exactly this code. */
export function expectCode(f: () => unknown, code: QfsErrorName, label?: string): QfsError {
  const e = thrown(f);
  expect(e.code, label).toBe(code);
  return e;
}

/** `e` as a packet codec error (a QfsError of the packet area, with its byte offset); anything else is rethrown. */
export function asPacketError(e: unknown): { code: QfsErrorName; number: number; offset: number } {
  if (!isQfsError(e) || ERROR_CATALOGUE[e.code].area !== "packet") throw e;
  const offset = e.details?.offset;
  if (typeof offset !== "number") expect.fail(`${e.code} without details.offset`);
  return { code: e.code, number: e.number, offset };
}
