// Chart of bench:tps results: latency (p50 dashed, p99 solid; log scale, ms) against offered rate (tx/s), one
// series per results file that `npm run bench:tps -- --json-out FILE` wrote. Plain SVG, no dependency.
//   node scripts/chart-tps.mjs OUT.svg results1.json [results2.json …]
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

/** Largest results file read, bytes (a run's JSON is a few KB). */
const RESULTS_FILE_BYTES_MAX = 1024 * 1024;
const SERIES_MAX = 8;
const W = 900;
const H = 420;
const M = { left: 70, right: 290, top: 30, bottom: 50 };
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

const [out, ...files] = process.argv.slice(2);
if (out === undefined || files.length === 0 || files.length > SERIES_MAX) {
  console.error(`usage: node scripts/chart-tps.mjs OUT.svg results.json… (1..${SERIES_MAX} files)`);
  process.exit(2);
}
const series = files.map((f) => {
  if (statSync(f).size > RESULTS_FILE_BYTES_MAX) {
    console.error(`${f}: above ${RESULTS_FILE_BYTES_MAX} B (E_INPUT_TOO_LARGE)`);
    process.exit(2);
  }
  const r = JSON.parse(readFileSync(f, "utf8"));
  const s = r.summary;
  return {
    // A file named before-<commit>-… is an earlier run kept for comparison (docs/bench-tps/); the x axis shows
    // the steps, so a label is the run's store and batch size only.
    label: `${/^before-/.test(basename(f)) ? `before ${basename(f).split("-")[1]} · ` : ""}${s.store} · batch ${s.batch}`,
    points: r.steps
      .filter((p) => Number.isFinite(p.p99Ms))
      .map((p) => ({ x: p.offeredTps, p50: p.p50Ms, p99: p.p99Ms })),
  };
});
const all = series.flatMap((s) => s.points);
const xMax = Math.max(...all.map((p) => p.x)) * 1.05;
const yMin = Math.max(0.1, Math.min(...all.map((p) => p.p50)) / 1.5);
const yMax = Math.max(200, ...all.map((p) => p.p99)) * 1.3;
const pw = W - M.left - M.right;
const ph = H - M.top - M.bottom;
const sx = (x) => M.left + (x / xMax) * pw;
const sy = (y) => M.top + ph - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
const el = [];
el.push(`<rect width="${W}" height="${H}" fill="white"/>`);
el.push(
  `<text x="${M.left}" y="18" font-size="14">bench:tps — latency (send → durable receipt) against offered rate</text>`,
);
for (let d = Math.floor(Math.log10(yMin)); d <= Math.ceil(Math.log10(yMax)); d++) {
  const y = 10 ** d;
  if (y < yMin || y > yMax) continue;
  el.push(`<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(y)}" y2="${sy(y)}" stroke="#ddd"/>`);
  el.push(`<text x="${M.left - 6}" y="${sy(y) + 4}" font-size="11" text-anchor="end">${y} ms</text>`);
}
const xStep = 10 ** Math.floor(Math.log10(xMax)) / (xMax / 10 ** Math.floor(Math.log10(xMax)) < 3 ? 2 : 1);
for (let x = 0; x <= xMax; x += xStep) {
  el.push(`<line x1="${sx(x)}" x2="${sx(x)}" y1="${M.top}" y2="${M.top + ph}" stroke="#eee"/>`);
  el.push(`<text x="${sx(x)}" y="${M.top + ph + 16}" font-size="11" text-anchor="middle">${x}</text>`);
}
el.push(`<text x="${M.left + pw / 2}" y="${H - 10}" font-size="12" text-anchor="middle">offered tx/s</text>`);
// The sustained bound: p99 < 100 ms.
el.push(
  `<line x1="${M.left}" x2="${M.left + pw}" y1="${sy(100)}" y2="${sy(100)}" stroke="#999" stroke-dasharray="2,3"/>`,
);
el.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
series.forEach((s, i) => {
  const c = COLORS[i % COLORS.length];
  for (const [key, dash] of [
    ["p99", ""],
    ["p50", ' stroke-dasharray="5,4"'],
  ]) {
    const pts = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p[key]).toFixed(1)}`).join(" ");
    el.push(`<polyline points="${pts}" fill="none" stroke="${c}" stroke-width="2"${dash}/>`);
    for (const p of s.points)
      el.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p[key]).toFixed(1)}" r="3" fill="${c}"/>`);
  }
  const ly = M.top + 16 + i * 36;
  el.push(
    `<line x1="${W - M.right + 12}" x2="${W - M.right + 40}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2"/>`,
  );
  el.push(`<text x="${W - M.right + 46}" y="${ly + 4}" font-size="11">${s.label} p99</text>`);
  el.push(
    `<line x1="${W - M.right + 12}" x2="${W - M.right + 40}" y1="${ly + 16}" y2="${ly + 16}" stroke="${c}" stroke-width="2" stroke-dasharray="5,4"/>`,
  );
  el.push(`<text x="${W - M.right + 46}" y="${ly + 20}" font-size="11">${s.label} p50</text>`);
});
writeFileSync(
  out,
  `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">\n${el.join("\n")}\n</svg>\n`,
);
console.log(`chart: ${series.length} series → ${out}`);
