// monitoring/ stays in step with the node: every metric the alert rules, their promtool tests and the Grafana
// dashboard name is one /metrics exposes (METRIC_NAMES, or a histogram's _bucket/_sum/_count of one), every alert
// has a promtool test and a section in docs/operations.md, and the dashboard is a Grafana document whose panels
// all query something. The rules themselves are tested by promtool (scripts/ci-promtool.sh).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { METRIC_NAMES } from "../../server/metrics/metrics.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const exposed = new Set<string>(METRIC_NAMES);

/** The qfs_ metric names a text mentions, each reduced to the metric it is a series of. */
function metricsNamed(text: string): string[] {
  const names = new Set(text.match(/\bqfs_[a-z0-9_]+/g) ?? []);
  return [...names].map((n) => (exposed.has(n) ? n : n.replace(/_(bucket|sum|count)$/, "")));
}

interface Rules {
  groups: { rules: { alert: string; expr: string; annotations: { runbook: string } }[] }[];
}

describe("monitoring/ and the metrics the node exposes", () => {
  it("alerts, rule tests and dashboard name only exposed metrics", () => {
    for (const path of ["monitoring/alerts.yml", "monitoring/alerts.test.yml", "monitoring/grafana-dashboard.json"]) {
      const named = metricsNamed(read(path));
      expect(named.length, path).toBeGreaterThan(0);
      for (const n of named) expect(exposed.has(n), `${path}: ${n}`).toBe(true);
    }
  });

  it("every alert has a promtool test and a runbook section in docs/operations.md", () => {
    const rules = (parse(read("monitoring/alerts.yml")) as Rules).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).sort()).toEqual([
      "QfsHalted",
      "QfsLatencyP99High",
      "QfsQueueSaturated",
      "QfsRoundsAborted",
      "QfsRoundsInDoubt",
      "QfsTransactionFailureRateHigh",
    ]);
    const tests = parse(read("monitoring/alerts.test.yml")) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test);
    const docs = read("docs/operations.md");
    for (const r of rules) {
      // At least one case where it fires and one where it must not.
      expect(
        cases.some((c) => c.alertname === r.alert && c.exp_alerts.length > 0),
        r.alert,
      ).toBe(true);
      expect(
        cases.some((c) => c.alertname === r.alert && c.exp_alerts.length === 0),
        r.alert,
      ).toBe(true);
      expect(r.annotations.runbook).toBe(`docs/operations.md#${r.alert.toLowerCase()}`);
      expect(docs, r.alert).toContain(`### ${r.alert}`);
    }
  });

  it("the dashboard is a Grafana document; every panel queries Prometheus", () => {
    const dashboard = JSON.parse(read("monitoring/grafana-dashboard.json")) as {
      uid: string;
      panels: { id: number; title: string; targets: { expr: string }[] }[];
    };
    expect(dashboard.uid).toBe("qfs-node");
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) {
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets) expect(t.expr, p.title).toMatch(/qfs_/);
    }
  });
});
