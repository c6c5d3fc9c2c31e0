// The open-loop driver of bench:tps: requests leave on a fixed schedule (request k at t0 + k·batch/rate) whether
// or not earlier ones have answered, so a slow server cannot slow the offering down and hide its latency
// (coordinated omission). A transaction's latency runs from its request's scheduled send time to the answer that
// carries its durable receipt (the node answers after the batch is committed), in performance.now() ms.
// --batch 1 posts the raw packet to /v1/transactions; --batch N > 1 posts N packets as JSON to
// /v1/transactions/batch, and each packet counts by its own status in the results.
import http from "node:http";
import { performance } from "node:perf_hooks";

/** Sockets the driver may hold open: open-loop means as many in flight as the server lets pile up. */
const SOCKETS_MAX = 1024;
/** After the last send, how long answers are awaited before the rest count as errors, ms. */
const DRAIN_MS_MAX = 30_000;
/** Longest a request may wait for its answer, ms; past it the transactions count as errors. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Requests of one step, prepared before the clock starts (the body encoding is not the server's time). */
export function prepareRequests(packets, batch) {
  const out = [];
  for (let i = 0; i < packets.length; i += batch) {
    const chunk = packets.slice(i, i + batch);
    out.push(
      batch === 1
        ? { path: "/v1/transactions", type: "application/octet-stream", body: Buffer.from(chunk[0]), n: 1 }
        : {
            path: "/v1/transactions/batch",
            type: "application/json",
            body: Buffer.from(JSON.stringify({ packets: chunk.map((p) => Buffer.from(p).toString("base64")) })),
            n: chunk.length,
          },
    );
  }
  return out;
}

function send(agent, target, req) {
  return new Promise((resolve) => {
    const r = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: "POST",
        path: req.path,
        headers: { "content-type": req.type, "content-length": req.body.length },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const parts = [];
        res.on("data", (d) => parts.push(d));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(parts) }));
        res.on("error", (e) => resolve({ status: 0, error: e.message }));
      },
    );
    r.on("timeout", () => r.destroy(new Error("timeout")));
    r.on("error", (e) => resolve({ status: 0, error: e.message }));
    r.end(req.body);
  });
}

/** Packets of an answer that applied, and the error codes of the others (code → count). */
function tally(req, answer, codes) {
  const count = (code, n = 1) => codes.set(code, (codes.get(code) ?? 0) + n);
  if (answer.status === 0) {
    count(`net:${answer.error}`, req.n);
    return 0;
  }
  let body;
  try {
    body = JSON.parse(answer.body.toString("utf8"));
  } catch {
    count(`http:${answer.status}`, req.n);
    return 0;
  }
  if (req.n === 1 && req.path === "/v1/transactions") {
    if (answer.status === 200) return 1;
    count(body.error ?? `http:${answer.status}`);
    return 0;
  }
  if (answer.status !== 200 || !Array.isArray(body.results)) {
    count(body.error ?? `http:${answer.status}`, req.n);
    return 0;
  }
  let ok = 0;
  for (const r of body.results)
    if (r.status === 200) ok++;
    else count(r.error ?? `http:${r.status}`);
  return ok;
}

/** Offers `requests` at `rate` transactions/s. Returns { sent, ok, errors, codes, latenciesMs (of applied
 *  transactions, sorted), elapsedS, sendLagMsMax }. `onTick` is called once a second (CPU sampling). */
export async function runOpenLoop(url, requests, rate, batch) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS_MAX });
  const intervalMs = (1000 * batch) / rate;
  const latencies = new Float64Array(requests.reduce((n, r) => n + r.n, 0));
  let nLat = 0;
  let ok = 0;
  let sent = 0;
  let lastDoneMs = 0;
  let sendLagMsMax = 0;
  const codes = new Map();
  const pending = new Set();
  const t0 = performance.now() + 20;
  let k = 0;
  await new Promise((resolve) => {
    const pump = () => {
      const now = performance.now();
      while (k < requests.length && t0 + k * intervalMs <= now) {
        const scheduled = t0 + k * intervalMs;
        sendLagMsMax = Math.max(sendLagMsMax, now - scheduled);
        const req = requests[k++];
        sent += req.n;
        const p = send(agent, target, req).then((answer) => {
          const done = performance.now();
          const applied = tally(req, answer, codes);
          for (let i = 0; i < applied; i++) latencies[nLat++] = done - scheduled;
          ok += applied;
          if (applied > 0) lastDoneMs = done;
          pending.delete(p);
        });
        pending.add(p);
      }
      if (k >= requests.length) resolve();
      else setTimeout(pump, Math.max(0, Math.min(1, t0 + k * intervalMs - performance.now())));
    };
    pump();
  });
  const sendEnd = performance.now();
  await Promise.race([Promise.all([...pending]), new Promise((r) => setTimeout(r, DRAIN_MS_MAX))]);
  const unanswered = [...pending].length;
  agent.destroy();
  const lat = latencies.subarray(0, nLat).sort();
  const errors = sent - ok;
  if (unanswered > 0) codes.set("unanswered", (codes.get("unanswered") ?? 0) + unanswered);
  return {
    sent,
    ok,
    errors,
    codes: Object.fromEntries(codes),
    latenciesMs: lat,
    // Achieved rate: applied transactions over the time from the first scheduled send to the last receipt (at
    // least the offering window).
    elapsedS: Math.max(sendEnd, lastDoneMs) / 1000 - t0 / 1000,
    sendLagMsMax,
  };
}

export const quantile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
