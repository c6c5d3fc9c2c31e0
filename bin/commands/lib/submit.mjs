// Signs and submits one packet for the writing commands (register-key, mint, transfer, stake, unstake, claim,
// penalty): chain id from GET /v1/state, nonce from GET /v1/accounts/:id (404: the account's first packet,
// nonce 1), time Date.now().
// The receipt goes to stdout as JSON (and to --out FILE); exit 0 when applied, 7 when sequenced but rejected.
import { existsSync, writeFileSync } from "node:fs";
import { EXIT } from "../exit-codes.mjs";
import { usageError, textOf } from "./args.mjs";
import { getJson, isNodeError, postPacket } from "./http.mjs";

const hex = (b) => Buffer.from(b).toString("hex");

/** Sends of one packet at most: when the answer is lost (connection reset, timeout) or the node asks for a retry
 *  (429), the SAME bytes go again, so a packet the node already sequenced answers with its original receipt
 *  (`repeat: true`), never a second application (contract §2). */
export const SUBMIT_SENDS_MAX = 3;
/** Longest wait before a resend, ms (a 429's Retry-After is honoured up to this). */
const RESEND_WAIT_MS_MAX = 5_000;
/** Wait before resending after a lost answer, ms. */
const RESEND_WAIT_MS_LOST = 500;

async function postWithResend(name, url, packet) {
  for (let send = 1; ; send++) {
    try {
      return await postPacket(url, packet);
    } catch (e) {
      const lost = isNodeError(e) && e.details.status === undefined;
      const busy = isNodeError(e) && e.details.status === 429;
      if (send >= SUBMIT_SENDS_MAX || !(lost || busy)) throw e;
      const waitMs = busy ? Math.min(RESEND_WAIT_MS_MAX, (e.details.retryAfterS ?? 1) * 1000) : RESEND_WAIT_MS_LOST;
      process.stderr.write(`qfs ${name}: ${textOf(e)}; sending the same packet again in ${waitMs} ms\n`);
      await new Promise((ok) => setTimeout(ok, waitMs));
    }
  }
}

/** Checks up front that --out does not exist (it is never overwritten), so a packet is not sent for nothing. */
export function checkOut(path) {
  if (path !== undefined && existsSync(path)) throw usageError(`--out ${path} exists (never overwritten)`);
}

/** Writes --out (exclusive create: a file that appeared meanwhile is not overwritten either). */
export function writeOut(path, text) {
  if (path !== undefined) writeFileSync(path, text, { flag: "wx" });
}

/** `signer` from readKey, or a list of them (a council packet): the packet acts for the first one's account and
 *  carries every key's signature; `makeOps(sdk)` → the packet's ops. */
export async function submitOps(name, url, signerOrList, makeOps, out) {
  const signers = Array.isArray(signerOrList) ? signerOrList : [signerOrList];
  const signer = signers[0];
  const sdk = await import("../../../dist/index.js");
  const state = await getJson(url, "/v1/state");
  const account = await getJson(url, `/v1/accounts/${hex(signer.account)}`, { missing: true });
  const nonce = account === undefined ? 1n : BigInt(account.nonce) + 1n;
  const body = {
    chainId: state.chainId,
    account: signer.account,
    nonce,
    timestampMs: BigInt(Date.now()),
    ops: makeOps(sdk),
  };
  let packet;
  try {
    packet = sdk.encodePacket(sdk.signPacket(body, signers));
  } catch (e) {
    // The encoder refuses what the wire format cannot carry (an amount past u128, …): the user's input.
    if (sdk.isQfsError(e)) throw usageError(`cannot build the packet: ${e.message}`);
    throw e;
  }
  const { status, body: answer } = await postWithResend(name, url, packet);
  const receipt = status === 200 ? answer : answer.receipt;
  const text = JSON.stringify(receipt, null, 2) + "\n";
  process.stdout.write(text);
  writeOut(out, text);
  if (status === 200) {
    process.stderr.write(
      `qfs ${name}: ${receipt.outcome}${receipt.repeat ? " (a repeat: the original receipt)" : ""}: tx ${receipt.txId}, ` +
        `seq ${receipt.seq}${out !== undefined ? `; receipt saved to ${out}` : ""}\n`,
    );
    return EXIT.OK;
  }
  process.stderr.write(
    `qfs ${name}: not applied: HTTP ${status} ${answer.error} (${answer.code}): ${answer.message}\n`,
  );
  return EXIT.REJECTED;
}
