// The SSRF guard is libs/net-policy's UrlPolicy; the dispatcher only names its injection token.
export type { UrlPolicy } from '@fastgen/net-policy';

/** The policy from ENDPOINT_URL_POLICY and ENDPOINT_URL_ALLOWLIST (delivery.module.ts). */
export const URL_POLICY = Symbol('URL_POLICY');
