import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadEnv } from '@fastgen/platform';
import { TOPICS } from '@fastgen/contracts';
import { render, readEnvFile, type Manifest } from './kustomize';
import { ROOT, envSchemaOf, read, requiredVars, serviceApps } from './support';

const K8S = path.join(ROOT, 'docker', 'k8s');
const EXAMPLE_SECRETS = path.join(K8S, 'secrets.env.example');
const OVERLAYS = fs.readdirSync(path.join(K8S, 'overlays')).sort();
const rendered: Record<string, Manifest[]> = {
  base: render(path.join(K8S, 'base')),
  ...Object.fromEntries(OVERLAYS.map((o) => [o, render(path.join(K8S, 'overlays', o), { 'secrets.env': EXAMPLE_SECRETS })])),
};
// Stand-in for the real secret values, to check the variables the services validate at boot.
const SAMPLE_SECRETS = { ADMIN_TOKEN: 'a'.repeat(32), SECRETS_MASTER_KEY: '0'.repeat(64), DATABASE_URL: 'postgres://u:p@db:5432/fastgen' };

/** The kubernetes-models class of a manifest, e.g. `kubernetes-models/apps/v1`.Deployment. */
function modelOf(m: Manifest): { new (data: unknown): { validate(): void } } {
  const mod = require(`kubernetes-models/${m.apiVersion}`) as Record<string, { new (data: unknown): { validate(): void } }>;
  const model = mod[m.kind];
  if (!model) throw new Error(`kubernetes-models has no ${m.apiVersion} ${m.kind}`);
  return model;
}

const find = (docs: Manifest[], kind: string, name: string) => docs.find((m) => m.kind === kind && m.metadata.name === name);
const get = (docs: Manifest[], kind: string, name: string) => {
  const found = find(docs, kind, name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as Manifest & { spec: any; data?: Record<string, string> };
};
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(Object.keys(rendered))('docker/k8s %s', (variant) => {
  const docs = rendered[variant]!;
  const isOverlay = variant !== 'base';

  it('is valid against the Kubernetes resource schemas', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const m of docs) {
      const Model = modelOf(m);
      expect(() => new Model(m).validate()).not.toThrow();
    }
  });

  it.each(serviceApps())('runs %s with both probes, resources, the right port, non-root, env from the ConfigMap and Secret', (app) => {
    const deployment = get(docs, 'Deployment', `fastgen-${app}`);
    const pod = deployment.spec.template;
    expect(selects(deployment.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
    const container = pod.spec.containers.find((c: { name: string }) => c.name === app);
    expect(container.image).toMatch(new RegExp(`^fastgen-webhooks/${app}(:|$)`));

    const config = get(docs, 'ConfigMap', 'fastgen-config');
    const port = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(String(port.containerPort)).toBe(config.data!['PORT']);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort()).toEqual(['cpu', 'memory']);

    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });

    expect(container.envFrom).toEqual([{ configMapRef: { name: 'fastgen-config' } }, { secretRef: { name: 'fastgen-secrets' } }]);
    // SIGTERM lets in-flight work finish for SHUTDOWN_TIMEOUT_MS; Kubernetes must wait longer than that.
    const preStopMs = Number(/setTimeout\(\(\) => \{\}, (\d+)\)/.exec(container.lifecycle?.preStop?.exec?.command?.join(' ') ?? '')?.[1] ?? 0);
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(config.data!['SHUTDOWN_TIMEOUT_MS']) + preStopMs);

    const pdb = docs.find((m) => m.kind === 'PodDisruptionBudget' && selects(m['spec'].selector.matchLabels, pod.metadata.labels));
    expect(pdb).toBeDefined();
  });

  it('autoscales the gateway and the dispatcher, the dispatcher no further than events.messages has partitions', () => {
    for (const app of ['gateway', 'dispatcher']) {
      const hpa = get(docs, 'HorizontalPodAutoscaler', `fastgen-${app}`);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: `fastgen-${app}` });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    }
    expect(get(docs, 'HorizontalPodAutoscaler', 'fastgen-dispatcher').spec.maxReplicas).toBeLessThanOrEqual(TOPICS.events.messages.partitions);
  });

  it("migrates every service's schema in a Job, with the service's image", () => {
    const job = get(docs, 'Job', 'fastgen-migrate');
    const containers = [...(job.spec.template.spec.initContainers ?? []), ...job.spec.template.spec.containers];
    for (const app of serviceApps()) {
      const c = containers.find((x: { image: string }) => x.image.split(':')[0] === `fastgen-webhooks/${app}`);
      expect(c?.command).toEqual(['node', 'main.js', 'migrate']);
      expect(c?.image).toBe(get(docs, 'Deployment', `fastgen-${app}`).spec.template.spec.containers[0].image);
      expect(c?.envFrom).toEqual([{ configMapRef: { name: 'fastgen-config' } }, { secretRef: { name: 'fastgen-secrets' } }]);
    }
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('exposes the gateway, and only the gateway, through a Service and an Ingress', () => {
    const service = get(docs, 'Service', 'fastgen-gateway');
    const gatewayPods = get(docs, 'Deployment', 'fastgen-gateway').spec.template.metadata.labels;
    expect(selects(service.spec.selector, gatewayPods)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const ingresses = docs.filter((m) => m.kind === 'Ingress');
    expect(ingresses).toHaveLength(1);
    for (const rule of ingresses[0]!['spec'].rules) {
      for (const p of rule.http.paths) {
        expect(p.backend.service.name).toBe('fastgen-gateway');
        expect(service.spec.ports.map((x: { name: string }) => x.name)).toContain(p.backend.service.port.name);
      }
    }
  });

  if (isOverlay) {
    it.each(serviceApps())('gives %s every variable its environment schema requires, with values that pass it', async (app) => {
      const schema = await envSchemaOf(app);
      const secret = get(docs, 'Secret', 'fastgen-secrets');
      const env = { ...get(docs, 'ConfigMap', 'fastgen-config').data!, ...Object.fromEntries(Object.keys(secret.data!).map((k) => [k, ''])) };
      expect(Object.keys(env)).toEqual(expect.arrayContaining([...requiredVars(schema), 'SECRETS_MASTER_KEY', 'DATABASE_URL']));
      expect(() => loadEnv(schema, { ...env, ...SAMPLE_SECRETS })).not.toThrow();
    });

    it('generates the Secret from an uncommitted secrets.env (the committed template holds placeholders only)', () => {
      const kustomization = read(`docker/k8s/overlays/${variant}/kustomization.yaml`);
      expect(kustomization).toMatch(/secretGenerator:[\s\S]*envs:[\s\S]*- secrets\.env/);
      expect(read('docker/k8s/.gitignore')).toMatch(/^secrets\.env$/m);
      expect(fs.existsSync(path.join(K8S, 'overlays', variant, 'secrets.env')) && isTracked(`docker/k8s/overlays/${variant}/secrets.env`)).toBe(false);
      for (const value of Object.values(readEnvFile(EXAMPLE_SECRETS))) expect(value).toMatch(/REPLACE_WITH/);
    });
  } else {
    it('holds no Secret: each overlay generates its own', () => {
      expect(docs.filter((m) => m.kind === 'Secret')).toEqual([]);
    });
  }
});

function isTracked(relative: string): boolean {
  return spawnSync('git', ['ls-files', '--error-unmatch', relative], { cwd: ROOT }).status === 0;
}

describe('docker/k8s overlays', () => {
  it('production runs with NODE_ENV=production, which turns the SSRF guard on', () => {
    expect(get(rendered['production']!, 'ConfigMap', 'fastgen-config').data!['NODE_ENV']).toBe('production');
    expect(get(rendered['development']!, 'ConfigMap', 'fastgen-config').data!['NODE_ENV']).toBe('development');
  });

  it('pins production images to a release tag', () => {
    for (const m of rendered['production']!.filter((x) => x.kind === 'Deployment')) {
      expect(m['spec'].template.spec.containers[0].image).toMatch(/:\d+\.\d+\.\d+$/);
    }
  });

  // The renderer above is a small subset of kustomize: where kubectl is installed, its output
  // must be the same (apart from the hash suffix kustomize appends to generated Secret names).
  it.each(OVERLAYS)('%s renders the same with `kubectl kustomize`', (overlay) => {
    if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0) {
      console.warn(`!!! kubectl is not installed: the ${overlay} overlay was checked with the built-in renderer only`);
      return;
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fastgen-k8s-'));
    try {
      fs.cpSync(K8S, tmp, { recursive: true });
      fs.copyFileSync(EXAMPLE_SECRETS, path.join(tmp, 'overlays', overlay, 'secrets.env'));
      const res = spawnSync('kubectl', ['kustomize', path.join(tmp, 'overlays', overlay)], { encoding: 'utf8' });
      expect(res.stderr).toBe('');
      const theirs = parseAllDocuments(res.stdout.replace(/fastgen-secrets-[a-z0-9]{10}/g, 'fastgen-secrets')).map((d) => d.toJS() as Manifest);
      // kubectl folds long base64 values over several lines.
      for (const m of theirs.filter((x) => x.kind === 'Secret')) {
        for (const k of Object.keys(m['data'])) m['data'][k] = String(m['data'][k]).replace(/\s/g, '');
      }
      const key = (m: Manifest) => `${m.kind}/${m.metadata.name}`;
      const sort = (docs: Manifest[]) => [...docs].sort((a, b) => key(a).localeCompare(key(b)));
      expect(sort(theirs).map(key)).toEqual(sort(rendered[overlay]!).map(key));
      expect(sort(theirs)).toEqual(sort(rendered[overlay]!));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
