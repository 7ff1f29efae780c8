import { Type } from '@sinclair/typebox';
import {
  isPublicOnly,
  parseAllowList,
  type AllowList,
} from '@fastgen/net-policy';
import { InvalidEnvironment } from './env';

// The SSRF guard's settings, read the same way by config (endpoint creation) and by the
// dispatcher (connect time), so the two can never disagree.
export const UrlPolicyEnv = {
  ENDPOINT_URL_POLICY: Type.Optional(
    Type.Union([Type.Literal('public-only'), Type.Literal('any')], {
      description:
        'public-only refuses endpoint URLs that are or resolve to non-public addresses; default: public-only when NODE_ENV=production, else any.',
    }),
  ),
  ENDPOINT_URL_ALLOWLIST: Type.String({
    default: '',
    description:
      'Comma-separated CIDRs, IPs and host names (*.suffix) allowed despite public-only.',
  }),
};

export interface UrlPolicySettings {
  publicOnly: boolean;
  allowList: AllowList;
}

/** Throws InvalidEnvironment naming ENDPOINT_URL_ALLOWLIST when it does not parse. */
export function urlPolicyFromEnv(env: {
  NODE_ENV: string;
  ENDPOINT_URL_POLICY?: 'public-only' | 'any';
  ENDPOINT_URL_ALLOWLIST: string;
}): UrlPolicySettings {
  try {
    return {
      publicOnly: isPublicOnly(env.ENDPOINT_URL_POLICY, env.NODE_ENV),
      allowList: parseAllowList(env.ENDPOINT_URL_ALLOWLIST),
    };
  } catch (err) {
    throw new InvalidEnvironment([
      `ENDPOINT_URL_ALLOWLIST ${(err as Error).message}`,
    ]);
  }
}
