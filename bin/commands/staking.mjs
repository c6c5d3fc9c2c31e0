// qfs staking — an account's staking state (GET /v1/accounts/:id), checked against the signed checkpoint its proof
// names (bindings/sdk/account-proof.ts verifyAccount, the code the browser page runs): the checkpoint signature
// under the node key, the state root, and the leaf rebuilt from the 232-byte record of the fields shown.
import { EXIT } from "./exit-codes.mjs";
import { parse, usageError, withUsage } from "./lib/args.mjs";
import { formatWhole } from "./lib/amounts.mjs";
import { getJson, nodeKey, withNode } from "./lib/http.mjs";
import { accountArg } from "./lib/keys.mjs";

export const summary = "show an account's stake, reward, α and RES state, verified against the signed checkpoint";
export const usage = "qfs staking [--json] [--node-key-id HEX] [--url URL] ACCOUNT";
export const details = `
  ACCOUNT            64 hex, or a key file (FILE or FILE#NAME) whose account it is
  --json             print the verified account (AccountJson) as the node sent it
  --node-key-id HEX  the node key id to trust (64 hex); without it, the key GET /v1/state names
  --url URL          the node (default $QFS_URL, else http://127.0.0.1:8080)

Fields are as of the account's last packet: the pending reward grows at settlement (its next
staking op or claim), α and the RES state are caught up then too. Nothing is shown unverified.
Exit codes: 0 verified; 2 usage error; 5 not verified (the failing check on stderr); 6 node
unreachable, or no such account (E_ACCOUNT_UNKNOWN).
`;

/** α (18 decimals) as a decimal fraction, e.g. 1000000000000000000 → "1", 1e17 → "0.1". */
const fraction = (v) => formatWhole(v);
const epoch1 = (v) => (v === 0n ? "never" : `epoch ${v - 1n}`);

export async function run(args) {
  return withUsage("staking", usage, () =>
    withNode("staking", async () => {
      const { values, positionals } = parse(
        args,
        { json: { type: "boolean" }, "node-key-id": { type: "string" } },
        { url: true, positionals: [1, 1] },
      );
      const pin = values["node-key-id"];
      if (pin !== undefined && !/^[0-9a-f]{64}$/.test(pin))
        throw usageError(`--node-key-id needs 64 lower-case hex characters, got '${pin}'`);
      const sdk = await import("../../dist/index.js");
      const id = sdk.toHex(accountArg(positionals[0], "ACCOUNT", sdk.sha3_256));
      const { pk, keyId } = await nodeKey(sdk, values.url);
      if (pin !== undefined && pin !== keyId) {
        process.stderr.write(`qfs staking: not verified: the node's key id ${keyId} is not the pinned ${pin}\n`);
        return EXIT.INVALID;
      }
      const account = await getJson(values.url, `/v1/accounts/${id}`);
      const seq = account?.proof?.checkpointSeq;
      if (!Number.isSafeInteger(seq)) {
        process.stderr.write("qfs staking: not verified: the account answer names no checkpoint\n");
        return EXIT.INVALID;
      }
      const cp = await getJson(values.url, `/v1/audit/checkpoints/${seq}`);
      const v = sdk.verifyAccount(account, cp, pk);
      if (!v.ok) {
        process.stderr.write(`qfs staking: not verified: ${v.field}: ${v.reason}\n`);
        return EXIT.INVALID;
      }
      if (values.json) {
        process.stdout.write(JSON.stringify(account, null, 2) + "\n");
        return EXIT.OK;
      }
      const s = v.account.staking;
      const alpha =
        s.alpha === 0n ? "not started (no stake yet)" : `${fraction(s.alpha)} at the start of epoch ${s.alphaEpoch}`;
      const lines = [
        `account ${id}`,
        `  stake           ${formatWhole(s.stake).padStart(28)} CHR   (${s.stake} base units)`,
        `  pending reward  ${formatWhole(s.pendingReward).padStart(28)} PSY   (${s.pendingReward} base units)`,
        `  reward debt     ${s.rewardDebt} (accumulator, ×10^18 per base unit)`,
        `  alpha           ${alpha}`,
        `  last active     ${epoch1(s.activeEpoch1)}`,
        `  last stake      ${epoch1(s.stakeEpoch1)}`,
        `  last unstake    ${epoch1(s.unstakeEpoch1)}`,
        `  RES state       ${s.resState}${s.resPenaltyEpoch1 === 0n ? "" : ` (last penalty ${epoch1(s.resPenaltyEpoch1)})`}`,
        `verified: in the state root of checkpoint seq ${v.checkpointSeq}, signed by node key ${keyId}` +
          `${pin === undefined ? " (not pinned)" : ""}; ${v.siblings} proof siblings`,
      ];
      process.stdout.write(lines.join("\n") + "\n");
      return EXIT.OK;
    }),
  );
}
