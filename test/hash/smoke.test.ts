import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha3_256, shake256 } from "../../bindings/index.js";

describe("hash smoke", () => {
  it("sha3-256 and shake256 match node:crypto across block boundaries", () => {
    for (const n of [0, 1, 135, 136, 137, 272, 1000]) {
      const d = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(Buffer.from(sha3_256(d)).toString("hex")).toBe(createHash("sha3-256").update(d).digest("hex"));
      expect(Buffer.from(shake256(d, 300)).toString("hex")).toBe(
        createHash("shake256", { outputLength: 300 }).update(d).digest("hex"),
      );
    }
  });
});
