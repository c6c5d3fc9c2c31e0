// What both entry tests (Chromium and node:vm) expect of a battery result: the same as the Node entry's, and
// right against independent references (@noble/hashes, @noble/post-quantum signatures, the packet bytes).
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sha3_256, sha3_512, shake128, shake256 } from "@noble/hashes/sha3.js";
import { expect } from "vitest";
import {
  GROUPS,
  HASH_LENGTHS,
  SHAKE_OUT,
  input,
  toHex,
  type BatteryResult,
  type Fixture,
  type GroupName,
} from "./battery.js";
import { makeFixture } from "./fixture.js";
import { REPO } from "./graph.js";

/** The Node entry (dist/index.js), loaded by path so the test does not depend on its declared types. */
export async function nodeEntry(): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(REPO, "dist/index.js")).href)) as Record<string, unknown>;
}

export async function nodeFixture(api: Record<string, unknown>): Promise<Fixture> {
  return makeFixture(api as unknown as Parameters<typeof makeFixture>[0]);
}

/**
 * The module groups this source tree provides, so must export: a group becomes required as soon as the branch
 * that adds its binding is merged (bindings/math.ts, bindings/mldsa.ts, bindings/sdk/).
 */
export function requiredGroups(): Record<GroupName, boolean> {
  const has = (p: string): boolean => existsSync(path.join(REPO, p));
  return {
    hash: has("bindings/hash.ts"),
    math: has("bindings/math.ts"),
    mldsa: has("bindings/mldsa.ts"),
    packet: has("bindings/sdk/index.ts"),
    audit: has("bindings/audit/index.ts"),
    ledger: has("bindings/ledger/index.ts"),
  };
}

/** The group's exports exist (when required) and the entry's result equals the Node entry's. */
export function expectGroupsPresent(r: BatteryResult): void {
  const need = requiredGroups();
  for (const g of Object.keys(GROUPS) as GroupName[]) {
    if (need[g]) expect(r.present[g], `${g} exports (${GROUPS[g].join(", ")})`).toBe(true);
  }
}

/** Independent SHA3/SHAKE values (@noble/hashes) for the battery's hash inputs. */
export function referenceHashes(): Record<string, string> {
  const r: Record<string, string> = {};
  for (const n of HASH_LENGTHS) {
    r[`sha3_256/${n}`] = toHex(sha3_256(input(n, 1)));
    r[`sha3_512/${n}`] = toHex(sha3_512(input(n, 2)));
    r[`shake128/${n}/32`] = toHex(shake128(input(n, 3), { dkLen: 32 }));
    r[`shake256/${n}/64`] = toHex(shake256(input(n, 4), { dkLen: 64 }));
  }
  for (const o of SHAKE_OUT) {
    r[`shake128/200/${o}`] = toHex(shake128(input(200, 5), { dkLen: o }));
    r[`shake256/200/${o}`] = toHex(shake256(input(200, 6), { dkLen: o }));
  }
  const data = input(5000, 7);
  r["inc/sha3_256/5000"] = toHex(sha3_256(data));
  r["inc/shake128/5000/100+900"] = toHex(shake128(data, { dkLen: 1000 }));
  r["inc/shake256/5000/1+1999"] = toHex(shake256(data, { dkLen: 2000 }));
  return r;
}

/** Checks that do not need the Node result: values against references and fixed expectations. */
export function expectCorrect(r: BatteryResult, fx: Fixture): void {
  expect(r.hash).not.toBeNull();
  const ref = referenceHashes();
  for (const [k, v] of Object.entries(ref)) expect(r.hash?.[k], k).toBe(v);
  expect(r.hash?.["errors/shake128/-1"]).toBe("throws:E_HASH_LENGTH");
  expect(r.hash?.["errors/sha3_256/array"]).toBe("throws:E_HASH_INPUT");
  if (r.math !== null) {
    const one = 10n ** 18n;
    expect(r.math["ln/" + one]).toBe("n:0");
    expect(r.math["exp/0"]).toBe(`n:${one}`);
    expect(r.math["sqrt/4"]).toBe("n:2");
    expect(r.math[`sqrt/${10n ** 36n}`]).toBe(`n:${one}`);
    expect(r.math["mulDiv/5/1/2/floor"]).toBe("n:2");
    expect(r.math["mulDiv/5/1/2/ceil"]).toBe("n:3");
    expect(r.math["mulDiv/5/1/2/halfEven"]).toBe("n:2");
    expect(r.math["mulDiv/7/1/2/halfEven"]).toBe("n:4");
    expect(r.math["mulDiv/1/1/0/floor"]).toBe("throws:E_MATH_DIV_BY_ZERO");
    expect(r.math["ln/" + 2n * one]).toBe("n:693147180559945309"); // ln 2 = 0.693147180559945309417…
    expect(r.math["exp/" + one]).toBe("n:2718281828459045235"); // e = 2.718281828459045235360…
    expect(r.math["ln/0"]).toBe("throws:E_MATH_DOMAIN");
    // Every mulDiv and sqrt case against plain bigint arithmetic.
    const U128 = (1n << 128n) - 1n;
    for (const [k, v] of Object.entries(r.math)) {
      const [op, ...args] = k.split("/");
      if (op === "mulDiv") {
        const [a, b, c] = args.slice(0, 3).map((x) => BigInt(x)) as [bigint, bigint, bigint];
        if (c === 0n) continue;
        const q = (a * b) / c;
        const rem = (a * b) % c;
        const mode = args[3];
        const want =
          mode === "floor"
            ? q
            : mode === "ceil"
              ? q + (rem > 0n ? 1n : 0n)
              : q + (2n * rem > c || (2n * rem === c && q % 2n === 1n) ? 1n : 0n);
        expect(v, k).toBe(want > U128 ? "throws:E_MATH_OVERFLOW" : `n:${want}`);
      } else if (op === "sqrt") {
        const x = BigInt(args[0] as string);
        if (x > U128) continue;
        let y = 0n;
        for (let bit = 1n << 64n; bit > 0n; bit >>= 1n) if ((y + bit) * (y + bit) <= x) y += bit;
        expect(v, k).toBe(`n:${y}`);
      }
    }
  }
  if (r.mldsa !== null) {
    for (const c of fx.mldsa) {
      const k = `${c.level}/${c.name}`;
      expect(r.mldsa[`${k}/valid`], `${k} valid`).toBe(true);
      for (const bad of ["flippedSig", "flippedMsg", "flippedKey", "truncatedSig"]) {
        expect(r.mldsa[`${k}/${bad}`], `${k} ${bad}`).toBe(false);
      }
    }
  }
  if (r.packet !== null) {
    expect(r.packet.reencoded).toBe(`hex:${fx.packet.bytes}`);
    expect(r.packet.verify).toEqual({ ok: true });
    expect(r.packet.verifyFlippedSig).toMatchObject({ ok: false, code: "E_SIG_INVALID" });
    expect(r.packet.wasm).toMatchObject({ code: 0, offset: -1 });
    expect(r.packet.truncated).toBe("throws:E_PACKET_TOO_SHORT"); // the last signature is cut short
    expect((r.packet.wasmTruncated as { code: number }).code).toBe(100); // E_PACKET_TOO_SHORT: 40 of the 64 header bytes
  }
  if (r.audit !== null) {
    expect(r.audit.checkpointRootMatches, "the checkpoint's audit root is the log's root").toBe(true);
    if ("wasmRoot" in r.audit) expect(r.audit.wasmRoot, "WASM tree root = AuditLog root").toBe(`hex:${r.audit.root}`);
    expect(r.audit.inclusion).toBe(true);
    expect(r.audit.inclusionWrongLeaf).toBe(false);
    expect(r.audit.inclusionWrongRoot).toBe(false);
    expect(r.audit.consistency).toBe(true);
    expect(r.audit.consistencySwapped).toBe(false);
    expect(r.audit.ownInclusionVerifies, "this environment's own inclusion proof verifies").toBe(true);
    expect(r.audit.ownConsistencyVerifies, "this environment's own consistency proof verifies").toBe(true);
    expect(r.audit.checkpointSig).toBe(true);
    expect(r.audit.checkpointFlippedSig).toBe(false);
    expect(r.audit.checkpointOtherSeq).toBe(false);
  }
  if (r.ledger !== null) {
    const live = r.ledger.live as { outcomes: string[]; root: string }[];
    // Batch 1 mints; batch 2 transfers, then repeats the mint (its nonce is spent: rejected, not applied).
    expect(live.map((b) => b.outcomes[0])).toEqual(["OK", "OK"]);
    expect(live[1]?.outcomes[1]).not.toBe("OK");
    expect(r.ledger.liveAccounts).toMatchObject([
      { balances: ["n:0", "n:200", "n:0", "n:0", "n:0"] },
      {},
      { balances: ["n:0", "n:300", "n:0", "n:0", "n:0"] },
    ]);
    if ("replayRoots" in r.ledger) {
      expect(r.ledger.replayRoots, "replay from genesis gives the live roots").toEqual(live.map((b) => b.root));
      expect(r.ledger.replayAccounts).toEqual(r.ledger.liveAccounts);
    }
    expect(r.ledger.tampered).toEqual(["E_SIG_INVALID"]);
  }
}
