import type { FieldError } from '@fastgen/contracts';
import { checkUrl, type UrlPolicy } from '@fastgen/net-policy';

// Headers the platform sets itself, or that would break the HTTP exchange; never user-supplied.
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'user-agent',
  'host',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
]);
const RESERVED_PREFIXES = ['x-fastgen-', 'webhook-'];
// RFC 9110 token characters.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// Header values must not smuggle line breaks or other control characters.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function headerErrors(headers: Record<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    const field = `headers.${name}`;
    if (!HEADER_NAME.test(name)) errors.push({ field, message: 'is not a valid header name' });
    else if (RESERVED_HEADERS.has(lower) || RESERVED_PREFIXES.some((p) => lower.startsWith(p))) {
      errors.push({ field, message: 'is a reserved header set by Fastgen Webhooks and cannot be overridden' });
    } else if (seen.has(lower)) errors.push({ field, message: 'is given twice (header names are case-insensitive)' });
    else if (!HEADER_VALUE.test(value)) errors.push({ field, message: 'must not contain line breaks or control characters' });
    seen.add(lower);
  }
  return errors;
}

/** Headers are stored with lowercase names, as they travel in HTTP/2 and as receivers read them. */
export function normaliseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export async function urlErrors(url: string, policy: UrlPolicy): Promise<FieldError[]> {
  const result = await checkUrl(url, policy);
  return result.ok ? [] : [{ field: 'url', message: result.reason }];
}
