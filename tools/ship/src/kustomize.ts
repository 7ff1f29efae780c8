import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

// Just enough of kustomize to render docker/k8s without a binary: resources, namespace, labels,
// secretGenerator (env files), replicas, images and strategic-merge patches (lists of named
// items, such as containers, merge by name). The spec compares it with `kubectl kustomize`.

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, any>;

interface Kustomization {
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string> }[];
  secretGenerator?: { name: string; envs: string[] }[];
  replicas?: { name: string; count: number }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'IngressClass']);

export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    out[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function strategicMerge(target: any, patch: any): any {
  if (isObject(target) && isObject(patch)) {
    const out: Record<string, any> = { ...target };
    for (const [k, v] of Object.entries(patch)) out[k] = k in target ? strategicMerge(target[k], v) : v;
    return out;
  }
  const named = (a: unknown) => Array.isArray(a) && a.length > 0 && a.every((i) => isObject(i) && typeof i['name'] === 'string');
  if (named(target) && named(patch)) {
    const out = [...target];
    for (const item of patch) {
      const at = out.findIndex((t) => t.name === item.name);
      if (at >= 0) out[at] = strategicMerge(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return patch;
}

function setImages(node: any, images: NonNullable<Kustomization['images']>): void {
  if (Array.isArray(node)) node.forEach((n) => setImages(n, images));
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
        for (const c of v) {
          const [name] = String(c.image).split(':');
          const rule = images.find((i) => i.name === name);
          if (rule) c.image = `${rule.newName ?? name}${rule.newTag ? `:${rule.newTag}` : ''}`;
        }
      } else setImages(v, images);
    }
  }
}

/**
 * Renders a kustomization directory. `envFiles` stands in for the secret env files of the
 * generators (they are never committed), by file name.
 */
export function render(dir: string, envFiles: Record<string, string> = {}): Manifest[] {
  const k = readManifests(path.join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization;
  let out: Manifest[] = [];
  for (const r of k.resources ?? []) {
    const full = path.join(dir, r);
    out.push(...(fs.statSync(full).isDirectory() ? render(full, envFiles) : readManifests(full)));
  }
  for (const { pairs } of k.labels ?? []) {
    for (const m of out) m.metadata.labels = { ...(m.metadata.labels ?? {}), ...pairs };
  }
  for (const g of k.secretGenerator ?? []) {
    const data: Record<string, string> = {};
    for (const env of g.envs) {
      const source = envFiles[env] ?? path.join(dir, env);
      for (const [key, value] of Object.entries(readEnvFile(source))) data[key] = Buffer.from(value).toString('base64');
    }
    out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: g.name }, type: 'Opaque', data });
  }
  for (const { path: p } of k.patches ?? []) {
    for (const patch of readManifests(path.join(dir, p))) {
      const at = out.findIndex((m) => m.kind === patch.kind && m.metadata.name === patch.metadata.name);
      if (at < 0) throw new Error(`${p}: no ${patch.kind} ${patch.metadata.name} to patch`);
      out[at] = strategicMerge(out[at], patch);
    }
  }
  for (const r of k.replicas ?? []) {
    const target = out.find((m) => m.kind === 'Deployment' && m.metadata.name === r.name);
    if (!target) throw new Error(`replicas: no Deployment ${r.name}`);
    target['spec'].replicas = r.count;
  }
  if (k.images) setImages(out, k.images);
  if (k.namespace) {
    out = out.map((m) => (CLUSTER_SCOPED.has(m.kind) ? m : { ...m, metadata: { ...m.metadata, namespace: k.namespace } }));
  }
  return out;
}
