import { lookup } from 'node:dns/promises';
import { classifyAddress, parseIp, type AddressCategory } from './address';
import {
  allowsAddress,
  allowsHost,
  EMPTY_ALLOW_LIST,
  type AllowList,
} from './allow-list';
import { portProblem } from './ports';

/**
 * Where endpoints may point: the one definition of the SSRF guard's settings, read from
 * ENDPOINT_URL_POLICY and ENDPOINT_URL_ALLOWLIST, applied at creation (checkUrl) and again at
 * connect time (refuseAddress, refuseTarget, guardedLookup).
 */
export interface UrlPolicy {
  /** Refuse hosts that are, or resolve to, non-public addresses, and infrastructure ports. */
  publicOnly: boolean;
  /** Addresses and host names allowed despite publicOnly (e.g. loopback for local development). */
  allowList: AllowList;
}

export type UrlPolicySetting = 'public-only' | 'any';

/** public-only unless the deployment says otherwise: secure by default, wherever it runs. */
export function isPublicOnly(setting: UrlPolicySetting | undefined): boolean {
  return (setting ?? 'public-only') === 'public-only';
}

export interface CheckOptions {
  /** DNS resolution; injectable for tests. Returns every address of the host. */
  resolve?: (host: string) => Promise<string[]>;
  /** A slow resolver must not hold the caller (an API request) for long. Default 2 s. */
  resolveTimeoutMs?: number;
}

export type UrlCheck =
  | {
      ok: true;
      url: URL;
      /** What the host resolved to; empty when it did not resolve (checked again at connect time). */
      addresses: string[];
    }
  | { ok: false; reason: string; category?: AddressCategory };

export const MAX_URL_LENGTH = 2048;

const defaultResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const CONTROL_NAMES: Record<string, string> = {
  '\0': 'NUL',
  '\t': 'TAB',
  '\n': 'LF (line feed)',
  '\r': 'CR (carriage return)',
};

/**
 * Characters the URL parser would silently drop or rewrite (so what is checked differs from what
 * was typed): C0 controls and DEL (CR/LF also smuggle headers), backslashes (read as `/`), spaces.
 */
function characterProblem(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x1f\x7f]/.exec(value);
  if (control) {
    const ch = control[0];
    const name =
      CONTROL_NAMES[ch] ??
      `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `must not contain control characters (${name} at position ${control.index + 1})`;
  }
  if (value.includes('\\'))
    return 'must not contain backslashes; use forward slashes';
  if (/\s/.test(value))
    return 'must not contain spaces; percent-encode them as %20';
  return null;
}

/** Syntax only: an absolute http(s) URL with a host, no credentials, no hidden characters. Null when fine. */
export function urlSyntaxError(value: string): string | null {
  if (value.length > MAX_URL_LENGTH)
    return `must be at most ${MAX_URL_LENGTH} characters`;
  const chars = characterProblem(value);
  if (chars) return chars;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must use http or https, not ${url.protocol.replace(/:$/, '')}`;
  if (!url.hostname) return 'must have a host';
  // Credentials in a URL end up in logs and attempt records; custom headers carry them instead.
  // An `@` in the authority counts even with empty credentials: `https://a.com@b.com` misleads readers.
  if (
    url.username ||
    url.password ||
    /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(value)
  ) {
    return 'must not contain credentials; send them in a custom header such as Authorization';
  }
  return null;
}

/** The host of a URL as connected to: no IPv6 brackets, no trailing dot, lowercase. */
export function bareHost(hostname: string): string {
  const host =
    hostname.startsWith('[') && hostname.endsWith(']')
      ? hostname.slice(1, -1)
      : hostname;
  return host.toLowerCase().replace(/\.+$/, '');
}

/** The port a URL connects to (the scheme's default when none is written). */
export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

// Names that mean this machine (RFC 6761 `.localhost`, Debian's /etc/hosts) or a cloud's metadata
// service, refused by name: at creation their resolution may differ from where they are used.
const LOOPBACK_NAMES = new Set([
  'localhost',
  'localhost.localdomain',
  'ip6-localhost',
  'ip6-loopback',
]);
const METADATA_NAMES = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

function nameCategory(host: string): AddressCategory | null {
  if (LOOPBACK_NAMES.has(host) || host.endsWith('.localhost'))
    return 'loopback';
  if (METADATA_NAMES.has(host)) return 'metadata';
  return null;
}

/** `a private address`, `an unspecified address`. */
const anAddress = (category: AddressCategory) =>
  `${/^(?!uni)[aeiou]/.test(category) ? 'an' : 'a'} ${category} address`;

function refusal(category: AddressCategory, via = ''): UrlCheck {
  return {
    ok: false,
    category,
    reason: `must not point to ${anAddress(category)}${via}; only public addresses are allowed`,
  };
}

/**
 * Checks an endpoint URL at creation: syntax and port 0 always; with `publicOnly`, also the port
 * rules and that its host is, or resolves only to, public addresses (unless allow-listed). A host
 * that does not resolve (yet) is accepted: the dispatcher checks the address it connects to.
 */
export async function checkUrl(
  value: string,
  policy: UrlPolicy,
  options: CheckOptions = {},
): Promise<UrlCheck> {
  const syntax = urlSyntaxError(value);
  if (syntax) return { ok: false, reason: syntax };
  // WHATWG URL parsing already turned `http://2130706433/`, `0x7f000001`, `127.1` or `0177.0.0.1` into 127.0.0.1.
  const url = new URL(value);
  const host = bareHost(url.hostname);
  const literal = parseIp(host);
  const ports = portProblem(effectivePort(url), policy.publicOnly);
  if (ports) return { ok: false, reason: ports };
  if (!policy.publicOnly)
    return { ok: true, url, addresses: literal ? [host] : [] };

  const allowList = policy.allowList ?? EMPTY_ALLOW_LIST;
  if (!literal && allowsHost(allowList, host))
    return { ok: true, url, addresses: [] };
  const named = literal ? null : nameCategory(host);
  if (named) return refusal(named);

  let addresses: string[];
  if (literal) addresses = [host];
  else {
    try {
      addresses = await withTimeout(
        (options.resolve ?? defaultResolve)(host),
        options.resolveTimeoutMs ?? 2_000,
      );
    } catch {
      // Not resolvable from here (yet, or no DNS at all): checked at connect time instead.
      return { ok: true, url, addresses: [] };
    }
  }
  for (const address of addresses) {
    if (allowsAddress(allowList, address)) continue;
    const category = classifyAddress(address);
    if (category !== 'public')
      return refusal(
        category,
        literal ? '' : ` (${host} resolves to ${address})`,
      );
  }
  return { ok: true, url, addresses };
}

/**
 * The connect-time half: given what a host resolved to, may we connect? Null when allowed, else
 * the reason. Called from the dispatcher's DNS lookup, so the address checked is the address
 * connected to (no window for DNS rebinding).
 */
export function refuseAddress(
  policy: UrlPolicy,
  host: string,
  address: string,
): string | null {
  if (!policy.publicOnly) return null;
  const name = bareHost(host);
  if (
    allowsHost(policy.allowList, name) ||
    allowsAddress(policy.allowList, address)
  )
    return null;
  const category = classifyAddress(address);
  if (category !== 'public')
    return name === bareHost(address)
      ? `${address} is ${anAddress(category)}`
      : `${name} resolves to ${address}, ${anAddress(category)}`;
  return null;
}

/**
 * The connect-time check of what needs no DNS: the port, and a host that is an IP literal (Node
 * connects to those without calling lookup). Null when allowed, else the reason.
 */
export function refuseTarget(
  policy: UrlPolicy,
  hostname: string,
  port: number,
): string | null {
  const ports = portProblem(port, policy.publicOnly);
  if (ports) return ports.replace(/^must not use/, 'uses');
  // Names (localhost included) are judged by what they resolve to, in guardedLookup.
  const host = bareHost(hostname);
  return parseIp(host) ? refuseAddress(policy, host, host) : null;
}

class ResolveTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ResolveTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
