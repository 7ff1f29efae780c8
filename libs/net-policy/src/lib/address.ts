import ipaddr from 'ipaddr.js';

/** Why an address is not public; `public` when it is a globally routable unicast address. */
export type AddressCategory =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'metadata'
  | 'cgnat'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

type Range = readonly [cidr: string, category: AddressCategory];

// Order matters: the first match wins, so narrow ranges (metadata, broadcast) come first.
const IPV4_RANGES: readonly Range[] = [
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, OpenStack instance metadata
  ['168.63.129.16/32', 'metadata'], // Azure wire server (a public-looking host address)
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'], // also Alibaba metadata 100.100.100.200
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

const IPV6_RANGES: readonly Range[] = [
  ['fd00:ec2::254/128', 'metadata'], // AWS instance metadata over IPv6
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // IPv4-compatible (deprecated)
  ['64:ff9b:1::/48', 'reserved'], // local-use NAT64
  ['100::/64', 'reserved'], // discard-only
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo included
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'reserved'], // site-local (deprecated)
  ['ff00::/8', 'multicast'],
];

const parsedV4 = IPV4_RANGES.map(([cidr, cat]) => [ipaddr.IPv4.parseCIDR(cidr), cat] as const);
const parsedV6 = IPV6_RANGES.map(([cidr, cat]) => [ipaddr.IPv6.parseCIDR(cidr), cat] as const);
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
const SIX_TO_FOUR = ipaddr.IPv6.parseCIDR('2002::/16');

/** Strips the brackets of an IPv6 URL host and a zone id (`fe80::1%eth0`). */
function normalise(ip: string): string {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const zone = bare.indexOf('%');
  return zone >= 0 ? bare.slice(0, zone) : bare;
}

/** Parses an IP literal in its canonical notation only (no `0x7f.1` or `2130706433` forms). */
export function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const value = normalise(ip);
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (value.includes(':') && ipaddr.IPv6.isValid(value)) return ipaddr.IPv6.parse(value);
  return null;
}

function classifyV4(addr: ipaddr.IPv4): AddressCategory {
  for (const [range, category] of parsedV4) if (addr.match(range)) return category;
  return 'public';
}

const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);

function classifyV6(addr: ipaddr.IPv6): AddressCategory {
  // Addresses that embed an IPv4 address reach that address: judge them by it.
  if (addr.isIPv4MappedAddress()) return classifyV4(addr.toIPv4Address());
  const [, w1 = 0, w2 = 0, , , , w6 = 0, w7 = 0] = addr.parts;
  if (addr.match(NAT64)) return classifyV4(fromWords(w6, w7));
  if (addr.match(SIX_TO_FOUR)) return classifyV4(fromWords(w1, w2));
  for (const [range, category] of parsedV6) if (addr.match(range)) return category;
  return addr.match(GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/** The category of an IP literal (IPv4, IPv6, bracketed IPv6, IPv4-mapped IPv6). */
export function classifyAddress(ip: string): AddressCategory {
  const addr = parseIp(ip);
  if (!addr) return 'invalid';
  return addr.kind() === 'ipv4' ? classifyV4(addr as ipaddr.IPv4) : classifyV6(addr as ipaddr.IPv6);
}

/** True only for globally routable unicast addresses; anything unparsable is not public. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}
