import { Type, type Static, type TObject } from '@sinclair/typebox';
import { BaseEnv, InvalidEnvironment, loadEnv } from '@fastgen/platform';
import { parseMasterKey } from '@fastgen/signing';
import { parseAllowList, type AllowList } from '@fastgen/net-policy';

export const ConfigEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  SECRETS_MASTER_KEY: Type.String({ minLength: 1, description: 'Encrypts endpoint secrets at rest (AES-256-GCM): 64 hex characters or base64 of 32 bytes. Required.' }),
  SECRET_ROTATION_OVERLAP_HOURS: Type.Number({ minimum: 0, maximum: 720, default: 24, description: 'How long a rotated-out secret keeps signing.' }),
  ENDPOINT_URL_POLICY: Type.Optional(
    Type.Union([Type.Literal('public-only'), Type.Literal('any')], {
      description: 'public-only refuses endpoint URLs that are or resolve to non-public addresses; default: public-only when NODE_ENV=production, else any.',
    }),
  ),
  ENDPOINT_URL_ALLOWLIST: Type.String({ default: '', description: 'Comma-separated CIDRs, IPs and host names (*.suffix) allowed despite public-only.' }),
};

export interface ConfigSettings {
  masterKey: Buffer;
  rotationOverlapMs: number;
  urlPolicy: { publicOnly: boolean; allowList: AllowList };
}

export type ConfigEnv = Static<TObject<typeof ConfigEnv>> & { settings: ConfigSettings };

/** The typed environment plus the values derived from it; every bad variable is named. */
export function loadConfigEnv(): ConfigEnv {
  const env = loadEnv(ConfigEnv);
  const problems: string[] = [];
  let masterKey: Buffer = Buffer.alloc(0);
  let allowList: AllowList = { ranges: [], hosts: [] };
  try {
    masterKey = parseMasterKey(env.SECRETS_MASTER_KEY);
  } catch (err) {
    problems.push(`SECRETS_MASTER_KEY ${(err as Error).message}`);
  }
  try {
    allowList = parseAllowList(env.ENDPOINT_URL_ALLOWLIST);
  } catch (err) {
    problems.push(`ENDPOINT_URL_ALLOWLIST ${(err as Error).message}`);
  }
  if (problems.length > 0) throw new InvalidEnvironment(problems);
  const publicOnly = (env.ENDPOINT_URL_POLICY ?? (env.NODE_ENV === 'production' ? 'public-only' : 'any')) === 'public-only';
  return {
    ...env,
    settings: { masterKey, rotationOverlapMs: env.SECRET_ROTATION_OVERLAP_HOURS * 3_600_000, urlPolicy: { publicOnly, allowList } },
  };
}
