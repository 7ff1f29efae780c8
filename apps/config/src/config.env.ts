import { Type, type Static, type TObject } from '@sinclair/typebox';
import { BaseEnv, InvalidEnvironment, UrlPolicyEnv, loadEnv, urlPolicyFromEnv } from '@fastgen/platform';
import type { UrlPolicy } from '@fastgen/net-policy';
import { parseMasterKey } from '@fastgen/signing';

export const ConfigEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  SECRETS_MASTER_KEY: Type.String({ minLength: 1, description: 'Encrypts endpoint secrets at rest (AES-256-GCM): 64 hex characters or base64 of 32 bytes. Required.' }),
  SECRET_ROTATION_OVERLAP_HOURS: Type.Number({ minimum: 0, maximum: 720, default: 24, description: 'How long a rotated-out secret keeps signing.' }),
  ...UrlPolicyEnv,
};

export interface ConfigSettings {
  masterKey: Buffer;
  rotationOverlapMs: number;
  urlPolicy: UrlPolicy;
}

export type ConfigEnv = Static<TObject<typeof ConfigEnv>> & { settings: ConfigSettings };

/** The typed environment plus the values derived from it; every bad variable is named. */
export function loadConfigEnv(): ConfigEnv {
  const env = loadEnv(ConfigEnv);
  const problems: string[] = [];
  let masterKey: Buffer = Buffer.alloc(0);
  let urlPolicy: UrlPolicy = { publicOnly: true, allowList: { ranges: [], hosts: [] } };
  try {
    masterKey = parseMasterKey(env.SECRETS_MASTER_KEY);
  } catch (err) {
    problems.push(`SECRETS_MASTER_KEY ${(err as Error).message}`);
  }
  try {
    urlPolicy = urlPolicyFromEnv(env);
  } catch (err) {
    problems.push(...(err as InvalidEnvironment).problems);
  }
  if (problems.length > 0) throw new InvalidEnvironment(problems);
  return {
    ...env,
    settings: { masterKey, rotationOverlapMs: env.SECRET_ROTATION_OVERLAP_HOURS * 3_600_000, urlPolicy },
  };
}
