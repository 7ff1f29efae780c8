import { classifyAddress } from './address';
import { allowsAddress, allowsHost, type AllowList } from './allow-list';

/**
 * The connect-time half of the SSRF guard: given what a host resolved to, may we connect?
 * Returns null when allowed, else the reason. The dispatcher calls it from its DNS lookup, so
 * the address checked is the address connected to (no window for DNS rebinding).
 */
export function refuseAddress(policy: { publicOnly: boolean; allowList?: AllowList }, host: string, address: string): string | null {
  if (!policy.publicOnly) return null;
  if (policy.allowList && (allowsHost(policy.allowList, host) || allowsAddress(policy.allowList, address))) return null;
  const category = classifyAddress(address);
  return category === 'public' ? null : `${host} resolves to ${address}, a ${category} address`;
}

/** public-only unless said otherwise, in production; anything goes in local development. */
export function isPublicOnly(setting: 'public-only' | 'any' | undefined, nodeEnv: string): boolean {
  return (setting ?? (nodeEnv === 'production' ? 'public-only' : 'any')) === 'public-only';
}
