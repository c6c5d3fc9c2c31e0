// Tool (c): an account's balances and staking state (GET /v1/accounts/:id) against the signed checkpoint its proof
// names (the latest when it was read): the checkpoint's signature, its state root, that the proof's leaf commits to
// exactly the nonce, balances and staking fields shown (the 232-byte account record rebuilt here, docs/ledger.md),
// and the sparse-Merkle proof to the signed root. bindings/sdk/account-proof.ts verifyAccount does the checks (the
// same code `qfs staking` runs); this tool shows them as steps.
import { toHex } from "../../bindings/bytes.js";
import {
  readAccountJson,
  verifyAccount,
  ACCOUNT_RECORD_TOKENS,
  type AccountStaking,
} from "../../bindings/sdk/account-proof.js";
import type { AccountJson, SignedCheckpointJson } from "../../server/node-service.js";
import { getJson, getState, nodeUrl, parseNodeKey } from "./node-api.js";
import { el, onClick, showSteps, value, verdict, type Step } from "./ui.js";

/** The checks in order, and the verifyAccount failure field each one covers. */
const STEPS: readonly { name: string; field: string; pass: string }[] = [
  { name: "Checkpoint signature", field: "checkpoint", pass: "the checkpoint is signed by the node key" },
  { name: "State root", field: "proof.stateRoot", pass: "the proof is for the checkpoint's state root" },
  {
    name: "Balances and staking committed",
    field: "leaf",
    pass: "the leaf's commitment is SHA3-256 of exactly this nonce, these balances and this staking state",
  },
  { name: "State proof", field: "proof", pass: "the proof's siblings hash the leaf to the signed state root" },
];

const S = 10n ** 18n;
/** An 18-decimal fixed-point value as a decimal ("1", "0.1"). */
function fixed(v: bigint): string {
  const frac = (v % S).toString().padStart(18, "0").replace(/0+$/, "");
  return frac === "" ? String(v / S) : `${v / S}.${frac}`;
}
const epoch1 = (v: bigint): string => (v === 0n ? "never" : `epoch ${v - 1n}`);

function rows(tbodyOf: string, entries: readonly [string, string][]): void {
  el(tbodyOf)
    .querySelector("tbody")!
    .replaceChildren(
      ...entries.map(([k, v]) => {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = k;
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(th, td);
        return tr;
      }),
    );
  el(tbodyOf).hidden = false;
}

function stakingRows(s: AccountStaking): [string, string][] {
  return [
    ["Stake (CHR base units)", String(s.stake)],
    ["Pending reward (PSY base units)", String(s.pendingReward)],
    ["α", s.alpha === 0n ? "not started" : `${fixed(s.alpha)} (start of epoch ${s.alphaEpoch})`],
    ["RES state", s.resState + (s.resPenaltyEpoch1 === 0n ? "" : ` (last penalty ${epoch1(s.resPenaltyEpoch1)})`)],
    ["Last stake", epoch1(s.stakeEpoch1)],
    ["Last unstake", epoch1(s.unstakeEpoch1)],
    ["Reward debt", String(s.rewardDebt)],
  ];
}

export async function checkAccount(base: string, idHex: string, nodeKey: Uint8Array): Promise<void> {
  const id = idHex.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error("the account id is not 64 hex characters");
  const [acc, state] = await Promise.all([getJson<AccountJson>(base, `/v1/accounts/${id}`), getState(base)]);
  const seq = acc.proof?.checkpointSeq;
  if (!Number.isSafeInteger(seq)) throw new Error("the account answer names no checkpoint");
  const cpJson = await getJson<SignedCheckpointJson>(base, `/v1/audit/checkpoints/${seq}`);
  const shown = readAccountJson(acc);
  if (!shown.ok) throw new Error(`the account answer: ${shown.field} ${shown.reason}`);
  if (toHex(shown.account.id) !== id) throw new Error("the node answered for another account");
  rows(
    "account-balances",
    ACCOUNT_RECORD_TOKENS.map((t, i) => [t, String(shown.account.balances[i])]),
  );
  rows("account-staking", stakingRows(shown.account.staking));

  const v = verifyAccount(acc, cpJson, nodeKey);
  const failedAt = v.ok ? STEPS.length : STEPS.findIndex((st) => st.field === v.field);
  // A malformed field of the answer is no named step: the whole check fails with it.
  if (!v.ok && failedAt < 0) throw new Error(`${v.field} ${v.reason}`);
  const steps: Step[] = STEPS.slice(0, failedAt + 1).map((st, i) => ({
    name: st.name,
    state: i < failedAt ? "pass" : "fail",
    detail: i < failedAt || v.ok ? st.pass : v.reason,
  }));
  showSteps("account-steps", steps);
  if (v.ok) {
    const latest = state.checkpoint?.seq;
    verdict(
      "account-verdict",
      "pass",
      `✓ Verified: these balances and this staking state (nonce ${acc.nonce}) are in checkpoint seq ${v.checkpointSeq}` +
        (latest === v.checkpointSeq ? " (the latest)" : `; the latest is now ${latest}`),
    );
  } else verdict("account-verdict", "fail", `✗ Not verified: ${STEPS[failedAt]!.name}: ${v.reason}`);
}

export function setupAccountTool(): void {
  onClick("account-verify", "account-verdict", async () => {
    verdict("account-verdict", "running", "Checking…");
    el("account-steps").replaceChildren();
    el("account-balances").hidden = true;
    el("account-staking").hidden = true;
    await checkAccount(nodeUrl(value("server-url")), value("account-id"), parseNodeKey(value("node-key")));
  });
}
