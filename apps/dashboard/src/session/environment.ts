import type { Environment } from '../api/types';

// The one place that decides which environment (and project) a key belongs to. The API is
// asked first (GET /v1/me); the key prefix (`fg_dev_…`, `fg_prod_…`) is only a fallback for an
// answer without an environment, because the prefix format is not part of the public contract.

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

/** Reads the identity from the answer of GET /v1/me, read defensively; the key prefix fills a missing environment. */
export function identify(key: string, me: unknown): KeyIdentity {
  const body = (me && typeof me === 'object' ? me : {}) as Record<
    string,
    unknown
  >;
  const project = body['project'] as { name?: unknown } | undefined;
  const name =
    typeof project?.name === 'string' && project.name.trim()
      ? project.name
      : null;
  return {
    environment:
      asEnvironment(body['environment']) ?? environmentFromPrefix(key),
    project: name,
  };
}

/** What the header shows for a key when the API named no project: the key with its secret part hidden. */
export function maskKey(key: string): string {
  return key.length <= 12 ? '••••' : `${key.slice(0, 10)}…${key.slice(-4)}`;
}
