// bindings/sdk/account-proof.ts: the account record the SDK rebuilds (232 bytes, domain v2) hashes to the ledger's
// own commitment for real accounts that staked, were rewarded and penalized (so the SDK's layout cannot drift from
// the core's), and verifyAccount accepts an honest read and names the check that refuses each kind of lie.
import { describe, expect, it } from "vitest";
import {
  accountId,
  accountRecordCommitment,
  encodePacket,
  generateKeyPair,
  ops,
  POOL_ACCOUNT_ID,
  ReplaySequencer,
  sha3_256,
  signPacket,
  Token,
  toBase64,
  toHex,
  verifyAccount,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { signedCheckpointJson } from "../../server/archive/checkpoint-json.js";
import { accountJson } from "../../server/sequencer/reads-json.js";

const E18 = 10n ** 18n;
const EPOCH_MS = 1000n;
const T0 = 1_700_000_000_000n;
const seed = (s: string) => sha3_256(new TextEncoder().encode(`qfs-v13/test/account-proof/${s}`));
const nodeKey = generateKeyPair(87, seed("node"));
const minter = generateKeyPair(44, seed("minter"));
const alice = generateKeyPair(44, seed("alice"));
const council = generateKeyPair(44, seed("council"));
const ALICE = accountId(alice.publicKey);

function world() {
  const seq = new ReplaySequencer({
    genesis: {
      chainId: 5,
      timeMs: T0,
      keys: [
        { publicKey: minter.publicKey, roles: ["MINTER:CHR", "MINTER:RES"] },
        { publicKey: alice.publicKey, roles: [] },
        { publicKey: council.publicKey, roles: ["COUNCIL"] },
      ],
      allocations: [],
      epochLengthMs: EPOCH_MS,
    },
    nodeSecretKey: nodeKey.secretKey,
    nodePublicKey: nodeKey.publicKey,
  });
  const nonces = new Map<KeyPair, bigint>();
  let time = T0;
  const send = (signer: KeyPair, op: Operation, epochs = 0n) => {
    time += epochs * EPOCH_MS + 1n;
    const nonce = (nonces.get(signer) ?? 0n) + 1n;
    const p = signPacket({ chainId: 5, account: accountId(signer.publicKey), nonce, timestampMs: time, ops: [op] }, [
      signer,
    ]);
    const b = seq.applyBatch(Number(time), [encodePacket(p)]);
    expect(b.outcomes[0], `${op.op}`).toBe(0);
    nonces.set(signer, nonce);
    return b;
  };
  send(minter, ops.mint(Token.CHR, ALICE, 10n * E18));
  send(minter, ops.mint(Token.RES, ALICE, 200n * E18));
  send(alice, ops.stake(Token.CHR, 4n * E18));
  send(alice, ops.unstake(Token.CHR, E18, false), 1n);
  send(alice, ops.claim(Token.CHR), 2n);
  const last = send(council, ops.penalty(ALICE, E18 / 4n, 10n * E18));
  const cp = signedCheckpointJson(last.checkpoint, seq.log().batches.at(-1)!.checkpointSignature);
  const read = (id: Uint8Array) => accountJson(id, seq.ledger.getAccount(id)!, seq.ledger.stateProof(id), cp);
  return { seq, cp, read };
}

describe("the SDK's account record", () => {
  it("hashes to the ledger's commitment for a staked, rewarded, penalized account and for the pool", () => {
    const { seq, cp, read } = world();
    for (const id of [ALICE, POOL_ACCOUNT_ID, accountId(council.publicKey)]) {
      const a = read(id);
      expect(verifyAccount(a, cp, nodeKey.publicKey)).toMatchObject({ ok: true });
      const shown = {
        id,
        nonce: BigInt(a.nonce),
        balances: ["CHR", "FLX", "PSY", "ATR", "RES"].map((t) => BigInt(a.balances[t]!)),
        staking: seq.ledger.getAccount(id)!.staking,
      };
      expect(toHex(accountRecordCommitment(shown))).toBe(toHex(seq.ledger.accountCommitment(id)!));
    }
    expect(read(ALICE).staking).toMatchObject({ resState: "PENALIZED", stake: String(3n * E18 - (3n * E18) / 4n) });
  });
});

describe("verifyAccount", () => {
  const { cp, read } = world();
  const honest = read(ALICE);

  it("accepts the honest read, with the staking fields as bigints", () => {
    const v = verifyAccount(honest, cp, nodeKey.publicKey);
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.account.staking.stake).toBe(BigInt(honest.staking.stake));
      expect(v.account.staking.resState).toBe("PENALIZED");
      expect(v.checkpointSeq).toBe(cp.seq);
    }
  });

  it.each([
    ["stake", { staking: { ...honest.staking, stake: "1" } }, "leaf"],
    ["pending reward", { staking: { ...honest.staking, pendingReward: String(E18) } }, "leaf"],
    ["α", { staking: { ...honest.staking, alpha: String(E18 / 2n) } }, "leaf"],
    ["RES state", { staking: { ...honest.staking, resState: "NEUTRAL" } }, "leaf"],
    ["a balance", { balances: { ...honest.balances, PSY: "0" } }, "leaf"],
    ["the state root", { proof: { ...honest.proof, stateRoot: "ab".repeat(32) } }, "proof.stateRoot"],
    ["a malformed stake", { staking: { ...honest.staking, stake: "-1" } }, "staking.stake"],
    ["an unknown RES state", { staking: { ...honest.staking, resState: "GOLD" } }, "staking.resState"],
  ])("refuses a changed %s", (_what, change, field) => {
    const v = verifyAccount({ ...honest, ...change }, cp, nodeKey.publicKey);
    expect(v).toMatchObject({ ok: false, field });
  });

  it("refuses a checkpoint not signed by the trusted key, and one whose fields changed", () => {
    const other = generateKeyPair(87, seed("other"));
    expect(verifyAccount(honest, cp, other.publicKey)).toMatchObject({ ok: false, field: "checkpoint" });
    const moved = { ...cp, logicalTimeMs: cp.logicalTimeMs + 1 };
    expect(verifyAccount(honest, moved, nodeKey.publicKey)).toMatchObject({ ok: false, field: "checkpoint" });
    const forged = { ...cp, signature: toBase64(new Uint8Array(4627)) };
    expect(verifyAccount(honest, forged, nodeKey.publicKey)).toMatchObject({ ok: false, field: "checkpoint" });
  });
});
