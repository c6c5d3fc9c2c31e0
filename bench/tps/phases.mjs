// Where a step's round time went, from the node's own /metrics (server/metrics): the mean of every phase of
// qfs_phase_duration_seconds and the mean batch size over the step (the difference of two scrapes), so a step's
// row says which phase bounds it. A node without /metrics (an older --url) gives undefined.

/** Longest /metrics body read, bytes (the registry holds 18 metrics; a few hundred lines). */
const METRICS_BYTES_MAX = 1 << 20;

/** The sums and counts of the phase histograms and of the batch size, by series name. */
export async function scrapePhases(url) {
  try {
    const res = await fetch(new URL("/metrics", url));
    if (!res.ok) return undefined;
    const text = await res.text();
    if (text.length > METRICS_BYTES_MAX) return undefined;
    const out = new Map();
    for (const line of text.split("\n")) {
      const m = /^qfs_(phase_duration_seconds|batch_packets)_(sum|count)(?:\{phase="([a-z_0-9]+)"\})? (\S+)$/.exec(
        line,
      );
      if (!m) continue;
      const key = m[1] === "batch_packets" ? "batch_packets" : m[3];
      const e = out.get(key) ?? { sum: 0, count: 0 };
      e[m[2]] = Number(m[4]);
      out.set(key, e);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Per phase, the mean ms over the step; and the mean packets a batch, and the batch count. */
export function phaseMeans(before, after) {
  if (before === undefined || after === undefined) return undefined;
  const out = { phasesMs: {}, batches: 0, packetsPerBatch: 0 };
  for (const [key, a] of after) {
    const b = before.get(key) ?? { sum: 0, count: 0 };
    const n = a.count - b.count;
    if (n <= 0) continue;
    if (key === "batch_packets") {
      out.batches = n;
      out.packetsPerBatch = (a.sum - b.sum) / n;
    } else out.phasesMs[key] = (1000 * (a.sum - b.sum)) / n;
  }
  return out;
}

export function formatPhases(p) {
  if (p === undefined) return "phases: n/a (no /metrics)";
  const ms = Object.entries(p.phasesMs)
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(", ");
  return `phases (mean ms a round): ${ms}; ${p.batches} batches of ${p.packetsPerBatch.toFixed(1)} packets`;
}
