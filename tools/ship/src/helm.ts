import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

// `helm template` for the chart checks: a pinned helm, built once from the Go module proxy into
// ~/.cache/fastgen (the cache `npm start` keeps Kafka in), so the checks need no helm install.

export const HELM_VERSION = 'v3.21.4';
// helm built with `go install` does not know its Kubernetes version (it says 1.20): name one.
export const KUBE_VERSION = '1.31.0';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } } & Record<
  string,
  any
>;

const CACHE = process.env['FASTGEN_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'fastgen');

/** The pinned helm binary, built when missing; null (with the reason) when neither it nor go is there. */
export function ensureHelm(): { helm: string } | { helm: null; reason: string } {
  const dir = path.join(CACHE, `helm-${HELM_VERSION}`);
  const helm = path.join(dir, 'helm');
  if (fs.existsSync(helm)) return { helm };
  if (spawnSync('go', ['version']).status !== 0) return { helm: null, reason: `helm ${HELM_VERSION} is not in ${dir} and go is not installed to build it` };
  fs.mkdirSync(dir, { recursive: true });
  console.warn(`building helm ${HELM_VERSION} into ${dir} (once; a few minutes)`);
  const res = spawnSync('go', ['install', `helm.sh/helm/v3/cmd/helm@${HELM_VERSION}`], {
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-buildvcs=false' },
    encoding: 'utf8',
    cwd: os.tmpdir(),
  });
  if (res.status !== 0 || !fs.existsSync(helm)) return { helm: null, reason: `go install helm.sh/helm/v3/cmd/helm@${HELM_VERSION} failed:\n${res.stderr}` };
  return { helm };
}

/** Runs `helm template`; `set` values are passed with --set-string unless they are booleans or numbers. */
export function helmTemplate(
  helm: string,
  chart: string,
  set: Record<string, string | number | boolean> = {},
  extraArgs: string[] = [],
): { manifests: Manifest[]; stderr: string; status: number | null } {
  const args = ['template', 'fastgen', chart, '--namespace', 'fastgen', '--kube-version', KUBE_VERSION, ...extraArgs];
  // --set splits on commas: a value's own commas are escaped.
  for (const [k, v] of Object.entries(set)) args.push(typeof v === 'string' ? '--set-string' : '--set', `${k}=${String(v).replace(/[\\,]/g, '\\$&')}`);
  const res = spawnSync(helm, args, { encoding: 'utf8' });
  const manifests =
    res.status === 0
      ? parseAllDocuments(res.stdout)
          .map((d) => d.toJS() as Manifest | null)
          .filter((m): m is Manifest => m !== null)
      : [];
  return { manifests, stderr: res.stderr, status: res.status };
}

/** The kubernetes-models (or prometheus-operator models) class of a manifest. */
export function modelOf(m: Manifest): { new (data: unknown): { validate(): void } } {
  const module = m.apiVersion.startsWith('monitoring.coreos.com/')
    ? `@kubernetes-models/prometheus-operator/${m.apiVersion}`
    : `kubernetes-models/${m.apiVersion}`;
  const mod = require(module) as Record<string, { new (data: unknown): { validate(): void } }>;
  const model = mod[m.kind];
  if (!model) throw new Error(`${module} has no ${m.kind}`);
  return model;
}
