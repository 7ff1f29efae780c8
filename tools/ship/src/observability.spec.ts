import * as path from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { ALL_METRICS, type MetricDefinition } from '@fastgen/platform';
import { read } from './support';

// The Grafana dashboard and the Prometheus alert rules that ship with the chart
// (docker/helm/fastgen/files/), checked without Prometheus or Grafana: every expression is parsed
// with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql) and may use only the metrics the
// services register (libs/platform/src/observability/catalogue.ts) with their labels.

const FILES = path.join('docker', 'helm', 'fastgen', 'files');
// Labels Prometheus adds from the scrape target (job, instance; Kubernetes service discovery adds the rest).
const TARGET_LABELS = new Set(['job', 'instance', 'namespace', 'pod', 'service', 'container']);

/** Every series name a metric exposes: histograms as _bucket (with le), _sum and _count. */
function seriesIndex(): Map<string, { metric: MetricDefinition; labels: Set<string> }> {
  const index = new Map<string, { metric: MetricDefinition; labels: Set<string> }>();
  for (const metric of ALL_METRICS) {
    const labels = new Set<string>(metric.labelNames);
    if (metric.type === 'histogram') {
      index.set(`${metric.name}_bucket`, { metric, labels: new Set([...labels, 'le']) });
      index.set(`${metric.name}_sum`, { metric, labels });
      index.set(`${metric.name}_count`, { metric, labels });
    } else {
      index.set(metric.name, { metric, labels });
    }
  }
  return index;
}
const SERIES = seriesIndex();

interface Checked {
  problems: string[];
  metrics: Set<string>;
}

/** Parses one PromQL expression and lists what is wrong with it: syntax, unknown metrics or labels. */
function checkPromQL(source: string): Checked {
  // Grafana's interval variables stand for durations.
  const expr = source.replace(/\$__(rate_interval|interval|range)/g, '5m');
  const problems: string[] = [];
  const metrics = new Set<string>();
  const grouping: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) problems.push(`syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 15), node.to + 15)}"`);
      if (node.name === 'VectorSelector') {
        const name = node.node.getChild('Identifier');
        const series = name ? expr.slice(name.from, name.to) : '';
        const known = SERIES.get(series);
        if (!known) {
          problems.push(`unknown metric "${series}"`);
          return false;
        }
        metrics.add(known.metric.name);
        const matchers = node.node.getChild('LabelMatchers');
        for (const matcher of matchers?.getChildren('UnquotedLabelMatcher') ?? []) {
          const label = matcher.getChild('LabelName');
          const labelName = label ? expr.slice(label.from, label.to) : '';
          if (!known.labels.has(labelName) && !TARGET_LABELS.has(labelName)) problems.push(`${series} has no label "${labelName}"`);
        }
        return false;
      }
      if (node.name === 'GroupingLabels') {
        for (const label of node.node.getChildren('LabelName')) grouping.push(expr.slice(label.from, label.to));
      }
      return undefined;
    },
  });
  if (metrics.size === 0) problems.push('uses no Fastgen metric');
  const available = new Set([...TARGET_LABELS, 'le', ...[...metrics].flatMap((m) => ALL_METRICS.find((d) => d.name === m)!.labelNames)]);
  for (const label of grouping) if (!available.has(label)) problems.push(`groups by "${label}", a label of none of its metrics`);
  return { problems, metrics };
}

describe('the PromQL check itself', () => {
  it.each([
    ['sum(rate(fastgen_delivery_attempts_total[5m]) by', /syntax error/],
    ['rate(fastgen_delivery_attempt_total[5m])', /unknown metric "fastgen_delivery_attempt_total"/],
    ['fastgen_delivery_attempts_total{endpoint_id="x"}', /has no label "endpoint_id"/],
    ['sum by (project) (fastgen_gateway_events_total)', /groups by "project"/],
    ['up == 0', /unknown metric "up"/],
  ])('refuses %s', (expr, problem) => {
    expect(checkPromQL(expr).problems.join('\n')).toMatch(problem);
  });

  it('accepts histogram series with le, target labels and Grafana intervals', () => {
    expect(checkPromQL('histogram_quantile(0.9, sum by (le, pod) (rate(fastgen_delivery_latency_seconds_bucket{job="x"}[$__rate_interval])))').problems).toEqual([]);
  });
});

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

describe(`${FILES}/alerts.yaml (Prometheus rule groups)`, () => {
  const doc = parse(read(path.join(FILES, 'alerts.yaml'))) as { groups: { name: string; rules: Rule[] }[] };
  const rules = doc.groups.flatMap((g) => g.rules);
  const deploy = read('docs/deploy.md');

  it('is a list of named groups of alerting rules with unique names', () => {
    expect(doc.groups.length).toBeGreaterThan(0);
    for (const g of doc.groups) expect(g.name).toMatch(/^[a-z0-9-]+$/);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect(Object.keys(r).every((k) => ['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(k))).toBe(true);
      expect(r.alert).toMatch(/^Fastgen[A-Z][A-Za-z]+$/);
      if (r.for !== undefined) expect(r.for).toMatch(/^\d+[smh]$/);
    }
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s: valid PromQL over registered metrics and labels', (_name, rule) => {
    expect(checkPromQL(rule.expr).problems).toEqual([]);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s: a severity, a summary, a description and a runbook section in docs/deploy.md', (_name, rule) => {
    expect(['warning', 'critical']).toContain(rule.labels?.['severity']);
    expect(rule.annotations?.['summary']).toBeTruthy();
    expect(rule.annotations?.['description']).toBeTruthy();
    expect(rule.annotations?.['runbook']).toBe(`docs/deploy.md#${rule.alert.toLowerCase()}`);
    expect(deploy).toMatch(new RegExp(`^#+ ${rule.alert}$`, 'm'));
  });

  it('covers the backlog, stuck consumers, dead letters, disabled endpoints, failing attempts and log writes', () => {
    const used = new Set(rules.flatMap((r) => [...checkPromQL(r.expr).metrics]));
    for (const name of [
      'fastgen_schedule_oldest_due_job_age_seconds',
      'fastgen_kafka_consumer_last_commit_age_seconds',
      'fastgen_kafka_consumer_lag',
      'fastgen_dead_letters_total',
      'fastgen_endpoints_disabled_total',
      'fastgen_delivery_attempts_total',
      'fastgen_log_write_failures_total',
    ]) {
      expect(used).toContain(name);
    }
  });
});

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
  panels?: Panel[];
}

describe(`${FILES}/grafana-dashboard.json`, () => {
  const dashboard = JSON.parse(read(path.join(FILES, 'grafana-dashboard.json'))) as {
    uid: string;
    title: string;
    schemaVersion: number;
    panels: Panel[];
    templating: { list: { name: string; type: string; query: string }[] };
  };
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const graphs = panels.filter((p) => p.type !== 'row');

  it('is a provisionable dashboard: uid, title, schema version, a Prometheus datasource variable', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
  });

  it('has panels with unique ids, known types and a place on the 24-column grid', () => {
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(['row', 'stat', 'timeseries', 'gauge', 'bargauge', 'table', 'text']).toContain(p.type);
      expect(p.title).toBeTruthy();
      const { x, y, w, h } = p.gridPos;
      expect([x, y, w, h].every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
      expect(x + w).toBeLessThanOrEqual(24);
      expect(h).toBeGreaterThan(0);
    }
  });

  it.each(graphs.map((p) => [p.title, p] as const))('%s: queries the datasource variable with valid PromQL over registered metrics', (_title, panel) => {
    expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(panel.targets?.length).toBeGreaterThan(0);
    expect(new Set(panel.targets!.map((t) => t.refId)).size).toBe(panel.targets!.length);
    for (const t of panel.targets!) expect(checkPromQL(t.expr).problems).toEqual([]);
  });

  it('shows every product metric somewhere', () => {
    const shown = new Set(graphs.flatMap((p) => p.targets!.flatMap((t) => [...checkPromQL(t.expr).metrics])));
    expect(ALL_METRICS.map((m) => m.name).filter((m) => !shown.has(m))).toEqual([]);
  });
});
