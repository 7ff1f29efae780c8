import type { Environment } from '../api/types';

// The one place that decides which environment (and project) a key belongs to. The API is
// asked first; the key prefix (`fg_dev_…`, `fg_prod_…`) is only a fallback because its format
// is not part of the public contract.

export interface KeyIdentity {
  environment: Environment | null;
  project: string | null;
}

const PREFIXES: [RegExp, Environment][] = [
  [/^[a-z]+_(dev|development|test)_/i, 'development'],
  [/^[a-z]+_(prod|production|live)_/i, 'production'],
];

export function environmentFromPrefix(key: string): Environment | null {
  for (const [re, env] of PREFIXES) if (re.test(key)) return env;
  return null;
}

export function asEnvironment(v: unknown): Environment | null {
  return v === 'development' || v === 'production' ? v : null;
}

/**
 * Reads the identity from what the API told us about a key: response headers
 * (`x-fastgen-environment`, `x-fastgen-project`) or fields of the answer (`environment`,
 * `project_id`, `project.name`), then falls back to the key prefix.
 */
export function identify(
  key: string,
  probe: { headers?: Headers; body?: unknown },
): KeyIdentity {
  const body = (probe.body ?? {}) as Record<string, unknown>;
  const first = Array.isArray(body['data'])
    ? ((body['data'][0] ?? {}) as Record<string, unknown>)
    : {};
  const project = body['project'] as
    | { name?: unknown; id?: unknown }
    | string
    | undefined;
  const environment =
    asEnvironment(probe.headers?.get('x-fastgen-environment')) ??
    asEnvironment(body['environment']) ??
    asEnvironment(first['environment']) ??
    environmentFromPrefix(key);
  const projectName =
    probe.headers?.get('x-fastgen-project') ??
    (typeof project === 'string'
      ? project
      : typeof project?.name === 'string'
        ? project.name
        : null) ??
    (typeof body['project_id'] === 'string' ? body['project_id'] : null) ??
    (typeof first['project_id'] === 'string' ? first['project_id'] : null);
  return { environment, project: projectName };
}

/** What the header shows for a key when the API named no project: the key with its secret part hidden. */
export function maskKey(key: string): string {
  return key.length <= 12 ? '••••' : `${key.slice(0, 10)}…${key.slice(-4)}`;
}
