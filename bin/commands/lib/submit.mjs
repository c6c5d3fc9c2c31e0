// Signs and submits one packet for the writing commands (register-key, mint, transfer): chain id from
// GET /v1/state, nonce from GET /v1/accounts/:id (404: the account's first packet, nonce 1), time Date.now().
// The receipt goes to stdout as JSON (and to --out FILE); exit 0 when applied, 7 when sequenced but rejected.
import { existsSync, writeFileSync } from "node:fs";
import { EXIT } from "../exit-codes.mjs";
import { UsageError } from "./args.mjs";
import { getJson, postPacket } from "./http.mjs";

const hex = (b) => Buffer.from(b).toString("hex");

/** Checks up front that --out does not exist (it is never overwritten), so a packet is not sent for nothing. */
export function checkOut(path) {
  if (path !== undefined && existsSync(path)) throw new UsageError(`--out ${path} exists (never overwritten)`);
}

/** Writes --out (exclusive create: a file that appeared meanwhile is not overwritten either). */
export function writeOut(path, text) {
  if (path !== undefined) writeFileSync(path, text, { flag: "wx" });
}

/** `signer` from readKey; `makeOps(sdk)` → the packet's ops. */
export async function submitOps(name, url, signer, makeOps, out) {
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
    packet = sdk.encodePacket(sdk.signPacket(body, [signer]));
  } catch (e) {
    // The encoder refuses what the wire format cannot carry (an amount past u128, …): the user's input.
    if (sdk.isQfsError(e)) throw new UsageError(`cannot build the packet: ${e.message}`);
    throw e;
  }
  const { status, body: answer } = await postPacket(url, packet);
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
