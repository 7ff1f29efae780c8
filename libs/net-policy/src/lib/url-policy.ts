import { lookup } from 'node:dns/promises';
import { classifyAddress, parseIp, type AddressCategory } from './address';
import { allowsAddress, allowsHost, EMPTY_ALLOW_LIST, type AllowList } from './allow-list';

export interface UrlPolicy {
  /** Refuse hosts that are, or resolve to, non-public addresses (production deployments). */
  publicOnly: boolean;
  allowList?: AllowList;
  /** DNS resolution; injectable for tests. Returns every address of the host. */
  resolve?: (host: string) => Promise<string[]>;
  /** A slow resolver must not hold the caller (an API request) for long. Default 2 s. */
  resolveTimeoutMs?: number;
}

export type UrlCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; reason: string; category?: AddressCategory };

export const MAX_URL_LENGTH = 2048;

const defaultResolve = async (host: string): Promise<string[]> => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Syntax only: an absolute http(s) URL with a host and no credentials. Null when fine. */
export function urlSyntaxError(value: string): string | null {
  if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname) return 'must have a host';
  // Credentials in a URL end up in logs and attempt records; custom headers carry them instead.
  if (url.username || url.password) return 'must not contain credentials; send them in a custom header such as Authorization';
  return null;
}

/**
 * Checks an endpoint URL: syntax always; with `publicOnly`, also that its host is, or resolves
 * only to, public addresses (unless allow-listed). Used at creation and again at connect time.
 */
export async function checkUrl(value: string, policy: UrlPolicy): Promise<UrlCheck> {
  const syntax = urlSyntaxError(value);
  if (syntax) return { ok: false, reason: syntax };
  const url = new URL(value);
  // WHATWG URL parsing already turned `http://2130706433/` or `http://0x7f.1/` into 127.0.0.1.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const allowList = policy.allowList ?? EMPTY_ALLOW_LIST;
  const literal = parseIp(host);
  if (!policy.publicOnly) return { ok: true, url, addresses: literal ? [host] : [] };
  if (!literal && allowsHost(allowList, host)) return { ok: true, url, addresses: [] };

  let addresses: string[];
  if (literal) addresses = [host];
  else {
    try {
      addresses = await withTimeout((policy.resolve ?? defaultResolve)(host), policy.resolveTimeoutMs ?? 2_000);
    } catch (err) {
      return { ok: false, reason: err instanceof ResolveTimeout ? `host ${host} did not resolve in time; try again` : `host ${host} does not resolve` };
    }
    if (addresses.length === 0) return { ok: false, reason: `host ${host} does not resolve` };
  }
  for (const address of addresses) {
    if (allowsAddress(allowList, address)) continue;
    const category = classifyAddress(address);
    if (category !== 'public') {
      const via = literal ? '' : ` (${host} resolves to ${address})`;
      return { ok: false, category, reason: `must not point to a ${category} address${via}; only public addresses are allowed` };
    }
  }
  return { ok: true, url, addresses };
}

class ResolveTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ResolveTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
