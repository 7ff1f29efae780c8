import ipaddr from 'ipaddr.js';
import { parseIp } from './address';

export interface AllowList {
  /** CIDR ranges (a bare IP is a /32 or /128). */
  readonly ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
  /** Lowercase host names; `*.example.internal` allows every subdomain. */
  readonly hosts: readonly string[];
}

export const EMPTY_ALLOW_LIST: AllowList = { ranges: [], hosts: [] };

const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses a comma-separated allow-list of CIDRs, IPs and host names
 * (e.g. `10.0.0.0/8, fd00::/8, hooks.internal, *.svc.cluster.local`). Throws naming a bad entry.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const hosts: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        const [addr, bits] = ipaddr.parseCIDR(entry);
        ranges.push([addr, bits]);
      } catch {
        throw new Error(`allow-list entry "${entry}" is not a valid CIDR range`);
      }
      continue;
    }
    const ip = parseIp(entry);
    if (ip) ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    else if (HOST_PATTERN.test(entry)) hosts.push(entry);
    else throw new Error(`allow-list entry "${entry}" is neither a CIDR range, an IP address nor a host name`);
  }
  return { ranges, hosts };
}

export function allowsHost(list: AllowList, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return list.hosts.some((h) => (h.startsWith('*.') ? name.endsWith(h.slice(1)) : name === h));
}

export function allowsAddress(list: AllowList, ip: string): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  // An IPv4-mapped IPv6 address is allowed when its IPv4 address is.
  const candidates = addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() ? [addr, (addr as ipaddr.IPv6).toIPv4Address()] : [addr];
  return list.ranges.some(([range, bits]) => candidates.some((c) => c.kind() === range.kind() && c.match(range, bits)));
}
