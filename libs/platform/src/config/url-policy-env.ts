import { Type } from '@sinclair/typebox';
import {
  isPublicOnly,
  parseAllowList,
  type UrlPolicy,
} from '@fastgen/net-policy';
import { InvalidEnvironment } from './env';

// The SSRF guard's settings, read the same way by config (endpoint creation) and by the
// dispatcher (connect time), so the two can never disagree.
export const UrlPolicyEnv = {
  ENDPOINT_URL_POLICY: Type.Union(
    [Type.Literal('public-only'), Type.Literal('any')],
    {
      default: 'public-only',
      description:
        'public-only (the default, everywhere) refuses endpoint URLs that are or resolve to non-public addresses and infrastructure ports; any allows every address (never in a deployment).',
    },
  ),
  ENDPOINT_URL_ALLOWLIST: Type.String({
    default: '',
    description:
      'Comma-separated CIDRs, IPs and host names (*.suffix) allowed despite public-only (npm start and the e2e stack allow loopback).',
  }),
};

/** Throws InvalidEnvironment naming ENDPOINT_URL_ALLOWLIST when it does not parse. */
export function urlPolicyFromEnv(env: {
  ENDPOINT_URL_POLICY?: 'public-only' | 'any';
  ENDPOINT_URL_ALLOWLIST: string;
}): UrlPolicy {
  try {
    return {
      publicOnly: isPublicOnly(env.ENDPOINT_URL_POLICY),
      allowList: parseAllowList(env.ENDPOINT_URL_ALLOWLIST),
    };
  } catch (err) {
    throw new InvalidEnvironment([
      `ENDPOINT_URL_ALLOWLIST ${(err as Error).message}`,
    ]);
  }
}
