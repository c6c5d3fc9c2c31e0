// Reference model of the ledger state machine (SPEC §6, docs/ledger.md): the same rules as
// assembly/ledger/, written as plainly as possible over Maps and bigints, for model-based tests.
// Deterministic: no clock, randomness, floats or Math. The halt record hash is the one thing it
// does not compute (it commits to the state root); a resume names a halt generation instead.
import { sha3_256 } from "@noble/hashes/sha3.js";
import { LedgerCode as C } from "../../bindings/ledger/codes.js";
import type { LedgerOp, LedgerPacket } from "../../bindings/ledger/types.js";
import {
  cloneTokenState,
  markActive,
  newTokenState,
  resEvaluate,
  rollover,
  setTokenParam,
  type Book,
  type TokenEvent,
  type TokenState,
} from "../helpers/token-model.js";
import { POOL_ID, claim, penalty, stake, unstake } from "../helpers/token-model-ops.js";

export const ADMIN = 1 << 0;
export const KEY_ADMIN = 1 << 2;
export const COUNCIL = 1 << 3;
export const ROLE_ALL = 0x1d | (0x1f << 8);
export const minter = (t: number): number => 1 << (8 + t);
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const TOKENS = 5;
const PSY = 2;
const RES = 4;

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const ZERO = "00".repeat(32);

export interface MAccount {
  nonce: bigint;
  bal: bigint[];
}
export interface MKey {
  owner: string;
  roles: number;
  status: 1 | 2 | 3; // ACTIVE, ROTATED, REVOKED
  validFrom: bigint;
  maxAge: bigint;
  rotatedAt: bigint;
}
export interface MState {
  accounts: Map<string, MAccount>;
  keys: Map<string, MKey>;
  supply: bigint[];
  window: bigint;
  threshold: bigint;
  epochLen: bigint;
  halted: boolean;
  halt: { code: number; message: number; seq: bigint } | undefined;
  haltGen: number; // number of halt records so far
  tok: TokenState; // staking records, globals and parameters 3..10 (test/helpers/token-model.ts)
}

// A model op: the binding's op; a resume also carries the halt generation whose record hash it
// names (-1: a hash that names no record).
export type MOp = LedgerOp & { haltGen?: number };

function clone(s: MState): MState {
  return {
    ...s,
    accounts: new Map([...s.accounts].map(([k, a]) => [k, { nonce: a.nonce, bal: [...a.bal] }])),
    keys: new Map([...s.keys].map(([k, v]) => [k, { ...v }])),
    supply: [...s.supply],
    halt: s.halt ? { ...s.halt } : undefined,
    tok: cloneTokenState(s.tok),
  };
}

// The core's tables grow (accountSlots / keySlots are initial capacities only) and are full only at
// their hard limits (assembly/ledger/layout.ts MAX_ACCOUNTS, MAX_KEYS: 7/8 of 2^21 and 2^18 slots).
const MODEL_MAX_ACCOUNTS = (1 << 21) - (1 << 18);
const MODEL_MAX_KEYS = (1 << 18) - (1 << 15);

export class LedgerModel {
  s: MState;
  seq = 0n;
  time = 0n;
  epoch = 0n;

  constructor(
    readonly chainId: number,
    readonly accountSlots: number,
    readonly keySlots: number,
    genesis: { time: bigint; window: bigint; threshold: bigint; epochLen: bigint },
  ) {
    this.s = {
      accounts: new Map(),
      keys: new Map(),
      supply: [0n, 0n, 0n, 0n, 0n],
      window: genesis.window,
      threshold: genesis.threshold,
      epochLen: genesis.epochLen,
      halted: false,
      halt: undefined,
      haltGen: 0,
      tok: newTokenState(genesis.time / genesis.epochLen),
    };
    this.time = genesis.time;
    this.epoch = genesis.time / genesis.epochLen;
  }

  // Genesis key (no authorisation), as Ledger.create does.
  genesisKey(pk: Uint8Array, roles: number): void {
    const id = hex(sha3_256(pk));
    this.s.keys.set(id, { owner: id, roles, status: 1, validFrom: this.epoch, maxAge: 0n, rotatedAt: 0n });
    this.ensure(this.s, id);
  }

  private ensure(s: MState, id: string): MAccount | undefined {
    const a = s.accounts.get(id);
    if (a) return a;
    if (s.accounts.size + 1 > MODEL_MAX_ACCOUNTS) return undefined;
    const n = { nonce: 0n, bal: [0n, 0n, 0n, 0n, 0n] };
    s.accounts.set(id, n);
    return n;
  }

  applyBatch(seq: bigint, time: bigint, packets: { p: LedgerPacket; ops: MOp[] }[]): number[] {
    this.seq = seq;
    this.time = time;
    this.epoch = time / this.s.epochLen;
    rollover(this.s.tok, this.epoch);
    this.events = [];
    return packets.map(({ p, ops }) => {
      const s = clone(this.s);
      const ev: TokenEvent[] = [];
      const code = this.packet(s, p, ops, ev);
      if (code === C.OK) this.s = s;
      this.events.push(code === C.OK ? ev : []);
      return code;
    });
  }

  private usable(k: MKey | undefined): number {
    if (!k) return C.E_KEY_UNKNOWN;
    if (k.status === 3) return C.E_KEY_REVOKED;
    if (k.status === 2 && k.rotatedAt < this.seq) return C.E_KEY_ROTATED;
    if (this.epoch < k.validFrom) return C.E_KEY_NOT_YET_VALID;
    if (k.maxAge !== 0n && this.epoch - k.validFrom >= k.maxAge) return C.E_KEY_EXPIRED;
    return C.OK;
  }

  // The token events of each packet of the last batch (empty for a rejected one).
  events: TokenEvent[][] = [];

  private book(s: MState): Book {
    return {
      bal: (id, t) => s.accounts.get(id)?.bal[t] ?? 0n,
      add: (id, t, d) => {
        const a = this.ensure(s, id)!;
        a.bal[t] = (a.bal[t] ?? 0n) + d;
      },
      addSupply: (t, d) => {
        s.supply[t] = (s.supply[t] ?? 0n) + d;
      },
      supply: (t) => s.supply[t] ?? 0n,
    };
  }

  private packet(s: MState, p: LedgerPacket, ops: MOp[], ev: TokenEvent[]): number {
    if (p.signers.length === 0 || p.signers.length > 16 || ops.length === 0 || ops.length > 16) return C.E_MALFORMED;
    if (p.chainId !== this.chainId) return C.E_CHAIN_ID;
    if (s.halted && ops.some((o) => o.kind !== "resume")) return C.E_HALTED;
    const signers = p.signers.map(hex);
    let roles = 0;
    const council = new Set<string>();
    for (const id of signers) {
      const k = s.keys.get(id);
      const code = this.usable(k);
      if (code !== C.OK || !k) return code;
      roles |= k.roles;
      if (k.roles & COUNCIL) council.add(id);
    }
    const has = (r: number): boolean => (roles & r) !== 0;
    for (const o of ops) {
      if (o.kind === "transfer" || o.kind === "mint" || o.kind === "burn") {
        if (o.token >= TOKENS) return C.E_TOKEN_UNKNOWN;
        if (o.kind !== "transfer" && !has(minter(o.token))) return C.E_ROLE_MISSING;
      } else if (o.kind === "keyRegister") {
        if (!has(KEY_ADMIN)) return C.E_ROLE_MISSING;
        if ((o.roles ?? 0) !== 0 && !has(ADMIN)) return C.E_ROLE_MISSING;
      } else if (o.kind === "keyRotate" || o.kind === "keyRevoke") {
        const target = hex(o.kind === "keyRotate" ? o.oldKeyId : o.keyId);
        if (!has(KEY_ADMIN) && !signers.includes(target)) return C.E_ROLE_MISSING;
      } else if (o.kind === "roleGrant" || o.kind === "roleRevoke" || o.kind === "paramSet") {
        if (!has(ADMIN)) return C.E_ROLE_MISSING;
      } else if (o.kind === "halt") {
        if (!has(ADMIN | COUNCIL)) return C.E_ROLE_MISSING;
      } else if (o.kind === "resume" || o.kind === "penalty") {
        if (BigInt(council.size) < s.threshold) return C.E_MULTISIG_THRESHOLD;
      }
    }
    const account = hex(p.account);
    if (!signers.some((id) => s.keys.get(id)?.owner === account)) return C.E_SIGNER_NOT_ACCOUNT;
    const last = s.accounts.get(account)?.nonce ?? 0n;
    if (last === U64_MAX || p.nonce !== last + 1n) return C.E_NONCE;
    const diff = p.timestampMs > this.time ? p.timestampMs - this.time : this.time - p.timestampMs;
    if (diff > s.window) return C.E_TIMESTAMP_WINDOW;
    const acc = this.ensure(s, account);
    if (!acc) return C.E_ACCOUNTS_FULL;
    acc.nonce = p.nonce;
    // The account acts in this epoch: α catch-up, activity (stakers), RES recovery, before its ops.
    markActive(s.tok, this.book(s), account, this.epoch, ev);
    for (const o of ops) {
      const code = this.op(s, acc, account, o, ev);
      if (code !== C.OK) return code;
    }
    return C.OK;
  }

  private newKey(s: MState, pk: Uint8Array, owner: string | undefined, roles: number, maxAge: number): number {
    if (pk.length !== 1312 && pk.length !== 1952 && pk.length !== 2592) return C.E_KEY_LEVEL;
    const id = hex(sha3_256(pk));
    if (s.keys.has(id)) return C.E_KEY_EXISTS;
    if (s.keys.size + 1 > MODEL_MAX_KEYS) return C.E_KEYS_FULL;
    const o = owner ?? id;
    if (!this.ensure(s, o)) return C.E_ACCOUNTS_FULL;
    s.keys.set(id, { owner: o, roles, status: 1, validFrom: this.epoch, maxAge: BigInt(maxAge), rotatedAt: 0n });
    return C.OK;
  }

  private op(s: MState, acc: MAccount, id: string, o: MOp, ev: TokenEvent[]): number {
    if (s.halted && o.kind !== "resume") return C.E_HALTED;
    const code = (name: string): number => C[name as keyof typeof C];
    switch (o.kind) {
      case "stake":
        return code(stake(s.tok, this.book(s), id, o.token, o.amount, this.epoch, ev));
      case "unstake":
        return code(unstake(s.tok, this.book(s), id, o.token, o.amount, o.emergency, this.epoch, ev));
      case "claim":
        return code(claim(s.tok, this.book(s), id, o.token, this.epoch, ev));
      case "penalty": {
        const target = hex(o.target);
        const known = s.accounts.has(target);
        return code(penalty(s.tok, this.book(s), target, known, o.slashShare, o.resBurn, this.epoch, ev));
      }
      case "transfer": {
        if (o.token === RES) return C.E_TOKEN_NOT_TRANSFERABLE;
        if (o.amount === 0n) return C.E_AMOUNT_ZERO;
        if (hex(o.to) === ZERO) return C.E_ACCOUNT_ZERO;
        if (hex(o.to) === POOL_ID) return C.E_STAKING_POOL; // the pool moves only by staking ops
        if ((acc.bal[o.token] ?? 0n) < o.amount) return C.E_INSUFFICIENT_FUNDS;
        const to = this.ensure(s, hex(o.to));
        if (!to) return C.E_ACCOUNTS_FULL;
        acc.bal[o.token] = (acc.bal[o.token] ?? 0n) - o.amount;
        to.bal[o.token] = (to.bal[o.token] ?? 0n) + o.amount;
        return C.OK;
      }
      case "mint": {
        if (o.token === PSY) return C.E_TOKEN_MINT_STAKING_ONLY;
        if (o.amount === 0n) return C.E_AMOUNT_ZERO;
        if (hex(o.to) === ZERO) return C.E_ACCOUNT_ZERO;
        if (hex(o.to) === POOL_ID) return C.E_STAKING_POOL;
        if ((s.supply[o.token] ?? 0n) + o.amount > U128_MAX) return C.E_SUPPLY_OVERFLOW;
        const to = this.ensure(s, hex(o.to));
        if (!to) return C.E_ACCOUNTS_FULL;
        to.bal[o.token] = (to.bal[o.token] ?? 0n) + o.amount;
        s.supply[o.token] = (s.supply[o.token] ?? 0n) + o.amount;
        if (o.token === RES) resEvaluate(s.tok, this.book(s), hex(o.to), this.epoch, ev);
        return C.OK;
      }
      case "burn": {
        if (o.amount === 0n) return C.E_AMOUNT_ZERO;
        if ((acc.bal[o.token] ?? 0n) < o.amount) return C.E_INSUFFICIENT_FUNDS;
        acc.bal[o.token] = (acc.bal[o.token] ?? 0n) - o.amount;
        s.supply[o.token] = (s.supply[o.token] ?? 0n) - o.amount;
        if (o.token === RES) resEvaluate(s.tok, this.book(s), id, this.epoch, ev);
        return C.OK;
      }
      case "keyRegister": {
        const roles = o.roles ?? 0;
        if ((roles & ~ROLE_ALL) !== 0) return C.E_ROLE_INVALID;
        const owner = o.owner && hex(o.owner) !== ZERO ? hex(o.owner) : undefined;
        const code = this.newKey(s, o.publicKey, owner, roles, o.maxAgeEpochs ?? 0);
        if (code !== C.OK) return code;
        const k = s.keys.get(hex(sha3_256(o.publicKey)));
        if (k && (o.validFromEpoch ?? 0n) > this.epoch) k.validFrom = o.validFromEpoch ?? 0n;
        return C.OK;
      }
      case "keyRotate": {
        const old = s.keys.get(hex(o.oldKeyId));
        if (!old) return C.E_KEY_UNKNOWN;
        if (old.status === 3) return C.E_KEY_REVOKED;
        if (old.status === 2) return C.E_KEY_ROTATED;
        const code = this.newKey(s, o.publicKey, old.owner, old.roles, o.maxAgeEpochs ?? 0);
        if (code !== C.OK) return code;
        old.status = 2;
        old.rotatedAt = this.seq;
        return C.OK;
      }
      case "keyRevoke": {
        const k = s.keys.get(hex(o.keyId));
        if (!k) return C.E_KEY_UNKNOWN;
        if (k.status === 3) return C.E_KEY_REVOKED;
        k.status = 3;
        return C.OK;
      }
      case "roleGrant":
      case "roleRevoke": {
        if (o.roles === 0 || (o.roles & ~ROLE_ALL) !== 0) return C.E_ROLE_INVALID;
        const k = s.keys.get(hex(o.keyId));
        if (!k) return C.E_KEY_UNKNOWN;
        const grant = o.kind === "roleGrant";
        if (grant && k.status === 3) return C.E_KEY_REVOKED;
        if (grant && k.status === 2) return C.E_KEY_ROTATED;
        k.roles = grant ? k.roles | o.roles : k.roles & ~o.roles;
        return C.OK;
      }
      case "paramSet": {
        if (o.param > 2) return code(setTokenParam(s.tok, o.param, o.value));
        if (o.param === 2) return C.E_PARAM_IMMUTABLE;
        if (o.value > U64_MAX) return C.E_PARAM_INVALID;
        if (o.param === 0) {
          if (o.value > 86_400_000n) return C.E_PARAM_INVALID;
          s.window = o.value;
        } else {
          if (o.value === 0n || o.value > 16n) return C.E_PARAM_INVALID;
          s.threshold = o.value;
        }
        return C.OK;
      }
      case "halt":
        s.halted = true;
        s.halt = { code: 1, message: o.reason, seq: this.seq };
        s.haltGen += 1;
        return C.OK;
      case "resume":
        if (!s.halted) return C.E_NOT_HALTED;
        if (o.haltGen !== s.haltGen) return C.E_HALT_RECORD_MISMATCH;
        s.halted = false;
        return C.OK;
    }
  }
}
