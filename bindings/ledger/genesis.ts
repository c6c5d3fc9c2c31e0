// Genesis as callers write it (GenesisInput: role names, numbers where safe) → the canonical
// Genesis the core and the replay log use (bigint amounts and times, role bits). Every cap and
// conversion is checked here, before anything is encoded; a refusal is a QfsError:
// E_INTEGER_RANGE (a number that is not a safe non-negative integer, or out of the field's range),
// E_GENESIS_ROLES (an unknown role name, or a number that is not a LedgerRole bitmask),
// E_GENESIS_TOO_LARGE (more keys or allocations than GENESIS_*_MAX), E_KEY_LEVEL (a public key
// whose length is no ML-DSA level's), E_LEDGER_INPUT (a field of the wrong type or length).
import { PUBLIC_KEY_BYTES, Token, TOKEN_COUNT } from "../packet/types.js";
import { GENESIS_ALLOCATIONS_MAX, GENESIS_KEYS_MAX, GENESIS_ROLE_NAMES_MAX } from "./limits.js";
import { ledgerInputError, toBigUint, toSafeUint, U128_MAX } from "./numbers.js";
import { LEDGER_ROLE_ALL, LedgerRole, minterRole, type Genesis, type GenesisKey } from "./types.js";

export type TokenName = keyof typeof Token;
// A ledger role by name: the four plain roles, or MINTER of one token ("MINTER:CHR").
export type LedgerRoleName = keyof typeof LedgerRole | `MINTER:${TokenName}`;

// Roles of a genesis key: role names (the documented form), or LedgerRole bits
// (LedgerRole.* | minterRole(t)). The wire format's `Role` enum (Role.MINTER = 1, …) is NOT a
// bitmask: use names. A number with a bit outside LEDGER_ROLE_ALL is refused (E_GENESIS_ROLES).
export type GenesisRoles = number | readonly LedgerRoleName[];

export interface GenesisKeyInput {
  publicKey: Uint8Array;
  roles: GenesisRoles;
  owner?: Uint8Array;
  maxAgeEpochs?: number | bigint;
}

// What Ledger.create and ReplaySequencer accept: Genesis with numbers allowed where safe.
export interface GenesisInput {
  chainId: number;
  timeMs: bigint | number;
  timestampWindowMs?: bigint | number;
  councilThreshold?: bigint | number;
  epochLengthMs?: bigint | number;
  // Other parameters set by genesis (LedgerParam ids, e.g. the token mechanics' 3..10), in order.
  params?: readonly { param: number; value: bigint | number }[];
  keys: readonly GenesisKeyInput[];
  allocations?: readonly { account: Uint8Array; token: number; amount: bigint | number }[];
  accountSlots?: number;
  keySlots?: number;
}

const U32_MAX = 0xffffffff;
const GENESIS_PARAMS_MAX = 16; // PARAM_COUNT: one entry per parameter id

// "ADMIN" → LedgerRole.ADMIN, "MINTER:FLX" → minterRole(Token.FLX); undefined for anything else.
export function roleBitOf(name: unknown): number | undefined {
  if (typeof name !== "string") return undefined;
  if (Object.prototype.hasOwnProperty.call(LedgerRole, name)) return LedgerRole[name as keyof typeof LedgerRole];
  const m = /^MINTER:([A-Z]+)$/.exec(name);
  if (m === null || !Object.prototype.hasOwnProperty.call(Token, m[1]!)) return undefined;
  return minterRole(Token[m[1] as TokenName]);
}

// Role names or bits → the ledger's role bits.
export function genesisRoleBits(roles: unknown, field = "roles"): number {
  if (typeof roles === "number") {
    if (!Number.isSafeInteger(roles) || roles < 0 || (roles & ~LEDGER_ROLE_ALL) !== 0 || roles > LEDGER_ROLE_ALL)
      throw ledgerInputError(
        "E_GENESIS_ROLES",
        field,
        `${roles} is not a LedgerRole bitmask (bits 0x${LEDGER_ROLE_ALL.toString(16)}); ` +
          `give role names, e.g. ["ADMIN", "MINTER:CHR"] (the wire Role enum is not a bitmask)`,
      );
    return roles;
  }
  if (!Array.isArray(roles)) throw ledgerInputError("E_GENESIS_ROLES", field, "expected role names or role bits");
  if (roles.length > GENESIS_ROLE_NAMES_MAX)
    throw ledgerInputError("E_GENESIS_ROLES", field, `more than ${GENESIS_ROLE_NAMES_MAX} role names`);
  let bits = 0;
  roles.forEach((r: unknown, i) => {
    const bit = roleBitOf(r);
    if (bit === undefined)
      throw ledgerInputError(
        "E_GENESIS_ROLES",
        `${field}[${i}]`,
        `${typeof r === "string" ? JSON.stringify(r) : String(r)} is not a role name ` +
          `(ADMIN, KEY_ADMIN, COUNCIL, AUDITOR, MINTER:<${Object.keys(Token).join("|")}>)`,
      );
    bits |= bit;
  });
  return bits;
}

// The role names of role bits (the inverse of genesisRoleBits for valid bits), in bit order.
export function roleNames(bits: number): LedgerRoleName[] {
  const out: LedgerRoleName[] = [];
  for (const [n, b] of Object.entries(LedgerRole)) if (bits & b) out.push(n as LedgerRoleName);
  for (let t = 0; t < TOKEN_COUNT; t++)
    if (bits & minterRole(t)) out.push(`MINTER:${Object.keys(Token)[t] as TokenName}`);
  return out;
}

function bytes32(v: unknown, field: string): Uint8Array {
  if (!(v instanceof Uint8Array) || v.length !== 32)
    throw ledgerInputError("E_LEDGER_INPUT", field, "must be 32 bytes");
  return v;
}

function key(k: GenesisKeyInput, i: number): GenesisKey {
  const p = `genesis.keys[${i}]`;
  if (k === null || typeof k !== "object") throw ledgerInputError("E_LEDGER_INPUT", p, "expected an object");
  if (!(k.publicKey instanceof Uint8Array))
    throw ledgerInputError("E_LEDGER_INPUT", `${p}.publicKey`, "expected bytes");
  // Checked here, before the key is copied into the batch input: only the three ML-DSA sizes.
  if (!Object.values(PUBLIC_KEY_BYTES).includes(k.publicKey.length))
    throw ledgerInputError(
      "E_KEY_LEVEL",
      `${p}.publicKey`,
      `${k.publicKey.length} bytes is not an ML-DSA-44/65/87 public key (${Object.values(PUBLIC_KEY_BYTES).join(", ")})`,
    );
  const out: GenesisKey = { publicKey: k.publicKey, roles: genesisRoleBits(k.roles, `${p}.roles`) };
  if (k.owner !== undefined) out.owner = bytes32(k.owner, `${p}.owner`);
  if (k.maxAgeEpochs !== undefined) out.maxAgeEpochs = toSafeUint(k.maxAgeEpochs, `${p}.maxAgeEpochs`, U32_MAX);
  return out;
}

// Checks every field and cap of `g` and returns the canonical Genesis. Throws a QfsError.
export function normalizeGenesis(g: GenesisInput): Genesis {
  if (g === null || typeof g !== "object") throw ledgerInputError("E_LEDGER_INPUT", "genesis", "expected an object");
  if (!Array.isArray(g.keys)) throw ledgerInputError("E_LEDGER_INPUT", "genesis.keys", "expected an array");
  if (g.keys.length > GENESIS_KEYS_MAX)
    throw ledgerInputError("E_GENESIS_TOO_LARGE", "genesis.keys", `more than ${GENESIS_KEYS_MAX} keys`);
  const allocations = g.allocations ?? [];
  if (!Array.isArray(allocations)) throw ledgerInputError("E_LEDGER_INPUT", "genesis.allocations", "expected an array");
  if (allocations.length > GENESIS_ALLOCATIONS_MAX)
    throw ledgerInputError(
      "E_GENESIS_TOO_LARGE",
      "genesis.allocations",
      `more than ${GENESIS_ALLOCATIONS_MAX} allocations`,
    );
  const out: Genesis = {
    chainId: toSafeUint(g.chainId, "genesis.chainId", U32_MAX),
    timeMs: toBigUint(g.timeMs, "genesis.timeMs"),
    keys: g.keys.map(key),
  };
  if (g.timestampWindowMs !== undefined)
    out.timestampWindowMs = toBigUint(g.timestampWindowMs, "genesis.timestampWindowMs", U128_MAX);
  if (g.councilThreshold !== undefined)
    out.councilThreshold = toBigUint(g.councilThreshold, "genesis.councilThreshold", U128_MAX);
  if (g.epochLengthMs !== undefined) out.epochLengthMs = toBigUint(g.epochLengthMs, "genesis.epochLengthMs", U128_MAX);
  if (g.params !== undefined) {
    if (!Array.isArray(g.params) || g.params.length > GENESIS_PARAMS_MAX)
      throw ledgerInputError("E_LEDGER_INPUT", "genesis.params", `at most ${GENESIS_PARAMS_MAX} entries`);
    out.params = g.params.map((p, i) => ({
      param: toSafeUint(p.param, `genesis.params[${i}].param`, 0xffffffff),
      value: toBigUint(p.value, `genesis.params[${i}].value`, U128_MAX),
    }));
  }
  if (g.allocations !== undefined)
    out.allocations = allocations.map((a, i) => {
      const p = `genesis.allocations[${i}]`;
      return {
        account: bytes32(a.account, `${p}.account`),
        token: toSafeUint(a.token, `${p}.token`, 255),
        amount: toBigUint(a.amount, `${p}.amount`, U128_MAX),
      };
    });
  if (g.accountSlots !== undefined) out.accountSlots = toSafeUint(g.accountSlots, "genesis.accountSlots", U32_MAX);
  if (g.keySlots !== undefined) out.keySlots = toSafeUint(g.keySlots, "genesis.keySlots", U32_MAX);
  return out;
}
