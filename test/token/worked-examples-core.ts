// Runs a worked example (worked-examples.ts) on the WASM core: the same packets as pre-verified
// records with fake keys (test/ledger/model-fixtures.ts), one batch per packet at the example's
// epoch (relative to the genesis epoch), and reads back what the example states.
import { Ledger, LedgerRole as Role, ledgerCodeName, type LedgerOp } from "../../bindings/index.js";
import { ALL_MINTERS, CHAIN_ID, EPOCH_MS, actor, type Actor } from "../ledger/model-fixtures.js";
import type { WorldOp } from "../helpers/token-model-world.js";
import type { ExAccount, Example } from "./worked-examples.js";
import { mainEvent, type ExResult } from "./worked-examples-run.js";

const GENESIS_EPOCH = 28_333_334n;
const NAMES = ["admin", "minter", "council1", "council2", "council3", "alice", "bob", "carol"];
const ROLES = [Role.ADMIN | Role.KEY_ADMIN, ALL_MINTERS, Role.COUNCIL, Role.COUNCIL, Role.COUNCIL, 0, 0, 0];

// The core's op for a model op; `acct` resolves the model's account names (shared with differential.test.ts).
export function coreOp(op: WorldOp, acct: (n: string) => Uint8Array): LedgerOp {
  switch (op.kind) {
    case "mint":
    case "transfer":
      return { kind: op.kind, token: op.token, to: acct(op.to), amount: op.amount };
    case "burn":
      return { kind: "burn", token: op.token, amount: op.amount };
    case "stake":
      return { kind: "stake", token: op.token, amount: op.amount };
    case "unstake":
      return { kind: "unstake", token: op.token, amount: op.amount, emergency: op.emergency };
    case "claim":
      return { kind: "claim", token: op.token };
    case "penalty":
      return { kind: "penalty", target: acct(op.target), slashShare: op.share, resBurn: op.resBurn };
    case "param":
      return { kind: "paramSet", param: op.id, value: op.value };
  }
}

export function runOnCore(ex: Example): ExResult {
  const actors: Actor[] = NAMES.map((n, i) => actor(n, 101 + i, ROLES[i]!));
  const by = new Map(actors.map((a) => [a.name, a]));
  const acct = (n: string): Uint8Array => by.get(n)!.account;
  const ledger = Ledger.create({
    chainId: CHAIN_ID,
    timeMs: GENESIS_EPOCH * EPOCH_MS,
    epochLengthMs: EPOCH_MS,
    timestampWindowMs: 5_000n,
    councilThreshold: 2n,
    keys: actors.map((a) => ({ publicKey: a.pk, roles: a.roles })),
    accountSlots: 64,
    keySlots: 16,
  });
  let seq = 0n;
  let tick = 1000n;
  const nonces = new Map<string, bigint>();
  const send = (name: string, signers: string[], op: LedgerOp, epoch: bigint) => {
    seq += 1n;
    tick += 1n;
    const time = (GENESIS_EPOCH + epoch) * EPOCH_MS + tick;
    const a = by.get(signers[0] ?? name)!;
    const nonce = (nonces.get(a.name) ?? 0n) + 1n;
    const res = ledger._applyRecordsForTest({ seq, timeMs: time }, [
      {
        chainId: CHAIN_ID,
        account: a.account,
        signers: signers.map((s) => by.get(s)!.keyId),
        nonce,
        timestampMs: time,
        ops: [op],
      },
    ]);
    if (res.outcomes[0] === 0) nonces.set(a.name, nonce);
    return { code: ledgerCodeName(res.outcomes[0]!), events: res.events };
  };
  for (const [id, value] of Object.entries(ex.params ?? {}))
    send("admin", ["admin"], { kind: "paramSet", param: Number(id), value }, 0n);
  const outcomes: string[] = [];
  const events: ExResult["events"] = [];
  for (const p of ex.packets) {
    const signers =
      p.op.kind === "penalty"
        ? ["council1", "council2", "council3"].slice(0, p.op.councilSigners)
        : [p.actor === "council" ? "council1" : p.actor];
    const r = send(p.actor, signers, coreOp(p.op, acct), p.epoch);
    outcomes.push(r.code);
    events.push(r.code === "OK" ? mainEvent(r.events) : undefined);
  }
  const accounts: Record<string, ExAccount> = {};
  for (const name of Object.keys(ex.accounts)) {
    const a = ledger.getAccount(acct(name))!;
    accounts[name] = {
      stake: a.staking.stake,
      pending: a.staking.pendingReward,
      alpha: a.staking.alpha,
      chr: a.balances[0]!,
      psy: a.balances[2]!,
      res: a.balances[4]!,
      resState: a.staking.resState,
    };
  }
  const g = ledger.stakingGlobals();
  return {
    outcomes,
    events,
    accounts,
    globals: {
      acc: g.acc,
      accPrev: g.accPrev,
      carry: g.carry,
      emitted: g.psyEmitted,
      forfeited: g.psyForfeited,
      total: g.totalStaked,
    },
    supply: { chr: ledger.supply(0), psy: ledger.supply(2), res: ledger.supply(4) },
  };
}
