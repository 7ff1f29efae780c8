import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnv } from '@fastgen/platform';
import { TOPICS } from '@fastgen/contracts';
import { ensureHelm, helmTemplate, modelOf, type Manifest } from './helm';
import { ROOT, envSchemaOf, read, requiredVars, serviceApps } from './support';

const CHART = path.join(ROOT, 'docker', 'helm', 'fastgen');
// What an operator passes at the least: the name of the Secret they created.
const REQUIRED = { 'secrets.existingSecret': 'fastgen-secrets' };
// Every optional part on: ingress, monitors, Kafka TLS + SASL, Postgres TLS, OTLP.
const EVERYTHING = {
  ...REQUIRED,
  'ingress.enabled': true,
  'ingress.tls.secretName': 'fastgen-tls',
  'metrics.serviceMonitor.enabled': true,
  'metrics.podMonitor.enabled': true,
  'metrics.prometheusRule.enabled': true,
  'metrics.grafanaDashboard.enabled': true,
  'kafka.ssl': true,
  'kafka.caSecret.name': 'kafka-ca',
  'kafka.sasl.mechanism': 'scram-sha-512',
  'kafka.sasl.username': 'fastgen',
  'kafka.sasl.passwordSecret.name': 'kafka-credentials',
  'database.ssl': true,
  'database.caSecret.name': 'postgres-ca',
  'otel.env.OTEL_EXPORTER_OTLP_ENDPOINT': 'http://otel-collector.observability:4318',
  'otel.secretEnv.OTEL_EXPORTER_OTLP_HEADERS.name': 'otel-auth',
  'otel.secretEnv.OTEL_EXPORTER_OTLP_HEADERS.key': 'headers',
};
// Stand-ins for values the pods read from Secrets, to check what the services validate at boot.
const SAMPLE_SECRETS: Record<string, string> = {
  ADMIN_TOKEN: 'a'.repeat(32),
  SECRETS_MASTER_KEY: '0'.repeat(64),
  DATABASE_URL: 'postgres://u:p@db:5432/fastgen',
  KAFKA_SASL_PASSWORD: 'sample-password',
  OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer x',
};

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
const find = (docs: Manifest[], kind: string, name: string) => docs.find((m) => m.kind === kind && m.metadata.name === name);
const get = (docs: Manifest[], kind: string, name: string) => {
  const found = find(docs, kind, name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as Manifest & { spec: any; data?: Record<string, string> };
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const envOf = (container: { env: EnvVar[] }) => Object.fromEntries(container.env.map((e) => [e.name, e.value ?? SAMPLE_SECRETS[e.name] ?? `<${e.valueFrom?.secretKeyRef.key}>`]));
const containerOf = (docs: Manifest[], app: string) => get(docs, 'Deployment', `fastgen-${app}`).spec.template.spec.containers[0];

const helm = ensureHelm();
const describeWithHelm = helm.helm ? describe : describe.skip;
if (!helm.helm) console.warn(`!!! SKIPPED: the Helm chart checks: ${helm.reason}`);

describeWithHelm('docker/helm/fastgen', () => {
  const bin = helm.helm!;
  const render = (set: Record<string, string | number | boolean> = REQUIRED, chart = CHART) => {
    const out = helmTemplate(bin, chart, set);
    if (out.status !== 0) throw new Error(`helm template failed:\n${out.stderr}`);
    return out.manifests;
  };
  const defaults = render();
  const everything = render(EVERYTHING);

  it.each([
    ['the defaults', defaults],
    ['every option on', everything],
  ])('renders %s to manifests valid against the Kubernetes (and Prometheus operator) schemas', (_name, docs) => {
    expect(docs.length).toBeGreaterThan(10);
    for (const m of docs) {
      const Model = modelOf(m);
      expect(() => new Model(m).validate()).not.toThrow();
    }
  });

  it('passes helm lint', () => {
    const res = require('node:child_process').spawnSync(bin, ['lint', CHART, '--strict', '--kube-version', '1.31.0', '--set-string', 'secrets.existingSecret=fastgen-secrets'], { encoding: 'utf8' });
    expect(res.stdout).toMatch(/0 chart\(s\) failed/);
    expect(res.status).toBe(0);
  });

  it.each([
    [{}, /secrets\.existingSecret is required/],
    [{ ...REQUIRED, 'urlPolicy.policy': 'private' }, /urlPolicy\/policy.*one of 'public-only', 'any'/],
    [{ ...REQUIRED, 'kafka.sasl.mechanism': 'gssapi', 'kafka.sasl.username': 'u', 'kafka.sasl.passwordSecret.name': 's' }, /kafka\/sasl\/mechanism/],
    [{ ...REQUIRED, 'kafka.sasl.mechanism': 'plain' }, /kafka\.sasl\.username is required/],
    [{ ...REQUIRED, 'otel.env.NODE_OPTIONS': '--inspect' }, /'NODE_OPTIONS' does not match pattern '\^OTEL_/],
    [{ ...REQUIRED, 'metrics.port': 8080 }, /\/metrics\/port/],
  ])('refuses to render %j, naming the value at fault', (set, message) => {
    const out = helmTemplate(bin, CHART, set as Record<string, string>);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(message);
  });

  describe.each(serviceApps())('%s', (app) => {
    it('runs with both probes, resources, non-root, a read-only root filesystem, and spread over zones and nodes', () => {
      const deployment = get(defaults, 'Deployment', `fastgen-${app}`);
      const pod = deployment.spec.template;
      expect(selects(deployment.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
      const c = pod.spec.containers[0];
      expect(c.image).toBe(`fastgen-webhooks/${app}:0.1.0`);
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      for (const kind of ['requests', 'limits']) expect(Object.keys(c.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      const spread = pod.spec.topologySpreadConstraints as { topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }[];
      expect(spread.map((s) => s.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      for (const s of spread) expect(selects(s.labelSelector.matchLabels, pod.metadata.labels)).toBe(true);
      // SIGTERM lets in-flight work finish for SHUTDOWN_TIMEOUT_MS; Kubernetes must wait longer than that.
      const preStopMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(c.lifecycle?.preStop?.exec?.command?.join(' ') ?? '')?.[1] ?? 0);
      expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(envOf(c)['SHUTDOWN_TIMEOUT_MS']) + preStopMs);
      const pdb = defaults.find((m) => m.kind === 'PodDisruptionBudget' && selects(m['spec'].selector.matchLabels, pod.metadata.labels));
      expect(pdb).toBeDefined();
    });

    it.each([
      ['the defaults', () => defaults],
      ['every option on', () => everything],
    ])('gets every variable its environment schema requires, with values that pass it (%s)', async (_name, docs) => {
      const schema = await envSchemaOf(app);
      const env = envOf(containerOf(docs(), app));
      expect(Object.keys(env)).toEqual(expect.arrayContaining([...requiredVars(schema), 'DATABASE_URL']));
      // CA files are mounted into the pod; the boot check reads them, so stand-ins take their place here.
      expect(() => loadEnv(schema, withCaStandIns(env))).not.toThrow();
      expect(env['NODE_ENV']).toBe('production');
      // Every secret comes from a Secret, never from a value of the chart.
      for (const name of ['ADMIN_TOKEN', 'SECRETS_MASTER_KEY', 'DATABASE_URL', 'KAFKA_SASL_PASSWORD']) {
        const v = (containerOf(docs(), app).env as EnvVar[]).find((e) => e.name === name);
        if (v) expect(v.value).toBeUndefined();
      }
    });

    it('serves metrics on their own port, METRICS_PORT, 9464 by default', () => {
      const c = containerOf(defaults, app);
      const ports = Object.fromEntries((c.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort]));
      expect(ports).toEqual({ http: 8080, metrics: 9464 });
      expect(envOf(c)['METRICS_PORT']).toBe('9464');
      expect(envOf(c)['PORT']).toBe('8080');
    });

    it('is migrated by the hook Job with its own image and the same environment', () => {
      const job = get(defaults, 'Job', 'fastgen-migrate');
      const containers = [...(job.spec.template.spec.initContainers ?? []), ...job.spec.template.spec.containers];
      const c = containers.find((x: { name: string }) => x.name === `migrate-${app}`);
      expect(c.command).toEqual(['node', 'main.js', 'migrate']);
      expect(c.image).toBe(containerOf(defaults, app).image);
      expect(c.env).toEqual(containerOf(defaults, app).env);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true });
    });
  });

  it('migrates before installs and upgrades as a Helm hook that replaces the previous Job and removes itself', () => {
    const job = get(defaults, 'Job', 'fastgen-migrate');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    });
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('turns the URL policy on (public-only) for config and the dispatcher by default, and passes the allow-list', () => {
    for (const app of ['config', 'dispatcher']) expect(envOf(containerOf(defaults, app))['ENDPOINT_URL_POLICY']).toBe('public-only');
    const open = render({ ...REQUIRED, 'urlPolicy.allowlist': '10.20.0.0/16,hooks.internal' });
    expect(envOf(containerOf(open, 'dispatcher'))['ENDPOINT_URL_ALLOWLIST']).toBe('10.20.0.0/16,hooks.internal');
  });

  it('autoscales the gateway and the dispatcher (no fixed replicas then), the dispatcher no further than events.messages has partitions', () => {
    for (const app of ['gateway', 'dispatcher']) {
      const hpa = get(defaults, 'HorizontalPodAutoscaler', `fastgen-${app}`);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: `fastgen-${app}` });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
      expect(get(defaults, 'Deployment', `fastgen-${app}`).spec.replicas).toBeUndefined();
    }
    expect(get(defaults, 'HorizontalPodAutoscaler', 'fastgen-dispatcher').spec.maxReplicas).toBeLessThanOrEqual(TOPICS.events.messages.partitions);
    for (const app of ['config', 'log']) expect(get(defaults, 'Deployment', `fastgen-${app}`).spec.replicas).toBe(2);
  });

  it("exposes the gateway's API and dashboard port, and never a metrics port, through its Service and the Ingress", () => {
    expect(defaults.filter((m) => m.kind === 'Ingress')).toEqual([]); // off until a host is given
    const service = get(everything, 'Service', 'fastgen-gateway');
    expect(selects(service.spec.selector, get(everything, 'Deployment', 'fastgen-gateway').spec.template.metadata.labels)).toBe(true);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }]);
    const [ingress, ...more] = everything.filter((m) => m.kind === 'Ingress');
    expect(more).toEqual([]);
    const paths = (ingress!['spec'].rules as { http: { paths: { path: string; pathType: string; backend: { service: unknown } }[] } }[]).flatMap((r) => r.http.paths);
    for (const p of paths) expect(p.backend.service).toEqual({ name: 'fastgen-gateway', port: { name: 'http' } });
    // What the Ingress routes from the internet: the API, Swagger and the dashboard, nothing else.
    const routed = (url: string) => paths.some((p) => (p.pathType === 'Exact' ? url === p.path : url === p.path || url.startsWith(`${p.path}/`)));
    for (const url of ['/', '/v1/events', '/docs', '/docs-json', '/assets/index.js', '/webhooks', '/logs/deliveries']) expect(routed(url)).toBe(true);
    for (const url of ['/metrics', '/healthz', '/readyz']) expect(routed(url)).toBe(false);
    expect(ingress!['spec'].tls).toEqual([{ hosts: ['webhooks.example.com'], secretName: 'fastgen-tls' }]);
  });

  describe('NetworkPolicy', () => {
    const policy = (app: string) => get(defaults, 'NetworkPolicy', `fastgen-${app}`).spec;
    const ports = (rule: { ports?: { port: string | number }[] }) => (rule.ports ?? []).map((p) => p.port);

    it.each(serviceApps())('%s: selects its pods and governs both directions', (app) => {
      expect(selects(policy(app).podSelector.matchLabels, get(defaults, 'Deployment', `fastgen-${app}`).spec.template.metadata.labels)).toBe(true);
      expect(policy(app).policyTypes).toEqual(['Ingress', 'Egress']);
      const egressPorts = (policy(app).egress as { ports?: { port: number }[] }[]).flatMap(ports);
      expect(egressPorts).toEqual(expect.arrayContaining([53, 9092, 5432]));
    });

    it('lets traffic in to the HTTP port of the gateway only; other ingress is the metrics port', () => {
      for (const app of serviceApps()) {
        const inPorts = (policy(app).ingress as { ports: { port: string }[] }[]).flatMap(ports);
        expect(inPorts).toEqual(app === 'gateway' ? ['http', 'metrics'] : ['metrics']);
      }
    });

    it('lets the dispatcher reach the internet on any port but not the private ranges; nothing else reaches the internet', () => {
      const blocks = (app: string) =>
        (policy(app).egress as { to?: { ipBlock?: { cidr: string; except?: string[] } }[]; ports?: unknown[] }[])
          .flatMap((r) => r.to ?? [])
          .flatMap((t) => (t.ipBlock ? [t.ipBlock] : []));
      const v4 = blocks('dispatcher').find((b) => b.cidr === '0.0.0.0/0')!;
      expect(v4.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10', '127.0.0.0/8']));
      expect(blocks('dispatcher').find((b) => b.cidr === '::/0')!.except).toEqual(expect.arrayContaining(['fc00::/7', 'fe80::/10']));
      const internetRule = (policy('dispatcher').egress as { to?: { ipBlock?: { cidr: string } }[]; ports?: unknown[] }[]).find((r) =>
        r.to?.some((t) => t.ipBlock?.cidr === '0.0.0.0/0'),
      )!;
      expect(internetRule.ports).toBeUndefined();
      for (const app of serviceApps().filter((a) => a !== 'dispatcher')) expect(blocks(app)).toEqual([]);
      const allowed = render({ ...REQUIRED, 'networkPolicy.dispatcher.allowedPrivateCidrs[0]': '10.20.0.0/16' });
      const dispatcherTo = (get(allowed, 'NetworkPolicy', 'fastgen-dispatcher').spec.egress as { to?: { ipBlock?: { cidr: string } }[] }[]).flatMap((r) => r.to ?? []);
      expect(dispatcherTo).toContainEqual({ ipBlock: { cidr: '10.20.0.0/16' } });
    });
  });

  describe('monitoring', () => {
    it('scrapes the metrics port of every service with a ServiceMonitor or a PodMonitor', () => {
      const monitor = get(everything, 'ServiceMonitor', 'fastgen');
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
      for (const app of serviceApps()) {
        const svc = get(everything, 'Service', `fastgen-${app}-metrics`);
        expect(selects(monitor.spec.selector.matchLabels, svc.metadata.labels!)).toBe(true);
        expect(selects(svc.spec.selector, get(everything, 'Deployment', `fastgen-${app}`).spec.template.metadata.labels)).toBe(true);
        expect(svc.spec.ports).toEqual([{ name: 'metrics', port: 9464, targetPort: 'metrics' }]);
      }
      const pods = get(everything, 'PodMonitor', 'fastgen');
      expect(pods.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics' })]);
      expect(pods.spec.selector.matchExpressions[0].values.sort()).toEqual(serviceApps());
      expect(defaults.filter((m) => m.apiVersion.startsWith('monitoring.coreos.com/'))).toEqual([]);
    });

    it('passes OTEL_* variables to every service, secrets from Secrets, and names each service', () => {
      for (const app of serviceApps()) {
        const env = containerOf(everything, app).env as EnvVar[];
        expect(env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability:4318' });
        expect(env).toContainEqual({ name: 'OTEL_EXPORTER_OTLP_HEADERS', valueFrom: { secretKeyRef: { name: 'otel-auth', key: 'headers' } } });
        expect(env).toContainEqual({ name: 'OTEL_SERVICE_NAME', value: `fastgen-${app}` });
      }
    });

    it('makes a PrometheusRule and a Grafana dashboard ConfigMap from files/, and renders without them', () => {
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fastgen-chart-'));
      try {
        const chart = path.join(scratch, 'fastgen');
        fs.cpSync(CHART, chart, { recursive: true });
        fs.rmSync(path.join(chart, 'files'), { recursive: true, force: true });
        const bare = render(EVERYTHING, chart);
        expect(bare.filter((m) => m.kind === 'PrometheusRule' || m.metadata.name.endsWith('grafana-dashboards'))).toEqual([]);

        fs.mkdirSync(path.join(chart, 'files'));
        const rules = 'groups:\n  - name: fastgen\n    rules:\n      - alert: FastgenOldestDueJob\n        expr: fastgen_schedule_oldest_due_seconds > 300\n        for: 5m\n';
        fs.writeFileSync(path.join(chart, 'files', 'alerts.yaml'), rules);
        fs.writeFileSync(path.join(chart, 'files', 'fastgen.json'), '{"title": "Fastgen Webhooks", "panels": []}');
        const full = render(EVERYTHING, chart);
        const rule = get(full, 'PrometheusRule', 'fastgen');
        expect(rule.spec.groups[0].rules[0].alert).toBe('FastgenOldestDueJob');
        expect(() => new (modelOf(rule))(rule).validate()).not.toThrow();
        const dashboards = get(full, 'ConfigMap', 'fastgen-grafana-dashboards');
        expect(JSON.parse(dashboards.data!['fastgen.json']!)).toEqual({ title: 'Fastgen Webhooks', panels: [] });
        expect(dashboards.metadata.labels!['grafana_dashboard']).toBe('1');
      } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
      }
    });
  });

  it('connects to Kafka with TLS and SASL and to Postgres with TLS, the CA bundles mounted from Secrets', () => {
    for (const app of serviceApps()) {
      const c = containerOf(everything, app);
      const env = envOf(c);
      expect(env).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'fastgen', DATABASE_SSL: 'true' });
      expect((c.env as EnvVar[]).find((e) => e.name === 'KAFKA_SASL_PASSWORD')!.valueFrom).toEqual({
        secretKeyRef: { name: 'kafka-credentials', key: 'KAFKA_SASL_PASSWORD' },
      });
      const mounts = Object.fromEntries((c.volumeMounts as { name: string; mountPath: string }[]).map((m) => [m.name, m.mountPath]));
      expect(env['KAFKA_SSL_CA']!.startsWith(`${mounts['kafka-ca']}/`)).toBe(true);
      expect(env['DATABASE_SSL_CA']!.startsWith(`${mounts['postgres-ca']}/`)).toBe(true);
      const volumes = get(everything, 'Deployment', `fastgen-${app}`).spec.template.spec.volumes as { name: string; secret?: { secretName: string } }[];
      expect(volumes).toEqual(expect.arrayContaining([{ name: 'kafka-ca', secret: { secretName: 'kafka-ca' } }, { name: 'postgres-ca', secret: { secretName: 'postgres-ca' } }]));
    }
    for (const app of serviceApps()) expect(Object.keys(envOf(containerOf(defaults, app)))).not.toContain('KAFKA_SSL');
  });

  it('is the only deployment description: the kustomize manifests are gone, and the docs say how to install with Helm', () => {
    expect(fs.existsSync(path.join(ROOT, 'docker', 'k8s'))).toBe(false);
    expect(read('docs/deploy.md')).toMatch(/helm install fastgen docker\/helm\/fastgen/);
  });
});

/** The env with every CA path swapped for a PEM file that exists on this machine. */
function withCaStandIns(env: Record<string, string>): Record<string, string> {
  const pem = path.join(os.tmpdir(), 'fastgen-helm-spec-ca.pem');
  fs.writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nstand-in\n-----END CERTIFICATE-----\n');
  const out = { ...env };
  for (const name of ['KAFKA_SSL_CA', 'DATABASE_SSL_CA']) if (out[name]) out[name] = pem;
  return out;
}
