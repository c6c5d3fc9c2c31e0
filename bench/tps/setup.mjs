// Brings a fresh bench node to the corpus's start: the bank's nonce 1 widens the timestamp window to its maximum
// (signed now, so it is inside the default ±30 s window), then the cached setup packets register and fund the
// accounts. The bank is one signer key, so it is paced under the per-key rate limit (server/config.ts: a burst of
// RATE_PER_KEY_BURST, then RATE_PER_KEY_PACKETS_PER_S); every setup packet must apply.
import { performance } from "node:perf_hooks";
import { accountId, encodePacket, LedgerParam, ops, signPacket } from "../../dist/index.js";
import { MAX_TIMESTAMP_WINDOW_MS } from "../../dist/ledger/layout.generated.js";
import { RATE_PER_KEY_BURST, RATE_PER_KEY_PACKETS_PER_S } from "../../server/config.ts";
import { CHAIN_ID } from "./corpus.mjs";

/** Packets of one setup request: registration packets are ~47 KB, so 32 stay far below the 8 MiB batch body. */
const SETUP_REQUEST_PACKETS = 32;
/** Pace margin under the limiter, so its refill never comes out short by a rounding. */
const PACE_MARGIN = 0.9;

export async function setupNode(url, corpus, log = console.log) {
  const t0 = performance.now();
  const widen = encodePacket(
    signPacket(
      {
        chainId: CHAIN_ID,
        account: accountId(corpus.bank.publicKey),
        nonce: 1n,
        timestampMs: BigInt(Date.now()),
        ops: [ops.paramChange(LedgerParam.TIMESTAMP_WINDOW_MS, MAX_TIMESTAMP_WINDOW_MS)],
      },
      [corpus.bank],
    ),
  );
  const res = await fetch(`${url}/v1/transactions`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(widen),
  });
  if (res.status !== 200) throw new Error(`setup: widening the timestamp window: ${res.status} ${await res.text()}`);
  const packets = corpus.setup();
  const burst = Math.floor(RATE_PER_KEY_BURST * PACE_MARGIN) - 1;
  const rate = RATE_PER_KEY_PACKETS_PER_S * PACE_MARGIN;
  const start = performance.now();
  for (let i = 0; i < packets.length; i += SETUP_REQUEST_PACKETS) {
    const chunk = packets.slice(i, i + SETUP_REQUEST_PACKETS);
    const allowedAtMs = start + (Math.max(0, i + chunk.length - burst) / rate) * 1000;
    const waitMs = allowedAtMs - performance.now();
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    const r = await fetch(`${url}/v1/transactions/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ packets: chunk.map((p) => Buffer.from(p).toString("base64")) }),
    });
    const body = await r.json();
    const bad = r.status !== 200 ? [body] : body.results.filter((x) => x.status !== 200);
    if (bad.length > 0) throw new Error(`setup packets ${i}..: ${r.status} ${JSON.stringify(bad[0]).slice(0, 400)}`);
  }
  log(
    `setup: ${packets.length + 1} bank packets (registrations, funding) applied in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
