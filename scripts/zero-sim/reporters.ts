// Report formats: human text, JSON (stable shape, no timestamps, so a report is itself reproducible), Markdown.
import type { AllowEntry } from "./config.js";
import type { ScanResult } from "./project.js";
import { RULES } from "./rules.js";

export const REPORT_VERSION = 1;

export interface JsonReport {
  tool: "qfs-zero-sim";
  version: number;
  ok: boolean;
  paths: string[];
  filesScanned: number;
  summary: { findings: number; suppressed: number; unusedAllow: number; byRule: Record<string, number> };
  findings: ScanResult["findings"];
  suppressed: ScanResult["suppressed"];
  unusedAllow: AllowEntry[];
}

function byRule(r: ScanResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of r.findings) out[f.rule] = (out[f.rule] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function toJson(r: ScanResult): JsonReport {
  return {
    tool: "qfs-zero-sim",
    version: REPORT_VERSION,
    ok: r.findings.length === 0,
    paths: r.paths,
    filesScanned: r.files.length,
    summary: {
      findings: r.findings.length,
      suppressed: r.suppressed.length,
      unusedAllow: r.unusedAllow.length,
      byRule: byRule(r),
    },
    findings: r.findings,
    suppressed: r.suppressed,
    unusedAllow: r.unusedAllow,
  };
}

export function describeEntry(e: AllowEntry): string {
  const at = [
    e.file,
    e.rule,
    e.line !== undefined ? `line ${e.line}` : "",
    e.match !== undefined ? `match ${JSON.stringify(e.match)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `#${e.index} (${at}): ${e.reason}`;
}

export function unusedWarnings(r: ScanResult): string[] {
  return r.unusedAllow.map((e) => `zero-sim: warning: unused allow-list entry ${describeEntry(e)}`);
}

export function toText(r: ScanResult): string {
  const lines = r.findings.map(
    (f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.name}: ${f.message}${f.snippet ? ` [${f.snippet}]` : ""}`,
  );
  const sup = r.suppressed.length ? `, ${r.suppressed.length} allowed by the allow-list` : "";
  lines.push(
    r.findings.length === 0
      ? `zero-sim: clean: ${r.files.length} file(s) scanned${sup}`
      : `zero-sim: ${r.findings.length} finding(s) in ${new Set(r.findings.map((f) => f.file)).size} of ${r.files.length} file(s) scanned${sup}`,
  );
  return lines.join("\n") + "\n";
}

function cell(s: string | number): string {
  return String(s).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(s: string): string {
  return s === "" ? "" : `\`${s.replace(/`/g, "'")}\``;
}

export function toMarkdown(r: ScanResult): string {
  const out: string[] = [];
  out.push("# Zero-simulation scan", "");
  out.push(r.findings.length === 0 ? "**Result: clean.**" : `**Result: ${r.findings.length} finding(s).**`, "");
  out.push(`- Paths: ${r.paths.map((p) => code(p)).join(", ")}`);
  out.push(`- Files scanned: ${r.files.length}`);
  out.push(`- Findings: ${r.findings.length}`);
  out.push(`- Allowed by the allow-list: ${r.suppressed.length}`);
  out.push(`- Unused allow-list entries: ${r.unusedAllow.length}`, "");
  if (r.findings.length) {
    out.push(
      "## Findings",
      "",
      "| File | Line | Col | Rule | Name | Message | Code |",
      "|---|---:|---:|---|---|---|---|",
    );
    for (const f of r.findings)
      out.push(
        `| ${cell(f.file)} | ${f.line} | ${f.column} | ${f.rule} | ${f.name} | ${cell(f.message)} | ${cell(code(f.snippet))} |`,
      );
    out.push("");
  }
  if (r.suppressed.length) {
    out.push(
      "## Allowed (allow-list)",
      "",
      "| File | Line | Rule | Code | Entry | Reason |",
      "|---|---:|---|---|---:|---|",
    );
    for (const s of r.suppressed)
      out.push(
        `| ${cell(s.file)} | ${s.line} | ${s.rule} | ${cell(code(s.snippet))} | #${s.allowIndex} | ${cell(s.reason)} |`,
      );
    out.push("");
  }
  if (r.unusedAllow.length) {
    out.push("## Unused allow-list entries (warning)", "");
    for (const e of r.unusedAllow) out.push(`- ${cell(describeEntry(e))}`);
    out.push("");
  }
  out.push("## Rules", "", "| Id | Name | Scope | Why |", "|---|---|---|---|");
  for (const rule of RULES)
    out.push(`| ${rule.id} | ${rule.name} | ${rule.scope === "as" ? "AssemblyScript" : "all"} | ${cell(rule.why)} |`);
  out.push("");
  return out.join("\n");
}
