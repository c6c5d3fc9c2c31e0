// Genesis as callers write it (bindings/ledger/genesis.ts): role names, the wire Role enum trap,
// one numeric convention (bigint, or a safe non-negative number; a named error otherwise), and
// the caps checked before anything is encoded.
import { describe, expect, it } from "vitest";
import {
  GENESIS_ALLOCATIONS_MAX,
  GENESIS_KEYS_MAX,
  LEDGER_BATCH_PACKETS_MAX,
  Ledger,
  isQfsError,
  type QfsError,
  LedgerRole,
  Role,
  Token,
  generateKeyPair,
  genesisRoleBits,
  keyId,
  minterRole,
  roleNames,
  type GenesisInput,
} from "../../bindings/index.js";

const T = 1_800_000_000_000n;
const admin = generateKeyPair(44, new Uint8Array(32).fill(1));
const minter = generateKeyPair(44, new Uint8Array(32).fill(2));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isQfsError(e)).toBe(true);
    return `${(e as QfsError).code} ${String((e as QfsError).details?.field)}`;
  }
  throw new Error("expected a QfsError");
}

function genesis(over: Partial<GenesisInput> = {}): GenesisInput {
  return {
    chainId: 9,
    timeMs: T,
    keys: [
      { publicKey: admin.publicKey, roles: ["ADMIN", "KEY_ADMIN"] },
      { publicKey: minter.publicKey, roles: ["MINTER:CHR", "MINTER:FLX"] },
    ],
    allocations: [{ account: keyId(admin.publicKey), token: Token.CHR, amount: 1000n }],
    ...over,
  };
}

describe("genesis roles", () => {
  it("takes role names and stores the ledger's role bits", () => {
    const l = Ledger.create(genesis());
    expect(l.getKey(keyId(admin.publicKey))!.roles).toBe(LedgerRole.ADMIN | LedgerRole.KEY_ADMIN);
    expect(l.getKey(keyId(minter.publicKey))!.roles).toBe(minterRole(Token.CHR) | minterRole(Token.FLX));
  });

  it("names and bits give the same ledger (same state root)", () => {
    const byName = Ledger.create(genesis()).stateRoot();
    const bits = genesis({
      keys: [
        { publicKey: admin.publicKey, roles: LedgerRole.ADMIN | LedgerRole.KEY_ADMIN },
        { publicKey: minter.publicKey, roles: minterRole(Token.CHR) | minterRole(Token.FLX) },
      ],
    });
    expect(Ledger.create(bits).stateRoot()).toEqual(byName);
  });

  it("the Role/LedgerRole trap is gone: MINTER by name is not ADMIN, wire Role values are refused", () => {
    const l = Ledger.create(genesis({ keys: [{ publicKey: minter.publicKey, roles: ["MINTER:CHR"] }] }));
    const roles = l.getKey(keyId(minter.publicKey))!.roles;
    expect(roles & LedgerRole.ADMIN).toBe(0);
    expect(roles).toBe(minterRole(Token.CHR));
    // The wire enum inside a role list (what ops.keyRegister takes) is not a role name.
    const wireList = [Role.MINTER] as unknown as ["ADMIN"];
    expect(codeOf(() => Ledger.create(genesis({ keys: [{ publicKey: minter.publicKey, roles: wireList }] })))).toBe(
      "E_GENESIS_ROLES genesis.keys[0].roles[0]",
    );
    // Wire Role values that are not LedgerRole bitmasks (KEY_ADMIN = 2, COUNCIL = 3) are refused.
    for (const r of [Role.KEY_ADMIN, Role.COUNCIL, 1 << 5, 1 << 13, 2 ** 32 + 1, -1, 1.5])
      expect(codeOf(() => genesisRoleBits(r))).toBe("E_GENESIS_ROLES roles");
    expect(codeOf(() => genesisRoleBits(["MINTER:XYZ"]))).toBe("E_GENESIS_ROLES roles[0]");
    expect(codeOf(() => genesisRoleBits(["admin"]))).toBe("E_GENESIS_ROLES roles[0]");
    expect(codeOf(() => genesisRoleBits("ADMIN"))).toBe("E_GENESIS_ROLES roles");
  });

  it("roleNames inverts genesisRoleBits", () => {
    const names = ["ADMIN", "COUNCIL", "AUDITOR", "MINTER:PSY", "MINTER:RES"] as const;
    const bits = genesisRoleBits(names);
    expect(bits).toBe(LedgerRole.ADMIN | LedgerRole.COUNCIL | LedgerRole.AUDITOR | minterRole(2) | minterRole(4));
    expect(roleNames(bits)).toEqual([...names]);
    expect(genesisRoleBits(roleNames(0x1d | (0x1f << 8)))).toBe(0x1d | (0x1f << 8));
  });
});

describe("one numeric convention", () => {
  it("genesis numbers that are safe non-negative integers work like bigints", () => {
    const big = Ledger.create(genesis()).stateRoot();
    const num = Ledger.create(
      genesis({
        timeMs: Number(T),
        allocations: [{ account: keyId(admin.publicKey), token: Token.CHR, amount: 1000 }],
      }),
    );
    expect(num.stateRoot()).toEqual(big);
    expect(num.timeMs).toBe(T);
  });

  it("anything else is E_INTEGER_RANGE naming the field", () => {
    for (const bad of [1.5, -1, 2 ** 60, Number.NaN, Infinity, "5", null])
      expect(codeOf(() => Ledger.create(genesis({ timeMs: bad as number })))).toBe("E_INTEGER_RANGE genesis.timeMs");
    expect(codeOf(() => Ledger.create(genesis({ timeMs: -1n })))).toBe("E_INTEGER_RANGE genesis.timeMs");
    expect(codeOf(() => Ledger.create(genesis({ timeMs: 1n << 64n })))).toBe("E_INTEGER_RANGE genesis.timeMs");
    const amount = (a: unknown) =>
      genesis({ allocations: [{ account: keyId(admin.publicKey), token: 0, amount: a as bigint }] });
    expect(codeOf(() => Ledger.create(amount(2 ** 60)))).toBe("E_INTEGER_RANGE genesis.allocations[0].amount");
    expect(codeOf(() => Ledger.create(amount(1n << 128n)))).toBe("E_INTEGER_RANGE genesis.allocations[0].amount");
    expect(codeOf(() => Ledger.create(genesis({ epochLengthMs: 0.5 })))).toBe("E_INTEGER_RANGE genesis.epochLengthMs");
    expect(codeOf(() => Ledger.create(genesis({ chainId: 2 ** 32 })))).toBe("E_INTEGER_RANGE genesis.chainId");
  });

  it("batch headers take safe numbers too; seq 1.5 or 2^60 as a number is refused before the core", () => {
    const l = Ledger.create(genesis());
    const r = l.applyWireBatch({ seq: 1, timeMs: Number(T) + 1000 }, []);
    expect(r.outcomes).toEqual([]);
    expect(l.seq).toBe(1n);
    expect(codeOf(() => l.applyWireBatch({ seq: 1.5, timeMs: T }, []))).toBe("E_INTEGER_RANGE header.seq");
    expect(codeOf(() => l.applyWireBatch({ seq: 2n, timeMs: 2 ** 60 }, []))).toBe("E_INTEGER_RANGE header.timeMs");
    expect(codeOf(() => l._applyRecordsForTest({ seq: -1, timeMs: T }, []))).toBe("E_INTEGER_RANGE header.seq");
    expect(l.seq).toBe(1n);
  });
});

describe("caps, checked before anything is encoded", () => {
  it("genesis keys and allocations", () => {
    const keys = Array.from({ length: GENESIS_KEYS_MAX + 1 }, () => ({ publicKey: admin.publicKey, roles: 0 }));
    expect(codeOf(() => Ledger.create(genesis({ keys })))).toBe("E_GENESIS_TOO_LARGE genesis.keys");
    const allocations = Array.from({ length: GENESIS_ALLOCATIONS_MAX + 1 }, () => ({
      account: keyId(admin.publicKey),
      token: 0,
      amount: 1n,
    }));
    expect(codeOf(() => Ledger.create(genesis({ allocations })))).toBe("E_GENESIS_TOO_LARGE genesis.allocations");
  });

  it("public key lengths: only the three ML-DSA sizes", () => {
    for (const n of [0, 1311, 2593, 1 << 20])
      expect(codeOf(() => Ledger.create(genesis({ keys: [{ publicKey: new Uint8Array(n), roles: 0 }] })))).toBe(
        "E_KEY_LEVEL genesis.keys[0].publicKey",
      );
  });

  it("packets in a batch", () => {
    const l = Ledger.create(genesis());
    const packets = Array.from({ length: LEDGER_BATCH_PACKETS_MAX + 1 }, () => new Uint8Array(0));
    expect(codeOf(() => l.applyWireBatch({ seq: 1n, timeMs: T }, packets))).toBe("E_BATCH_TOO_LARGE packets");
    expect(codeOf(() => l.applyWireBatch({ seq: 1n, timeMs: T }, ["x" as unknown as Uint8Array]))).toBe(
      "E_LEDGER_INPUT packets[0]",
    );
    expect(l.seq).toBe(0n);
  });
});
