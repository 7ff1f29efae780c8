import { createFastgenClient, type FastgenClient } from '@fastgen/sdk';
import { stack } from './stack';

export type { ApiError } from '@fastgen/sdk';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The generated SDK, bound to this run's gateway, with an API key or the admin token: typed paths,
 * bodies and answers (`{ data }` or `{ error }`, and `response`).
 */
export function sdk(opts: { key?: string; admin?: boolean }): FastgenClient {
  const token = opts.admin ? stack().env.ADMIN_TOKEN : (opts.key ?? '');
  return createFastgenClient({ baseUrl: stack().urls.gateway, apiKey: token });
}

/**
 * Calls the gateway's public API, for requests the SDK would not send (raw strings, wrong types,
 * odd headers). `body` objects are sent as JSON; strings are sent as they are. Type the answer
 * with the SDK's types: `api<Endpoint>('GET', ...)`.
 */
export async function api<T = any>(
  method: string,
  path: string,
  // gateway: another stack's gateway URL (an ExtraStack's) instead of this run's.
  opts: { key?: string; admin?: boolean; body?: unknown; headers?: Record<string, string>; gateway?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.admin ? stack().env.ADMIN_TOKEN : opts.key;
  if (token) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${opts.gateway ?? stack().urls.gateway}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}
