// Tool (c): an account's balances (GET /v1/accounts/:id) against the signed checkpoint its proof names (the latest
// when it was read): the checkpoint's signature, its state root, the sparse-Merkle proof of the account's leaf
// (checkAccountInCheckpoint, bindings/audit), and that the leaf commits to exactly the nonce and balances shown —
// the commitment is rebuilt here from them (docs/ledger.md, the 160-byte account record).
import { checkAccountInCheckpoint, checkpointHash, verifyCheckpoint } from "../../bindings/audit/checkpoint.js";
import { bytesEqual, fromHex, toHex } from "../../bindings/bytes.js";
import { sha3_256 } from "../../bindings/hash.js";
import { Token } from "../../bindings/packet/types.js";
import type { StateProof } from "../../bindings/state/smt.js";
import type { AccountJson, SignedCheckpointJson } from "../../server/node-service.js";
import { checkpointOf, getJson, getState, nodeUrl, parseNodeKey } from "./node-api.js";
import { el, onClick, showSteps, value, verdict, type Step } from "./ui.js";

/** The account leaf's domain and record layout (bindings/ledger/ledger.ts accountCommitment, ledger/layout.ts). */
const ACCOUNT_DOMAIN = new TextEncoder().encode("QFS-V13/ledger/account/v1");
const ACC_SIZE = 160;
const ACC_NONCE = 32;
const ACC_BAL = 40;
const ACC_FLAGS = 120;
const ACC_FLAG_OCCUPIED = 1;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
/** Most siblings a state proof may list (the tree is 256 levels deep). */
const STATE_PROOF_SIBLINGS_MAX = 256;

/** SHA3-256(domain ‖ record) of an account with this id, nonce and balances (token order of Token). */
export function accountCommitment(id: Uint8Array, nonce: bigint, balances: readonly bigint[]): Uint8Array {
  const rec = new Uint8Array(ACC_SIZE);
  const dv = new DataView(rec.buffer);
  rec.set(id, 0);
  dv.setBigUint64(ACC_NONCE, nonce, true);
  balances.forEach((b, i) => {
    dv.setBigUint64(ACC_BAL + 16 * i, b & U64_MAX, true);
    dv.setBigUint64(ACC_BAL + 16 * i + 8, b >> 64n, true);
  });
  dv.setUint32(ACC_FLAGS, ACC_FLAG_OCCUPIED, true);
  const buf = new Uint8Array(ACCOUNT_DOMAIN.length + ACC_SIZE);
  buf.set(ACCOUNT_DOMAIN);
  buf.set(rec, ACCOUNT_DOMAIN.length);
  return sha3_256(buf);
}

function hex32(v: unknown, what: string): Uint8Array {
  const b = typeof v === "string" && v.length === 64 ? fromHex(v) : undefined;
  if (b === undefined) throw new Error(`${what} is not 64 lower-case hex characters`);
  return b;
}

function decimal(v: unknown, max: bigint, what: string): bigint {
  if (typeof v !== "string" || !/^(0|[1-9][0-9]{0,38})$/.test(v) || BigInt(v) > max)
    throw new Error(`${what} is not a decimal in range`);
  return BigInt(v);
}

function stateProofOf(j: unknown): StateProof {
  const p = j as { key?: unknown; siblings?: unknown; terminal?: { kind?: unknown; key?: unknown; value?: unknown } };
  if (!Array.isArray(p?.siblings) || p.siblings.length > STATE_PROOF_SIBLINGS_MAX)
    throw new Error("the proof has no list of siblings");
  const t = p.terminal;
  return {
    key: hex32(p.key, "proof.key"),
    siblings: p.siblings.map((s, i) => hex32(s, `proof.siblings[${i}]`)),
    terminal:
      t?.kind === "leaf"
        ? { kind: "leaf", key: hex32(t.key, "proof.terminal.key"), value: hex32(t.value, "proof.terminal.value") }
        : { kind: "empty" },
  };
}

export async function checkAccount(base: string, idHex: string, nodeKey: Uint8Array): Promise<void> {
  const id = hex32(idHex.toLowerCase(), "the account id");
  const [acc, state] = await Promise.all([getJson<AccountJson>(base, `/v1/accounts/${toHex(id)}`), getState(base)]);
  const seq = acc.proof?.checkpointSeq;
  if (!Number.isSafeInteger(seq)) throw new Error("the account answer names no checkpoint");
  const cpJson = await getJson<SignedCheckpointJson>(base, `/v1/audit/checkpoints/${seq}`);
  const names = Object.keys(Token);
  const balances = names.map((t) => decimal(acc.balances?.[t] ?? "0", U128_MAX, `balance ${t}`));
  const body = el("account-balances").querySelector("tbody")!;
  body.replaceChildren(
    ...names.map((t, i) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = t;
      const td = document.createElement("td");
      td.textContent = String(balances[i]);
      tr.append(th, td);
      return tr;
    }),
  );
  el("account-balances").hidden = false;

  const steps: Step[] = [];
  const step = (name: string, ok: boolean, pass: string, fail: string): boolean => {
    steps.push({ name, state: ok ? "pass" : "fail", detail: ok ? pass : fail });
    return ok;
  };
  const { cp, hash, signature } = checkpointOf(cpJson);
  const proof = stateProofOf(acc.proof.proof);
  const leaf = proof.terminal.kind === "leaf" ? proof.terminal : undefined;
  const rebuilt = accountCommitment(id, decimal(acc.nonce, U64_MAX, "nonce"), balances);
  const latest = state.checkpoint?.seq;
  const all =
    step(
      "Checkpoint signature",
      verifyCheckpoint(cp, signature, nodeKey) && bytesEqual(checkpointHash(cp), hash),
      `checkpoint seq ${cp.seq} is signed by the node key${latest === cp.seq ? " (the latest)" : `; the latest is now ${latest}`}`,
      `checkpoint seq ${cp.seq}: the signature does not verify under the node key, or its hash is wrong`,
    ) &&
    step(
      "State root",
      acc.proof.stateRoot === toHex(cp.stateRoot),
      `the proof is for the checkpoint's state root ${acc.proof.stateRoot.slice(0, 16)}…`,
      "the proof names another state root than the signed checkpoint's",
    ) &&
    step(
      "Balances committed",
      leaf !== undefined && bytesEqual(leaf.key, id) && bytesEqual(leaf.value, rebuilt),
      "the leaf's commitment is SHA3-256 of exactly this nonce and these balances",
      leaf === undefined
        ? "the proof shows no leaf for the account"
        : "the balances shown are not what the leaf commits to",
    );
  if (all) {
    const bad = checkAccountInCheckpoint(id, rebuilt, proof, cp, signature, nodeKey);
    step(
      "State proof",
      bad === null,
      `${proof.siblings.length} siblings hash the leaf to the signed state root`,
      `${bad?.code}: ${bad?.message}`,
    );
  }
  showSteps("account-steps", steps);
  const failed = steps.find((s) => s.state === "fail");
  if (failed === undefined && steps.length === 4)
    verdict(
      "account-verdict",
      "pass",
      `✓ Verified: these balances (nonce ${acc.nonce}) are in checkpoint seq ${cp.seq}`,
    );
  else verdict("account-verdict", "fail", `✗ Not verified: ${failed?.name}: ${failed?.detail}`);
}

export function setupAccountTool(): void {
  onClick("account-verify", "account-verdict", async () => {
    verdict("account-verdict", "running", "Checking…");
    el("account-steps").replaceChildren();
    el("account-balances").hidden = true;
    await checkAccount(nodeUrl(value("server-url")), value("account-id"), parseNodeKey(value("node-key")));
  });
}
