// Rows (docs/ledger.md "Loading from rows"): rows → fromRows gives a ledger that continues exactly
// as the original; rows of the wrong shape, repeated, disagreeing or changed are refused by name.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger, LedgerCode, RowKind, type StateRow } from "../../bindings/index.js";
import {
  apply,
  build,
  busyLedger,
  codeOf,
  fresh,
  hex,
  OUTSIDER,
  RUNS,
  scenario,
  type Built,
} from "./snapshot-scenarios.js";

describe("rows", () => {
  it("are sorted per participant, carry every account, key, balance, supply and the globals", () => {
    const a = busyLedger();
    const rows = a.rows();
    const registry = rows.filter((r) => r.participant === 5);
    expect(registry.filter((r) => r.kind === RowKind.ACCOUNT)).toHaveLength(a.accountCount);
    expect(registry.filter((r) => r.kind === RowKind.KEY)).toHaveLength(a.keyCount);
    expect(registry.filter((r) => r.kind === RowKind.GLOBALS)).toHaveLength(1);
    for (let t = 0; t < 5; t++) {
      const mine = rows.filter((r) => r.participant === t);
      expect(mine.filter((r) => r.kind === RowKind.SUPPLY)).toHaveLength(1);
      for (const r of mine.filter((r) => r.kind === RowKind.BALANCE))
        expect(new DataView(r.value.buffer).getBigUint64(0, true)).toBe(a.getAccount(r.key)!.balances[t]);
    }
    for (let p = 0; p <= 5; p++) {
      const keys = rows.filter((r) => r.participant === p).map((r) => `${r.kind}:${hex(r.key)}`);
      expect(keys).toEqual([...keys].sort());
    }
    for (const r of registry.filter((r) => r.kind === RowKind.ACCOUNT))
      expect(r.value.subarray(40, 120).every((b) => b === 0)).toBe(true);
  });

  it("rows → fromRows → N batches gives the roots and final state of the original (1,000 runs)", () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ before, after }, shuffle) => {
        const a = fresh();
        for (const s of before) apply(a, build(a, s));
        const rows = a.rows();
        if (shuffle) rows.reverse(); // a store may return its rows in any order
        const root = a.stateRoot();
        const audit = a.auditTreeState();
        const built: Built[] = [];
        const roots: string[] = [];
        for (const s of after) {
          built.push(build(a, s));
          roots.push(hex(apply(a, built[built.length - 1]!)));
        }
        const end = a.snapshot().bytes;
        const b = Ledger.fromRows(rows, root, { audit });
        expect(built.map((x) => hex(apply(b, x)))).toEqual(roots);
        expect(hex(b.snapshot().bytes)).toBe(hex(end));
      }),
      { numRuns: RUNS },
    );
  });

  it("refuse any single changed byte of any row by name, never a trap (1,000 runs)", () => {
    const a = busyLedger();
    const rows = a.rows();
    const root = a.stateRoot();
    const named = new Set(Object.keys(LedgerCode).filter((n) => n.startsWith("E_ROWS_") || n.startsWith("E_RESTORE_")));
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.nat({ max: rows.length - 1 }),
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (ri, inKey, pos, x) => {
          const r = rows[ri]!;
          const field = inKey ? r.key : r.value;
          const changed = field.slice();
          changed[pos % changed.length]! ^= x;
          const row = inKey ? { ...r, key: changed } : { ...r, value: changed };
          const code = codeOf(() =>
            Ledger.fromRows(
              rows.map((o, i) => (i === ri ? row : o)),
              root,
            ),
          );
          seen.set(code, (seen.get(code) ?? 0) + 1);
          expect(named.has(code), `row ${ri} ${inKey ? "key" : "value"}[${pos % changed.length}] ^ ${x}: ${code}`).toBe(
            true,
          );
        },
      ),
      { numRuns: RUNS },
    );
    expect(seen.get("E_ROWS_MALFORMED") ?? 0).toBeGreaterThan(0);
    expect(seen.get("E_RESTORE_ROOT") ?? 0).toBeGreaterThan(0);
  });

  it("refuse wrong shapes, repeats, unknown accounts, a disagreeing supply and a wrong root, each by name", () => {
    const a = busyLedger();
    const rows = a.rows();
    const root = a.stateRoot();
    const load = (rs: StateRow[], r = root) => codeOf(() => Ledger.fromRows(rs, r));
    const isKind = (k: number) => (r: StateRow) => r.kind === k;
    const balance = rows.find(isKind(RowKind.BALANCE))!;
    expect(load(rows.filter((r) => r.kind !== RowKind.GLOBALS))).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, balance])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, key: OUTSIDER.map((x) => x ^ 1) }])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, participant: 6 }])).toBe("E_ROWS_MALFORMED");
    expect(load([...rows, { ...balance, value: new Uint8Array(15) }])).toBe("E_ROWS_MALFORMED");
    const supply = rows.findIndex(isKind(RowKind.SUPPLY));
    const badSupply = rows.map((r, i) =>
      i === supply ? { ...r, value: r.value.map((b, j) => (j === 0 ? b ^ 1 : b)) } : r,
    );
    expect(load(badSupply)).toBe("E_ROWS_MALFORMED");
    const bi = rows.indexOf(balance);
    const richer = rows.map((r, i) => (i === bi ? { ...r, value: r.value.map((b, j) => (j === 0 ? b ^ 1 : b)) } : r));
    expect(load(richer)).toBe("E_RESTORE_ROOT");
    expect(load(rows.filter((r) => r.kind !== RowKind.KEY))).toBe("E_RESTORE_COUNT");
    expect(load(rows, new Uint8Array(32))).toBe("E_RESTORE_ROOT");
    const acc = rows.find(isKind(RowKind.ACCOUNT))!;
    const withBalance = { ...acc, value: acc.value.map((b, j) => (j === 40 ? 1 : b)) };
    expect(load(rows.map((r) => (r === acc ? withBalance : r)))).toBe("E_ROWS_MALFORMED");
    // After all those refusals the same rows still load, also with explicit zero balances (what a
    // store holds for a balance that went back to 0).
    const zeros = rows
      .filter(isKind(RowKind.ACCOUNT))
      .map((r) => ({ participant: 2, kind: RowKind.BALANCE, key: r.key, value: new Uint8Array(16) }));
    expect(rows.find((r) => r.participant === 2 && r.kind === RowKind.SUPPLY)!.value.every((b) => b === 0)).toBe(true);
    expect(hex(Ledger.fromRows([...zeros, ...rows], root).stateRoot())).toBe(hex(root));
    expect(hex(Ledger.fromRows(rows, root).stateRoot())).toBe(hex(root));
  });
});
